import type { SocketFactory } from './socket.js';

let make: (() => SocketFactory) | undefined;
let shared: SocketFactory | undefined;

/** The conversation part of the widget brings the tab hub; it is made on the first connection. */
export function provideSharedSockets(factory: () => SocketFactory): void {
  make ??= factory;
}

/**
 * The default socket factory: one connection per session shared by the page's widgets and the site's
 * other tabs, so the Guest API's cap on connections per session is never reached (§4.3).
 */
export const sharedSockets: SocketFactory = url => (shared ??= make?.() ?? (u => new WebSocket(u)))(url);
