import type { SocketFactory, SocketLike } from '../../src/transport/socket.js';

/** A socket the test drives by hand: it opens, delivers frames and drops only when told to. */
export class FakeSocket implements SocketLike {
  onopen: ((event: Event) => void) | null = null;
  onmessage: ((event: MessageEvent) => void) | null = null;
  onclose: ((event: CloseEvent) => void) | null = null;
  onerror: ((event: Event) => void) | null = null;
  readyState = 0;
  /** Frames the client sent, parsed. */
  readonly sent: Record<string, unknown>[] = [];
  /** The code the client closed with, if it closed. */
  closedWith?: number;
  /** Answer keep-alive echoes as a live server does; off to play a socket that died silently. */
  answersEcho = true;
  /** Name the echo in its reply, as the schema allows; off to play a server that does not (§4.9). */
  tagsEchoReplies = true;

  constructor(readonly url: string) {}

  send(data: string): void {
    const frame = JSON.parse(data) as Record<string, unknown>;
    this.sent.push(frame);
    if (frame['action'] === 'echo' && this.answersEcho && this.readyState === 1) {
      this.deliver({
        type: 'response',
        class: 'StructuredMessage',
        code: 200,
        body: { text: 'ping', type: 'Text', direction: 'Inbound', id: crypto.randomUUID() },
        ...(this.tagsEchoReplies ? { tracingId: frame['tracingId'] } : {}),
      });
    }
  }

  close(code = 1000): void {
    if (this.readyState === 3) return;
    this.readyState = 3;
    this.closedWith = code;
  }

  open(): void {
    this.readyState = 1;
    this.onopen?.(new Event('open'));
  }

  /** Delivers a server frame: an object is serialised, a string is sent as it is. */
  deliver(frame: unknown): void {
    const data = typeof frame === 'string' ? frame : JSON.stringify(frame);
    this.onmessage?.(new MessageEvent('message', { data }));
  }

  drop(code = 1006): void {
    this.readyState = 3;
    this.onclose?.(new CloseEvent('close', { code }));
  }
}

/** Hands out FakeSockets and keeps them, so a test can reach every connection the client made. */
export function fakeSockets() {
  const sockets: FakeSocket[] = [];
  const factory: SocketFactory = url => {
    const socket = new FakeSocket(url);
    sockets.push(socket);
    return socket;
  };
  return {
    factory,
    sockets,
    get current(): FakeSocket {
      const socket = sockets.at(-1);
      if (!socket) throw new Error('no socket was opened');
      return socket;
    },
    /** Every frame sent on every socket, in order. */
    get sent(): Record<string, unknown>[] {
      return sockets.flatMap(s => s.sent);
    },
  };
}
