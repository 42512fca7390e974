import { chatMachine } from './chat.machine.js';
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
  /** When the messages of a burst go on to the machine together: the next animation frame by default. */
  readonly schedule?: FlushScheduler;
  /** Makes HTTP requests: config.json, history and file uploads (default: the browser's `fetch`). */
  readonly fetcher?: Fetcher;
  /** Persists the session token, the End intent and the unconfirmed messages. */
  readonly saveSession?: (session: StoredSession) => void;
  /** Removes the persisted session once the conversation has ended. */
  readonly forgetSession?: () => void;
}

const browserFetch: Fetcher = (url, init) => fetch(url, init);

/** The chat machine wired to a socket factory, an HTTP client and session storage. */
export function createChatLogic({ socketFactory = defaultSocketFactory, schedule, fetcher = browserFetch, saveSession, forgetSession }: ChatCollaborators = {}) {
  return chatMachine.provide({
    actors: {
      link: linkMachine.provide({ actors: { socket: createSocketActor(socketFactory, schedule ? { schedule } : {}) } }),
      loadConfig: createConfigActor(fetcher),
      fetchHistory: createHistoryActor(fetcher),
      upload: createUploadActor(fetcher),
    },
    actions: {
      saveSession: ({ context }: { context: ChatContext }) =>
        saveSession?.({
          token: context.token,
          endRequested: context.endRequested,
          ...(context.unconfirmed.length ? { outbox: toStored(context.unconfirmed) } : {}),
        }),
      forgetSession: () => forgetSession?.(),
    },
  });
}

export type ChatLogic = ReturnType<typeof createChatLogic>;
