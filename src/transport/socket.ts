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

/** What the socket actor reports. `at` is epoch ms, so the machines stay free of clocks. */
export type SocketEvent =
  | { readonly type: 'socket.open'; readonly at: number }
  | { readonly type: 'socket.message'; readonly data: unknown; readonly at: number }
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

/**
 * One WebSocket as an actor: it moves strings in and out and says when the socket opens and
 * closes. Stopping the actor closes the socket normally (1000), which never ends a conversation.
 */
export const createSocketActor = (connect: SocketFactory = defaultSocketFactory) =>
  fromCallback<SocketCommand, { url: string }, SocketEvent>(({ input, sendBack, receive }) => {
    let opened = false;
    let closed = false;
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
      sendBack({ type: 'socket.open', at: Date.now() });
    };
    socket.onmessage = event => sendBack({ type: 'socket.message', data: event.data, at: Date.now() });
    socket.onclose = event => {
      if (closed) return;
      closed = true;
      sendBack({ type: 'socket.close', code: event.code, opened });
    };
    // An error is always followed by close; the close carries what the machine needs.
    socket.onerror = () => {};
    receive(command => {
      if (command.type === 'socket.abandon') {
        closed = true;
        socket.close(DEAD_SOCKET, 'The server stopped answering on this connection.');
      } else if (socket.readyState === OPEN) socket.send(command.data);
    });
    return () => {
      closed = true;
      socket.onopen = socket.onmessage = socket.onclose = null;
      socket.close(1000, 'The visitor left the page; the conversation goes on.');
    };
  });
