import { Server, WebSocket as MockWebSocket, type Client } from 'mock-socket';
import { SessionStore } from '../../src/session/session-store.js';
import { openKey } from '../../src/session/session-key.js';
import type { SocketFactory, SocketLike } from '../../src/transport/socket.js';
import type { Fetcher } from '../../src/machine/http.actors.js';
import {
  agentMessage,
  clearForbidden,
  connectionClosed,
  deploymentConfig,
  errorFrame,
  inboundContentEcho,
  inboundEcho,
  jwtResponse,
  sessionCleared,
  sessionResponse,
} from './frames.js';

/** A frame the widget sent, parsed. */
export type Frame = Record<string, unknown>;

/** How the server answers Presence Clear: acknowledge, stay silent, or refuse as a deployment without "conversation clear". */
export type ClearMode = 'ack' | 'withhold' | 'forbid';

export interface MockServerOptions {
  clear?: ClearMode;
  /** Answer the visitor's text with its Inbound echo, or refuse it (400 with the same tracingId). */
  text?: 'echo' | 'reject';
  /** The deployment's config.json; `status` other than 200 makes the request fail. */
  config?: Record<string, unknown>;
  configStatus?: number;
  /** Extra SessionResponse fields (durationSeconds, maxCustomDataBytes, ...). */
  session?: Record<string, unknown>;
  /**
   * Echoes and errors carry the request's tracingId (the default); `false` sends them without one, as
   * Genesys often does (§4.9).
   */
  tagAnswers?: boolean;
}

const running = new Set<MockServer>();
afterEach(() => {
  running.forEach(server => {
    server.stop();
    // Only this test's session: test files run side by side on one origin and share localStorage.
    new SessionStore(server.deploymentId).clear();
    sessionStorage.removeItem(openKey(server.deploymentId));
  });
  running.clear();
});

let count = 0;

const presenceOf = (frame: Frame): string | undefined => {
  const message = frame['message'] as { type?: string; events?: { presence?: { type?: string } }[] } | undefined;
  return frame['action'] === 'onMessage' && message?.type === 'Event' ? message.events?.[0]?.presence?.type : undefined;
};

/** Whether a frame the widget sent is Presence Clear. */
export const isClear = (frame: Frame): boolean => presenceOf(frame) === 'Clear';

/**
 * A Guest API good enough for element tests, on mock-socket at a URL of its own: sessions by token,
 * echoes of the visitor's text, agent messages on demand, and Presence Clear answered as configured.
 */
export class MockServer {
  /** A fresh deployment id, so stored sessions of other tests never interfere. */
  readonly deploymentId = crypto.randomUUID();
  /** The `endpoint` attribute for the element. */
  readonly endpoint = `wss://mock-${++count}.genesys.test/v1`;
  /** Every frame received, in order. */
  readonly received: Frame[] = [];
  /** The close code of every socket the widget closed. */
  readonly closeCodes: number[] = [];
  /** Sockets the widget asked the factory for (counted at once, before they open). */
  socketsOpened = 0;
  clear: ClearMode;
  text: 'echo' | 'reject';
  config: Record<string, unknown>;
  configStatus: number;
  session: Record<string, unknown>;
  tagAnswers: boolean;
  /** The conversation's history as message bodies, newest first (served in pages with the JWT). */
  history: Record<string, unknown>[] = [];
  /** Every URL the widget fetched, in order. */
  readonly fetched: string[] = [];
  /** History requests wait for this when set (a test then decides when the page arrives). */
  historyGate?: Promise<void>;
  static readonly JWT = 'mock-jwt';

  /** Pass as the element's `fetcher`: config.json and the history endpoint. */
  readonly fetcher: Fetcher = async (url, init) => {
    this.fetched.push(url);
    if (url.endsWith('/config.json')) {
      return new Response(JSON.stringify(this.config), { status: this.configStatus, headers: { 'Content-Type': 'application/json' } });
    }
    const parsed = new URL(url);
    if (parsed.pathname === '/api/v2/webmessaging/messages') {
      await this.historyGate;
      const auth = new Headers(init?.headers).get('Authorization');
      if (auth !== `bearer ${MockServer.JWT}`) return new Response('{}', { status: 401 });
      const pageNumber = Number(parsed.searchParams.get('pageNumber'));
      const pageSize = Number(parsed.searchParams.get('pageSize'));
      const entities = this.history.slice((pageNumber - 1) * pageSize, pageNumber * pageSize);
      const body = { entities, pageNumber, pageSize, total: this.history.length, pageCount: Math.ceil(this.history.length / pageSize) };
      return new Response(JSON.stringify(body), { status: 200 });
    }
    return new Response('not found', { status: 404 });
  };

  /** Pass as the element's `socketFactory`. */
  readonly socketFactory: SocketFactory = url => {
    this.socketsOpened++;
    // mock-socket's WebSocket has the same surface; its typings differ in details only.
    return new MockWebSocket(url) as unknown as SocketLike;
  };

  readonly #server: Server;
  readonly #tokens = new Set<string>();
  readonly #sessions = new Map<Client, string>();

  constructor(options: MockServerOptions = {}) {
    this.clear = options.clear ?? 'ack';
    this.text = options.text ?? 'echo';
    this.config = options.config ?? deploymentConfig();
    this.configStatus = options.configStatus ?? 200;
    this.session = options.session ?? {};
    this.tagAnswers = options.tagAnswers ?? true;
    this.#server = new Server(this.endpoint, { mock: false });
    this.#server.on('connection', socket => this.#accept(socket));
    running.add(this);
  }

  /** The Clear frames received. */
  get clears(): Frame[] {
    return this.received.filter(isClear);
  }

  /** Sockets open right now. */
  get connections(): number {
    return this.#sessions.size;
  }

  /** An agent (or, with `bot`, a bot) writes to every open socket. */
  agentSays(text: string, name?: string, bot = false): void {
    this.sendToAll(agentMessage(text, { ...(name ? { nickname: name } : {}), bot }));
  }

  sendToAll(frame: unknown): void {
    for (const socket of this.#sessions.keys()) socket.send(JSON.stringify(frame));
  }

  /** Drops every open socket from the server side, as a network failure would. */
  dropAll(): void {
    for (const socket of this.#sessions.keys()) socket.close({ code: 1006, reason: 'dropped', wasClean: false });
  }

  stop(): void {
    this.#server.stop();
  }

  #accept(socket: Client): void {
    this.#sessions.set(socket, '');
    socket.on('message', data => this.#receive(socket, JSON.parse(String(data)) as Frame));
    // The typings declare no argument, but mock-socket passes the CloseEvent.
    socket.on('close', ((event: CloseEvent) => {
      this.closeCodes.push(event.code);
      this.#sessions.delete(socket);
    }) as () => void);
  }

  #receive(socket: Client, frame: Frame): void {
    this.received.push(frame);
    const token = String(frame['token']);
    const tracingId = typeof frame['tracingId'] === 'string' ? frame['tracingId'] : undefined;
    const reply = (answer: unknown) => socket.send(JSON.stringify(answer));
    if (frame['action'] === 'configureSession') {
      this.#sessions.set(socket, token);
      reply(sessionResponse({ ...this.session, newSession: !this.#tokens.has(token) }, tracingId));
      this.#tokens.add(token);
      return;
    }
    if (frame['action'] === 'closeSession') {
      // The session's other sockets are closed; this one hears that its session is no longer connected (§2.8).
      for (const [other, t] of this.#sessions) if (other !== socket && t === token) other.send(JSON.stringify(connectionClosed()));
      reply(sessionResponse({ ...this.session, connected: false }, tracingId));
      return;
    }
    if (frame['action'] === 'echo') {
      // The reply carries the session's refreshed expiry (§2.5, §4.6): an hour from now.
      const expiration = Math.floor(Date.now() / 1000) + 3600;
      reply({
        type: 'response',
        class: 'StructuredMessage',
        code: 200,
        body: { text: 'ping', type: 'Text', direction: 'Inbound', id: crypto.randomUUID(), metadata: { durationSeconds: '3600', expirationDate: String(expiration) } },
        ...(tracingId ? { tracingId } : {}),
      });
      return;
    }
    if (frame['action'] === 'getJwt') {
      reply(jwtResponse(MockServer.JWT, tracingId));
      return;
    }
    const message = frame['message'] as { type?: string; text?: string; content?: unknown[] } | undefined;
    const answerId = this.tagAnswers ? tracingId : undefined;
    if (frame['action'] === 'onMessage' && (message?.type === 'Text' || message?.type === 'Structured') && tracingId) {
      const echo = message.content?.length ? inboundContentEcho(message, answerId) : inboundEcho(message.text ?? '', answerId);
      reply(this.text === 'echo' ? echo : errorFrame(400, 'Message rejected', answerId));
      return;
    }
    if (isClear(frame)) this.#onClear(token, answerId);
  }

  #onClear(token: string, tracingId: string | undefined): void {
    if (this.clear === 'withhold') return;
    const session = [...this.#sessions].filter(([, t]) => t === token).map(([socket]) => socket);
    if (this.clear === 'forbid') {
      session.forEach(socket => socket.send(JSON.stringify(clearForbidden(tracingId))));
      return;
    }
    // As Genesys does: every socket of the session hears it, and the session is gone (the token starts afresh).
    this.#tokens.delete(token);
    for (const socket of session) {
      socket.send(JSON.stringify(sessionCleared()));
      socket.send(JSON.stringify(connectionClosed()));
    }
  }
}
