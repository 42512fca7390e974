// @ts-check
/**
 * One guest socket's way out, through the outbound frame faults the control API set on its token
 * (`frame-faults.mjs`). With no faults a frame goes straight to the transport, synchronously, as if
 * the outbox were not there.
 *
 * The stages, in order: withhold (queue until released) → reorder (swap each consecutive pair) →
 * duplicate (StructuredMessage frames twice) → delay (each frame `delayMs` later, order kept).
 */

/**
 * @typedef {import('./frame-faults.mjs').Faults} Faults
 * @typedef {ReturnType<typeof setTimeout>} Timer
 * @typedef {{ later(ms: number, run: () => void): Timer, cancel(timer: Timer): void }} Clock
 *   The simulator's timers, so shutting it down stops the outboxes' too.
 * @typedef {{ send(text: string): void, close(code: number): void, terminate(): void, isOpen(): boolean }} Transport
 * @typedef {{ text: string, structured: boolean }} Outgoing
 *   A frame on its way; `structured` when its class is StructuredMessage (only those are duplicated).
 */

/** How long a lone frame waits for a second one to swap with, under `reorder`. */
export const REORDER_HOLD_MS = 200;

/** Whether a frame's text is a StructuredMessage (raw frames too, when they parse). @param {string} text */
export function isStructuredMessage(text) {
  try {
    const frame = JSON.parse(text);
    return typeof frame === 'object' && frame !== null && frame.class === 'StructuredMessage';
  } catch {
    return false;
  }
}

/**
 * One socket's way out. Faults are read at every step (they belong to the session token, and may
 * change while frames are on their way); `refresh` lets go of what a fault that was turned off held.
 */
export class Outbox {
  /** @type {Outgoing[]} */
  #withheld = [];
  /** @type {Outgoing | null} */
  #held = null;
  /** @type {Timer | undefined} */
  #holdTimer;
  /** @type {({ text: string, due: number } | { close: number, due: number })[]} */
  #delayed = [];
  /** @type {Timer | undefined} */
  #delayTimer;
  /** Set once the server closes the socket (the close may still be on its way) or it is gone. */
  #closing = false;

  /**
   * @param {Transport} transport @param {Clock} clock @param {() => Faults} faults the faults in force now
   * @param {(count: number) => void} dropped told how many withheld frames went with the socket
   */
  constructor(transport, clock, faults, dropped) {
    this.transport = transport;
    this.clock = clock;
    this.faults = faults;
    this.dropped = dropped;
  }

  /** Frames held back until `release`. */
  get withheld() {
    return this.#withheld.length;
  }

  /** @param {string} text @param {boolean} [structured] */
  send(text, structured = isStructuredMessage(text)) {
    if (this.#closing) return;
    const faults = this.faults();
    if (faults.withhold) this.#withheld.push({ text, structured });
    else this.#reorder({ text, structured }, faults);
  }

  /** Sends the withheld frames on, in order, through the other faults in force. @returns {number} how many */
  release() {
    const frames = this.#withheld.splice(0);
    const faults = this.faults();
    for (const frame of frames) this.#reorder(frame, faults);
    return frames.length;
  }

  /** The faults changed: what a fault now off was holding goes on. @returns {number} withheld frames released */
  refresh() {
    const faults = this.faults();
    if (!faults.reorder) this.#flushHeld(faults);
    return faults.withhold ? 0 : this.release();
  }

  /**
   * The server closes the socket: frames already on their way (delayed, or held for a swap) go
   * first, then the close. Withheld frames were never sent; they are dropped.
   * @param {number} code
   */
  close(code) {
    if (this.#closing) return;
    this.#closing = true;
    this.#dropWithheld();
    const faults = this.faults();
    this.#flushHeld(faults);
    this.#delay({ close: code }, faults);
  }

  /** The server cuts the connection: nothing still queued arrives. */
  terminate() {
    this.gone();
    this.transport.terminate();
  }

  /** The socket closed (either side): everything still queued is lost with it. */
  gone() {
    this.#closing = true;
    this.#dropWithheld();
    this.#held = null;
    this.#delayed = [];
    if (this.#holdTimer) this.clock.cancel(this.#holdTimer);
    if (this.#delayTimer) this.clock.cancel(this.#delayTimer);
    this.#holdTimer = undefined;
    this.#delayTimer = undefined;
  }

  #dropWithheld() {
    const count = this.#withheld.length;
    this.#withheld = [];
    if (count) this.dropped(count);
  }

  /** @param {Outgoing} frame @param {Faults} faults */
  #reorder(frame, faults) {
    if (!faults.reorder) {
      this.#flushHeld(faults);
      return this.#duplicate(frame, faults);
    }
    const first = this.#held;
    if (!first) {
      this.#held = frame;
      this.#holdTimer = this.clock.later(REORDER_HOLD_MS, () => {
        this.#holdTimer = undefined;
        this.#flushHeld(this.faults());
      });
      return;
    }
    this.#held = null;
    if (this.#holdTimer) this.clock.cancel(this.#holdTimer);
    this.#holdTimer = undefined;
    this.#duplicate(frame, faults);
    this.#duplicate(first, faults);
  }

  /** @param {Faults} faults */
  #flushHeld(faults) {
    const held = this.#held;
    if (!held) return;
    this.#held = null;
    if (this.#holdTimer) this.clock.cancel(this.#holdTimer);
    this.#holdTimer = undefined;
    this.#duplicate(held, faults);
  }

  /** @param {Outgoing} frame @param {Faults} faults */
  #duplicate(frame, faults) {
    this.#delay({ text: frame.text }, faults);
    if (faults.duplicate && frame.structured) this.#delay({ text: frame.text }, faults);
  }

  /** @param {{ text: string } | { close: number }} item @param {Faults} faults */
  #delay(item, faults) {
    // Nothing ahead of it and no delay: out now, as without faults.
    if (faults.delayMs === 0 && this.#delayed.length === 0) return this.#out(item);
    this.#delayed.push({ ...item, due: Date.now() + faults.delayMs });
    this.#arm();
  }

  #arm() {
    const head = this.#delayed[0];
    if (this.#delayTimer || !head) return;
    this.#delayTimer = this.clock.later(Math.max(0, head.due - Date.now()), () => {
      this.#delayTimer = undefined;
      // First in, first out: a frame never overtakes one sent before it, whatever their delays.
      while (this.#delayed[0] && this.#delayed[0].due <= Date.now()) this.#out(/** @type {{ text: string } | { close: number }} */ (this.#delayed.shift()));
      this.#arm();
    });
  }

  /** @param {{ text: string } | { close: number }} item */
  #out(item) {
    if (!this.transport.isOpen()) return;
    if ('close' in item) this.transport.close(item.close);
    else this.transport.send(item.text);
  }
}
