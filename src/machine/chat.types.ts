import type { AuthSource, AuthTokens } from '../auth/auth.js';
import type { ContentReply } from '../content/rich-content.types.js';
import type { DeploymentConfig } from '../protocol/deployment-config.js';
import type { ClientFrame, CustomAttributes, ServerFrame, SessionInfo } from '../protocol/frames.js';
import type { HistoryPage } from '../protocol/history.js';
import type { RejectionReason } from '../protocol/decode.js';
import type { ChatMessage, Transcript } from '../transcript/transcript.js';
import type { StoredMessage } from '../session/session-store.js';
import type { Upload } from './uploads.js';

export type { ChatError, ChatErrorCode } from './chat-error.js';
import type { ChatError, ChatErrorCode } from './chat-error.js';

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
  /** Where the deployment's config.json is (none: the safe defaults are used without asking). */
  readonly configUrl?: string;
  /** The REST origin for history. */
  readonly apiOrigin?: string;
  /** Participant data for the routing flow, sent with Join and the first message (§2.4.1). */
  readonly customAttributes?: CustomAttributes;
  /** The longest message accepted before sending, characters. */
  readonly maxMessageLength?: number;
  /** The visitor's unconfirmed messages from before a reload (§ "never lose the user's words"). */
  readonly outbox?: readonly StoredMessage[];
  /** A signed-in visitor's Genesys tokens, from storage. */
  readonly tokens?: AuthTokens;
}

/** Where one of the visitor's messages is on its way to the server. */
export type Delivery =
  /** Waiting for its turn on the wire (typed while offline, or sent again). */
  | { readonly kind: 'queued' }
  /** On the wire: the server's echo is awaited. */
  | { readonly kind: 'sent' }
  /**
   * It was on the wire when the connection (or the page) went, and no echo came: the server may have
   * it. It is looked for in the history before it goes again, and nothing after it goes first.
   */
  | { readonly kind: 'doubt' }
  /** The server refused it (or never echoed it): it waits for the visitor's retry. */
  | { readonly kind: 'failed'; readonly reason: ChatErrorCode };

/** A message typed (or a choice made) by the visitor that is waiting for the server's echo. */
export interface Unconfirmed {
  readonly tracingId: string;
  readonly text: string;
  /** A quick reply, button, date or list choice, sent as a ButtonResponse instead of text. */
  readonly reply?: ContentReply;
  /** Local time it was typed; with `tracingId` it finds the message in the transcript. */
  readonly time: number;
  readonly state: Delivery;
  /** 429s received for it; after `MAX_RATE_LIMITED` it fails. */
  readonly rateLimited?: number;
  /** Custom attributes went with it (a 4013 then points at them). */
  readonly withAttributes?: boolean;
  /** Uploaded files it carries (§2.4.2). */
  readonly attachments?: readonly SentAttachment[];
  /** It went on the wire before and no answer came (sent again after a timeout): its echo may still arrive. */
  readonly mayBeDelivered?: boolean;
}

/** An uploaded file in one of the visitor's messages. */
export interface SentAttachment {
  readonly id: string;
  readonly name: string;
  readonly type: string;
  readonly size: number;
  readonly url?: string;
}

/** Loading the history of a resumed conversation (§2.6): page by page, newest first. */
export interface HistoryState {
  /** Older pages may exist on the server. */
  readonly more: boolean;
  /** The next older page to ask for, 1-based. */
  readonly nextPage: number;
  /** The page being loaded (a JWT is asked for first, then the page is fetched). */
  readonly loading?: number;
  /** The getJwt request of that load. */
  readonly jwtTracingId?: string;
  /** The last load failed; loading again retries it. */
  readonly failed: boolean;
}

/** When the guest session ends from inactivity (§4.6). */
export interface Expiry {
  readonly durationMs: number;
  /** Epoch ms. */
  readonly expiresAt: number;
}

/** What the machine is told once and keeps: where to connect, and its limits and clocks. */
export interface ChatSettings {
  readonly deploymentId: string;
  readonly socketUrl: string;
  readonly configUrl?: string;
  readonly apiOrigin?: string;
  readonly endTimeout: number;
  readonly maxEndAttempts: number;
  readonly maxMessageLength: number;
  /** The time, epoch ms (the host's clock, a simulated one in tests). */
  readonly now: () => number;
  /** A fresh tracingId or attachment id. */
  readonly newId: () => string;
  /** The token that replaces a gone session's (see `ChatClock.successorOf`). */
  readonly successorOf: (token: string) => string;
  /** A signed-in visitor's sign-in, when the page gave one (§10). */
  readonly auth?: AuthSource;
}

/** The deployment's Messenger settings (config.json, §1.4). */
export interface DeploymentState {
  /** The safe defaults until config.json is read. */
  readonly config: DeploymentConfig;
  /** config.json has been read (or failed, and the safe defaults stand). */
  readonly known: boolean;
}

/** The conversation itself: the session, who is there and what the visitor is shown besides the transcript. */
export interface ConversationState {
  /** Whether the link has a configured session right now. */
  readonly online: boolean;
  readonly session?: SessionInfo;
  /** When the link last had its session configured (epoch ms). */
  readonly onlineAt?: number;
  /** Files whose fresh download URL was asked for (`getAttachment`), by attachment id: the request's tracingId. */
  readonly refreshing?: Readonly<Record<string, string>>;
  /** An agent or bot is typing (cleared by their next message or when the typing event lapses). */
  readonly agentTyping?: { readonly name?: string };
  /** The visitor's own typing indicator (§2.4.4). */
  readonly typing: {
    /** When the last Typing event was sent (epoch ms): at most one every 5 s. */
    readonly sentAt?: number;
    /** The tracingId of the last Typing event, to recognise the deployment refusing them. */
    readonly tracingId?: string;
    /** The deployment refused Typing events (403): none are sent any more. */
    readonly refused: boolean;
  };
  /** The agent (or bot) ended the conversation: Presence Disconnect (§6). */
  readonly agentEnded: boolean;
  /** The session is read-only after such a disconnect: only a new conversation can follow (§4.4). */
  readonly readOnly: boolean;
  /** The message whose quick replies or buttons take input now (the latest one that has any). */
  readonly interactive?: { readonly id: string; readonly time: number };
  /** A problem the visitor should see while the conversation goes on (dismissible). */
  readonly notice?: ChatError;
  /** The connection dropped and came back: the visitor is told "Connected again". */
  readonly reconnected: boolean;
  /** The tracingId of the visitor's last message taken (shown and queued), to tell at once whether a send was. */
  readonly lastAccepted?: { readonly tracingId: string; readonly time: number };
}

/** The visitor's messages on their way to the server, and what goes with them. */
export interface OutboxState {
  /** The messages not yet echoed by the server, oldest first. */
  readonly messages: readonly Unconfirmed[];
  /** Sending waits out a rate limit (429) before anything else goes on the wire. */
  readonly throttled: boolean;
  /** Participant data for the routing flow (§2.4.1). */
  readonly attributes: {
    readonly custom?: CustomAttributes;
    /** The custom attributes (as JSON) this session has already received. */
    readonly sent?: string;
    /** The server refused them (4013): they are not sent again this session. */
    readonly refused: boolean;
  };
  /** Presence Join, which opens a new session when the deployment auto-starts (§2.4.4). */
  readonly join: {
    /** A new session waits for config.json to know whether to send Join. */
    readonly pending: boolean;
    /**
     * The session was resumed at page load, not asked for: Join waits until the visitor opens the chat
     * or writes, so a gone session is never turned into a conversation nobody asked for.
     */
    readonly held?: boolean;
    /** The tracingId of the Join sent, to send it again without attributes after a 4013. */
    readonly tracingId?: string;
  };
}

/** The session's inactivity timeout (§4.6) and the visitor's offer to stay. */
export interface ExpiryState {
  readonly due?: Expiry;
  /** The session expires soon: the visitor is offered to stay. */
  readonly warning: boolean;
  /** The tracingId of the echo sent to stay in the session. */
  readonly stayTracingId?: string;
  /** The expiry last stored with the session (`expiresAt`, epoch ms). */
  readonly stored?: number;
}

/** The visitor's End (§5): asked for, Clear frames sent, acknowledgement awaited. */
export interface EndingState {
  /** An end was asked for and not yet acknowledged (persisted across reloads). */
  readonly requested: boolean;
  /** Clear frames sent for the current end. */
  readonly attempts: number;
  /** The tracingId of the last Clear sent, to know its answer when the server names it. */
  readonly tracingId?: string;
  /** When the current end was asked for (epoch ms), to report how long the acknowledgement took. */
  readonly startedAt?: number;
}

/** Everything the chat machine knows, one slice per concern. */
export interface ChatContext {
  readonly settings: ChatSettings;
  /** The guest session token (persisted by the host). */
  readonly token: string;
  readonly deployment: DeploymentState;
  /** Every line shown, in time order: the conversation's, the visitor's own (with their delivery) and the history's. */
  readonly transcript: Transcript;
  readonly conversation: ConversationState;
  readonly outbox: OutboxState;
  /** Files the visitor attached for the next message, oldest first (§2.7). */
  readonly uploads: readonly Upload[];
  readonly history: HistoryState;
  readonly expiry: ExpiryState;
  readonly ending: EndingState;
  /** A signed-in visitor's Genesys tokens, once signed in (for `logout()`). */
  readonly tokens?: AuthTokens;
  /** The failure that put the machine in `error`. */
  readonly error?: ChatError;
}

/**
 * From the view: what the visitor (or the host page's script) asks for. The machine stamps the time
 * and the tracingIds itself; `at` (epoch ms) and `tracingId` are still taken when given.
 */
export type ChatUiEvent =
  /** The visitor opened the chat (or a script did for them). */
  | { readonly type: 'chat.start' }
  /** The visitor signs out: the login is revoked at Genesys, and the session forgotten here. */
  | { readonly type: 'chat.logout' }
  /** The page signed the visitor in: a running guest conversation steps up. */
  | { readonly type: 'chat.signIn' }
  /**
   * A file of the conversation is about to be opened, or its picture failed to load (`force`): its
   * download URL is asked for again when it may have expired.
   */
  | { readonly type: 'chat.refreshAttachment'; readonly attachmentId: string; readonly force?: boolean }
  /** A stored session is resumed at page load: its conversation goes on, but none is started. */
  /**
   * A session was stored: resume it (Join waits for the visitor). `expiresAt` is when it was last known to
   * expire; once that has passed nothing connects, unless an End waits to be completed.
   */
  | { readonly type: 'chat.resume'; readonly expiresAt?: number }
  | { readonly type: 'chat.send'; readonly text: string; readonly tracingId?: string; readonly at?: number }
  /** The visitor is typing in the message field. */
  | { readonly type: 'chat.typing'; readonly at?: number }
  | { readonly type: 'chat.end'; readonly at?: number }
  | { readonly type: 'chat.retry'; readonly at?: number }
  | { readonly type: 'chat.cancelEnd' }
  | { readonly type: 'chat.startNew' }
  /** The visitor picked a quick reply, card button, date or list items. */
  | { readonly type: 'chat.reply'; readonly reply: ContentReply; readonly tracingId?: string; readonly at?: number }
  /** Send a failed message again. */
  | { readonly type: 'chat.resend'; readonly tracingId: string; readonly at?: number }
  /** Load the page of history before what is shown. */
  | { readonly type: 'chat.loadEarlier' }
  /** Stay in a session that is about to expire. */
  | { readonly type: 'chat.stay' }
  /** Dismiss the notice. */
  | { readonly type: 'chat.dismissNotice' }
  /** The visitor picked files to send with the next message. */
  | { readonly type: 'chat.attach'; readonly files: readonly File[] }
  /** The visitor took back a file before sending it. */
  | { readonly type: 'chat.removeAttachment'; readonly id: string }
  /** The page changed the custom attributes. */
  | { readonly type: 'chat.attributes'; readonly attributes: CustomAttributes | undefined };

/** From the link (the connection actor) to the chat machine. `at` is when it happened, epoch ms. */
export type LinkReport =
  | {
      readonly type: 'link.ready';
      readonly session: SessionInfo;
      readonly token: string;
      readonly at: number;
      /** The stored session was gone (4006 expired, 4007 unknown), so a new token was used. */
      readonly renewedAfter?: 4006 | 4007;
    }
  | { readonly type: 'link.frame'; readonly frame: ServerFrame; readonly at: number }
  /** Frames that arrived in one burst, in order: the chat machine takes them as one `link.frame` each. */
  | { readonly type: 'link.frames'; readonly frames: readonly ServerFrame[]; readonly at: number }
  /** A run of agent frames (`isAgentFrame`) that arrived together, read in one pass. */
  | { readonly type: 'link.received'; readonly frames: readonly ServerFrame[]; readonly at: number }
  | { readonly type: 'link.rejected'; readonly reason: RejectionReason; readonly detail: string }
  | { readonly type: 'link.lost'; readonly code: number }
  | { readonly type: 'link.failed'; readonly error: ChatError }
  /** The session resumed at page load is gone (4006 expired, 4007 unknown) and no new one was made. */
  | { readonly type: 'link.gone'; readonly code: 4006 | 4007 }
  /** A signed-in visitor's tokens, new or renewed. */
  | { readonly type: 'link.signedIn'; readonly tokens: AuthTokens };

/** From the chat machine to the link. */
export type LinkCommand =
  | { readonly type: 'link.send'; readonly frame: ClientFrame }
  /** Drop the socket and connect again (same token): used when an acknowledgement never came. */
  | { readonly type: 'link.reconnect' }
  /** Connect again asking for a fresh session under the same token (`startNew`), to leave a read-only one. */
  | { readonly type: 'link.startNew' }
  /** The visitor asked for the conversation: a gone session may now be replaced by a fresh one. */
  | { readonly type: 'link.mayRenew' }
  /** Sign in on the configured socket and configure again with the JWT (step-up). */
  | { readonly type: 'link.signIn' }
  /** Keep trying to connect, however long it takes (`value`: an End waits), or go back to the usual bound. */
  | { readonly type: 'link.persist'; readonly value: boolean };

/** Raised by the machine itself: timers, and what its helpers (config, history) found. */
export type ChatTimerEvent =
  | { readonly type: 'agent.typingLapsed' }
  | { readonly type: 'session.expiring' }
  | { readonly type: 'outbox.resume' }
  | { readonly type: 'outbox.stalled' }
  /** Messages in doubt waited long enough for the history: they go again. */
  | { readonly type: 'outbox.settle' }
  /** config.json says the deployment takes no conversations. */
  | { readonly type: 'deployment.inactive' }
  /** The guest session is gone (SessionExpiredEvent, 4006, 4007): start clean under a new token. */
  | { readonly type: 'session.gone'; readonly code: 'session-expired' | 'session-not-found' };

/** Results of the machine's HTTP helpers. */
export type FetchEvent =
  | { readonly type: 'config.loaded'; readonly config: DeploymentConfig }
  | { readonly type: 'config.failed'; readonly message: string; readonly status?: number }
  | { readonly type: 'history.loaded'; readonly page: HistoryPage }
  | { readonly type: 'history.failed'; readonly message: string }
  /** A file's PUT to its upload URL finished (the server still has the last word, §2.7). */
  | { readonly type: 'upload.put'; readonly id: string }
  | { readonly type: 'upload.putFailed'; readonly id: string; readonly message: string };

/** Everything the chat machine takes. */
export type ChatEvent = ChatUiEvent | LinkReport | ChatTimerEvent | FetchEvent;

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
  | { readonly type: 'error'; readonly error: ChatError }
  /** The visitor was signed out: here (`logout()`), or from anywhere (LogoutEvent). */
  | { readonly type: 'signedOut' };
