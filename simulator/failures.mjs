// @ts-check
/**
 * Trouble the control API injects into a session: errors answered instead of delivering its next
 * messages (`fail-next`), errors pushed unasked, and frames sent as given (malformed, unknown,
 * oversize), so tests can see how a client copes.
 */
import { DEFAULT_AGENT } from './agent.mjs';
import * as frames from './frames.mjs';

/**
 * @typedef {import('./deployment-options.mjs').Deployment} Deployment
 * @typedef {import('./sessions.mjs').Session} Session
 * @typedef {import('./store.mjs').Store} Store
 * @typedef {{ code: number, body?: string, retryAfter?: number, times?: number }} FailureSpec
 *   What `fail-next` answers the session's next Text/Structured messages with, and how many of them.
 */

/** Raw frames and oversize messages from the control API: at most this many bytes. */
export const MAX_RAW_BYTES = 2 * 1024 * 1024;

/** Error codes the control API may inject: HTTP-like 4xx/5xx and the Guest API's 4xxx/5xxx. @param {unknown} code */
function checkErrorCode(code) {
  if (typeof code !== 'number' || !Number.isInteger(code) || code < 400 || code > 5999 || (code >= 600 && code < 4000)) {
    throw new RangeError('code must be an error code: 400..599 or 4000..5999');
  }
}

/**
 * An error frame for an injected failure: 429 is the `TooManyRequestsErrorMessage` of §3.2 (with
 * `body` as its errorMessage if given), anything else a `class:"string"` frame.
 * @param {number} code @param {string | undefined} body @param {number} retryAfter
 * @param {number} maxCustomDataBytes for the default 4013 text @param {string | undefined} tracingId
 * @param {'response' | 'message'} [type]
 */
function failureFrame(code, body, retryAfter, maxCustomDataBytes, tracingId, type = 'response') {
  if (code === 429) return frames.tooManyRequests(retryAfter, body ?? frames.RATE_LIMIT_TEXT, tracingId, type);
  const frame = frames.errorFrame(code, body ?? frames.defaultErrorText(code, maxCustomDataBytes), tracingId);
  return { ...frame, type };
}

/** What the control API injects into the sessions of a token. */
export class Failures {
  /** @param {Store} store */
  constructor(store) {
    this.store = store;
  }

  /**
   * The session's next `times` Text/Structured messages are answered with this error instead of
   * being delivered. A later call replaces an earlier one still pending.
   * @param {string} token @param {FailureSpec} spec @returns {{ sessions: number }}
   */
  failNext(token, { code, body, retryAfter = 1, times = 1 }) {
    checkErrorCode(code);
    if (!Number.isInteger(retryAfter) || retryAfter < 0 || retryAfter > 3600) throw new RangeError('retryAfter must be an integer from 0 to 3600 (seconds)');
    if (!Number.isInteger(times) || times < 1 || times > 1000) throw new RangeError('times must be an integer from 1 to 1000');
    const sessions = this.store.sessionsWithToken(token);
    for (const session of sessions) session.failure = { code, body, retryAfter, remaining: times };
    return { sessions: sessions.length };
  }

  /**
   * The frame a `fail-next` failure in force answers a message with, counting it off.
   * @param {Session} session @param {Deployment} deployment @param {string | undefined} tracingId
   */
  answer(session, deployment, tracingId) {
    const failure = /** @type {NonNullable<Session['failure']>} */ (session.failure);
    failure.remaining -= 1;
    if (failure.remaining <= 0) session.failure = null;
    return failureFrame(failure.code, failure.body, failure.retryAfter, deployment.maxCustomDataBytes, tracingId);
  }

  /**
   * An error nobody asked for, pushed to every socket of the session (no tracingId), as a server
   * reports trouble outside any request.
   * @param {string} token @param {number} code @param {string} [body] @returns {{ sent: number }}
   */
  pushError(token, code, body) {
    checkErrorCode(code);
    let sent = 0;
    for (const session of this.store.sessionsWithToken(token)) {
      const max = this.store.deployment(session.deploymentId).maxCustomDataBytes;
      session.broadcast(failureFrame(code, body, 1, max, undefined, 'message'));
      sent += session.sockets.size;
    }
    return { sent };
  }

  /**
   * A text frame, exactly as given (malformed JSON, wrong types, unknown classes, huge ones), to
   * every socket of the session, through its faults.
   * @param {string} token @param {string} data @returns {{ sent: number, bytes: number }}
   */
  sendRaw(token, data) {
    const bytes = Buffer.byteLength(data, 'utf8');
    if (bytes > MAX_RAW_BYTES) throw new RangeError(`data must be at most ${MAX_RAW_BYTES} bytes (UTF-8)`);
    return { sent: this.#sendText(token, data), bytes };
  }

  /**
   * A valid Outbound agent StructuredMessage whose text is `size` bytes ("x" repeated), to every
   * socket of the session. Not recorded in the transcript or the history.
   * @param {string} token @param {number} size @returns {{ sent: number, bytes: number }}
   */
  sendOversize(token, size) {
    if (!Number.isInteger(size) || size < 1 || size > MAX_RAW_BYTES) throw new RangeError(`oversizeBytes must be an integer from 1 to ${MAX_RAW_BYTES}`);
    const frame = frames.structuredMessage({ direction: 'Outbound', messageType: 'Text', text: 'x'.repeat(size), originatingEntity: 'Human', from: DEFAULT_AGENT });
    const data = JSON.stringify(frame);
    return { sent: this.#sendText(token, data), bytes: Buffer.byteLength(data, 'utf8') };
  }

  /** @param {string} token @param {string} data @returns {number} the sockets it went to */
  #sendText(token, data) {
    let sent = 0;
    for (const session of this.store.sessionsWithToken(token)) {
      for (const socket of session.sockets) socket.sendRaw(data);
      sent += session.sockets.size;
    }
    this.store.changed();
    return sent;
  }
}
