// @ts-check
/**
 * Outbound frame faults (`POST /sim/sessions/:token/faults`): what the control API makes the
 * "network" do to the frames the server sends the sockets of one session token, now and later.
 * Each socket's `Outbox` (`outbox.mjs`) applies them.
 */
import { Outbox } from './outbox.mjs';
import { NotFound } from './errors.mjs';

/**
 * @typedef {import('./connection.mjs').Connection} Connection
 * @typedef {import('./sessions.mjs').Session} Session
 * @typedef {import('./store.mjs').Store} Store
 * @typedef {{ delayMs: number, duplicate: boolean, reorder: boolean, withhold: boolean }} Faults
 */

export const MAX_DELAY_MS = 60_000;
const FAULT_KEYS = ['delayMs', 'duplicate', 'reorder', 'withhold'];

/** @type {Readonly<Faults>} */
export const NO_FAULTS = Object.freeze({ delayMs: 0, duplicate: false, reorder: false, withhold: false });

/**
 * The faults a control request asks for; anything left out is off. Unknown keys are refused, so a
 * typo cannot silently leave a test without its fault.
 * @param {unknown} value @returns {Faults}
 */
export function readFaults(value) {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new RangeError('faults must be an object');
  const given = /** @type {Record<string, unknown>} */ (value);
  const unknown = Object.keys(given).filter(key => !FAULT_KEYS.includes(key));
  if (unknown.length) throw new RangeError(`unknown fault ${unknown.join(', ')} (there are ${FAULT_KEYS.join(', ')})`);
  const delayMs = given['delayMs'] ?? 0;
  if (typeof delayMs !== 'number' || !Number.isInteger(delayMs) || delayMs < 0 || delayMs > MAX_DELAY_MS) {
    throw new RangeError(`delayMs must be an integer from 0 to ${MAX_DELAY_MS}`);
  }
  /** @param {string} key */
  const flag = key => {
    const on = given[key] ?? false;
    if (typeof on !== 'boolean') throw new RangeError(`${key} must be a boolean`);
    return on;
  };
  return { delayMs, duplicate: flag('duplicate'), reorder: flag('reorder'), withhold: flag('withhold') };
}

/** @param {Faults} faults */
export const anyFault = faults => faults.delayMs > 0 || faults.duplicate || faults.reorder || faults.withhold;

/** The outbound faults of every token, and the outboxes that read them. */
export class FrameFaults {
  /** Faults by session token, and the withheld frames dropped with their sockets since the last release. */
  /** @type {Map<string, { faults: Faults | null, dropped: number }>} */
  #byToken = new Map();

  /** @param {Store} store */
  constructor(store) {
    this.store = store;
  }

  /**
   * A socket's way out. It reads the faults of the token the socket is on at each frame, since a
   * socket gets its token only at `configureSession` and the faults may change at any time.
   * @param {Connection} connection
   */
  outbox(connection) {
    return new Outbox(
      connection.transport,
      this.store,
      () => this.#faultsOf(connection.faultToken),
      count => this.#countDropped(connection.faultToken, count),
    );
  }

  /** @param {string | null} token @returns {Faults} */
  #faultsOf(token) {
    return (token === null ? undefined : this.#byToken.get(token)?.faults) ?? NO_FAULTS;
  }

  /** @param {string | null} token @param {number} count */
  #countDropped(token, count) {
    if (token === null) return;
    const record = this.#byToken.get(token) ?? { faults: null, dropped: 0 };
    record.dropped += count;
    this.#byToken.set(token, record);
    this.store.changed();
  }

  /** The open sockets whose frames go through this token's faults. @param {string} token */
  #socketsOfToken(token) {
    return [...this.store.connections].filter(c => c.faultToken === token);
  }

  /**
   * Sets the outbound faults of a session token, for its current and future sockets; replaces the
   * ones in force (what is left out is off). A token with no session yet may be given: its faults
   * apply from its first `configureSession`. Turning `withhold` off sends the withheld frames on;
   * turning `reorder` off sends a held frame.
   * @param {string} token @param {Faults} faults
   * @returns {{ faults: Faults | null, sockets: number, released: number }}
   */
  set(token, faults) {
    const record = this.#byToken.get(token) ?? { faults: null, dropped: 0 };
    record.faults = anyFault(faults) ? { ...faults } : null;
    this.#byToken.set(token, record);
    const sockets = this.#socketsOfToken(token);
    const released = sockets.reduce((sum, socket) => sum + socket.outbox.refresh(), 0);
    this.store.changed();
    return { faults: record.faults ? { ...record.faults } : null, sockets: sockets.length, released };
  }

  /** Turns every fault of the token off, sending on what they held. @param {string} token */
  clear(token) {
    return this.set(token, NO_FAULTS);
  }

  /**
   * Sends every frame withheld for the token's sockets, in order. `dropped`: the withheld frames
   * that went with a socket closed since the last release (they were never delivered).
   * @param {string} token @returns {{ released: number, dropped: number }}
   */
  release(token) {
    const record = this.#byToken.get(token);
    const sockets = this.#socketsOfToken(token);
    if (!record && sockets.length === 0 && ![...this.store.sessions.values()].some(s => s.token === token)) {
      throw new NotFound(`no session or faults with token ${token}`);
    }
    const released = sockets.reduce((sum, socket) => sum + socket.outbox.release(), 0);
    const dropped = record?.dropped ?? 0;
    if (record) record.dropped = 0;
    this.store.changed();
    return { released, dropped };
  }

  /** The faults in force for a token, for the state; null when none. @param {string} token */
  of(token) {
    return this.#byToken.get(token)?.faults ?? null;
  }

  /** The frames withheld now for the session's sockets (and those detached from it but still closing). @param {Session} session */
  withheld(session) {
    return [...this.store.connections]
      .filter(c => c.faultToken === session.token && c.deploymentId === session.deploymentId)
      .reduce((sum, c) => sum + c.outbox.withheld, 0);
  }
}
