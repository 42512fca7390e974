/**
 * A bare guest over a real WebSocket, for simulator tests: send frames, await the frames that come
 * back, in order. Nothing here sleeps; every wait is on a frame or a socket event.
 */

export type ServerFrame = {
  type: string;
  class: string;
  code: number;
  body: any;
  tracingId?: string;
  [key: string]: unknown;
};

export interface Guest {
  readonly socket: WebSocket;
  /** True once open; false if the socket closed without ever opening (a refused handshake). */
  readonly opened: Promise<boolean>;
  /** Every frame received so far, in order, parsed (whether or not `next` consumed it). */
  readonly received: ServerFrame[];
  /** Sends a frame (objects are JSON-encoded, strings go as they are), once the socket is open. */
  send(frame: unknown): void;
  /**
   * The next received frame matching `predicate` (any frame without one) that no earlier `next`
   * took: frames that arrived before the call count. Rejects if the socket closes first.
   */
  next(predicate?: (frame: ServerFrame) => boolean): Promise<ServerFrame>;
  readonly closed: Promise<CloseEvent>;
  close(code?: number): void;
}

interface Waiter {
  predicate: (frame: ServerFrame) => boolean;
  resolve: (frame: ServerFrame) => void;
  reject: (error: Error) => void;
}

export function openGuest(wsUrl: string, deploymentId: string): Guest {
  const socket = new WebSocket(`${wsUrl}?deploymentId=${encodeURIComponent(deploymentId)}`);
  const received: ServerFrame[] = [];
  const unread: ServerFrame[] = [];
  const waiters: Waiter[] = [];
  let isClosed = false;

  const opened = new Promise<boolean>(resolve => {
    socket.addEventListener('open', () => resolve(true), { once: true });
    socket.addEventListener('close', () => resolve(false), { once: true });
  });

  const closed = new Promise<CloseEvent>(resolve => {
    socket.addEventListener('close', event => {
      isClosed = true;
      for (const waiter of waiters.splice(0)) {
        waiter.reject(new Error(`the socket closed (${event.code}) before the awaited frame arrived`));
      }
      resolve(event);
    });
  });

  socket.addEventListener('message', event => {
    let frame: ServerFrame;
    try {
      frame = JSON.parse(String(event.data)) as ServerFrame;
    } catch {
      // Kept, so a schema check of `received` reports it instead of the test hanging.
      frame = { type: 'not-json', class: 'not-json', code: -1, body: String(event.data) };
    }
    received.push(frame);
    const index = waiters.findIndex(w => w.predicate(frame));
    if (index >= 0) waiters.splice(index, 1)[0]!.resolve(frame);
    else unread.push(frame);
  });

  return {
    socket,
    opened,
    received,
    send(frame) {
      const text = typeof frame === 'string' ? frame : JSON.stringify(frame);
      void opened.then(open => {
        if (open && socket.readyState === WebSocket.OPEN) socket.send(text);
      });
    },
    next(predicate = () => true) {
      const index = unread.findIndex(predicate);
      if (index >= 0) return Promise.resolve(unread.splice(index, 1)[0]!);
      if (isClosed) return Promise.reject(new Error('the socket is closed and no unread frame matches'));
      return new Promise((resolve, reject) => waiters.push({ predicate, resolve, reject }));
    },
    closed,
    close(code = 1000) {
      socket.close(code);
    },
  };
}

/**
 * Whether a frame without a tracingId is an answer to a request, as Genesys sends them (reference §4.9):
 * a `response`, the Inbound echo of a guest's message or event, or an error.
 */
const isUntaggedAnswer = (frame: ServerFrame): boolean =>
  frame.tracingId === undefined &&
  frame.body?.tracingId === undefined &&
  (frame.type === 'response' || frame.code >= 400 || (frame.class === 'StructuredMessage' && frame.body?.direction === 'Inbound'));

/**
 * Sends a request with a fresh tracingId (unless it has one) and resolves with its answer: the frame
 * that carries the tracingId back, or the first answer that names no request (the simulator's strict
 * default, as Genesys: one request at a time makes it this one's).
 */
export function ask(guest: Guest, request: Record<string, unknown>): Promise<ServerFrame> {
  const tracingId = typeof request['tracingId'] === 'string' ? request['tracingId'] : crypto.randomUUID();
  guest.send({ ...request, tracingId });
  return guest.next(frame => frame.tracingId === tracingId || isUntaggedAnswer(frame));
}
