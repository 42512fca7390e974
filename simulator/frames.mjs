// @ts-check
/**
 * Server → client frames as the Guest API sends them (reference §3). Every builder returns a frame
 * that validates against the swagger: envelope `BaseMessage`, body the definition named by `class`.
 */
import { randomUUID } from 'node:crypto';

/** @typedef {{ type: 'response' | 'message', class: string, code: number, body: unknown, tracingId?: string }} ServerFrame */
/** @typedef {{ nickname?: string, firstName?: string, lastName?: string, image?: string }} Sender */

/**
 * @typedef {{ durationSeconds: number, expirationDate: number }} SessionExpiry
 *   The guest session's inactivity TTL and when it runs out (epoch seconds), as SessionResponse reports them.
 */

export const epochSeconds = (ms = Date.now()) => Math.floor(ms / 1000);

/**
 * @param {ServerFrame['type']} type
 * @param {string} cls
 * @param {number} code
 * @param {unknown} body
 * @param {string | undefined} tracingId
 * @returns {ServerFrame}
 */
function frame(type, cls, code, body, tracingId) {
  return tracingId === undefined ? { type, class: cls, code, body } : { type, class: cls, code, body, tracingId };
}

/** An error answer: `class:"string"` with a human-readable body (§3.2). */
/** @param {number} code @param {string} text @param {string} [tracingId] */
export function errorFrame(code, text, tracingId) {
  return frame('response', 'string', code, text, tracingId);
}

/** The 4017 body: its text is not published (reference §10.7). */
export const CANNOT_DOWNGRADE_TEXT = 'Cannot downgrade an authenticated session to an unauthenticated one';

/** @param {string} [tracingId] */
export function requestFailed(tracingId) {
  return errorFrame(400, 'Request failed.', tracingId);
}

/**
 * @typedef {{ fileTypes: string[], maxFileSizeKB: number, blockedExtensions: string[] }} UploadProfile
 *   What a session may upload (SessionResponse `allowedMedia` and `blockedExtensions`, §3.3).
 */

/**
 * `allowedMedia` and `blockedExtensions` are there only when the deployment takes uploads (`upload`).
 * `minimal`: only `connected`, `newSession` and a true `readOnly`, as the captured answer.
 * @param {{ connected: true, newSession: boolean, readOnly: boolean, maxCustomDataBytes: number, upload?: UploadProfile | null, minimal?: boolean } & SessionExpiry
 *   | { connected: false, readOnly: boolean }} state
 * @param {string=} tracingId
 */
export function sessionResponse(state, tracingId) {
  const upload = state.connected ? state.upload : null;
  // As captured from Genesys (reference §3.3): only what must be said; `readOnly` when it is so.
  if (state.connected && state.minimal) {
    return frame('response', 'SessionResponse', 200, { connected: true, newSession: state.newSession, ...(state.readOnly ? { readOnly: true } : {}) }, tracingId);
  }
  const body = state.connected
    ? {
        connected: true,
        newSession: state.newSession,
        readOnly: state.readOnly,
        maxCustomDataBytes: state.maxCustomDataBytes,
        ...(upload
          ? {
              allowedMedia: { inbound: { fileTypes: upload.fileTypes.map(type => ({ type })), maxFileSizeKB: upload.maxFileSizeKB } },
              blockedExtensions: [...upload.blockedExtensions],
            }
          : {}),
        durationSeconds: state.durationSeconds,
        expirationDate: state.expirationDate,
      }
    : { connected: false, readOnly: state.readOnly };
  return frame('response', 'SessionResponse', 200, body, tracingId);
}

/**
 * A StructuredMessage frame. `type` is `response` only when it answers the requester directly
 * (the Clear acknowledgement); everything fanned out to the session is an unsolicited `message`.
 * `time` is for messages dated in the past (seeded history); live ones are stamped now.
 * @param {{ kind?: 'response' | 'message', direction: 'Inbound' | 'Outbound', messageType: 'Text' | 'Structured' | 'Event',
 *   text?: string, content?: unknown[], events?: unknown[], originatingEntity: 'Human' | 'Bot',
 *   from?: Sender, metadata?: Record<string, string>, tracingId?: string, time?: string }} message
 */
export function structuredMessage(message) {
  const id = randomUUID();
  /** @type {Record<string, unknown>} */
  const channel = { time: message.time ?? new Date().toISOString(), messageId: id };
  if (message.direction === 'Outbound') channel['type'] = 'Private';
  if (message.from) channel['from'] = message.from;
  /** @type {Record<string, unknown>} */
  const body = { id, type: message.messageType, direction: message.direction, originatingEntity: message.originatingEntity, channel };
  if (message.text !== undefined) body['text'] = message.text;
  if (message.content) body['content'] = message.content;
  if (message.events) body['events'] = message.events;
  body['metadata'] = { correlationId: randomUUID(), ...message.metadata };
  return frame(message.kind ?? 'message', 'StructuredMessage', 200, body, message.tracingId);
}

/**
 * The reply to `echo` (§2.5): no channel, so clients can tell it from a chat line. The metadata is
 * the refreshed session expiry, as strings like every StructuredMessage metadata value.
 * @param {string} text @param {SessionExpiry} expiry @param {string} [tracingId]
 */
export function echoReply(text, expiry, tracingId) {
  const body = {
    text,
    type: 'Text',
    direction: 'Inbound',
    id: randomUUID(),
    metadata: { durationSeconds: String(expiry.durationSeconds), expirationDate: String(expiry.expirationDate) },
  };
  return frame('response', 'StructuredMessage', 200, body, tracingId);
}

/**
 * Whether a frame is what a deployment with `tagAnswers: false` sends without the request's tracingId
 * (reference §4.9): an error, or the Inbound echo of a guest's message or event. The reply to `echo`
 * keeps it; nothing else names a request that asked for it.
 * @param {ServerFrame} frame
 */
export function isEchoOrError(frame) {
  if (frame.code >= 300 || frame.class === 'TooManyRequestsErrorMessage' || frame.class === 'GenerateUrlError' || frame.class === 'Error') return true;
  const body = /** @type {{ direction?: unknown, channel?: unknown }} */ (frame.body);
  return frame.class === 'StructuredMessage' && body.direction === 'Inbound' && body.channel !== undefined;
}

/** The frame with no tracingId, neither on it nor in its body. @param {ServerFrame} frame @returns {ServerFrame} */
export function untagged(frame) {
  const { tracingId: _frame, ...rest } = frame;
  const body = frame.body;
  if (typeof body !== 'object' || body === null || !('tracingId' in body)) return rest;
  const { tracingId: _body, ...bare } = /** @type {Record<string, unknown>} */ (body);
  return { ...rest, body: bare };
}

/** @param {string} jwt @param {number} exp epoch seconds @param {string} [tracingId] */
export function jwtResponse(jwt, exp, tracingId) {
  return frame('response', 'JwtResponse', 200, { jwt, exp }, tracingId);
}

export const sessionCleared = () => frame('message', 'SessionClearedEvent', 200, {}, undefined);
/**
 * The server closing a connection (§3.6); `reason` as KMP reads it (`signedIn`, `SessionLimitReached`), or none.
 * @param {string} [reason]
 */
export const connectionClosed = reason => frame('message', 'ConnectionClosedEvent', 200, reason === undefined ? {} : { reason }, undefined);
export const sessionExpired = () => frame('message', 'SessionExpiredEvent', 200, {}, undefined);

/** The text of the 429 body (reference §3.2). */
export const RATE_LIMIT_TEXT = 'Message rate too high for this session';

/**
 * The rate-limit answer (§3.2). `name` and `message` are not in the reference's capture, but the
 * swagger's `TooManyRequestsErrorMessage` requires them, so they are filled in.
 * @param {number} retryAfter seconds @param {string} errorMessage @param {string} [tracingId]
 * @param {'response' | 'message'} [type] `message` when pushed unasked
 */
export function tooManyRequests(retryAfter, errorMessage, tracingId, type = 'response') {
  const body = { name: 'TooManyRequestsError', message: errorMessage, errorCode: 4029, errorMessage, retryAfter };
  return frame(type, 'TooManyRequestsErrorMessage', 429, body, tracingId);
}

// ─── Attachments (§2.7) ────────────────────────────────────────────────────────────────────────

/** The `GenerateUrlError` texts, by code (§3.2). */
export const UPLOAD_ERROR_TEXT = /** @type {const} */ ({
  4000: 'File uploads are not enabled',
  4001: 'file type invalid',
  4002: 'file size invalid',
  4003: 'file content invalid',
  4004: 'file name invalid',
  4005: 'file name too long',
});

/** The `class:"string"` texts for attachments a request names wrongly (§3.2). */
export const ATTACHMENT_NOT_FOUND_TEXT = 'attachment not found';
export const ATTACHMENT_NOT_UPLOADED_TEXT = 'attachment not successfully uploaded';

/**
 * Where to upload a file (or, with `file` and no headers, where to download it: the `getAttachment`
 * answer, which the mobile SDK tells apart by its empty headers and its fileSize).
 * @param {{ attachmentId: string, url: string, headers: Record<string, string>,
 *   file?: { fileName: string, fileSize: number, fileType: string } }} target
 * @param {string} [tracingId]
 */
export function presignedUrl({ attachmentId, url, headers, file }, tracingId) {
  const body = { attachmentId, headers: { ...headers }, url, ...(file ? { fileName: file.fileName, fileSize: file.fileSize, fileType: file.fileType } : {}) };
  return frame('response', 'PresignedUrlResponse', 200, body, tracingId);
}

/**
 * `onAttachment` refused before any upload (§2.7). `name` and `message` are not in the reference's
 * capture, but the swagger's `GenerateUrlError` requires them.
 * @param {keyof typeof UPLOAD_ERROR_TEXT} errorCode @param {string} attachmentId @param {string} [tracingId]
 */
export function generateUrlError(errorCode, attachmentId, tracingId) {
  const errorMessage = UPLOAD_ERROR_TEXT[errorCode];
  const body = {
    name: 'GenerateUrlError', message: errorMessage, errorCode, errorMessage, attachmentId,
    ...(tracingId === undefined ? {} : { tracingId }),
  };
  return frame('message', 'GenerateUrlError', 200, body, tracingId);
}

/** @param {string} attachmentId @param {string} downloadUrl */
export function uploadSuccess(attachmentId, downloadUrl) {
  return frame('message', 'UploadSuccessEvent', 200, { attachmentId, downloadUrl, timestamp: new Date().toISOString() }, undefined);
}

/** @param {string} attachmentId @param {number} errorCode @param {string} errorMessage */
export function uploadFailure(attachmentId, errorCode, errorMessage) {
  return frame('message', 'UploadFailureEvent', 200, { attachmentId, errorCode, errorMessage, timestamp: new Date().toISOString() }, undefined);
}

/** @param {string} attachmentId @param {string} [tracingId] */
export function attachmentDeleted(attachmentId, tracingId) {
  return frame('response', 'AttachmentDeletedResponse', 200, { attachmentId }, tracingId);
}

/** A bot's quick reply: the text is also what comes back as the guest's answer, so it is the payload too. @param {string} text */
export const quickReply = text => ({ contentType: 'QuickReply', quickReply: { text, payload: text, action: 'Message' } });

export const presence = (/** @type {string} */ type) => ({ eventType: 'Presence', presence: { type } });
/** Typing lasts `duration` ms on the guest side unless renewed; the schema's only typing type is `On`. */
export const typingOn = (duration = 5000) => ({ eventType: 'Typing', typing: { type: 'On', duration } });

/** The 409 body for any onMessage on a read-only session (reference §3.2, §4.4). */
export const READ_ONLY_TEXT = 'Session is read-only, no new messages allowed';

/** Session-level error bodies the reference quotes from fixtures (§3.2). */
export const SESSION_ERROR_TEXT = /** @type {const} */ ({
  4006: 'session expired error message',
  4007: 'session not found error message',
});

/** The answer to Typing when the deployment turned the user typing indicator off (§1.4, §3.2). */
export const FEATURE_OFF_TEXT = 'Turn on the Feature Toggle or fix the configuration.';

/** The 4013 body, with the deployment's limit in it (§2.4.1). @param {number} maxBytes */
export const customAttributesTooLargeText = maxBytes => `Custom Attributes in channel metadata is larger than ${maxBytes} bytes`;

/**
 * The body an error code is answered with when nobody chose one: the reference's observed text
 * (§3.2) where it has one, else the generic "Request failed.".
 * @param {number} code @param {number} maxCustomDataBytes for the 4013 text
 */
export function defaultErrorText(code, maxCustomDataBytes = 2048) {
  /** @type {Record<number, string>} */
  const known = {
    401: 'User is unauthorized',
    403: FEATURE_OFF_TEXT,
    409: READ_ONLY_TEXT,
    429: RATE_LIMIT_TEXT,
    4006: SESSION_ERROR_TEXT[4006],
    4007: SESSION_ERROR_TEXT[4007],
    4011: 'message too long',
    4013: customAttributesTooLargeText(maxCustomDataBytes),
  };
  return known[code] ?? 'Request failed.';
}
