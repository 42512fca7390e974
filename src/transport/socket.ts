import { fromCallback } from 'xstate';

/** The part of the WebSocket API the widget uses; mock-socket and proxies satisfy it too. */
export interface SocketLike {
  onopen: ((event: Event) => void) | null;
  onmessage: ((event: MessageEvent) => void) | null;
  onclose: ((event: CloseEvent) => void) | null;
  onerror: ((event: Event) => void) | null;
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
}

/** Opens a socket to `url`. Replace it to proxy, instrument or test the connection. */
export type SocketFactory = (url: string) => SocketLike;

export const defaultSocketFactory: SocketFactory = url => new WebSocket(url);

/**
 * What the socket actor reports. `at` is epoch ms, so the machines stay free of clocks. A message after
 * a quiet spell comes at once as `socket.message`; the ones that follow it closely come together, in the
 * next task, as `socket.messages` (in arrival order, `at` when the first of them arrived).
 */
export type SocketEvent =
  | { readonly type: 'socket.open'; readonly at: number }
  | { readonly type: 'socket.message'; readonly data: unknown; readonly at: number }
  | { readonly type: 'socket.messages'; readonly data: readonly unknown[]; readonly at: number }
  | { readonly type: 'socket.close'; readonly code: number; readonly opened: boolean };

export type SocketCommand =
  | { readonly type: 'socket.send'; readonly data: string }
  /** Gives the socket up as dead (`DEAD_SOCKET`), so whatever shares it knows to replace it too. */
  | { readonly type: 'socket.abandon' };

/**
 * The close code of a socket given up because the server stopped answering on it (no echo reply).
 * 4000–4999 are for applications (RFC 6455 §7.4.2); a shared connection is replaced when one of its
 * users closes with this code.
 */
export const DEAD_SOCKET = 4000;

const OPEN = 1;

/** Calls `flush` once, soon; the function it returns cancels the call. */
export type FlushScheduler = (flush: () => void) => () => void;

/** How long a flush waits for an animation frame before it goes without one (a tab hidden meanwhile gets none). */
export const FRAME_FALLBACK = 100;

/** One channel for every flush: making a MessageChannel per burst costs more than the burst's own work. */
let taskChannel: MessageChannel | undefined;
const taskQueue: (() => void)[] = [];

/** The next task: a message-channel task, which hidden tabs do not throttle as they do timers. */
export const nextTask: FlushScheduler = flush => {
  if (typeof MessageChannel !== 'function') {
    const id = setTimeout(flush, 0);
    return () => clearTimeout(id);
  }
  let live = true;
  if (!taskChannel) {
    taskChannel = new MessageChannel();
    // One message a callback, in order: each runs in a task of its own.
    taskChannel.port1.onmessage = () => taskQueue.shift()?.();
  }
  taskQueue.push(() => live && flush());
  taskChannel.port2.postMessage(null);
  return () => {
    live = false;
  };
};

/**
 * The next animation frame, when the page renders anything: what arrives before it is shown in one
 * render. A hidden page renders nothing and gets no frames, so there the next task will do.
 */
export const nextFrame: FlushScheduler = flush => {
  if (typeof requestAnimationFrame !== 'function' || typeof document === 'undefined' || document.visibilityState === 'hidden') {
    return nextTask(flush);
  }
  let done = false;
  const cancel = () => {
    done = true;
    cancelAnimationFrame(frame);
    clearTimeout(fallback);
  };
  const run = () => {
    if (done) return;
    cancel();
    flush();
  };
  const frame = requestAnimationFrame(run);
  const fallback = setTimeout(run, FRAME_FALLBACK);
  return cancel;
};

/** Flushes at once: every message goes on alone, as it arrives (no batching). */
export const immediately: FlushScheduler = flush => {
  flush();
  return () => {};
};

export interface SocketActorOptions {
  /**
   * When the messages of a burst go on together: `nextTask` by default, behind the messages one socket
   * write queued (each its own task), so a burst is a handful of events, not one per message.
   */
  readonly schedule?: FlushScheduler;
}

/** The socket actor's input: the URL, and the clock that stamps `at` (`Date.now` by default). */
export interface SocketInput {
  readonly url: string;
  readonly now?: () => number;
}

/**
 * One WebSocket as an actor: it moves strings in and out and says when the socket opens and
 * closes. Stopping the actor closes the socket normally (1000), which never ends a conversation.
 *
 * Each WebSocket message is a browser task of its own; a burst of them would otherwise be as many
 * machine events and renders. So a message after a quiet spell goes on at once, and those arriving
 * while a flush is pending go on together at the flush (see `SocketEvent`).
 */
export const createSocketActor = (connect: SocketFactory = defaultSocketFactory, options: SocketActorOptions = {}) =>
  fromCallback<SocketCommand, SocketInput, SocketEvent>(({ input, sendBack, receive }) => {
    const schedule = options.schedule ?? nextTask;
    const now = input.now ?? Date.now;
    let opened = false;
    let closed = false;
    /** Messages waiting for the flush; undefined when no flush is pending (the socket was quiet). */
    let burst: unknown[] | undefined;
    let burstAt = 0;
    let cancelFlush = () => {};
    const deliver = (data: readonly unknown[]) => {
      if (data.length === 1) sendBack({ type: 'socket.message', data: data[0], at: burstAt });
      else if (data.length > 1) sendBack({ type: 'socket.messages', data, at: burstAt });
    };
    const flush = () => {
      const data = burst ?? [];
      // Messages still coming: the next ones wait for the next flush too. None: the socket is quiet again.
      burst = data.length ? [] : undefined;
      if (burst) cancelFlush = schedule(flush);
      deliver(data);
    };
    /** Delivers what waits now, before whatever the socket says next (that it closed). */
    const flushNow = () => {
      cancelFlush();
      const data = burst ?? [];
      burst = undefined;
      deliver(data);
    };
    let socket: SocketLike;
    try {
      socket = connect(input.url);
    } catch {
      // A URL the browser refuses outright (or a CSP connect-src block) behaves like a refused handshake.
      queueMicrotask(() => sendBack({ type: 'socket.close', code: 1006, opened: false }));
      return () => {};
    }
    // Handler properties rather than listeners: mock-socket ignores listener options and some proxies lack them.
    socket.onopen = () => {
      opened = true;
      sendBack({ type: 'socket.open', at: now() });
    };
    socket.onmessage = event => {
      const at = now();
      if (burst) {
        if (!burst.length) burstAt = at;
        burst.push(event.data);
        return;
      }
      burst = [];
      // Scheduled first: whatever the message leads to may stop this actor, which cancels the flush.
      cancelFlush = schedule(flush);
      sendBack({ type: 'socket.message', data: event.data, at });
    };
    socket.onclose = event => {
      if (closed) return;
      closed = true;
      flushNow();
      sendBack({ type: 'socket.close', code: event.code, opened });
    };
    // An error is always followed by close; the close carries what the machine needs.
    socket.onerror = () => {};
    receive(command => {
      if (command.type === 'socket.abandon') {
        closed = true;
        cancelFlush();
        burst = undefined;
        socket.close(DEAD_SOCKET, 'The server stopped answering on this connection.');
      } else if (socket.readyState === OPEN) socket.send(command.data);
    });
    return () => {
      closed = true;
      cancelFlush();
      socket.onopen = socket.onmessage = socket.onclose = null;
      socket.close(1000, 'The visitor left the page; the conversation goes on.');
    };
  });
