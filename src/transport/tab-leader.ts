import { answering, decodeFrame, resumedSession } from '../protocol/decode.js';
import { echo, MIN_ECHO_INTERVAL } from '../protocol/encode.js';
import { answersEcho, endsSession, frameError, isEchoReply, isPrivateAnswer, refreshedExpiry, tracingIdOf } from '../protocol/frame-rules.js';
import type { ServerFrame, SessionInfo } from '../protocol/frames.js';
import { uuid } from '../protocol/ids.js';
import { readRequest, type RequestSummary } from '../protocol/requests.js';
import { DEAD_SOCKET, type SocketFactory, type SocketLike } from './socket.js';

/** Calls `callback` after `ms` milliseconds; the function it returns cancels the call. */
export type Timer = (callback: () => void, ms: number) => () => void;

/** What the leader does to virtual sockets, in its own tab or another: the hub carries it out. */
export interface Peers {
  opened(ids: readonly string[]): void;
  /**
   * A server frame for these virtual sockets: `data` as the server sent it, and `frame` decoded from it
   * when it was accepted, so that a socket in the leader's tab need not decode it again.
   */
  frame(ids: readonly string[], data: string, frame: ServerFrame | undefined): void;
  closed(ids: readonly string[], code: number): void;
  /** Nothing was attached for the grace period and the real socket is closed: the lock can go. */
  idle(): void;
}

/** How long the real socket outlives its last virtual socket: a reload or a reconnect comes back within it. */
export const GRACE_PERIOD = 2_000;
/**
 * How long the leader waits for the server to answer a configureSession or its own echo before it
 * takes the real socket for dead. Shorter than the link's configure timeout (10 s), so that the link
 * sees its socket close and reconnects rather than failing.
 */
export const ANSWER_TIMEOUT = 8_000;


const OPEN = 1;
/** tracingIds remembered for routing answers; beyond this the oldest are forgotten (their answers go to all). */
const MAX_OWNERS = 500;

interface Session {
  readonly token: string;
  readonly body: SessionInfo;
}

/**
 * The one real socket of a URL, held by the leader tab for the virtual sockets of every tab. It puts
 * their frames on the socket in arrival order and hands each server frame to the virtual sockets it
 * concerns. configureSession is answered from the session already configured on the socket, so that
 * each tab's link machine goes through its usual sequence without the server seeing it twice.
 */
export class Leader {
  readonly #url: string;
  readonly #real: SocketFactory;
  readonly #timer: Timer;
  readonly #peers: Peers;
  #socket: SocketLike | undefined;
  #open = false;
  /** Attached virtual sockets; a configured one gets the frames that are not answers to one request. */
  readonly #attached = new Map<string, { configured: boolean }>();
  /** The SessionResponse body for the session configured on the socket. */
  #session: Session | undefined;
  /** The token of the last configureSession the server saw on this socket. */
  #sentToken: string | undefined;
  /** A configureSession the server has not answered yet. */
  #asking: { id: string; tracingId: string | undefined; cancel: () => void } | undefined;
  /** The leader's own echo, proving the socket alive before a configureSession is answered from the cache. */
  #probe: { tracingId: string; cancel: () => void } | undefined;
  /** configureSession frames to answer from the session once the server has spoken. */
  #waiting: { id: string; data: string; request: RequestSummary }[] = [];
  /** Which virtual socket sent the request with this tracingId. */
  readonly #owners = new Map<string, string>();
  /**
   * The virtual socket whose request went on the socket last. An error that names no request (Genesys
   * often names none, §4.9) answers the request in flight: most likely this one's, and another tab would
   * take it for its own message's.
   */
  #lastRequester: string | undefined;
  #grace: (() => void) | undefined;
  /** The last echo reply from the server on this socket, and when it came (epoch ms). */
  #lastEcho: { readonly at: number; readonly frame: ServerFrame } | undefined;

  constructor(url: string, real: SocketFactory, timer: Timer, peers: Peers) {
    this.#url = url;
    this.#real = real;
    this.#timer = timer;
    this.#peers = peers;
    // A leader nobody attaches to lets go.
    this.#idleSoon();
  }

  /** Attaches a virtual socket (again: attaching twice is harmless) and opens the real socket if needed. */
  attach(id: string): void {
    this.#grace?.();
    this.#grace = undefined;
    if (!this.#attached.has(id)) this.#attached.set(id, { configured: false });
    if (this.#open) this.#peers.opened([id]);
    else if (!this.#socket) this.#connect();
  }

  /**
   * Detaches one virtual socket; the real socket stays while others use it, unless that socket's user
   * gave it up as dead (`DEAD_SOCKET`): then the real socket goes, and everyone reconnects.
   */
  detach(id: string, code?: number): void {
    if (!this.#attached.delete(id)) return;
    if (code === DEAD_SOCKET && this.#socket) this.#dead();
    else this.#idleSoon();
  }

  /** Detaches every virtual socket of a tab that is gone. */
  detachTab(tab: string): void {
    for (const id of [...this.#attached.keys()]) if (id.startsWith(`${tab}:`)) this.detach(id);
  }

  /** A frame from a virtual socket; false when that socket is not attached here. */
  send(id: string, data: string): boolean {
    if (!this.#attached.has(id)) return false;
    // An attached socket is open only once the real one is; before that the socket actor sends nothing.
    if (!this.#open || !this.#socket) return true;
    const request = readRequest(data);
    if (request.action === 'configureSession' || request.action === 'configureAuthenticatedSession') {
      this.#configure(id, data, request);
      return true;
    }
    if (request.action === 'echo' && this.#recentEcho()) {
      // The connection answered an echo moments ago: that answer stands for this tab's too.
      this.#toOne(id, answering(this.#lastEcho!.frame, request.tracingId));
      return true;
    }
    this.#own(request.tracingId, id);
    this.#lastRequester = id;
    this.#socket.send(data);
    if (request.action === 'closeSession' && request.closeAllConnections) {
      // The server closes the session's other connections (§2.8): the other tabs' virtual sockets stand for
      // them here. Their links reconnect and find the session as this tab leaves it (startNew follows).
      const others = [...this.#attached.keys()].filter(other => other !== id);
      for (const other of others) this.#attached.delete(other);
      if (others.length) this.#peers.closed(others, 1000);
    }
    return true;
  }

  /** Closes the real socket without telling anyone: the tab is going away, or nothing is attached. */
  stop(reason = 'No tab needs this connection; the conversation goes on.'): void {
    this.#grace?.();
    this.#grace = undefined;
    this.#attached.clear();
    this.#release(reason);
  }

  #connect(): void {
    let socket: SocketLike;
    try {
      socket = this.#real(this.#url);
    } catch {
      // A URL the browser refuses outright behaves like a refused handshake, as in the socket actor.
      this.#drop(1006);
      return;
    }
    this.#socket = socket;
    socket.onopen = () => {
      this.#open = true;
      this.#peers.opened([...this.#attached.keys()]);
    };
    socket.onmessage = event => {
      if (typeof event.data === 'string') this.#fromServer(event.data);
    };
    socket.onclose = event => this.#drop(event.code);
    socket.onerror = () => {};
  }

  #configure(id: string, data: string, request: RequestSummary): void {
    const { token, tracingId } = request;
    const current = this.#asking ? this.#sentToken : this.#session?.token;
    // A signed-in configure is the server's to answer: it may step the session up (§10.9).
    if (!request.startNew && request.action === 'configureSession' && token !== undefined && token === current) {
      // The session is configured (or being configured) on this socket already.
      this.#waiting.push({ id, data, request });
      if (!this.#asking) this.#probeSocket();
      return;
    }
    // A first configureSession, a new session (startNew) or another token: the server's to answer.
    this.#asking?.cancel();
    this.#asking = { id, tracingId, cancel: this.#timer(() => this.#dead(), ANSWER_TIMEOUT) };
    this.#sentToken = token;
    this.#own(tracingId, id);
    this.#socket!.send(data);
  }

  /**
   * A link reconnects when it suspects its socket: answering it from the cache over a dead socket would
   * hide that. So the server answers an echo first; the reply also carries the session's fresh expiry.
   */
  #probeSocket(): void {
    if (this.#probe || !this.#session) return;
    if (this.#recentEcho()) return this.#settle();
    const tracingId = uuid();
    this.#probe = { tracingId, cancel: this.#timer(() => this.#dead(), ANSWER_TIMEOUT) };
    this.#socket!.send(JSON.stringify(echo({ token: this.#session.token, tracingId })));
  }

  /** Answers the waiting configureSession frames from the session, or passes them to the server. */
  #settle(): void {
    for (const { id, data, request } of this.#waiting.splice(0)) {
      if (!this.#attached.has(id)) continue;
      const session = this.#session;
      if (this.#asking || !session || request.token !== session.token) {
        this.#configure(id, data, request);
        continue;
      }
      // The session exists now, whoever created it: for this tab it is resumed (render history, no Join).
      this.#toOne(id, resumedSession(session.body, request.tracingId));
    }
  }

  #fromServer(data: string): void {
    const decoded = decodeFrame(data);
    // A frame the widget cannot read goes to every tab as it came: each reports it the same way.
    if (!decoded.ok) return this.#toAll(data, undefined);
    const { frame } = decoded;
    const configured = this.#session !== undefined;
    this.#learn(frame);
    if (isEchoReply(frame)) this.#lastEcho = { at: Date.now(), frame };
    const tracingId = tracingIdOf(frame);
    if (this.#probe && answersEcho(frame, this.#probe.tracingId)) {
      // Whatever the answer (even a rate limit), the socket is alive; nobody else asked for it.
      this.#probe.cancel();
      this.#probe = undefined;
      return this.#settle();
    }
    const asking = this.#asking;
    // A socket closed instead of configured (the session's cap on connections) answers the tab that asked.
    const closedUnconfigured = frame.class === 'ConnectionClosedEvent' && !configured;
    const answer = frame.class === 'SessionResponse' || frameError(frame) !== undefined || closedUnconfigured;
    if (asking && answer && (tracingId === undefined || tracingId === asking.tracingId)) {
      asking.cancel();
      this.#asking = undefined;
      if (tracingId !== undefined) this.#owners.delete(tracingId);
      this.#toOne(asking.id, frame, data);
      return this.#settle();
    }
    const owner = tracingId === undefined ? undefined : this.#owners.get(tracingId);
    if (owner !== undefined && isPrivateAnswer(frame)) {
      // An answer to one tab's request: another tab would take an error in it for its own.
      this.#owners.delete(tracingId!);
      return this.#toOne(owner, frame, data);
    }
    const requester = this.#lastRequester;
    if (tracingId === undefined && requester !== undefined && this.#attached.has(requester) && isPrivateAnswer(frame) && frameError(frame) && !endsSession(frame)) {
      return this.#toOne(requester, frame, data);
    }
    // Agent messages, echoes of any tab's message, typing, session events: every tab shows them.
    this.#toAll(data, frame);
  }

  /** Keeps the cached session in step with what the server says about it. */
  #learn(frame: ServerFrame): void {
    if (frame.class === 'SessionResponse') {
      // `connected: false` answers closeSession: the session is no longer on this socket.
      this.#session = frame.body.connected && this.#sentToken !== undefined ? { token: this.#sentToken, body: frame.body } : undefined;
    } else if (endsSession(frame)) {
      // Cleared, expired, closed or unknown: the next configureSession is the server's to answer (a new session).
      this.#session = undefined;
    } else if (this.#session) {
      // An echo reply carries the session's refreshed expiry (§4.6); later local answers pass it on.
      const fresh = refreshedExpiry(frame);
      if (fresh) this.#session = { token: this.#session.token, body: { ...this.#session.body, ...fresh } };
    }
  }

  #own(tracingId: string | undefined, id: string): void {
    if (tracingId === undefined) return;
    this.#owners.delete(tracingId);
    this.#owners.set(tracingId, id);
    if (this.#owners.size > MAX_OWNERS) this.#owners.delete(this.#owners.keys().next().value!);
  }

  /** To one virtual socket; a frame the leader answers itself has no text yet, and gets one for a socket in another tab. */
  #toOne(id: string, frame: ServerFrame, data?: string): void {
    const peer = this.#attached.get(id);
    if (!peer) return;
    if (frame.class === 'SessionResponse') peer.configured = true;
    this.#peers.frame([id], data ?? JSON.stringify(frame), frame);
  }

  /** To every configured virtual socket: one still configuring would not see these on a socket of its own. */
  #toAll(data: string, frame: ServerFrame | undefined): void {
    const ids = [...this.#attached].filter(([, peer]) => peer.configured).map(([id]) => id);
    if (ids.length) this.#peers.frame(ids, data, frame);
  }

  /** No answer in time: the socket is dead even if the browser has not noticed. Replace it. */
  #dead(): void {
    this.#drop(1006, 'The server did not answer; the connection is replaced.');
  }

  /** The real socket is gone: every virtual socket closes with its code and reconnects on its own. */
  #drop(code: number, closeReason?: string): void {
    const ids = [...this.#attached.keys()];
    this.#attached.clear();
    this.#release(closeReason);
    if (ids.length) this.#peers.closed(ids, code);
    this.#idleSoon();
  }

  /** Forgets the real socket and what was configured on it; closes it when given a reason. */
  #release(closeReason?: string): void {
    const socket = this.#socket;
    this.#socket = undefined;
    this.#open = false;
    this.#session = undefined;
    this.#sentToken = undefined;
    this.#asking?.cancel();
    this.#asking = undefined;
    this.#probe?.cancel();
    this.#probe = undefined;
    this.#lastEcho = undefined;
    this.#waiting = [];
    this.#owners.clear();
    if (!socket) return;
    socket.onopen = socket.onmessage = socket.onclose = socket.onerror = null;
    if (closeReason !== undefined && socket.readyState <= OPEN) socket.close(1000, closeReason);
  }

  /**
   * Whether the server answered an echo within MIN_ECHO_INTERVAL: every tab's echo is then answered with
   * that reply here, and the connection is alive enough to answer a configureSession from the cache.
   */
  #recentEcho(): boolean {
    return !!this.#lastEcho && Date.now() - this.#lastEcho.at < MIN_ECHO_INTERVAL;
  }

  #idleSoon(): void {
    if (this.#attached.size > 0 || this.#grace) return;
    this.#grace = this.#timer(() => {
      this.#grace = undefined;
      this.stop();
      this.#peers.idle();
    }, GRACE_PERIOD);
  }
}
