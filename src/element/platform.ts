import { CHAT_STATES, type ChatState } from '../machine/chat.state.js';

/** Mirrors the state into `:state()`, so themes can react without attributes being reflected. */
export function syncStates(internals: ElementInternals, current: ChatState): void {
  for (const s of CHAT_STATES) {
    try {
      if (s === current) internals.states.add(s);
      else internals.states.delete(s);
    } catch {
      // Engines without CustomStateSet: the `state` property still tells.
    }
  }
}

/** After the first paint, when the browser has a moment. */
export function whenIdle(callback: () => void): void {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(callback, { timeout: 5000 });
  else setTimeout(callback, 200);
}

/**
 * Once the frame that shows the element is painted (or soon, in a tab that paints nothing): work that
 * the launcher does not need waits for it, so adding the element costs the page almost nothing.
 */
export function afterPaint(callback: () => void): void {
  let done = false;
  const run = () => {
    if (done) return;
    done = true;
    callback();
  };
  requestAnimationFrame(() => setTimeout(run));
  setTimeout(run, 100);
}
