// @ts-check
/**
 * Guest sessions, one per (deploymentId, token): `configureSession` attaches a socket to one (or
 * makes it), `closeSession` detaches, and each session expires after its inactivity TTL
 * (reference §4.6). Sessions outlive their sockets: only a Clear, an expiry or a `startNew` on a
 * read-only session replaces one.
 */
import { uploadProfile } from './deployments.mjs';
import * as frames from './frames.mjs';
import { sessionKey } from './store.mjs';

/**
 * @typedef {import('./attachments.mjs').Attachment} Attachment
 * @typedef {import('./connection.mjs').Connection} Connection
 * @typedef {import('./connection-faults.mjs').ConnectionFaults} ConnectionFaults
 * @typedef {import('./conversation.mjs').Conversation} Conversation
 * @typedef {import('./frames.mjs').ServerFrame} ServerFrame
 * @typedef {import('./store.mjs').Store} Store
 * @typedef {import('./typing.mjs').Typing} Typing
 */

/** setTimeout's ceiling (about 24.8 days); longer session TTLs re-arm their timer. */
const MAX_TIMER_MS = 2 ** 31 - 1;
/** Expired tokens are remembered so they keep answering 4006; a long-running demo forgets the oldest. */
const MAX_EXPIRED_TOKENS = 10000;

export class Session {
  /** @type {Set<Connection>} */
  sockets = new Set();
  /** The latest conversation, open or ended by the agent; a new one starts when the guest writes again. */
  /** @type {Conversation | null} */
  conversation = null;
  /** Clear requests held back while the deployment withholds acknowledgements. */
  /** @type {{ connection: Connection, tracingId: string | undefined }[]} */
  pendingClears = [];
  customerTyping = false;
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  typingTimer;
  /** Inactivity TTL in force (the deployment's `sessionDurationSeconds` at the last activity). */
  durationSeconds = 0;
  /** When the session runs out unless something happens first, ms since the epoch. */
  expiresAt = 0;
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  expiryTimer;
  /** Set once it ran out: its sockets then get 4006 for anything they send. */
  expired = false;
  /** Errors injected by the control API, answered instead of delivering the next messages. */
  /** @type {{ code: number, body: string | undefined, retryAfter: number, remaining: number } | null} */
  failure = null;
  /** The guest's files, by attachment id: pending, uploaded, failed or sent. */
  /** @type {Map<string, Attachment>} */
  attachments = new Map();
  /** The most sockets configured on it at once. */
  maxSockets = 0;
  /** Sockets refused because it already had the deployment's `connectionCap` of them. */
  capRefusals = 0;

  /** @param {string} deploymentId @param {string} token */
  constructor(deploymentId, token) {
    this.deploymentId = deploymentId;
    this.token = token;
  }

  /** @returns {import('./frames.mjs').SessionExpiry} */
  get expiry() {
    return { durationSeconds: this.durationSeconds, expirationDate: Math.ceil(this.expiresAt / 1000) };
  }

  /**
   * Read-only once the agent ended its conversation with the ReadOnly disconnect type (reference
   * §4.4); it stays so until `configureSession startNew:true` replaces the session or a Clear ends it.
   */
  get readOnly() {
    return Boolean(this.conversation?.readOnly);
  }

  /** @param {ServerFrame} frame */
  broadcast(frame) {
    for (const socket of this.sockets) socket.send(frame);
  }
}

export class Sessions {
  /** Session keys that expired: `configureSession` with them answers 4006 from then on. */
  /** @type {Set<string>} */
  #expiredKeys = new Set();

  /** @param {Store} store @param {Typing} typing @param {ConnectionFaults} connectionFaults */
  constructor(store, typing, connectionFaults) {
    this.store = store;
    this.typing = typing;
    this.connectionFaults = connectionFaults;
  }

  /**
   * `configureSession` (reference §2.2): attaches the socket to the token's session, made if new,
   * and answers SessionResponse. Refused: a malformed request (400), the deployment's one-shot
   * `sessionError`, an expired token (4006), a socket over the connection cap.
   * @param {Connection} connection @param {Record<string, unknown>} frame @param {string | undefined} tracingId
   */
  configure(connection, frame, tracingId) {
    const { token, deploymentId, startNew } = frame;
    if (typeof token !== 'string' || !token || token.length > 2048 || deploymentId !== connection.deploymentId
      || (startNew !== undefined && typeof startNew !== 'boolean')) {
      return connection.send(frames.requestFailed(tracingId));
    }
    const deployment = this.store.deployment(connection.deploymentId);
    if (deployment.sessionError !== null) {
      // One-shot, so a client's "new token, retry once" path can be tested.
      const code = deployment.sessionError;
      this.store.deployments.set(deployment.deploymentId, { ...deployment, sessionError: null });
      return connection.send(frames.errorFrame(code, frames.SESSION_ERROR_TEXT[code], tracingId));
    }
    const key = sessionKey(connection.deploymentId, token);
    if (this.#expiredKeys.has(key)) return connection.send(frames.errorFrame(4006, frames.SESSION_ERROR_TEXT[4006], tracingId));
    let session = this.store.sessions.get(key);
    if (session && !session.sockets.has(connection) && session.sockets.size >= deployment.connectionCap) {
      return this.connectionFaults.refuseOverCap(connection, session);
    }
    let newSession = !session;
    if (!session) {
      session = new Session(connection.deploymentId, token);
      this.store.sessions.set(key, session);
    } else if (startNew === true && session.readOnly) {
      // startNew only means something on a read-only session (reference §2.2, §4.4); elsewhere it is ignored.
      session = this.#replaceReadOnly(session);
      newSession = true;
    }
    if (connection.session && connection.session !== session) connection.session.sockets.delete(connection);
    connection.session = session;
    session.sockets.add(connection);
    session.maxSockets = Math.max(session.maxSockets, session.sockets.size);
    if (session.conversation?.open) session.conversation.noteSockets(session.maxSockets);
    if (connection.faultToken !== token) {
      connection.faultToken = token;
      connection.outbox.refresh();
    }
    this.touch(session);
    connection.send(frames.sessionResponse({
      connected: true,
      newSession,
      readOnly: session.readOnly,
      maxCustomDataBytes: deployment.maxCustomDataBytes,
      upload: uploadProfile(deployment),
      ...session.expiry,
    }, tracingId));
  }

  /**
   * `startNew:true` on a read-only session: a fresh, writable session under the same token, with no
   * conversation until the guest writes or joins. The read-only one (and its ended conversation) is
   * left behind. Sockets still attached to it (other tabs that skipped `closeSession`) move over, so
   * they hear the new conversation; any Clear withheld on the old session is dropped with it.
   * @param {Session} old
   */
  #replaceReadOnly(old) {
    const fresh = new Session(old.deploymentId, old.token);
    for (const socket of old.sockets) {
      socket.session = fresh;
      fresh.sockets.add(socket);
    }
    fresh.maxSockets = fresh.sockets.size;
    old.sockets.clear();
    old.pendingClears = [];
    this.typing.setCustomer(old, false);
    this.stopExpiry(old);
    this.store.sessions.set(sessionKey(old.deploymentId, old.token), fresh);
    return fresh;
  }

  /**
   * `closeSession`: the caller is detached (and with `closeAllConnections`, every other socket gets
   * ConnectionClosedEvent and is closed); the session and its conversation stay.
   * @param {Connection} connection @param {Session} session @param {unknown} closeAll @param {string | undefined} tracingId
   */
  close(connection, session, closeAll, tracingId) {
    if (typeof closeAll !== 'boolean') return connection.send(frames.requestFailed(tracingId));
    if (closeAll) {
      for (const other of [...session.sockets]) {
        if (other === connection) continue;
        other.send(frames.connectionClosed());
        other.session = null;
        session.sockets.delete(other);
        other.close(1000);
      }
    }
    // Only the connections go: the session and its conversation stay, as with a real server.
    session.sockets.delete(connection);
    connection.session = null;
    connection.send(frames.sessionResponse({ connected: false, readOnly: session.readOnly }, tracingId));
  }

  /** The socket closed: it leaves its session, which (and whose conversation) stays. @param {Connection} connection */
  detach(connection) {
    connection.session?.sockets.delete(connection);
    connection.session = null;
    this.store.changed();
  }

  /**
   * Activity slides the inactivity TTL (reference §4.6): the guest's messages, echoes and
   * reconnects, and the agent's messages (the guest receiving them).
   * @param {Session} session
   */
  touch(session) {
    if (session.expired) return;
    session.durationSeconds = this.store.deployment(session.deploymentId).sessionDurationSeconds;
    session.expiresAt = Date.now() + session.durationSeconds * 1000;
    this.#armExpiry(session);
  }

  /** @param {Session} session */
  #armExpiry(session) {
    this.stopExpiry(session);
    const wait = Math.min(Math.max(0, session.expiresAt - Date.now()), MAX_TIMER_MS);
    session.expiryTimer = this.store.later(wait, () => {
      session.expiryTimer = undefined;
      // Timers may fire a little early, and long TTLs take several rounds.
      if (Date.now() >= session.expiresAt) this.#expire(session);
      else this.#armExpiry(session);
    });
  }

  /** The session is going (cleared, replaced): its TTL no longer runs. @param {Session} session */
  stopExpiry(session) {
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
    this.stopExpiry(session);
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
