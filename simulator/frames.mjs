// @ts-check
/**
 * Server → client frames as the Guest API sends them (reference §3). Every builder returns a frame
 * that validates against the swagger: envelope `BaseMessage`, body the definition named by `class`.
 */
import { randomUUID } from 'node:crypto';

/** @typedef {{ type: 'response' | 'message', class: string, code: number, body: unknown, tracingId?: string }} ServerFrame */
/** @typedef {{ nickname?: string, firstName?: string, lastName?: string, image?: string }} Sender */

/** Guest session lifetime the simulator reports: the 72 h seen in real SessionResponses. */
export const SESSION_DURATION_SECONDS = 259200;

const epochSeconds = (ms = Date.now()) => Math.floor(ms / 1000);
export const expirationDate = () => epochSeconds() + SESSION_DURATION_SECONDS;

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

/** @param {string} [tracingId] */
export function requestFailed(tracingId) {
  return errorFrame(400, 'Request failed.', tracingId);
}

/** @param {{ connected: boolean, newSession?: boolean, readOnly?: boolean }} state @param {string=} tracingId */
export function sessionResponse(state, tracingId) {
  const body = state.connected
    ? {
        connected: true,
        newSession: Boolean(state.newSession),
        readOnly: Boolean(state.readOnly),
        maxCustomDataBytes: 2048,
        allowedMedia: { inbound: { fileTypes: [{ type: '*/*' }], maxFileSizeKB: 10240 } },
        blockedExtensions: ['.exe'],
        durationSeconds: SESSION_DURATION_SECONDS,
        expirationDate: expirationDate(),
      }
    : { connected: false, readOnly: Boolean(state.readOnly) };
  return frame('response', 'SessionResponse', 200, body, tracingId);
}

/**
 * A StructuredMessage frame. `type` is `response` only when it answers the requester directly
 * (the Clear acknowledgement); everything fanned out to the session is an unsolicited `message`.
 * @param {{ kind?: 'response' | 'message', direction: 'Inbound' | 'Outbound', messageType: 'Text' | 'Structured' | 'Event',
 *   text?: string, content?: unknown[], events?: unknown[], originatingEntity: 'Human' | 'Bot',
 *   from?: Sender, metadata?: Record<string, string>, tracingId?: string }} message
 */
export function structuredMessage(message) {
  const id = randomUUID();
  /** @type {Record<string, unknown>} */
  const channel = { time: new Date().toISOString(), messageId: id };
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

/** The reply to `echo` (§2.5): no channel, so clients can tell it from a chat line; carries the session expiry. */
/** @param {string} text @param {string} [tracingId] */
export function echoReply(text, tracingId) {
  const body = {
    text,
    type: 'Text',
    direction: 'Inbound',
    id: randomUUID(),
    metadata: { durationSeconds: String(SESSION_DURATION_SECONDS), expirationDate: String(expirationDate()) },
  };
  return frame('response', 'StructuredMessage', 200, body, tracingId);
}

/** A JWT-looking opaque string: clients must never parse it, only pass it back as a bearer token. @param {string} [tracingId] */
export function jwtResponse(tracingId) {
  const exp = epochSeconds() + 60;
  const part = (/** @type {object} */ value) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const jwt = `${part({ alg: 'none', typ: 'JWT' })}.${part({ sub: randomUUID(), exp, iss: 'genesys-chat-simulator' })}.simulated`;
  return frame('response', 'JwtResponse', 200, { jwt, exp }, tracingId);
}

export const sessionCleared = () => frame('message', 'SessionClearedEvent', 200, {}, undefined);
export const connectionClosed = () => frame('message', 'ConnectionClosedEvent', 200, {}, undefined);

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
