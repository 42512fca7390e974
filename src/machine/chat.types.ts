import type { ClientFrame, ServerFrame, SessionInfo } from '../protocol/frames.js';
import type { RejectionReason } from '../protocol/decode.js';
import type { ChatMessage, Transcript } from '../transcript/transcript.js';

/** What went wrong, as a stable code an integrator can switch on. */
export type ChatErrorCode =
  /** An attribute is missing or malformed (deployment id, region, endpoint, end-timeout). */
  | 'invalid-config'
  /** The server refused the WebSocket before it opened: unknown deployment, or this site is not allowed. */
  | 'connection-refused'
  /** The server refused `configureSession`. */
  | 'session-refused'
  /** The connection dropped and could not be re-established within the retry bound. */
  | 'connection-lost'
  /** The deployment does not let visitors end conversations (Messenger setting "conversation clear"). */
  | 'clear-not-supported'
  /** Ending was asked for, but the server never acknowledged it within the retry bound. */
  | 'end-not-acknowledged'
  /** The server rate-limited a request. */
  | 'rate-limited'
  /** The server rejected a message (too long, read-only session, ...). */
  | 'message-rejected'
  /** Any other error frame from the server. */
  | 'server-error'
  /** A frame from the server was malformed or of an unknown class (diagnostic only). */
  | 'bad-frame';

/** A failure, for the visitor (through the code) and for the integrator (through the message). */
export interface ChatError {
  readonly code: ChatErrorCode;
  /** English detail for developers and logs; visitors see localised text chosen by `code`. */
  readonly message: string;
  /** Whether the conversation goes on (a message failed) or the widget is stopped (a state change). */
  readonly recoverable: boolean;
  /** The server's own code (HTTP-like or 4xxx), when the server reported it. */
  readonly serverCode?: number;
}

/** Everything the chat machine starts from. */
export interface ChatInput {
  readonly deploymentId: string;
  /** WebSocket URL with `deploymentId` in its query. */
  readonly socketUrl: string;
  /** The guest session token (persisted by the host). */
  readonly token: string;
  /** An end was asked for and not yet acknowledged (persisted across reloads). */
  readonly endRequested?: boolean;
  /** How long to wait for the Clear acknowledgement before trying again, ms. */
  readonly endTimeout?: number;
  /** How many times Clear is sent before the end is reported as failed. */
  readonly maxEndAttempts?: number;
}

/** A message typed by the visitor that is waiting for the server's echo. */
export interface Unconfirmed {
  readonly tracingId: string;
  readonly text: string;
  /** Local time it was typed; with `tracingId` it finds the message in the transcript. */
  readonly time: number;
  /** Whether it has been put on the wire (messages typed while offline have not). */
  readonly sent: boolean;
}

export interface ChatContext {
  readonly deploymentId: string;
  readonly socketUrl: string;
  readonly token: string;
  readonly endRequested: boolean;
  readonly endTimeout: number;
  readonly maxEndAttempts: number;
  readonly transcript: Transcript;
  /** The visitor's messages not yet echoed by the server, oldest first. */
  readonly unconfirmed: readonly Unconfirmed[];
  /** Whether the link has a configured session right now. */
  readonly online: boolean;
  readonly session?: SessionInfo;
  /** Clear frames sent for the current end. */
  readonly endAttempts: number;
  /** When the current end was asked for (epoch ms), to report how long the acknowledgement took. */
  readonly endStartedAt?: number;
  /** The failure that put the machine in `error`. */
  readonly error?: ChatError;
  /** An agent or bot is typing (cleared by their next message or when the typing event lapses). */
  readonly agentTyping?: { readonly name?: string };
  /** When the visitor's last Typing event was sent (epoch ms): at most one every 5 s (§2.4.4). */
  readonly typingSentAt?: number;
  /** The tracingId of the last Typing event, to recognise the deployment refusing them. */
  readonly typingTracingId?: string;
  /** The deployment refused Typing events (403): none are sent any more. */
  readonly typingRefused: boolean;
  /** The agent (or bot) ended the conversation: Presence Disconnect (§6). */
  readonly agentEnded: boolean;
  /** The session is read-only after such a disconnect: only a new conversation can follow (§4.4). */
  readonly readOnly: boolean;
}

/** From the view: what the visitor (or the host page's script) asks for. `at` is epoch ms. */
export type ChatUiEvent =
  | { readonly type: 'chat.start' }
  | { readonly type: 'chat.send'; readonly text: string; readonly tracingId: string; readonly at: number }
  /** The visitor is typing in the message field. */
  | { readonly type: 'chat.typing'; readonly at: number }
  | { readonly type: 'chat.end'; readonly at: number }
  | { readonly type: 'chat.retry'; readonly at: number }
  | { readonly type: 'chat.cancelEnd' }
  | { readonly type: 'chat.startNew' };

/** From the link (the connection actor) to the chat machine. `at` is when it happened, epoch ms. */
export type LinkReport =
  | { readonly type: 'link.ready'; readonly session: SessionInfo; readonly token: string; readonly at: number }
  | { readonly type: 'link.frame'; readonly frame: ServerFrame; readonly at: number }
  | { readonly type: 'link.rejected'; readonly reason: RejectionReason; readonly detail: string }
  | { readonly type: 'link.lost'; readonly code: number }
  | { readonly type: 'link.failed'; readonly error: ChatError };

/** From the chat machine to the link. */
export type LinkCommand =
  | { readonly type: 'link.send'; readonly frame: ClientFrame }
  /** Drop the socket and connect again (same token): used when an acknowledgement never came. */
  | { readonly type: 'link.reconnect' }
  /** Connect again asking for a fresh session under the same token (`startNew`), to leave a read-only one. */
  | { readonly type: 'link.startNew' };

/** Raised by the machine itself when an agent's typing event lapses. */
export type ChatTimerEvent = { readonly type: 'agent.typingLapsed' };

export type ChatEvent = ChatUiEvent | LinkReport | ChatTimerEvent;

/** How a conversation ended. */
export interface EndReport {
  /** Who ended it: the visitor (here, or in another tab of the same session), or the agent. */
  readonly by: 'customer' | 'agent';
  /** From the visitor's End to the server's acknowledgement, ms (undefined when ended elsewhere or by the agent). */
  readonly latency?: number;
  /** How many Clear frames were sent. */
  readonly attempts: number;
  /** For an end by the agent: whether the session became read-only (only a new conversation can follow). */
  readonly readOnly?: boolean;
}

/** What the machine tells the outside world; the element turns these into DOM events. */
export type ChatEmitted =
  | { readonly type: 'connected'; readonly newSession: boolean }
  | { readonly type: 'message'; readonly message: ChatMessage; readonly direction: 'sent' | 'received' }
  | { readonly type: 'ending'; readonly attempt: number }
  | { readonly type: 'ended'; readonly report: EndReport }
  | { readonly type: 'error'; readonly error: ChatError };
