// @ts-check
/**
 * Session expiry (reference §4.6): each session has an inactivity TTL, the deployment's
 * `sessionDurationSeconds` when it was last active. When it passes (or the control API says so),
 * the session's sockets hear `SessionExpiredEvent`, the conversation ends by nobody, and the token
 * answers 4006 from then on.
 */
import * as frames from './frames.mjs';
import { sessionKey } from './store.mjs';

/**
 * @typedef {import('./sessions.mjs').Session} Session
 * @typedef {import('./store.mjs').Store} Store
 * @typedef {import('./typing.mjs').Typing} Typing
 */

/** setTimeout's ceiling (about 24.8 days); longer session TTLs re-arm their timer. */
const MAX_TIMER_MS = 2 ** 31 - 1;
/** Expired tokens are remembered so they keep answering 4006; a long-running demo forgets the oldest. */
const MAX_EXPIRED_TOKENS = 10000;

/** The sessions' TTL timers, and the tokens whose session expired. */
export class Expiry {
  /** Session keys that expired: `configureSession` with them answers 4006 from then on. */
  /** @type {Set<string>} */
  #expiredKeys = new Set();

  /** @param {Store} store @param {Typing} typing */
  constructor(store, typing) {
    this.store = store;
    this.typing = typing;
  }

  /** Whether the session this key named has expired. @param {string} key a `sessionKey` */
  hasExpired(key) {
    return this.#expiredKeys.has(key);
  }

  /**
   * Activity slides the inactivity TTL: the guest's messages, echoes and reconnects, and the
   * agent's messages (the guest receiving them).
   * @param {Session} session
   */
  touch(session) {
    if (session.expired) return;
    session.durationSeconds = this.store.deployment(session.deploymentId).sessionDurationSeconds;
    session.expiresAt = Date.now() + session.durationSeconds * 1000;
    this.#arm(session);
  }

  /** @param {Session} session */
  #arm(session) {
    this.stop(session);
    const wait = Math.min(Math.max(0, session.expiresAt - Date.now()), MAX_TIMER_MS);
    session.expiryTimer = this.store.later(wait, () => {
      session.expiryTimer = undefined;
      // Timers may fire a little early, and long TTLs take several rounds.
      if (Date.now() >= session.expiresAt) this.#expire(session);
      else this.#arm(session);
    });
  }

  /** The session is going (cleared, replaced): its TTL no longer runs. @param {Session} session */
  stop(session) {
    if (session.expiryTimer) this.store.cancel(session.expiryTimer);
    session.expiryTimer = undefined;
  }

  /**
   * The session ran out (reference §3.6, §4.6): `SessionExpiredEvent` to its sockets, which stay
   * open but get 4006 for anything further; the token answers 4006 to `configureSession` from now
   * on; the conversation ends, by nobody.
   * @param {Session} session @returns {boolean} whether it was live until now
   */
  #expire(session) {
    const key = sessionKey(session.deploymentId, session.token);
    if (session.expired || this.store.sessions.get(key) !== session) return false;
    session.expired = true;
    this.stop(session);
    session.broadcast(frames.sessionExpired());
    this.store.sessions.delete(key);
    this.#expiredKeys.add(key);
    if (this.#expiredKeys.size > MAX_EXPIRED_TOKENS) this.#expiredKeys.delete(/** @type {string} */ (this.#expiredKeys.values().next().value));
    session.pendingClears = [];
    session.failure = null;
    this.typing.setCustomer(session, false);
    if (session.conversation) {
      this.typing.stopAgent(session.conversation);
      session.conversation.expire();
    }
    this.store.changed();
    return true;
  }

  /**
   * Expires every live session with this token now, as if its TTL had passed.
   * @param {string} token @returns {number} sessions expired
   */
  expire(token) {
    const sessions = this.store.sessionsWithToken(token);
    return sessions.filter(session => this.#expire(session)).length;
  }
}
