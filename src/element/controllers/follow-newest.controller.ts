import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** How close to the bottom (px) the visitor must be for new messages to scroll into view. */
const STICKY_DISTANCE = 48;

/**
 * Keeps the newest message in view while the visitor reads the newest messages, without reading
 * layout while rendering: where the visitor is comes from scroll events, and the scroll to the
 * bottom happens in the next animation frame, where the browser lays out for the paint anyway.
 * Content put above what the visitor reads (earlier messages) keeps its place by the browser's own
 * scroll anchoring.
 */
export class FollowNewest implements ReactiveController {
  readonly #log: () => HTMLElement | undefined;
  #atBottom = true;
  #follow = false;
  #frame = 0;
  /** The next scroll event is the one this controller caused. */
  #scrolling = false;

  constructor(host: ReactiveControllerHost, log: () => HTMLElement | undefined) {
    this.#log = log;
    host.addController(this);
  }

  /** The visitor is reading the newest messages (as of the last scroll). */
  get atBottom(): boolean {
    return this.#atBottom;
  }

  /** Bring the newest message into view after the next update (the visitor sent something, or opened the panel). */
  follow(): void {
    this.#follow = true;
  }

  /** Call from the transcript's scroll listener: a scroll event comes after layout, so reading it here is free. */
  scrolled(log: HTMLElement): void {
    // Our own scroll to the bottom: a picture may have grown the transcript since, which is no reason to stop following.
    if (this.#scrolling) this.#scrolling = false;
    else this.#atBottom = log.scrollHeight - log.scrollTop - log.clientHeight < STICKY_DISTANCE;
  }

  /** Pictures load after the render that showed them: keep the newest in view when they do. */
  mediaLoaded(): void {
    if (this.#atBottom) this.#scrollSoon();
  }

  hostUpdated(): void {
    if (this.#follow || this.#atBottom) this.#scrollSoon();
    this.#follow = false;
  }

  hostDisconnected(): void {
    cancelAnimationFrame(this.#frame);
    this.#frame = 0;
  }

  #scrollSoon(): void {
    if (this.#frame) return;
    this.#frame = requestAnimationFrame(() => {
      this.#frame = 0;
      const log = this.#log();
      if (!log) return;
      const before = log.scrollTop;
      log.scrollTop = log.scrollHeight;
      // Only a position that changed fires a scroll event, before the next frame's callbacks.
      this.#scrolling = log.scrollTop !== before;
      this.#atBottom = true;
      requestAnimationFrame(() => (this.#scrolling = false));
    });
  }
}
