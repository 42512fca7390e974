import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * Moves focus once the next update has rendered its target: after the panel opens, a dialog closes or
 * the buttons that had focus are gone, keyboard users land where the conversation goes on.
 */
export class FocusReturn<Target extends string> implements ReactiveController {
  readonly #find: (target: Target) => HTMLElement | undefined;
  #next?: Target[];

  /** `find` looks a target up in the rendered DOM; the first of a list that is there takes focus. */
  constructor(host: ReactiveControllerHost, find: (target: Target) => HTMLElement | undefined) {
    this.#find = find;
    host.addController(this);
  }

  /** After the next update, focus the first of `targets` that is rendered. */
  next(...targets: Target[]): void {
    this.#next = targets;
  }

  hostUpdated(): void {
    const targets = this.#next;
    this.#next = undefined;
    for (const target of targets ?? []) {
      const el = this.#find(target);
      if (el) {
        el.focus();
        return;
      }
    }
  }
}
