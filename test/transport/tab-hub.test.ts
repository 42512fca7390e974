import { decodeFrame } from '../../src/protocol/decode.js';
import { DEAD_SOCKET } from '../../src/transport/socket.js';
import { expect, waitUntil } from '@open-wc/testing';
import { createActor } from 'xstate';
import { createChatLogic } from '../../src/machine/chat.logic.js';
import { stateOf } from '../../src/machine/chat.state.js';
import type { ChatEmitted } from '../../src/machine/chat.types.js';
import type { SocketFactory, SocketLike } from '../../src/transport/socket.js';
import {
  ANSWER_TIMEOUT,
  GRACE_PERIOD,
  OPEN_TIMEOUT,
  sharedSocketFactory,
  type LockManagerLike,
  type Timer,
} from '../../src/transport/tab-hub.js';
import { fakeHttp } from '../helpers/fake-http.js';
import { fakeSockets, type FakeSocket } from '../helpers/fake-socket.js';
import { agentMessage, errorFrame, inboundEcho, sessionCleared, sessionResponse } from '../helpers/frames.js';

const TOKEN = 'token-1';

/** Web Locks for several simulated tabs of one page: granted in request order, released when a tab closes. */
class FakeLocks {
  readonly #held = new Map<string, Request>();
  readonly #queues = new Map<string, Request[]>();

  held(name: string): boolean {
    return this.#held.has(name);
  }

  client(): LockManagerLike & { crash(): void } {
    const mine = new Set<Request>();
    return {
      request: (name, callback) =>
        new Promise((resolve, reject) => {
          const request: Request = { name, callback, resolve, reject, dead: false };
          mine.add(request);
          this.#queue(name).push(request);
          this.#pump(name);
        }),
      crash: () => {
        for (const request of mine) {
          request.dead = true;
          const queue = this.#queue(request.name);
          if (queue.includes(request)) queue.splice(queue.indexOf(request), 1);
          if (this.#held.get(request.name) === request) {
            this.#held.delete(request.name);
            this.#pump(request.name);
          }
        }
      },
    };
  }

  #queue(name: string): Request[] {
    let queue = this.#queues.get(name);
    if (!queue) this.#queues.set(name, (queue = []));
    return queue;
  }

  #pump(name: string): void {
    if (this.#held.has(name)) return;
    const next = this.#queue(name).shift();
    if (!next) return;
    this.#held.set(name, next);
    const finish = () => {
      if (this.#held.get(name) !== next) return;
      this.#held.delete(name);
      this.#pump(name);
    };
    queueMicrotask(() => {
      if (next.dead) return;
      Promise.resolve()
        .then(() => next.callback({ name }))
        .then(
          value => (finish(), next.resolve(value)),
          error => (finish(), next.reject(error)),
        );
    });
  }
}

interface Request {
  readonly name: string;
  readonly callback: (lock: unknown) => unknown;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
  dead: boolean;
}

/** Timers the test fires by hand, by their delay. */
function manualTimers() {
  const pending: { ms: number; run: () => void; cancelled: boolean }[] = [];
  const timer: Timer = (run, ms) => {
    const entry = { ms, run, cancelled: false };
    pending.push(entry);
    return () => void (entry.cancelled = true);
  };
  return {
    timer,
    /** How many timers of this delay are waiting. */
    pending: (ms: number) => pending.filter(entry => !entry.cancelled && entry.ms === ms).length,
    /** Fires every pending timer of this delay. */
    fire(ms: number) {
      for (const entry of pending.splice(0)) {
        if (entry.cancelled) continue;
        if (entry.ms === ms) entry.run();
        else pending.push(entry);
      }
    },
  };
}

/** A virtual socket with what happened to it. */
function track(socket: SocketLike) {
  const t = { socket, open: false, frames: [] as Record<string, unknown>[], raw: [] as unknown[], closed: undefined as number | undefined };
  socket.onopen = () => void (t.open = true);
  // The leader's own tab hands its sockets the frame it decoded; other tabs get the text.
  socket.onmessage = event => {
    t.raw.push(event.data);
    try {
      t.frames.push((typeof event.data === 'string' ? JSON.parse(event.data) : event.data) as Record<string, unknown>);
    } catch {
      // Unreadable text: kept in `raw` only.
    }
  };
  socket.onclose = event => {
    t.open = false;
    t.closed = event.code;
  };
  return t;
}
type Client = ReturnType<typeof track>;

const closeTabs: (() => void)[] = [];
afterEach(() => closeTabs.splice(0).forEach(close => close()));

/** One site, one server: tabs that share locks and channels, and the real sockets they open. */
function world() {
  const url = `wss://webmessaging.example.test/v1?deploymentId=${crypto.randomUUID()}`;
  const server = fakeSockets();
  const locks = new FakeLocks();
  const timers = manualTimers();

  function tab() {
    const client = locks.client();
    const channels: BroadcastChannel[] = [];
    const opened: FakeSocket[] = [];
    const page = new EventTarget();
    const real: SocketFactory = u => {
      const socket = server.factory(u) as FakeSocket;
      opened.push(socket);
      return socket;
    };
    const factory = sharedSocketFactory(real, {
      lockManager: client,
      channel: name => {
        const channel = new BroadcastChannel(name);
        channels.push(channel);
        return channel;
      },
      timer: timers.timer,
      page,
    });
    /** The tab goes away without a word (closed, crashed): its locks, channel and connections go with it. */
    const closeTab = () => {
      client.crash();
      channels.forEach(c => c.close());
      for (const socket of opened) {
        socket.onopen = socket.onmessage = socket.onclose = null;
        socket.readyState = 3;
      }
    };
    closeTabs.push(closeTab);
    return { connect: () => track(factory(url)), closeTab, page };
  }

  return {
    url,
    server,
    locks,
    timers,
    tab,
    /** Real sockets not closed yet. */
    live: () => server.sockets.filter(s => s.readyState !== 3),
    sent: (action: string) => server.sent.filter(f => f['action'] === action),
  };
}
type World = ReturnType<typeof world>;

/** Sends configureSession as the link machine does; returns its tracingId. */
function configure(client: Client, extra: Record<string, unknown> = {}): string {
  const tracingId = crypto.randomUUID();
  client.socket.send(JSON.stringify({ action: 'configureSession', deploymentId: 'd', token: TOKEN, tracingId, ...extra }));
  return tracingId;
}

const responses = (client: Client, tracingId: string) => client.frames.filter(f => f['tracingId'] === tracingId);

/** Opens and configures the real socket through the first client (the leader's). */
async function configureFirst(w: World, first: Client, socket?: FakeSocket) {
  await waitUntil(() => w.live().length === 1, 'a real socket is opened');
  const real = socket ?? w.live()[0]!;
  real.open();
  await waitUntil(() => first.open, 'the leader is open');
  const tracingId = configure(first);
  await waitUntil(() => real.sent.some(f => f['tracingId'] === tracingId), 'configureSession reaches the server');
  real.deliver(sessionResponse({ newSession: true, readOnly: false, durationSeconds: 600 }, tracingId));
  await waitUntil(() => responses(first, tracingId).length === 1, 'the leader is configured');
  return real;
}

/** `n` tabs with one client each, all configured, the first tab leading. */
async function tabs(n: number) {
  const w = world();
  const all = Array.from({ length: n }, () => w.tab());
  const clients = all.map(t => t.connect());
  const real = await configureFirst(w, clients[0]!);
  await waitUntil(() => clients.every(c => c.open), 'every virtual socket opens');
  for (const client of clients.slice(1)) {
    const tracingId = configure(client);
    await waitUntil(() => responses(client, tracingId).length === 1, 'the follower is configured');
  }
  return { w, tabs: all, clients, real };
}

describe('sharedSocketFactory', () => {
  it('gives three tabs one real socket, and opens every virtual socket when it opens', async () => {
    const w = world();
    const clients = [w.tab(), w.tab(), w.tab()].map(t => t.connect());
    expect(clients.map(c => c.socket.readyState)).to.deep.equal([0, 0, 0]);
    await waitUntil(() => w.server.sockets.length === 1);
    expect(clients.some(c => c.open)).to.equal(false);
    w.server.current.open();
    await waitUntil(() => clients.every(c => c.open && c.socket.readyState === 1), 'all open');
    expect(w.server.sockets).to.have.length(1);
  });

  it('delivers the server frames to every tab, and puts every tab\'s frames on the real socket in order', async () => {
    const { clients, real } = await tabs(3);
    const message = agentMessage('Hello from the agent');
    real.deliver(message);
    await waitUntil(() => clients.every(c => c.frames.some(f => f['class'] === 'StructuredMessage')), 'all got it');
    for (const c of clients) expect(c.frames.at(-1)).to.deep.equal(message);

    clients[1]!.socket.send(JSON.stringify({ action: 'onMessage', token: TOKEN, tracingId: 'b-1', message: { type: 'Text', text: 'one' } }));
    clients[1]!.socket.send(JSON.stringify({ action: 'onMessage', token: TOKEN, tracingId: 'b-2', message: { type: 'Text', text: 'two' } }));
    clients[2]!.socket.send(JSON.stringify({ action: 'onMessage', token: TOKEN, tracingId: 'c-1', message: { type: 'Text', text: 'three' } }));
    await waitUntil(() => real.sent.filter(f => f['action'] === 'onMessage').length === 3);
    expect(real.sent.filter(f => f['action'] === 'onMessage').map(f => f['tracingId'])).to.deep.equal(['b-1', 'b-2', 'c-1']);
  });

  it('hands the leader\'s own tab the frame it decoded, and the other tabs the text, each decoded once', async () => {
    const { clients, real } = await tabs(2);
    const [a, b] = clients as [Client, Client];
    real.deliver(agentMessage('Decoded once'));
    real.deliver('{ not json');
    await waitUntil(() => a.raw.length === 3 && b.raw.length === 3, 'both got both');
    const [mine, theirs] = [a.raw[1], b.raw[1]];
    expect(typeof mine).to.equal('object');
    expect(decodeFrame(mine)).to.deep.equal({ ok: true, frame: mine });
    expect(typeof theirs).to.equal('string');
    expect(decodeFrame(theirs)).to.deep.equal({ ok: true, frame: mine });
    // What the leader cannot read, every tab gets as it came, and reports itself.
    expect([a.raw[2], b.raw[2]]).to.deep.equal(['{ not json', '{ not json']);
  });

  it('answers a follower\'s configureSession from the session, with its tracingId and newSession false, after an echo', async () => {
    const w = world();
    const [a, b] = [w.tab().connect(), w.tab().connect()];
    const real = await configureFirst(w, a);
    await waitUntil(() => b.open);
    const tracingId = configure(b);
    await waitUntil(() => responses(b, tracingId).length === 1);
    const [answer] = responses(b, tracingId);
    expect(answer).to.include({ type: 'response', class: 'SessionResponse', code: 200 });
    expect(answer!['body']).to.include({ connected: true, newSession: false, readOnly: false, durationSeconds: 600 });
    expect(w.sent('configureSession')).to.have.length(1);
    // The server proved the socket alive instead; its echo reply goes to nobody.
    expect(real.sent.filter(f => f['action'] === 'echo')).to.have.length(1);
    expect(a.frames.filter(f => f['class'] === 'StructuredMessage')).to.have.length(0);
    expect(b.frames).to.have.length(1);
    // The leader's answer is for b alone.
    expect(a.frames).to.have.length(1);
  });

  it('takes the real socket for dead when the server does not answer the echo, and replaces it', async () => {
    const w = world();
    const [a, b] = [w.tab().connect(), w.tab().connect()];
    const real = await configureFirst(w, a);
    await waitUntil(() => b.open);
    real.answersEcho = false;
    configure(b);
    await waitUntil(() => real.sent.some(f => f['action'] === 'echo'));
    w.timers.fire(ANSWER_TIMEOUT);
    await waitUntil(() => a.closed !== undefined && b.closed !== undefined);
    expect([a.closed, b.closed]).to.deep.equal([1006, 1006]);
    expect(real.closedWith).to.equal(1000);
  });

  it('sends a configureSession with startNew, or another token, to the server', async () => {
    const { w, clients, real } = await tabs(2);
    const b = clients[1]!;
    const tracingId = configure(b, { startNew: true });
    await waitUntil(() => w.sent('configureSession').length === 2);
    real.deliver(sessionResponse({ newSession: true }, tracingId));
    await waitUntil(() => responses(b, tracingId).length === 1);
    expect(responses(b, tracingId)[0]!['body']).to.include({ newSession: true });
    expect(clients[0]!.frames.filter(f => f['tracingId'] === tracingId)).to.have.length(0);

    configure(b, { token: 'token-2' });
    await waitUntil(() => w.sent('configureSession').length === 3);
  });

  it('closes the other tabs\' virtual sockets on closeSession, as the server closes the other connections', async () => {
    const { w, clients, real } = await tabs(3);
    const [a, b, c] = clients as [Client, Client, Client];
    b.socket.send(JSON.stringify({ action: 'closeSession', token: TOKEN, closeAllConnections: true, tracingId: 'close-b' }));
    await waitUntil(() => a.closed !== undefined && c.closed !== undefined);
    expect([a.closed, c.closed, b.closed]).to.deep.equal([1000, 1000, undefined]);
    expect(real.sent.at(-1)).to.include({ action: 'closeSession' });
    real.deliver(sessionResponse({ connected: false, readOnly: true }, 'close-b'));
    await waitUntil(() => responses(b, 'close-b').length === 1);
    const tracingId = configure(b, { startNew: true });
    await waitUntil(() => w.sent('configureSession').length === 2);
    real.deliver(sessionResponse({ newSession: true, readOnly: false }, tracingId));
    await waitUntil(() => responses(b, tracingId).length === 1);

    // a's link comes back and finds the new session, resumed.
    const again = w.tab().connect();
    await waitUntil(() => again.open);
    const resumed = configure(again);
    await waitUntil(() => responses(again, resumed).length === 1);
    expect(responses(again, resumed)[0]!['body']).to.include({ connected: true, newSession: false, readOnly: false });
    expect(w.sent('configureSession')).to.have.length(2);
  });

  /** Two tabs on one open real socket, the second's configureSession on the wire. */
  async function secondTabAsking() {
    const w = world();
    const [a, b] = [w.tab().connect(), w.tab().connect()];
    await waitUntil(() => w.live().length === 1);
    const real = w.live()[0]!;
    real.open();
    await waitUntil(() => a.open && b.open);
    const asked = configure(b);
    await waitUntil(() => real.sent.some(f => f['tracingId'] === asked));
    return { w, a, b, real, asked };
  }

  it('passes a refused configureSession to its requester and keeps nothing of it', async () => {
    const { w, a, b, real, asked: first } = await secondTabAsking();
    // The leader's own configureSession waits for the answer to b's rather than going too.
    const second = configure(a);
    expect(w.sent('configureSession')).to.have.length(1);
    real.deliver(errorFrame(4007, 'session not found', first));
    await waitUntil(() => responses(b, first).length === 1);
    expect(responses(b, first)[0]).to.include({ class: 'string', code: 4007 });
    // Nothing was cached: a's configureSession goes to the server now.
    await waitUntil(() => real.sent.some(f => f['tracingId'] === second));
    real.deliver(sessionResponse({ newSession: true }, second));
    await waitUntil(() => responses(a, second).length === 1);
    expect(responses(a, second)[0]!['body']).to.include({ newSession: true });
    expect(b.frames).to.have.length(1);
  });

  it('passes a ConnectionClosedEvent that comes instead of a session (the session\'s cap) to the tab that asked', async () => {
    const { a, b, real } = await secondTabAsking();
    // As Genesys closes a socket over the cap: no reason, no tracingId.
    real.deliver({ type: 'message', class: 'ConnectionClosedEvent', code: 200, body: {} });
    await waitUntil(() => b.frames.some(f => f['class'] === 'ConnectionClosedEvent'), 'the tab that asked was never told');
    expect(a.frames).to.have.length(0);
  });

  it('gives an answer to one tab\'s request to that tab only, and the rest to every tab', async () => {
    const { clients, real } = await tabs(3);
    const [a, b, c] = clients as [Client, Client, Client];
    b.socket.send(JSON.stringify({ action: 'getJwt', token: TOKEN, tracingId: 'jwt-b' }));
    b.socket.send(JSON.stringify({ action: 'onMessage', token: TOKEN, tracingId: 'msg-b', message: { type: 'Text', text: 'hi' } }));
    await waitUntil(() => real.sent.some(f => f['tracingId'] === 'msg-b'));
    real.deliver({ type: 'response', class: 'JwtResponse', code: 200, body: { jwt: 'j', exp: 1 }, tracingId: 'jwt-b' });
    real.deliver(errorFrame(4011, 'message too long', 'msg-b'));
    real.deliver(inboundEcho('hi', 'msg-b'));
    real.deliver(sessionCleared());
    await waitUntil(() => clients.every(x => x.frames.some(f => f['class'] === 'SessionClearedEvent')));
    const classes = (x: Client) => x.frames.slice(1).map(f => `${String(f['class'])}:${String(f['tracingId'])}`);
    expect(classes(b)).to.deep.equal(['JwtResponse:jwt-b', 'string:msg-b', 'StructuredMessage:msg-b', 'SessionClearedEvent:undefined']);
    expect(classes(a)).to.deep.equal(['StructuredMessage:msg-b', 'SessionClearedEvent:undefined']);
    expect(classes(c)).to.deep.equal(classes(a));
  });

  it('gives an error that names no request to the tab whose request went last, and a session-wide one to every tab', async () => {
    const { clients, real } = await tabs(3);
    const [a, b, c] = clients as [Client, Client, Client];
    const say = (client: Client, tracingId: string) =>
      client.socket.send(JSON.stringify({ action: 'onMessage', token: TOKEN, tracingId, message: { type: 'Text', text: 'hi' } }));
    say(b, 'msg-b');
    await waitUntil(() => real.sent.some(f => f['tracingId'] === 'msg-b'));
    real.deliver(errorFrame(4011, 'message too long'));
    say(a, 'msg-a');
    await waitUntil(() => real.sent.some(f => f['tracingId'] === 'msg-a'));
    real.deliver(errorFrame(429, 'slow down'));
    real.deliver(errorFrame(4007, 'session not found'));
    await waitUntil(() => clients.every(x => x.frames.some(f => f['code'] === 4007)));
    const codes = (x: Client) => x.frames.slice(1).map(f => f['code']);
    expect(codes(b)).to.deep.equal([4011, 4007]);
    expect(codes(a)).to.deep.equal([429, 4007]);
    expect(codes(c)).to.deep.equal([4007]);
  });

  it('has the server answer configureSession again once the session is cleared', async () => {
    const { w, clients, real } = await tabs(2);
    real.deliver(sessionCleared());
    await waitUntil(() => clients[1]!.frames.some(f => f['class'] === 'SessionClearedEvent'));
    configure(clients[1]!);
    await waitUntil(() => w.sent('configureSession').length === 2);
  });

  it('closes every virtual socket with the real socket\'s code when it drops, and opens a new one for the next', async () => {
    const { w, clients, real } = await tabs(3);
    real.drop(1001);
    await waitUntil(() => clients.every(c => c.closed !== undefined));
    expect(clients.map(c => c.closed)).to.deep.equal([1001, 1001, 1001]);
    expect(clients.map(c => c.socket.readyState)).to.deep.equal([3, 3, 3]);

    // The links reconnect, each on its own: through the hub again, to one new real socket.
    const again = w.tab().connect();
    await waitUntil(() => w.live().length === 1 && w.server.sockets.length === 2);
    expect(again.open).to.equal(false);
  });

  it('puts at most one echo on the connection per 30 s: the other tabs\' echoes get that reply', async () => {
    const { clients, real } = await tabs(3);
    const echoes = () => real.sent.filter(f => f['action'] === 'echo');
    const before = echoes().length;
    for (const [i, client] of clients.entries()) client.socket.send(JSON.stringify({ action: 'echo', token: TOKEN, tracingId: `keep-alive-${i}`, message: { type: 'Text', text: 'ping' } }));
    await waitUntil(() => clients.every((c, i) => responses(c, `keep-alive-${i}`).length === 1), 'a tab got no echo reply');
    // Following tabs were configured after an echo already: none of these needed the server.
    expect(echoes().length - before).to.be.at.most(1);
    expect(clients.map((c, i) => (responses(c, `keep-alive-${i}`)[0]!['body'] as { text?: string }).text)).to.deep.equal(['ping', 'ping', 'ping']);
  });

  it('replaces the real socket when one tab gives it up as dead, and every tab reconnects', async () => {
    const { clients, real } = await tabs(3);
    // A follower's echo went unanswered: it closes its socket as dead.
    clients[2]!.socket.close(DEAD_SOCKET);
    await waitUntil(() => clients.slice(0, 2).every(c => c.closed !== undefined), 'the other tabs kept the dead connection');
    expect(clients.slice(0, 2).map(c => c.closed)).to.deep.equal([1006, 1006]);
    expect(real.readyState).to.equal(3);
  });

  it('keeps the real socket while a follower uses it, and closes it after the grace period when no tab does', async () => {
    const { w, clients, real } = await tabs(2);
    const [a, b] = clients as [Client, Client];
    a.socket.close(1000);
    w.timers.fire(GRACE_PERIOD);
    expect(real.readyState).to.equal(1);
    b.socket.send(JSON.stringify({ action: 'echo', token: TOKEN, tracingId: 'still-here', message: { type: 'Text', text: 'ping' } }));
    await waitUntil(() => responses(b, 'still-here').length === 1, 'the follower still works');

    b.socket.close(1000);
    await waitUntil(() => b.closed === 1000);
    // Closing a virtual socket is the link's business: the real one waits out the grace period.
    await waitUntil(() => w.timers.pending(GRACE_PERIOD) === 1, 'the leader hears of it');
    expect(real.readyState).to.equal(1);
    w.timers.fire(GRACE_PERIOD);
    expect(real.closedWith).to.equal(1000);
    // With no chat left, the leader lets go of the lock.
    await waitUntil(() => !w.locks.held(`genesys-chat:socket:${w.url}`), 'the lock is released');
  });

  it('does not close the real socket when a virtual socket comes back within the grace period', async () => {
    const w = world();
    const tab = w.tab();
    const a = tab.connect();
    const real = await configureFirst(w, a);
    a.socket.close(1000);
    const again = tab.connect();
    await waitUntil(() => again.open);
    w.timers.fire(GRACE_PERIOD);
    expect(real.readyState).to.equal(1);
    expect(w.server.sockets).to.have.length(1);
  });

  it('fails over when the leader tab goes: followers close with 1006, one leads, all reconnect through one new socket', async () => {
    const { w, tabs: all, clients } = await tabs(3);
    all[0]!.closeTab();
    await waitUntil(() => clients[1]!.closed !== undefined && clients[2]!.closed !== undefined, 'the followers notice');
    expect([clients[1]!.closed, clients[2]!.closed]).to.deep.equal([1006, 1006]);
    expect(w.live()).to.have.length(0);

    // Their links reconnect after their own backoff; tab 2 was granted the lock and leads now.
    const b = all[1]!.connect();
    const c = all[2]!.connect();
    const real = await configureFirst(w, b);
    await waitUntil(() => c.open);
    const tracingId = configure(c);
    await waitUntil(() => responses(c, tracingId).length === 1);
    expect(w.live()).to.have.length(1);
    expect(w.server.sockets).to.have.length(2);
    expect(w.live()[0]).to.equal(real);
    expect(real.sent.filter(f => f['action'] === 'configureSession')).to.have.length(1);
  });

  it('lets the other tabs know at once when the leader\'s page is hidden for good', async () => {
    const { tabs: all, clients, real } = await tabs(2);
    all[0]!.page.dispatchEvent(new Event('pagehide'));
    await waitUntil(() => clients[1]!.closed !== undefined);
    expect(clients[1]!.closed).to.equal(1006);
    expect(clients[0]!.closed).to.equal(1006);
    expect(real.closedWith).to.equal(1000);
  });

  it('detaches a follower tab that is gone, so that the real socket can close', async () => {
    const { w, tabs: all, clients, real } = await tabs(2);
    clients[0]!.socket.close(1000);
    all[1]!.closeTab();
    await waitUntil(() => w.timers.pending(GRACE_PERIOD) === 1, 'the leader learns the follower is gone');
    expect(real.readyState).to.equal(1);
    w.timers.fire(GRACE_PERIOD);
    expect(real.closedWith).to.equal(1000);
  });

  it('closes a follower\'s virtual socket that no leader opens', async () => {
    const w = world();
    const locks = w.locks.client();
    // Another page holds the lock and never answers.
    void locks.request(`genesys-chat:socket:${w.url}`, () => new Promise(() => {}));
    const b = w.tab().connect();
    w.timers.fire(OPEN_TIMEOUT);
    await waitUntil(() => b.closed !== undefined);
    expect(b.closed).to.equal(1006);
    expect(w.server.sockets).to.have.length(0);
    locks.crash();
  });

  it('fires events asynchronously, never inside factory() or send()', async () => {
    const w = world();
    const tab = w.tab();
    const a = tab.connect();
    const real = await configureFirst(w, a);
    const events: string[] = [];
    const socket = a.socket;
    socket.onmessage = () => events.push('message');
    socket.send(JSON.stringify({ action: 'echo', token: TOKEN, tracingId: 'e', message: { type: 'Text', text: 'ping' } }));
    // The fake server answers the echo inside send(); the virtual socket tells later.
    expect(real.sent.at(-1)).to.include({ action: 'echo' });
    expect(events).to.deep.equal([]);
    await waitUntil(() => events.length === 1);

    const b = tab.connect();
    expect(b.open).to.equal(false);
    expect(b.socket.readyState).to.equal(0);
    await waitUntil(() => b.open);
  });

  it('works with the browser\'s own locks and channels', async () => {
    const server = fakeSockets();
    const url = `wss://webmessaging.example.test/v1?deploymentId=${crypto.randomUUID()}`;
    const [a, b] = [sharedSocketFactory(server.factory), sharedSocketFactory(server.factory)].map(factory => track(factory(url)));
    await waitUntil(() => server.sockets.length === 1);
    server.current.open();
    await waitUntil(() => a!.open && b!.open);
    b!.socket.send(JSON.stringify({ action: 'getJwt', token: TOKEN, tracingId: 'real-apis' }));
    await waitUntil(() => server.current.sent.some(f => f['tracingId'] === 'real-apis'));
    expect(server.sockets).to.have.length(1);
    a!.socket.close(1000);
    b!.socket.close(1000);
  });

  it('returns the real factory\'s sockets where locks or BroadcastChannel are missing', () => {
    const server = fakeSockets();
    expect(sharedSocketFactory(server.factory, { lockManager: null })).to.equal(server.factory);
    expect(sharedSocketFactory(server.factory, { channel: null })).to.equal(server.factory);
    const socket = sharedSocketFactory(server.factory, { lockManager: null })('wss://x.test/');
    expect(socket).to.equal(server.current);
  });

  it('carries two chat machines in two tabs over one connection', async () => {
    const w = world();
    const http = fakeHttp();
    const chat = (tab: ReturnType<World['tab']>) => {
      const factory: SocketFactory = () => tab.connect().socket;
      const emitted: ChatEmitted[] = [];
      const actor = createActor(createChatLogic({ socketFactory: factory, fetcher: http.fetcher }), {
        input: { deploymentId: 'd', socketUrl: w.url, token: TOKEN },
      });
      actor.on('*', event => emitted.push(event));
      actor.start();
      closeTabs.push(() => actor.stop());
      return { actor, emitted, state: () => stateOf(actor.getSnapshot()), texts: () => [...actor.getSnapshot().context.transcript].map(m => m.text) };
    };
    const a = chat(w.tab());
    a.actor.send({ type: 'chat.start' });
    await waitUntil(() => w.live().length === 1);
    const real = w.live()[0]!;
    real.open();
    await waitUntil(() => w.sent('configureSession').length === 1);
    real.deliver(sessionResponse({ newSession: true }, w.sent('configureSession')[0]!['tracingId'] as string));
    await waitUntil(() => a.state() === 'connected');

    const b = chat(w.tab());
    b.actor.send({ type: 'chat.start' });
    await waitUntil(() => b.state() === 'connected', 'the second tab connects through the first');
    expect(b.emitted.find(e => e.type === 'connected')).to.deep.equal({ type: 'connected', newSession: false });
    expect(w.server.sockets).to.have.length(1);
    expect(w.sent('configureSession')).to.have.length(1);

    // The frame is parsed once in the leading tab, for its routing and its chat alike, and once in the other tab.
    const message = agentMessage('How can I help?');
    const text = JSON.stringify(message);
    const parse = JSON.parse;
    let parsed = 0;
    JSON.parse = (data: string, reviver?: Parameters<typeof parse>[1]) => {
      if (data === text) parsed++;
      return parse(data, reviver) as unknown;
    };
    try {
      real.deliver(message);
      await waitUntil(() => a.texts().includes('How can I help?') && b.texts().includes('How can I help?'));
    } finally {
      JSON.parse = parse;
    }
    expect(parsed).to.equal(2);

    b.actor.send({ type: 'chat.send', text: 'From tab two', tracingId: 'tab-two-1', at: Date.now() });
    await waitUntil(() => w.sent('onMessage').some(f => f['tracingId'] === 'tab-two-1'));
    real.deliver(inboundEcho('From tab two', 'tab-two-1'));
    await waitUntil(() => a.texts().includes('From tab two'), 'the other tab shows it too');
    expect(b.texts().filter(t => t === 'From tab two')).to.have.length(1);
  });
});
