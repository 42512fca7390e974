import type { AuthSource } from '../auth/auth.js';
import { SAFE_DEPLOYMENT_CONFIG } from '../protocol/deployment-config.js';
import { uuid } from '../protocol/ids.js';
import type { ChatContext, ChatInput } from './chat.types.js';
import { NO_CONVERSATION } from './conversation.region.js';
import { DEFAULT_END_TIMEOUT } from '../config.js';
import { DEFAULT_MAX_END_ATTEMPTS, initialEnding } from './ending.region.js';
import { NO_EXPIRY } from './expiry.region.js';
import { NO_HISTORY } from './history.region.js';
import { restoredOutbox } from './outbox.region.js';

/** The longest message sent, characters: longer ones are refused before sending (the server says 4011). */
export const DEFAULT_MAX_MESSAGE_LENGTH = 4000;

/** How the machine tells the time and makes ids, unless the host says otherwise. */
export interface ChatClock {
  readonly now: () => number;
  readonly newId: () => string;
  /**
   * The token that replaces a gone session's: random, never made from the old one, and the same for
   * every tab of the site that asks for the same old token (`SessionStore.successor`). A fresh UUID by default.
   */
  readonly successorOf?: (token: string) => string;
  /** A signed-in visitor's sign-in (§10): sessions are configured with its JWT. */
  readonly auth?: AuthSource;
}

/** The browser's clock and random UUIDs. */
export const SYSTEM_CLOCK: ChatClock = { now: () => Date.now(), newId: uuid };

/** Everything the machine starts from: the input, and the clock and ids it is given. */
export function initialContext(input: ChatInput, { now, newId, successorOf = () => newId(), auth }: ChatClock = SYSTEM_CLOCK): ChatContext {
  const { outbox, transcript } = restoredOutbox(input);
  return {
    settings: {
      deploymentId: input.deploymentId,
      socketUrl: input.socketUrl,
      endTimeout: input.endTimeout ?? DEFAULT_END_TIMEOUT,
      maxEndAttempts: input.maxEndAttempts ?? DEFAULT_MAX_END_ATTEMPTS,
      maxMessageLength: input.maxMessageLength ?? DEFAULT_MAX_MESSAGE_LENGTH,
      ...(input.configUrl ? { configUrl: input.configUrl } : {}),
      ...(input.apiOrigin ? { apiOrigin: input.apiOrigin } : {}),
      now,
      newId,
      successorOf,
      ...(auth ? { auth } : {}),
    },
    token: input.token,
    ...(input.tokens ? { tokens: input.tokens } : {}),
    deployment: { config: SAFE_DEPLOYMENT_CONFIG, known: !input.configUrl },
    transcript,
    conversation: NO_CONVERSATION,
    outbox,
    uploads: [],
    history: NO_HISTORY,
    expiry: NO_EXPIRY,
    ending: initialEnding(input),
  };
}
