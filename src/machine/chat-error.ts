/** What went wrong, as a stable code an integrator can switch on. */
export type ChatErrorCode =
  /** An attribute is missing or malformed (deployment id, region, endpoint, end-timeout, custom-attributes). */
  | 'invalid-config'
  /** The deployment is switched off (config.json `status: "Inactive"`): no conversation can start. */
  | 'deployment-inactive'
  /** The deployment's config.json could not be read; safe defaults are used. */
  | 'config-unavailable'
  /** config.json answered 403 or 404: no such deployment in this region (wrong id or region, or deleted). */
  | 'deployment-not-found'
  /** The server refused the WebSocket before it opened: unknown deployment, or this site is not allowed. */
  | 'connection-refused'
  /** The server refused `configureSession`. */
  | 'session-refused'
  /** The connection dropped and could not be re-established within the retry bound. */
  | 'connection-lost'
  /** The server closed the connection: the session has too many simultaneous connections (SessionLimitReached). */
  | 'connection-limit'
  /** The server closed the connection because the visitor signed in elsewhere (`signedIn`). */
  | 'signed-in-elsewhere'
  /** The server signed the visitor out (LogoutEvent): the session is forgotten here and in every tab. */
  | 'signed-out'
  /** A signed-in visitor's proof could not be exchanged, or Genesys refused the login again and again. */
  | 'sign-in-failed'
  /** The deployment does not let visitors end conversations (Messenger setting "conversation clear"). */
  | 'clear-not-supported'
  /** Ending was asked for, but the server never acknowledged it within the retry bound. */
  | 'end-not-acknowledged'
  /** 429 / 4029: the server rate-limited a request. */
  | 'rate-limited'
  /** A message got no echo from the server in time. */
  | 'message-timeout'
  /** 4011, or caught before sending: the message is longer than the server accepts. */
  | 'message-too-long'
  /** 4013, or caught before sending: the custom attributes exceed `maxCustomDataBytes`. */
  | 'custom-attributes-too-large'
  /** 409: the conversation is read-only after the agent ended it. */
  | 'read-only'
  /** 4006 or SessionExpiredEvent: the guest session expired; a new one starts clean. */
  | 'session-expired'
  /** 4007: the server does not know the session; a new one starts clean. */
  | 'session-not-found'
  /** 400 / 4020: the server could not read a request. */
  | 'request-failed'
  /** 401: not authorised. */
  | 'unauthorized'
  /** 403 (other than Clear) / 4000: a feature is switched off for this deployment. */
  | 'feature-disabled'
  /** 404: something asked for does not exist. */
  | 'not-found'
  /** 408: the server timed out. */
  | 'request-timeout'
  /** 4001–4005: a file was refused (type, size, content, name). */
  | 'attachment-rejected'
  /** 4008–4010: an attachment expired, is unknown or was not uploaded. */
  | 'attachment-unavailable'
  /** 4017: an authenticated session cannot go back to a guest one. */
  | 'session-downgrade'
  /** The history of a resumed conversation could not be loaded. */
  | 'history-unavailable'
  /** 5000 and any other error frame from the server. */
  | 'server-error'
  /** A frame from the server was malformed or of an unknown class (diagnostic only). */
  | 'bad-frame'
  /** The conversation part of the widget could not be downloaded (network, or a page policy). */
  | 'load-failed';

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
