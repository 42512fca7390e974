import type { AuthSource } from '../auth/auth.js';
import { createChatMachine } from './chat.machine.js';
import { uuid } from '../protocol/ids.js';
import { linkMachine } from './link.machine.js';
import type { StoredSession } from '../session/session-store.js';
import type { ChatContext } from './chat.types.js';
import { toStored } from './outbox-store.js';
import { createConfigActor, createHistoryActor, createUploadActor, type Fetcher } from './http.actors.js';
import { createSocketActor, defaultSocketFactory, type FlushScheduler, type SocketFactory } from '../transport/socket.js';

/** The collaborators the chat machine needs from its host. */
export interface ChatCollaborators {
  /** Opens the WebSocket (default: the browser's). */
  readonly socketFactory?: SocketFactory;
  /** When the messages of a burst go on to the machine together: the next task by default (`nextTask`). */
  readonly schedule?: FlushScheduler;
  /** Makes HTTP requests: config.json, history and file uploads (default: the browser's `fetch`). */
  readonly fetcher?: Fetcher;
  /** Persists the session token, the End intent and the unconfirmed messages. */
  readonly saveSession?: (session: StoredSession) => void;
  /** Removes the persisted session once the conversation has ended. */
  readonly forgetSession?: () => void;
  /** The time, epoch ms (default: `Date.now`). */
  readonly now?: () => number;
  /** A fresh tracingId or attachment id (default: a random UUID). */
  readonly newId?: () => string;
  /** The token that replaces a gone session's, agreed between the site's tabs (default: a random UUID). */
  readonly successorOf?: (token: string) => string;
  /** A signed-in visitor's sign-in (`createAuth`): sessions are configured with its JWT. */
  readonly auth?: AuthSource;
}

const browserFetch: Fetcher = (url, init) => fetch(url, init);

/** The chat machine wired to a socket factory, an HTTP client and session storage. */
export function createChatLogic({
  socketFactory = defaultSocketFactory,
  fetcher = browserFetch,
  saveSession,
  forgetSession,
  schedule,
  now = () => Date.now(),
  newId = uuid,
  successorOf,
  auth,
}: ChatCollaborators = {}) {
  return createChatMachine({ now, newId, ...(successorOf ? { successorOf } : {}), ...(auth ? { auth } : {}) }).provide({
    actors: {
      link: linkMachine.provide({ actors: { socket: createSocketActor(socketFactory, schedule ? { schedule } : {}) } }),
      loadConfig: createConfigActor(fetcher),
      fetchHistory: createHistoryActor(fetcher),
      upload: createUploadActor(fetcher),
    },
    actions: {
      saveSession: ({ context }: { context: ChatContext }, params?: { readonly dormant?: boolean }) => {
        const expiresAt = params?.dormant ? 0 : context.expiry.due?.expiresAt;
        saveSession?.({
          token: context.token,
          endRequested: context.ending.requested,
          ...(context.outbox.messages.length ? { outbox: toStored(context.outbox.messages) } : {}),
          ...(expiresAt !== undefined ? { expiresAt } : {}),
          ...(context.tokens ? { auth: context.tokens } : {}),
        });
      },
      forgetSession: () => forgetSession?.(),
    },
  });
}

/** The chat machine as `createChatLogic` wires it, for `createActor`. */
export type ChatLogic = ReturnType<typeof createChatLogic>;
