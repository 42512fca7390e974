import type { FlushScheduler } from '../../src/transport/socket.js';

/** A flush scheduler the test runs by hand: `flush()` is the next animation frame. */
export function manualFrames() {
  let pending: (() => void) | undefined;
  const schedule: FlushScheduler = flush => {
    pending = flush;
    return () => {
      if (pending === flush) pending = undefined;
    };
  };
  return {
    schedule,
    get pending(): boolean {
      return pending !== undefined;
    },
    /** Runs the pending flush, if there is one. */
    flush() {
      const run = pending;
      pending = undefined;
      run?.();
    },
  };
}
