import type { ChatError, ChatErrorCode } from './chat-error.js';

/** The server's error codes (§3.2) and what each means here. */
const SERVER_CODES: Readonly<Record<number, ChatErrorCode>> = {
  400: 'request-failed',
  401: 'unauthorized',
  403: 'feature-disabled',
  404: 'not-found',
  408: 'request-timeout',
  409: 'read-only',
  429: 'rate-limited',
  4000: 'feature-disabled',
  4001: 'attachment-rejected',
  4002: 'attachment-rejected',
  4003: 'attachment-rejected',
  4004: 'attachment-rejected',
  4005: 'attachment-rejected',
  4006: 'session-expired',
  4007: 'session-not-found',
  4008: 'attachment-unavailable',
  4009: 'attachment-unavailable',
  4010: 'attachment-unavailable',
  4011: 'message-too-long',
  4013: 'custom-attributes-too-large',
  4017: 'session-downgrade',
  4020: 'request-failed',
  4029: 'rate-limited',
  5000: 'server-error',
};

/** The error code for a server code from the table of §3.2 (`server-error` for any other). */
export const classifyServerCode = (code: number): ChatErrorCode => SERVER_CODES[code] ?? 'server-error';

/** Failures a retry cannot fix: sending the same message again would fail the same way. */
export const isPermanentMessageFailure = (code: ChatErrorCode): boolean =>
  code === 'message-too-long' || code === 'read-only' || code === 'attachment-unavailable';

/**
 * Every failure the chat machine reports, one function per situation: the code, the English message
 * for developers and whether the conversation goes on are decided here and nowhere else.
 */
export const chatErrors = {
  /** The server refused a request; `what` says what it meant for the conversation. */
  server: (code: number, text: string, what = ''): ChatError => ({
    code: classifyServerCode(code),
    message: `${what}The server answered ${code}: ${text}`,
    recoverable: true,
    serverCode: code,
  }),
  typingRefused: (code: number, text: string): ChatError => ({
    code: 'feature-disabled',
    message: `The deployment refused a typing indicator (${code} ${text}); no more are sent. Turn on the typing indicator in the Messenger configuration.`,
    recoverable: true,
    serverCode: code,
  }),
  joinAttributesRefused: (code: number, text: string): ChatError => ({
    code: classifyServerCode(code),
    message: `The server answered ${code}: ${text}. The custom attributes are not sent again in this session; Join goes without them.`,
    recoverable: true,
    serverCode: code,
  }),
  messageRateLimited: (code: number, text: string, retryAfter: number): ChatError => ({
    code: classifyServerCode(code),
    message: `A message was rate-limited; it is sent again in ${retryAfter} s. The server answered ${code}: ${text}`,
    recoverable: true,
    serverCode: code,
  }),
  messageAttributesRefused: (code: number, text: string): ChatError => ({
    code: classifyServerCode(code),
    message: `The server answered ${code}: ${text}. The message is sent again without the custom attributes.`,
    recoverable: true,
    serverCode: code,
  }),
  attributesTooLarge: ({ bytes, max }: { bytes: number; max: number }): ChatError => ({
    code: 'custom-attributes-too-large',
    message: `The custom attributes take ${bytes} bytes; the deployment accepts ${max} (maxCustomDataBytes). They are not sent; the conversation goes on without them.`,
    recoverable: true,
  }),
  messageTooLong: (length: number, max: number): ChatError => ({
    code: 'message-too-long',
    message: `The message has ${length} characters; at most ${max} are sent. It was not sent.`,
    recoverable: true,
  }),
  messageTimeout: (count: number, timeout: number): ChatError => ({
    code: 'message-timeout',
    message: `${count} message(s) got no echo from the server within ${timeout} ms; they can be sent again.`,
    recoverable: true,
  }),
  /** The guest session is gone; `duringEnd` when an End was still waiting for its acknowledgement. */
  sessionGone: (code: 'session-expired' | 'session-not-found', duringEnd = false): ChatError => {
    const gone = code === 'session-expired'
      ? 'The guest session expired (inactivity); a new one starts under a new token.'
      : 'The server no longer knows the guest session; a new one starts under a new token.';
    return duringEnd
      ? { code, message: `${gone} The end of the conversation was not acknowledged before that.`, recoverable: false }
      : { code, message: gone, recoverable: true };
  },
  historyUnavailable: (why: string): ChatError => ({
    code: 'history-unavailable',
    message: `Earlier messages could not be loaded: ${why}`,
    recoverable: true,
  }),
  badHistoryEntries: (count: number): ChatError => ({ code: 'bad-frame', message: `Ignored ${count} malformed history entries.`, recoverable: true }),
  badFrame: (reason: string, detail: string): ChatError => ({ code: 'bad-frame', message: `Ignored a frame from the server (${reason}): ${detail}`, recoverable: true }),
  clearNotOffered: (): ChatError => ({
    code: 'clear-not-supported',
    message: 'The deployment does not let visitors end conversations, so End chat is not offered. Turn on "Conversation clear" in the Messenger configuration (Apps > Conversations) to offer it.',
    recoverable: true,
  }),
  endRefused: (): ChatError => ({
    code: 'clear-not-supported',
    message: 'End was asked for, but the deployment does not let visitors end conversations (Messenger setting "Conversation clear").',
    recoverable: true,
  }),
  clearNotSupported: (): ChatError => ({
    code: 'clear-not-supported',
    message: 'The deployment does not let visitors end conversations: turn on "conversation clear" in its Messenger configuration.',
    recoverable: false,
    serverCode: 403,
  }),
  endNotAcknowledged: (attempts: number, timeout: number): ChatError => ({
    code: 'end-not-acknowledged',
    message: `The server did not acknowledge the end of the conversation after ${attempts} attempts of ${timeout} ms.`,
    recoverable: false,
  }),
  endRateLimited: (): ChatError => ({
    code: 'rate-limited',
    message: 'The server kept rate-limiting the request to end the conversation.',
    recoverable: false,
    serverCode: 429,
  }),
  configUnavailable: (why: string): ChatError => ({
    code: 'config-unavailable',
    message: `The deployment's config.json could not be read (${why}); using safe defaults: End offered, no auto-start, no markdown, no uploads.`,
    recoverable: true,
  }),
  deploymentNotFound: (deploymentId: string, status: number, detail: string): ChatError => ({
    code: 'deployment-not-found',
    message:
      `No deployment ${deploymentId} in this region: its config.json answered ${status} (${detail}). Check deployment-id against ` +
      'Admin > Message > Messenger Deployments, and that region (or endpoint) is the one the deployment lives in. Visitors see no launcher.',
    recoverable: false,
  }),
  deploymentInactive: (): ChatError => ({
    code: 'deployment-inactive',
    message: 'The deployment is inactive (config.json status "Inactive", or Messenger disabled): no conversation is started.',
    recoverable: false,
  }),
  unknown: (): ChatError => ({ code: 'server-error', message: 'Unknown failure', recoverable: false }),
  connectionRefused: (): ChatError => ({
    code: 'connection-refused',
    message: "The Guest API refused the connection. Check deployment-id and region, and that this site is in the deployment's allowed domains.",
    recoverable: false,
  }),
  sessionRefused: (code: number, text: string): ChatError =>
    code === 4017
      ? {
          code: 'session-downgrade',
          message: `configureSession was refused: 4017 ${text}. The stored session belongs to a signed-in visitor, and the page gave no auth this time: set the element's auth property (or call logout() to forget that session and chat as a guest).`,
          recoverable: false,
          serverCode: code,
        }
      : { code: 'session-refused', message: `configureSession was refused: ${code} ${text}`, recoverable: false, serverCode: code },
  signedInElsewhere: (): ChatError => ({
    code: 'signed-in-elsewhere',
    message: 'The server closed this connection: the visitor signed in elsewhere (ConnectionClosedEvent "signedIn").',
    recoverable: false,
  }),
  signInFailed: (detail: string): ChatError => ({
    code: 'sign-in-failed',
    message: `The visitor could not be signed in to the chat (${detail}). Check the auth property's proof (code, redirectUri, codeVerifier, or idToken and nonce) and the deployment's authentication settings.`,
    recoverable: true,
  }),
  signedOut: (): ChatError => ({
    code: 'signed-out',
    message: 'The server signed the visitor out (LogoutEvent): the session, its stored token and unsent messages are forgotten; writing starts a new one.',
    recoverable: true,
  }),
  connectionLimit: (): ChatError => ({
    code: 'connection-limit',
    message: 'The server closed this connection: the session has too many simultaneous connections (a ConnectionClosedEvent with no reason, or "SessionLimitReached", while no End was under way).',
    recoverable: false,
  }),
  connectionLost: (attempts: number): ChatError => ({
    code: 'connection-lost',
    message: `The connection could not be re-established after ${attempts} attempts.`,
    recoverable: false,
  }),
  /** A file the visitor cannot send, for the integrator: which, and why. */
  uploadRefused: (name: string, refusal: 'type' | 'size' | 'refused' | 'network', why: string, serverCode?: number): ChatError => ({
    code: refusal === 'network' ? 'attachment-unavailable' : 'attachment-rejected',
    message: `The file "${name}" was not ${refusal === 'network' ? 'uploaded' : 'accepted'} (${refusal}): ${why}.`,
    recoverable: true,
    ...(serverCode === undefined ? {} : { serverCode }),
  }),
};
