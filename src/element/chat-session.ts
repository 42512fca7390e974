import type { ChatInput } from '../machine/chat.types.js';
import type { CustomAttributes } from '../protocol/frames.js';
import { SessionStore } from '../session/session-store.js';
import type { ChatSetup } from './chat-setup.js';

type Ready = Extract<ChatSetup, { ok: true }>;

/** One store per setup: the launcher resolves attributes without it, the conversation part reads and writes it. */
const stores = new WeakMap<Ready, SessionStore>();

/** Where the session of a setup is kept (its deployment, its `storage` mode). */
export function storeOf(setup: Ready): SessionStore {
  let store = stores.get(setup);
  if (!store) stores.set(setup, (store = new SessionStore(setup.config.deploymentId, setup.config.storage)));
  return store;
}

/** The chat machine's input: the configuration plus the stored session (or a new token). */
export function inputOf(setup: Ready, customAttributes?: CustomAttributes): ChatInput {
  const { deploymentId, endpoint, endTimeout, configUrl } = setup.config;
  const { token, endRequested, outbox, auth } = storeOf(setup).readOrCreate();
  return {
    deploymentId,
    socketUrl: endpoint.socketUrl,
    apiOrigin: endpoint.apiOrigin,
    configUrl,
    token,
    endRequested,
    endTimeout,
    ...(outbox ? { outbox } : {}),
    ...(auth ? { tokens: auth } : {}),
    ...(customAttributes ? { customAttributes } : {}),
  };
}
