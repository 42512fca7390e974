// @ts-check
/**
 * Guest sessions, one per (deploymentId, token): `configureSession` attaches a socket to one (or
 * makes it), `closeSession` detaches. Sessions outlive their sockets: only a Clear, an expiry
 * (`expiry.mjs`) or a `startNew` on a read-only session replaces one.
 */
import { uploadProfile } from './deployments.mjs';
import * as frames from './frames.mjs';
import { sessionKey } from './store.mjs';

/**
 * @typedef {import('./attachments.mjs').Attachment} Attachment
 * @typedef {import('./clear.mjs').ClearRequest} ClearRequest
 * @typedef {import('./connection.mjs').Connection} Connection
 * @typedef {import('./connection-faults.mjs').ConnectionFaults} ConnectionFaults
 * @typedef {import('./conversation.mjs').Conversation} Conversation
 * @typedef {import('./expiry.mjs').Expiry} Expiry
 * @typedef {import('./frames.mjs').ServerFrame} ServerFrame
 * @typedef {import('./store.mjs').Store} Store
 * @typedef {import('./typing.mjs').Typing} Typing
 */

/** One guest session: its sockets, its latest conversation, and what is pending on it. */
export class Session {
  /** @type {Set<Connection>} */
  sockets = new Set();
  /** The latest conversation, open or ended by the agent; a new one starts when the guest writes again. */
  /** @type {Conversation | null} */
  conversation = null;
  /** Clear requests held back while the deployment withholds acknowledgements. */
  /** @type {ClearRequest[]} */
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
  /** The signed-in visitor the session belongs to (`configureAuthenticatedSession`), or null for a guest. */
  /** @type {{ sub: string, name: string } | null} */
  authenticated = null;
  /** The files the agent sent, by attachment id: their link without expiry, for `getAttachment`. */
  /** @type {Map<string, { url: string, fileName: string, fileType: string, fileSize: number }>} */
  agentFiles = new Map();
  /** When its latest guest messages came (epoch ms), for the rate limit. */
  /** @type {number[]} */
  recentMessages = [];
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

/** What guests do to their sessions: configure, close, leave. */
export class Sessions {
  /** @param {Store} store @param {Typing} typing @param {Expiry} expiry @param {ConnectionFaults} connectionFaults */
  constructor(store, typing, expiry, connectionFaults) {
    this.store = store;
    this.typing = typing;
    this.expiry = expiry;
    this.connectionFaults = connectionFaults;
  }

  /**
   * `configureSession` (reference §2.2): attaches the socket to the token's session, made if new,
   * and answers SessionResponse. Refused: a malformed request (400), the deployment's one-shot
   * `sessionError`, an expired token (4006), a socket over the connection cap.
   * `user`: the signed-in visitor of a `configureAuthenticatedSession`.
   * @param {Connection} connection @param {Record<string, unknown>} frame @param {string | undefined} tracingId
   * @param {{ sub: string, name: string } | null} [user]
   */
  configure(connection, frame, tracingId, user = null) {
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
    if (this.expiry.hasExpired(key)) return connection.send(frames.errorFrame(4006, frames.SESSION_ERROR_TEXT[4006], tracingId));
    let session = this.store.sessions.get(key);
    if (session && !session.sockets.has(connection) && session.sockets.size >= deployment.connectionCap) {
      return this.connectionFaults.refuseOverCap(connection, session);
    }
    // A signed-in visitor's session takes no guest configure (reference §10.7: 4017 CannotDowngradeToUnauthenticated).
    if (session?.authenticated && !user) return connection.send(frames.errorFrame(4017, frames.CANNOT_DOWNGRADE_TEXT, tracingId));
    let newSession = !session;
    if (session && user && !session.authenticated && !deployment.allowSessionUpgrade) {
      // No step-up on this deployment: the guest session is left behind, and the visitor starts afresh signed in.
      this.store.sessions.delete(key);
      session.sockets.delete(connection);
      session = undefined;
      newSession = true;
    }
    if (!session) {
      session = new Session(connection.deploymentId, token);
      this.store.sessions.set(key, session);
    } else if (startNew === true && session.readOnly) {
      // startNew only means something on a read-only session (reference §2.2, §4.4); elsewhere it is ignored.
      session = this.#replaceReadOnly(session);
      newSession = true;
    }
    // Signed in now (a new session, or a guest one stepping up: reference §10.9).
    if (user) session.authenticated = user;
    if (connection.session && connection.session !== session) connection.session.sockets.delete(connection);
    connection.session = session;
    session.sockets.add(connection);
    session.maxSockets = Math.max(session.maxSockets, session.sockets.size);
    if (session.conversation?.open) session.conversation.noteSockets(session.maxSockets);
    if (connection.faultToken !== token) {
      connection.faultToken = token;
      connection.outbox.refresh();
    }
    this.expiry.touch(session);
    connection.send(frames.sessionResponse({
      connected: true,
      newSession,
      readOnly: session.readOnly,
      maxCustomDataBytes: deployment.maxCustomDataBytes,
      upload: uploadProfile(deployment),
      minimal: deployment.sessionResponse === 'minimal',
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
    this.expiry.stop(old);
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
}
