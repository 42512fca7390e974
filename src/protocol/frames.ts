/**
 * The Genesys Web Messaging Guest API on the wire: every client frame the API defines and every
 * server frame class, as TypeScript types. Shapes follow Genesys's guest API schema
 * (`test/schema/guest-api.swagger.json`); where real servers and clients differ from it, the type
 * follows what is sent (for example `SendMessageRequest.time`, which no client sends).
 */

// ─── Client → server ────────────────────────────────────────────────────────────────────────────

/** Every action of the Guest API's `RequestType` enum. */
export type RequestAction =
  | 'configureSession'
  | 'configureAuthenticatedSession'
  | 'onMessage'
  | 'echo'
  | 'getJwt'
  | 'onAttachment'
  | 'getAttachment'
  | 'deleteAttachment'
  | 'closeSession'
  | 'getConfiguration';

interface ClientFrameBase<A extends RequestAction> {
  readonly action: A;
  /** The guest session token; required on every action. */
  readonly token: string;
  /** Copied by the server to the top level of the frame it answers with. */
  readonly tracingId?: string;
}

export interface JourneyContext {
  readonly customer: { readonly id: string; readonly idType: string };
  readonly customerSession: { readonly id: string; readonly type: string };
  readonly triggeringAction?: { readonly id: string; readonly actionMap: { readonly id: string; readonly version: number } };
}

export interface ConfigureSessionFrame extends ClientFrameBase<'configureSession'> {
  readonly deploymentId: string;
  /** Replaces a read-only session with a fresh one under the same token. */
  readonly startNew?: boolean;
  readonly journeyContext?: JourneyContext;
}

export interface ConfigureAuthenticatedSessionFrame extends ClientFrameBase<'configureAuthenticatedSession'> {
  readonly deploymentId: string;
  readonly startNew?: boolean;
  readonly journeyContext?: JourneyContext;
  readonly data: { readonly code: string };
}

/** String → string participant data for the routing flow. */
export type CustomAttributes = Readonly<Record<string, string>>;

export interface OutgoingChannel {
  readonly metadata?: { readonly customAttributes?: CustomAttributes };
}

export type ButtonResponseType = 'Button' | 'DatePicker' | 'Form' | 'ListPicker' | 'QuickReply';

export type OutgoingContent =
  | { readonly contentType: 'Attachment'; readonly attachment: { readonly id: string; readonly mediaType: 'Image' | 'File' } }
  | {
      readonly contentType: 'ButtonResponse';
      readonly buttonResponse: {
        readonly text: string;
        readonly payload: string;
        readonly type: ButtonResponseType;
        readonly originatingMessageId?: string;
      };
    };

export type PresenceType =
  | 'Authenticate'
  | 'AuthenticateCancel'
  | 'AuthenticateFailure'
  | 'Clear'
  | 'Disconnect'
  | 'Join'
  | 'SessionExpired'
  | 'SignIn';

export type OutgoingEvent =
  | { readonly eventType: 'Typing'; readonly typing: { readonly type: 'On'; readonly duration?: number } }
  | { readonly eventType: 'Presence'; readonly presence: { readonly type: 'Join' | 'Clear' } };

export interface OutgoingMessage {
  readonly type: 'Text' | 'Structured' | 'Event';
  readonly text?: string;
  readonly content?: readonly OutgoingContent[];
  readonly events?: readonly OutgoingEvent[];
  readonly metadata?: Readonly<Record<string, string>>;
  readonly channel?: OutgoingChannel;
}

export interface OnMessageFrame extends ClientFrameBase<'onMessage'> {
  readonly message: OutgoingMessage;
}

export interface EchoFrame extends ClientFrameBase<'echo'> {
  readonly message: { readonly type: 'Text'; readonly text: string };
}

export type GetJwtFrame = ClientFrameBase<'getJwt'>;

export interface OnAttachmentFrame extends ClientFrameBase<'onAttachment'> {
  readonly attachmentId?: string;
  readonly fileName: string;
  readonly fileType: string;
  readonly fileSize: number;
  readonly fileMd5?: string;
  /** Not in the schema: asks for `GenerateUrlError` frames instead of plain-text errors (the mobile SDK sends it). */
  readonly errorsAsJson?: boolean;
}

export interface GetAttachmentFrame extends ClientFrameBase<'getAttachment'> {
  readonly attachmentId: string;
}

export interface DeleteAttachmentFrame extends ClientFrameBase<'deleteAttachment'> {
  readonly attachmentId: string;
}

export interface CloseSessionFrame extends ClientFrameBase<'closeSession'> {
  readonly closeAllConnections: boolean;
}

export interface GetConfigurationFrame extends ClientFrameBase<'getConfiguration'> {
  readonly deploymentId: string;
}

/** Any frame a guest client sends. */
export type ClientFrame =
  | ConfigureSessionFrame
  | ConfigureAuthenticatedSessionFrame
  | OnMessageFrame
  | EchoFrame
  | GetJwtFrame
  | OnAttachmentFrame
  | GetAttachmentFrame
  | DeleteAttachmentFrame
  | CloseSessionFrame
  | GetConfigurationFrame;

// ─── Server → client ────────────────────────────────────────────────────────────────────────────

/** The server's `MessageDataType` enum: the `class` every server frame is dispatched on. */
export type ServerFrameClass =
  | 'string'
  | 'SessionResponse'
  | 'StructuredMessage'
  | 'PresignedUrlResponse'
  | 'AttachmentDeletedResponse'
  | 'UploadFailureEvent'
  | 'UploadSuccessEvent'
  | 'ConnectionClosedEvent'
  | 'LogoutEvent'
  | 'SessionExpiredEvent'
  | 'JwtResponse'
  | 'GetConfigurationResponse'
  | 'GenerateUrlError'
  | 'TooManyRequestsErrorMessage'
  | 'ResumeTokenResponse'
  | 'SessionClearedEvent'
  | 'Error';

interface ServerFrameBase<C extends ServerFrameClass, B> {
  readonly class: C;
  /** `response` answers a request, `message` is unsolicited; never dispatch on it (fixtures disagree). */
  readonly type: string;
  /** 200 on success; an HTTP-like or 4xxx code otherwise. */
  readonly code: number;
  readonly body: B;
  readonly tracingId?: string;
}

export interface FileTypeRule {
  readonly type: string;
}

export interface AllowedMedia {
  readonly inbound: { readonly fileTypes: readonly FileTypeRule[]; readonly maxFileSizeKB?: number };
}

export interface SessionInfo {
  readonly connected: boolean;
  readonly newSession?: boolean;
  readonly readOnly?: boolean;
  readonly clearedExistingSession?: boolean;
  readonly allowedMedia?: AllowedMedia;
  readonly blockedExtensions?: readonly string[];
  readonly maxCustomDataBytes?: number;
  /** Inactivity TTL of the guest session, in seconds. */
  readonly durationSeconds?: number;
  /** Absolute expiry, epoch seconds. */
  readonly expirationDate?: number;
  readonly autoStarted?: boolean;
}

export type Direction = 'Inbound' | 'Outbound';
export type OriginatingEntity = 'Bot' | 'Human' | '';

export interface Recipient {
  readonly firstName?: string;
  readonly lastName?: string;
  readonly nickname?: string;
  readonly image?: string;
}

export interface MessageChannel {
  /** ISO 8601; `null` in some history entities. */
  readonly time?: string | null;
  readonly type?: string;
  readonly messageId?: string;
  readonly from?: Recipient;
  readonly to?: Recipient;
  readonly metadata?: { readonly customAttributes?: CustomAttributes };
}

/** One `content[]` entry: `contentType` plus the object under its key (validated only as an object). */
export interface MessageContent {
  readonly contentType: string;
  readonly [key: string]: unknown;
}

export type IncomingEvent =
  | { readonly eventType: 'Typing'; readonly typing: { readonly type: string; readonly duration?: number } }
  | { readonly eventType: 'Presence'; readonly presence: { readonly type: string } }
  | { readonly eventType: string; readonly [key: string]: unknown };

/** The body of a `StructuredMessage` frame (and of a history entity). */
export interface StructuredMessage {
  readonly id?: string;
  readonly type: string;
  readonly text?: string;
  readonly direction: Direction;
  readonly channel?: MessageChannel;
  readonly content?: readonly MessageContent[];
  readonly events?: readonly IncomingEvent[];
  readonly metadata?: Readonly<Record<string, string>>;
  readonly originatingEntity?: string;
  readonly originatingMessageId?: string;
  /** The schema's place for the request's tracingId, where a server puts it in the body (see `tracingIdOf`). */
  readonly tracingId?: string;
}

export interface RateLimitBody {
  /** Seconds to wait before retrying. */
  readonly retryAfter: number;
  readonly errorCode?: number;
  readonly errorMessage?: string;
  readonly tracingId?: string;
}

export interface ErrorMessageBody {
  readonly errorCode?: number;
  readonly errorMessage?: string;
  readonly tracingId?: string;
}

export type SessionResponseFrame = ServerFrameBase<'SessionResponse', SessionInfo>;
export type StructuredMessageFrame = ServerFrameBase<'StructuredMessage', StructuredMessage>;
/** A plain-text response: an error when `code` is not 2xx (see `frameError`). */
export type StringFrame = ServerFrameBase<'string', string>;
export type ErrorFrame = ServerFrameBase<'Error', ErrorMessageBody>;
export type TooManyRequestsFrame = ServerFrameBase<'TooManyRequestsErrorMessage', RateLimitBody>;
export type SessionClearedFrame = ServerFrameBase<'SessionClearedEvent', Record<string, never>>;
/** `reason` is what servers send today; the schema calls it `reasonCode`. Both are read. */
export type ConnectionClosedFrame = ServerFrameBase<'ConnectionClosedEvent', { readonly reason?: string }>;
export type SessionExpiredFrame = ServerFrameBase<'SessionExpiredEvent', Record<string, never>>;
export type LogoutFrame = ServerFrameBase<'LogoutEvent', Record<string, never>>;
export type JwtResponseFrame = ServerFrameBase<'JwtResponse', { readonly jwt: string; readonly exp: number }>;
export type PresignedUrlFrame = ServerFrameBase<
  'PresignedUrlResponse',
  {
    readonly attachmentId: string;
    readonly url: string;
    readonly headers: Readonly<Record<string, string>>;
    readonly fileName?: string;
    readonly fileSize?: number;
    readonly fileType?: string;
  }
>;
export type UploadSuccessFrame = ServerFrameBase<
  'UploadSuccessEvent',
  { readonly attachmentId: string; readonly downloadUrl: string; readonly timestamp?: string }
>;
export type UploadFailureFrame = ServerFrameBase<
  'UploadFailureEvent',
  { readonly attachmentId: string; readonly errorCode: number; readonly errorMessage: string; readonly timestamp?: string }
>;
export type GenerateUrlErrorFrame = ServerFrameBase<
  'GenerateUrlError',
  { readonly attachmentId?: string; readonly errorCode: number; readonly errorMessage: string; readonly tracingId?: string }
>;
export type AttachmentDeletedFrame = ServerFrameBase<'AttachmentDeletedResponse', { readonly attachmentId: string }>;
export type ConfigurationFrame = ServerFrameBase<
  'GetConfigurationResponse',
  {
    readonly allowedMedia?: AllowedMedia;
    readonly blockedExtensions?: readonly string[];
    readonly maxCustomDataBytes?: number;
    readonly messageRoutingEnabled?: boolean;
    readonly sessionDurationSeconds?: number;
  }
>;
export type ResumeTokenFrame = ServerFrameBase<'ResumeTokenResponse', { readonly resumeToken: string; readonly exp: number }>;

/** Any server frame the decoder accepts. */
export type ServerFrame =
  | SessionResponseFrame
  | StructuredMessageFrame
  | StringFrame
  | ErrorFrame
  | TooManyRequestsFrame
  | SessionClearedFrame
  | ConnectionClosedFrame
  | SessionExpiredFrame
  | LogoutFrame
  | JwtResponseFrame
  | PresignedUrlFrame
  | UploadSuccessFrame
  | UploadFailureFrame
  | GenerateUrlErrorFrame
  | AttachmentDeletedFrame
  | ConfigurationFrame
  | ResumeTokenFrame;
