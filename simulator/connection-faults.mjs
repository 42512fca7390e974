// @ts-check
/**
 * Connection faults: what the control API makes the server do to guest connections. Refuse
 * WebSocket upgrades (503), close a session's sockets with `ConnectionClosedEvent`, drop them as a
 * network would; and the connection cap, which refuses a socket over `connectionCap` (reference §4.3).
 */
import * as frames from './frames.mjs';

/**
 * @typedef {import('./connection.mjs').Connection} Connection
 * @typedef {import('./sessions.mjs').Session} Session
 * @typedef {import('./store.mjs').Store} Store
 * @typedef {import('./store.mjs').Timer} Timer
 * @typedef {{ deploymentId: string, refusingConnections: boolean, refusedUpgrades: number, capRefusals: number }} DeploymentFaults
 *   A deployment's connection faults so far (listed once it has any): handshakes refused with 503 by
 *   `refuse-connections`, and sockets refused over the cap.
 * @typedef {{ refusing: boolean, until: string | null, remaining: number | null, refusedUpgrades: number }} ConnectionRefusal
 *   What `refuse-connections` answers: whether upgrades are refused now, until when, for how many more attempts.
 */

/** Codes the agent side may drop a socket with; 1006 is not sendable, it means "cut the TCP connection". */
const DROP_CODES = new Set([1000, 1001, 1006, 1011, 1012, 1013]);

/** The connection faults in force and counted so far, by deployment. */
export class ConnectionFaults {
  /** By deployment: a 503 refusal in force, and what was refused so far. */
  /** @type {Map<string, { refusing: boolean, until: number | null, remaining: number | null, timer: Timer | undefined, refusedUpgrades: number, capRefusals: number }>} */
  #byDeployment = new Map();

  /** @param {Store} store */
  constructor(store) {
    this.store = store;
  }

  /**
   * A socket configuring a session that already has the deployment's `connectionCap` of them
   * (reference §4.3): `ConnectionClosedEvent` with no reason, as Genesys sends it (the official SDK
   * calls it "SessionLimitReached"), then the server closes it (1000). It never joins the session, so its token's faults do not apply to it.
   * @param {Connection} connection @param {Session} session
   */
  refuseOverCap(connection, session) {
    session.capRefusals += 1;
    this.#of(session.deploymentId).capRefusals += 1;
    connection.session?.sockets.delete(connection);
    connection.session = null;
    connection.send(frames.connectionClosed());
    connection.close(1000);
  }

  /**
   * The server closes every socket of the session (reference §3.6): `ConnectionClosedEvent` with
   * `body.reason` when given (`{}` otherwise), then close 1000. The session and conversation stay.
   * @param {string} token @param {string} [reason] @returns {{ closed: number }}
   */
  connectionClosed(token, reason) {
    let closed = 0;
    for (const session of this.store.sessionsWithToken(token)) {
      for (const socket of [...session.sockets]) {
        socket.send(frames.connectionClosed(reason));
        session.sockets.delete(socket);
        socket.session = null;
        socket.close(1000);
        closed += 1;
      }
    }
    this.store.changed();
    return { closed };
  }

  /**
   * Drops every socket of the sessions with this token, the way networks and load balancers do.
   * The conversation stays open: nobody ended it.
   * @param {string} token @param {number} [code]
   * @returns {number} sockets dropped
   */
  dropSession(token, code = 1006) {
    if (!DROP_CODES.has(code)) throw new RangeError(`code must be one of ${[...DROP_CODES].join(', ')}`);
    const sessions = this.store.sessionsWithToken(token);
    let dropped = 0;
    for (const session of sessions) {
      for (const socket of [...session.sockets]) {
        dropped += 1;
        // Detached now rather than when the close completes: the socket is gone for the session.
        session.sockets.delete(socket);
        socket.session = null;
        if (code === 1006) socket.terminate();
        else socket.close(code);
      }
    }
    this.store.changed();
    return dropped;
  }

  /** @param {string} deploymentId */
  #of(deploymentId) {
    let record = this.#byDeployment.get(deploymentId);
    if (!record) {
      record = { refusing: false, until: null, remaining: null, timer: undefined, refusedUpgrades: 0, capRefusals: 0 };
      this.#byDeployment.set(deploymentId, record);
    }
    return record;
  }

  /** @param {string} deploymentId @returns {ConnectionRefusal} */
  #refusal(deploymentId) {
    const record = this.#of(deploymentId);
    const refusing = this.refusesConnections(deploymentId);
    return {
      refusing,
      until: refusing && record.until !== null ? new Date(record.until).toISOString() : null,
      remaining: refusing ? record.remaining : null,
      refusedUpgrades: record.refusedUpgrades,
    };
  }

  /**
   * WebSocket upgrades for the deployment are refused with HTTP 503 for `forMs`, or for the next
   * `count` attempts, whichever ends first; with neither, until stopped. `forMs: 0` stops it. A new
   * call replaces the one in force.
   * @param {string} deploymentId @param {{ forMs?: number, count?: number }} [limits] @returns {ConnectionRefusal}
   */
  refuseConnections(deploymentId, { forMs, count } = {}) {
    this.store.deployment(deploymentId);
    if (forMs !== undefined && (!Number.isInteger(forMs) || forMs < 0 || forMs > 3_600_000)) {
      throw new RangeError('forMs must be an integer from 0 to 3600000');
    }
    if (count !== undefined && (!Number.isInteger(count) || count < 1 || count > 10_000)) {
      throw new RangeError('count must be an integer from 1 to 10000');
    }
    if (forMs === 0) return this.stopRefusingConnections(deploymentId);
    const record = this.#of(deploymentId);
    if (record.timer) this.store.cancel(record.timer);
    record.refusing = true;
    record.until = forMs === undefined ? null : Date.now() + forMs;
    record.remaining = count ?? null;
    record.timer = forMs === undefined ? undefined : this.store.later(forMs, () => {
      record.timer = undefined;
      record.refusing = false;
      this.store.changed();
    });
    this.store.changed();
    return this.#refusal(deploymentId);
  }

  /** Ends a `refuseConnections` in force. @param {string} deploymentId @returns {ConnectionRefusal} */
  stopRefusingConnections(deploymentId) {
    this.store.deployment(deploymentId);
    this.#stopRefusing(this.#of(deploymentId));
    this.store.changed();
    return this.#refusal(deploymentId);
  }

  /** @param {{ refusing: boolean, timer: Timer | undefined }} record */
  #stopRefusing(record) {
    record.refusing = false;
    if (record.timer) this.store.cancel(record.timer);
    record.timer = undefined;
  }

  /** Whether upgrades for the deployment are refused (503) now; asking does not use up an attempt. @param {string | null} deploymentId */
  refusesConnections(deploymentId) {
    const record = deploymentId === null ? undefined : this.#byDeployment.get(deploymentId);
    return Boolean(record?.refusing && (record.until === null || Date.now() < record.until) && (record.remaining === null || record.remaining > 0));
  }

  /**
   * At a WebSocket upgrade: whether to refuse it with 503, counting the attempt.
   * @param {string | null} deploymentId @returns {boolean}
   */
  refuseConnection(deploymentId) {
    if (deploymentId === null || !this.refusesConnections(deploymentId)) return false;
    const record = this.#of(deploymentId);
    record.refusedUpgrades += 1;
    if (record.remaining !== null) {
      record.remaining -= 1;
      if (record.remaining <= 0) this.#stopRefusing(record);
    }
    this.store.changed();
    return true;
  }

  /** The deployments that have had a connection fault, for the state. @returns {DeploymentFaults[]} */
  snapshot() {
    return [...this.#byDeployment.entries()].map(([deploymentId, f]) => ({
      deploymentId, refusingConnections: this.refusesConnections(deploymentId), refusedUpgrades: f.refusedUpgrades, capRefusals: f.capRefusals,
    }));
  }
}
