import { chatMachine } from './chat.machine.js';
import { linkMachine } from './link.machine.js';
import type { ChatContext } from './chat.types.js';
import { createSocketActor, defaultSocketFactory, type SocketFactory } from '../transport/socket.js';

/** The collaborators the chat machine needs from its host. */
export interface ChatCollaborators {
  /** Opens the WebSocket (default: the browser's). */
  readonly socketFactory?: SocketFactory;
  /** Persists the session token and the End intent. */
  readonly saveSession?: (session: { token: string; endRequested: boolean }) => void;
  /** Removes the persisted session once the conversation has ended. */
  readonly forgetSession?: () => void;
}

/** The chat machine wired to a socket factory and to session storage. */
export function createChatLogic({ socketFactory = defaultSocketFactory, saveSession, forgetSession }: ChatCollaborators = {}) {
  return chatMachine.provide({
    actors: { link: linkMachine.provide({ actors: { socket: createSocketActor(socketFactory) } }) },
    actions: {
      saveSession: ({ context }: { context: ChatContext }) =>
        saveSession?.({ token: context.token, endRequested: context.endRequested }),
      forgetSession: () => forgetSession?.(),
    },
  });
}

export type ChatLogic = ReturnType<typeof createChatLogic>;
