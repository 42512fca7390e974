/**
 * The types of `genesys-chat/simulator-client`: a client of the Guest API simulator's control API
 * (`/sim/…`, see the simulator's README), for end-to-end tests that play the agent and check what a
 * page did. It only uses `fetch`, so it runs in Node (Playwright tests) and in browsers (web-test-runner).
 */

export type AckMode = 'immediate' | 'withheld' | number;

/**
 * What an agent disconnect does to the guest session: `Send` leaves it writable (Presence Disconnect
 * with `metadata.readOnly:"false"`); `ReadOnly` makes it read-only (`readOnly:"true"`, then 409 on
 * anything new and `SessionResponse.readOnly:true` until `configureSession startNew:true`).
 */
export type DisconnectMode = 'Send' | 'ReadOnly';

/**
 * What the simulated scan of an uploaded file finds: `success` (UploadSuccessEvent after a good PUT)
 * or `failure` (every upload then ends in UploadFailureEvent 4003 "file content invalid" after its PUT).
 */
export type UploadResult = 'success' | 'failure';

export interface Deployment {
  deploymentId: string;
  /** Whether Presence Clear is allowed; when false the simulator answers 403 "…Conversation Clear are not supported". */
  clearAllowed: boolean;
  /** How Clear is acknowledged: at once, never until `release`, or after that many ms. */
  ack: AckMode;
  /** Refuse the WebSocket handshake with HTTP 403. */
  refuseHandshake: boolean;
  /** Answer the next configureSession with this error (once). */
  sessionError: 4006 | 4007 | null;
  /** A bot greeting sent when Presence Join opens a conversation. */
  greeting: string | null;
  /** What an agent disconnect does to the session, unless a disconnect names its own mode. Default `Send`. */
  disconnectMode: DisconnectMode;
  /**
   * config.json's `showUserTypingIndicator`/`showAgentTypingIndicator`; when false, a guest Typing
   * event is answered 403 "Turn on the Feature Toggle or fix the configuration.". Default true.
   */
  typingEnabled: boolean;
  /** config.json's `autoStart.enabled` (the widget then sends Presence Join on a new session). Default false. */
  autoStart: boolean;
  /** config.json's `markdown.enabled`. Default false. */
  markdown: boolean;
  /**
   * Guest uploads: when true, config.json's `fileUpload` and SessionResponse's `allowedMedia` take
   * PNG/JPEG/GIF/PDF up to `uploadMaxFileSizeKB` (`blockedExtensions` .exe, .bat, …), and
   * `onAttachment` gives upload URLs; when false, none, and `onAttachment` gets GenerateUrlError 4000. Default false.
   */
  fileUpload: boolean;
  /** The largest file a guest may upload, in KB (1..102400): `allowedMedia.inbound.maxFileSizeKB`; larger is 4002. Default 10240. */
  uploadMaxFileSizeKB: number;
  /** What the scan after each upload's PUT finds; `failure` makes every upload end in UploadFailureEvent 4003. Default `success`. */
  uploadResult: UploadResult;
  /** The HTTP status config.json answers; anything but 200 comes with a small JSON error body. Default 200. */
  configStatus: number;
  /** Longer guest text is answered 4011 "message too long". Default 4000. */
  maxTextLength: number;
  /** Larger custom attributes (UTF-8 JSON bytes) are answered 4013; also `SessionResponse.maxCustomDataBytes`. Default 2048. */
  maxCustomDataBytes: number;
  /** The guest session's inactivity TTL: `SessionResponse.durationSeconds`, then `SessionExpiredEvent`. Default 259200. */
  sessionDurationSeconds: number;
  /** Quick replies the greeting carries (it is then `Structured`); 1 to 10 non-empty strings, or null. */
  greetingQuickReplies: string[] | null;
  /**
   * The most sockets one session may have configured at once (1..100). One more `configureSession`
   * gets a `ConnectionClosedEvent` without a reason, as Genesys sends it, and is closed (1000). Default 5.
   */
  connectionCap: number;
  /**
   * Echoes of the guest's messages and error answers carry the request's tracingId: `false` by default,
   * as Genesys (reference §4.9); `true` is lenient.
   */
  tagAnswers: boolean;
  /**
   * The sites whose pages may open a socket (host names, `*.example.com`, or `*`); a page of another
   * Origin is refused with HTTP 403 at the handshake. Default: this machine (`localhost`, `127.0.0.1`, `[::1]`).
   */
  allowedDomains: string[];
  /**
   * How long the links to files the agent sends work, in seconds (default 600, as Genesys's presigned
   * URLs); then they answer 403 and `getAttachment` hands out a fresh one. 0: expired at once.
   */
  downloadUrlSeconds: number;
  /**
   * `minimal` (default, as captured from Genesys): SessionResponse carries `connected`, `newSession` and a
   * true `readOnly` only, and config.json's `fileUpload` only `modes`. `full`: every field the official SDK
   * reads (maxCustomDataBytes, allowedMedia, blockedExtensions, durationSeconds, expirationDate), and
   * `enableAttachments` in config.json.
   */
  sessionResponse: 'minimal' | 'full';
  /**
   * Guest messages a session may send in any one second (default 10; 0: no limit); one more is answered
   * with 429 `TooManyRequestsErrorMessage` (`retryAfter` 1), as Genesys answers a burst.
   */
  messagesPerSecond: number;
  /** The deployment takes signed-in visitors (config.json `auth.enabled`, reference §10). Default false. */
  authEnabled: boolean;
  /** A guest session may step up to signed in (config.json `auth.allowSessionUpgrade`). Default false. */
  allowSessionUpgrade: boolean;
  /** How long a Genesys auth JWT lasts, in seconds (default 900, as Genesys's "15 minutes"). */
  authJwtSeconds: number;
  /** config.json `messenger.styles.primaryColor` (a hex colour), or none. */
  primaryColor: string | null;
  /** config.json `messenger.launcherButton.visibility`. Default `On`. */
  launcherVisibility: 'On' | 'Off' | 'OnDemand';
  /** config.json `position`: the launcher's side and its space to the edges (px), or none. */
  position: { alignment: 'Auto' | 'Left' | 'Right'; sideSpace: number; bottomSpace: number } | null;
  /** config.json `humanize`: the bot's name and picture, or off. */
  botProfile: { name: string; avatarUrl?: string } | null;
  /** The languages config.json offers (default `['en-us']`). */
  languages: string[];
  /** config.json's `defaultLanguage` (default `en-us`). */
  defaultLanguage: string;
  /** config.json's `customI18nLabels`: an admin's labels per language (default none). */
  customI18nLabels: { language: string; localizedLabels: { key: string; value: string }[] }[];
}

export type DeploymentOptions = Partial<Deployment>;

/** One frame a guest socket sent, as the simulator received it. */
export interface RecordedFrame {
  at: string;
  socketId: string;
  token: string | null;
  raw: string;
  /** The parsed JSON, or null when it was not JSON. */
  frame: Record<string, unknown> | null;
}

export interface TranscriptLine {
  id: string;
  author: 'customer' | 'agent' | 'bot';
  /** The message text; for a guest's button answer without text, the buttons' text. */
  text: string;
  time: string;
  /** The message's rich content (quick replies, cards, attachments, the guest's ButtonResponse…), when it had any. */
  content?: MessageContent[];
  /** On a customer's message: the tracingId its `onMessage` came with (one line per delivery, duplicates included). */
  tracingId?: string;
}

export interface SimConversation {
  id: string;
  deploymentId: string;
  token: string;
  status: 'open' | 'ended';
  endedBy: 'customer' | 'agent' | null;
  /** Every Presence Clear frame the conversation received, acknowledged or not. */
  clearRequests: number;
  connectedSockets: number;
  customerTyping: boolean;
  agentTyping: boolean;
  messages: TranscriptLine[];
  startedAt: string;
  endedAt: string | null;
  /** Whether its session is read-only: the agent ended it with the `ReadOnly` disconnect type. */
  readOnly: boolean;
  /** Whether the guest sent Presence Join into it. */
  joined: boolean;
  /** The guest's `channel.metadata.customAttributes`, merged over its messages. */
  customAttributes: Record<string, string>;
  /** Ended because the guest session expired (then `endedBy` is null). */
  expired: boolean;
  /** The most sockets its session had configured at once (while this was its conversation). */
  maxConnectedSockets: number;
}

/** Outbound frame faults of a session token (`setFaults`); what is left out is off. */
export interface Faults {
  /** Every frame the server sends the token's sockets goes out this much later, order kept (0..60000). */
  delayMs?: number;
  /** Every StructuredMessage frame is sent twice, identical. */
  duplicate?: boolean;
  /** Frames are held and each consecutive pair sent swapped; a lone frame goes on its own after 200 ms. */
  reorder?: boolean;
  /** Every frame is kept until `releaseFrames`; those of a socket that closes meanwhile are dropped. */
  withhold?: boolean;
}

/** One live guest session, as `/sim/state` lists them. */
export interface SimSession {
  deploymentId: string;
  token: string;
  connectedSockets: number;
  /** The most sockets configured on it at once. */
  maxConnectedSockets: number;
  /** Sockets refused over the deployment's `connectionCap`. */
  capRefusals: number;
  /** Its token's outbound faults, or null. */
  faults: Required<Faults> | null;
  /** Frames withheld now for its token's sockets. */
  withheldFrames: number;
}

/** A deployment's connection faults so far (listed once it has had any). */
export interface DeploymentFaults {
  deploymentId: string;
  /** Whether WebSocket upgrades are refused with 503 now (`refuseConnections`). */
  refusingConnections: boolean;
  /** Upgrades refused with 503 so far. */
  refusedUpgrades: number;
  /** Sockets refused over `connectionCap` so far. */
  capRefusals: number;
}

/** What `refuseConnections` answers. */
export interface ConnectionRefusal {
  refusing: boolean;
  /** When the window ends (ISO), if it has one. */
  until: string | null;
  /** Attempts still to refuse, if counted. */
  remaining: number | null;
  refusedUpgrades: number;
}

export interface SimState {
  /** Newest first. */
  conversations: SimConversation[];
  /** Live sessions, oldest first. */
  sessions: SimSession[];
  deploymentFaults: DeploymentFaults[];
}

export interface AgentSender {
  nickname?: string;
  firstName?: string;
  lastName?: string;
  image?: string;
}

export interface CardAction {
  type: 'Link' | 'Postback';
  text: string;
  url?: string;
  payload?: string;
}

export interface Card {
  title: string;
  description?: string;
  image?: string;
  defaultAction?: CardAction;
  actions: CardAction[];
}

/** The swagger's `MessageContent` entries the simulator's samples use; any other shape goes as `OtherContent`. */
export type MessageContent =
  | { contentType: 'QuickReply'; quickReply: { text: string; payload: string; action?: 'Message'; image?: string } }
  | { contentType: 'Card'; card: Card }
  | { contentType: 'Carousel'; carousel: { cards: Card[] } }
  | {
      contentType: 'DatePicker';
      datePicker: { title?: string; subtitle?: string; imageUrl?: string; availableTimes: { dateTime: string; duration: number }[] };
    }
  | {
      contentType: 'ListPicker';
      listPicker: {
        receivedMessage: { title?: string; subtitle?: string; imageUrl?: string };
        replyMessage: { title?: string; subtitle?: string };
        sections: { title: string; multipleSelection: boolean; items: { id: string; title: string; subtitle?: string; imageUrl?: string }[] }[];
      };
    }
  | {
      contentType: 'Attachment';
      attachment: { mediaType: 'Image' | 'File' | 'Audio' | 'Video' | 'Link'; id?: string; url?: string; filename?: string; mime?: string; fileSize?: number; text?: string };
    }
  | { contentType: 'ButtonResponse'; buttonResponse: { text: string; payload: string; type: string; originatingMessageId?: string } }
  | OtherContent;

/** Passed through unchecked beyond `contentType`, for content types the helpers do not model. */
export interface OtherContent {
  contentType: string;
  [key: string]: unknown;
}

/** What the agent (or a bot) sends: text, rich content, or both. */
export interface AgentMessage {
  text?: string;
  content?: MessageContent[];
  from?: AgentSender;
  /** `Bot` makes it a bot message (transcript author `bot`). Default `Human`. */
  originatingEntity?: 'Human' | 'Bot';
}

/** The ready-made messages of `POST /sim/conversations/:id/samples/:kind`, one per kind of rich content. */
export type SampleKind = 'quickReplies' | 'card' | 'carousel' | 'datePicker' | 'listPicker' | 'image' | 'file' | 'markdown';

/** An error the session's next Text/Structured messages get instead of being delivered. */
export interface InjectedFailure {
  /** 429 answers `TooManyRequestsErrorMessage`; anything else a `class:"string"` frame. */
  code: number;
  /** The error text (for 429, the `errorMessage`); defaults to the reference's observed text for the code. */
  body?: string;
  /** Seconds, for 429. Default 1. */
  retryAfter?: number;
  /** How many messages fail. Default 1. */
  times?: number;
}

/** `GET /api/v2/webmessaging/messages`: `WebMessagingMessageEntityList`, newest first. */
export interface HistoryPage {
  entities: Record<string, any>[];
  pageSize: number;
  pageNumber: number;
  total: number;
  pageCount: number;
}

export interface SimulatorClient {
  origin: string;
  /** `ws://127.0.0.1:PORT/v1`; add `?deploymentId=…`. */
  wsUrl: string;
  createDeployment(options?: DeploymentOptions): Promise<Deployment>;
  updateDeployment(id: string, patch: DeploymentOptions): Promise<Deployment>;
  /** Sends every withheld Clear acknowledgement of the deployment now. */
  release(id: string): Promise<{ released: number }>;
  frames(id: string): Promise<RecordedFrame[]>;
  state(): Promise<SimState>;
  /** The newest conversation of a session token, if any. */
  conversationFor(token: string): Promise<SimConversation | undefined>;
  agentSay(conversationId: string, text: string, from?: AgentSender): Promise<TranscriptLine>;
  /** Sends text and/or rich content as the agent (or as a bot). */
  agentSend(conversationId: string, message: AgentMessage): Promise<TranscriptLine>;
  /** Sends rich content, with optional text, as the agent. */
  agentContent(conversationId: string, content: MessageContent[], options?: Omit<AgentMessage, 'content'>): Promise<TranscriptLine>;
  /** Sends one of the simulator's ready-made rich messages (the console's buttons). */
  agentSample(conversationId: string, kind: SampleKind, from?: AgentSender): Promise<TranscriptLine>;
  /** Adds `count` older messages before the conversation's first, without sending frames; `{n}` in `text` is 1 for the oldest. */
  seedHistory(conversationId: string, count: number, text?: string): Promise<SimConversation>;
  /** The session's next Text/Structured messages get this error instead of being delivered. */
  failNext(token: string, failure: InjectedFailure): Promise<{ sessions: number }>;
  /** Pushes an unsolicited error frame (no tracingId) to the session's sockets. */
  pushError(token: string, code: number, body?: string): Promise<{ sent: number }>;
  /** Expires the session now: `SessionExpiredEvent`, then 4006 for the token. */
  expireSession(token: string): Promise<{ expired: number }>;
  /**
   * The stand-in identity provider signs `user` in: a single-use authorization code for `redirectUri`
   * (bound to `codeChallenge`, S256, when given), or with `responseType: 'id_token'` an id_token carrying `nonce`.
   */
  idpSignIn(request: { user?: string; redirectUri?: string; codeChallenge?: string; codeChallengeMethod?: 'S256'; nonce?: string; responseType?: 'code' | 'id_token' }): Promise<{ code?: string; idToken?: string }>;
  /** The same login's Genesys JWT, already expired (to try a configure with an expired JWT). */
  expiredJwt(jwt: string): Promise<{ jwt: string }>;
  /** Every JWT issued so far for the deployment counts as expired now; refresh tokens still stand. */
  expireJwts(deploymentId: string): Promise<{ logins: number }>;
  deployments(): Promise<Deployment[]>;
  /** The deployment's `config.json` URL on the simulator. */
  configUrl(deploymentId: string): string;
  /** The history URL (`pageNumber`/`pageSize` left out when not given). */
  historyUrl(pageNumber?: number, pageSize?: number): string;
  /** A sample file's URL: `sample.png`, `brochure.pdf`. */
  fileUrl(name: string): string;
  /** Where a guest's attachment is PUT and read back (the PresignedUrlResponse `url`, the UploadSuccessEvent `downloadUrl`). */
  uploadUrl(attachmentId: string): string;
  agentTyping(conversationId: string, on: boolean): Promise<SimConversation>;
  /** Ends the conversation as the agent; `mode` overrides the deployment's `disconnectMode`. */
  agentDisconnect(conversationId: string, options?: { mode?: DisconnectMode; from?: AgentSender }): Promise<SimConversation>;
  /** Drops the session's sockets: 1001 closes them, 1006 (the default) cuts them. */
  dropSession(token: string, code?: 1000 | 1001 | 1006 | 1011 | 1012 | 1013): Promise<{ dropped: number }>;
  /** The live session of a token, if any (`/sim/state` `sessions`). */
  sessionFor(token: string): Promise<SimSession | undefined>;
  /**
   * `ConnectionClosedEvent` (`body.reason` when given, e.g. `signedIn`, `SessionLimitReached`; `{}`
   * otherwise) to every socket of the session, then the server closes them (1000).
   */
  connectionClosed(token: string, reason?: string): Promise<{ closed: number }>;
  /**
   * WebSocket upgrades for the deployment answer HTTP 503 for `forMs`, or for the next `count`
   * attempts (whichever ends first; with neither, until stopped). `forMs: 0` stops it.
   */
  refuseConnections(deploymentId: string, limits?: { forMs?: number; count?: number }): Promise<ConnectionRefusal>;
  /** Ends `refuseConnections` (`DELETE`). */
  stopRefusingConnections(deploymentId: string): Promise<ConnectionRefusal>;
  /**
   * Sets the outbound faults of a token's current and future sockets, replacing the ones in force.
   * `released`: withheld frames sent on because `withhold` went off.
   */
  setFaults(token: string, faults: Faults): Promise<{ faults: Required<Faults> | null; sockets: number; released: number }>;
  /** Clears the token's faults; withheld frames are sent on. */
  clearFaults(token: string): Promise<{ faults: null; sockets: number; released: number }>;
  /** Sends the withheld frames in order; `dropped`: those lost with a socket closed since the last release. */
  releaseFrames(token: string): Promise<{ released: number; dropped: number }>;
  /** A raw text frame, exactly `data` (up to 2 MB), to every socket of the session. */
  sendRaw(token: string, data: string): Promise<{ sent: number; bytes: number }>;
  /** A valid agent StructuredMessage whose text is `bytes` bytes long (up to 2 MB), to every socket of the session. */
  sendOversize(token: string, bytes: number): Promise<{ sent: number; bytes: number }>;
  /**
   * Resolves with the first non-empty value `select` returns for the simulator's state, checked at once
   * and after every change (the `/sim/events` stream), so a test waits for what it needs without polling.
   * Rejects after `timeoutMs` (default 10000) or when `signal` aborts.
   */
  waitFor<T>(
    select: (state: SimState) => T | undefined | null | false,
    options?: { timeoutMs?: number; signal?: AbortSignal; what?: string },
  ): Promise<T>;
}

/** A control API answer that was not 2xx. */
export declare class SimulatorError extends Error {
  readonly status: number;
  constructor(status: number, message: string);
}

/** A client for the simulator at `origin` (`http://127.0.0.1:9001`, what the simulator prints at start). */
export declare function connectSimulator(origin: string): SimulatorClient;

/** The deployment every simulator has from its start (the demo's): Clear allowed and acknowledged at once. */
export declare const DEMO_DEPLOYMENT_ID: string;
