import type { ServerFrame } from '../protocol/frames.js';
import { uuid } from '../protocol/ids.js';
import type { SocketFactory, SocketLike } from './socket.js';
import { Leader, type Peers, type Timer } from './tab-leader.js';

export { ANSWER_TIMEOUT, GRACE_PERIOD, type Timer } from './tab-leader.js';

/** The part of the Web Locks API (`navigator.locks`) the hub uses. */
export interface LockManagerLike {
  /** Calls `callback` once the lock is granted and holds it until the promise it returns settles. */
  request(name: string, callback: (lock: unknown) => unknown): Promise<unknown>;
}

/** The part of `BroadcastChannel` the hub uses. */
export interface ChannelLike {
  onmessage: ((event: MessageEvent) => void) | null;
  postMessage(message: unknown): void;
}

export interface SharedSocketOptions {
  /** `navigator.locks` by default; `null` for none (sockets are then not shared). */
  readonly lockManager?: LockManagerLike | null;
  /** Opens a `BroadcastChannel` by default; `null` for none (sockets are then not shared). */
  readonly channel?: ((name: string) => ChannelLike) | null;
  /** `setTimeout` by default: the grace period, answer and open timeouts. */
  readonly timer?: Timer;
  /** Where `pagehide` is listened for: `window` by default. */
  readonly page?: Pick<EventTarget, 'addEventListener'> | null;
}

/** A follower's virtual socket that no leader opens in this long closes with 1006 (a leader tab that hangs). */
export const OPEN_TIMEOUT = 30_000;

const CONNECTING = 0;
const OPEN = 1;
const CLOSED = 3;

/** What tabs tell each other on a URL's channel. Virtual socket ids are `<tab id>:<n>`. */
type Note =
  | { readonly k: 'lead'; readonly from: string }
  | { readonly k: 'bye'; readonly from: string }
  | { readonly k: 'open'; readonly tab: string; readonly id: string }
  | { readonly k: 'send'; readonly to: string; readonly id: string; readonly data: string }
  | { readonly k: 'close'; readonly id: string; readonly code?: number }
  | { readonly k: 'opened'; readonly from: string; readonly ids: readonly string[] }
  | { readonly k: 'frame'; readonly from: string; readonly ids: readonly string[]; readonly data: string }
  | { readonly k: 'closed'; readonly from: string; readonly ids: readonly string[]; readonly code: number };

/** This page: an id, and a lock held for the page's life, which tells a leader when the page is gone. */
interface Tab {
  readonly id: string;
  readonly alive: Promise<void>;
}

const tabLock = (id: string) => `genesys-chat:tab:${id}`;

/** A socket as the widget sees it; the real one is in whichever tab leads. Events fire asynchronously. */
class VirtualSocket implements SocketLike {
  onopen: ((event: Event) => void) | null = null;
  onmessage: ((event: MessageEvent) => void) | null = null;
  onclose: ((event: CloseEvent) => void) | null = null;
  onerror: ((event: Event) => void) | null = null;
  readyState = CONNECTING;
  /** The tab whose real socket serves this one, from the moment it is opened. */
  leader: string | undefined;
  cancelTimeout: (() => void) | undefined;

  constructor(readonly id: string, private readonly hub: Hub) {}

  send(data: string): void {
    if (this.readyState === CONNECTING) throw new DOMException('The socket is not open yet.', 'InvalidStateError');
    if (this.readyState === OPEN) this.hub.send(this, data);
  }

  close(code = 1005): void {
    if (this.readyState !== CLOSED) this.hub.drop(this, code, true);
  }

  opened(leader: string): void {
    this.leader = leader;
    this.cancelTimeout?.();
    queueMicrotask(() => {
      if (this.readyState !== CONNECTING) return;
      this.readyState = OPEN;
      this.onopen?.(new Event('open'));
    });
  }

  /**
   * A server frame: the text another tab passed on, or in the leader's tab the frame the leader decoded,
   * which `decodeFrame` takes as it is (a socket in the same tab reads it without parsing it twice).
   */
  receive(data: string | ServerFrame): void {
    queueMicrotask(() => this.onmessage?.(new MessageEvent('message', { data })));
  }

  shut(code: number): void {
    this.readyState = CLOSED;
    this.cancelTimeout?.();
    queueMicrotask(() => {
      if (code === 1006) this.onerror?.(new Event('error'));
      this.onclose?.(new CloseEvent('close', { code, wasClean: code !== 1006 }));
    });
  }
}

/**
 * This tab's side of one URL: its virtual sockets, its bid for the URL's lock, and the Leader while it
 * holds the lock. A follower's virtual sockets reach the leader through the channel.
 */
class Hub {
  readonly #local = new Map<string, VirtualSocket>();
  readonly #name: string;
  readonly #channel: ChannelLike;
  #count = 0;
  #lead: Leader | undefined;
  /** The leading tab, as far as this one knows; its notes are the only ones believed. */
  #leader: string | undefined;
  #bidding = false;
  /** No lock to be had (an opaque origin refuses them): this tab leads alone, as if it were the only one. */
  #alone = false;
  #release: (() => void) | undefined;
  /** Tabs whose lock this leader waits for, to learn when they are gone. */
  readonly #watched = new Set<string>();

  constructor(
    private readonly url: string,
    private readonly tab: Tab,
    private readonly real: SocketFactory,
    private readonly locks: LockManagerLike,
    channel: (name: string) => ChannelLike,
    private readonly timer: Timer,
    page: Pick<EventTarget, 'addEventListener'> | null,
  ) {
    this.#name = `genesys-chat:socket:${url}`;
    this.#channel = channel(this.#name);
    this.#channel.onmessage = event => {
      const note: unknown = event.data;
      if (typeof note === 'object' && note !== null && 'k' in note) this.#hear(note as Note);
    };
    // A closing tab says so at once; its lock also goes, but followers learn it only when one is granted it.
    page?.addEventListener('pagehide', () => this.#leave());
  }

  connect(): SocketLike {
    const socket = new VirtualSocket(`${this.tab.id}:${++this.#count}`, this);
    this.#local.set(socket.id, socket);
    if (this.#lead) {
      this.#lead.attach(socket.id);
      return socket;
    }
    this.#bid();
    this.#ask(socket);
    socket.cancelTimeout = this.timer(() => {
      if (this.#local.get(socket.id) === socket && socket.leader === undefined && !this.#lead) this.drop(socket, 1006, true);
    }, OPEN_TIMEOUT);
    return socket;
  }

  send(socket: VirtualSocket, data: string): void {
    if (this.#lead) {
      if (!this.#lead.send(socket.id, data)) this.drop(socket, 1006, false);
    } else if (socket.leader !== undefined) {
      this.#post({ k: 'send', to: socket.leader, id: socket.id, data });
    }
  }

  /** Closes a virtual socket; `tell` the leader when the close comes from this side. */
  drop(socket: VirtualSocket, code: number, tell: boolean): void {
    if (this.#local.get(socket.id) !== socket) return;
    this.#local.delete(socket.id);
    if (tell && this.#lead) this.#lead.detach(socket.id, code);
    else if (tell) this.#post({ k: 'close', id: socket.id, code });
    socket.shut(code);
  }

  /** Queues for the lock: granted, this tab leads; meanwhile, whoever holds it does. */
  #bid(): void {
    if (this.#alone) return void this.#granted();
    if (this.#bidding) return;
    this.#bidding = true;
    this.locks.request(this.#name, () => this.#granted()).catch(() => {
      this.#bidding = false;
      this.#alone = true;
      void this.#granted();
    });
  }

  #granted(): Promise<void> | undefined {
    // No chat here any more: hold nothing, the next tab in line leads.
    if (this.#local.size === 0) {
      this.#bidding = false;
      return undefined;
    }
    const lead = new Leader(this.url, this.real, this.timer, this.#peers());
    this.#lead = lead;
    this.#leader = this.tab.id;
    this.#watched.clear();
    if (!this.#alone) this.#post({ k: 'lead', from: this.tab.id });
    for (const socket of [...this.#local.values()]) {
      // An open one went through the tab that led before; that tab is gone, and so is its socket.
      if (socket.leader !== undefined) this.drop(socket, 1006, false);
      else lead.attach(socket.id);
    }
    return new Promise(resolve => (this.#release = resolve));
  }

  #resign(): void {
    this.#lead = undefined;
    this.#leader = undefined;
    this.#bidding = false;
    this.#release?.();
    this.#release = undefined;
  }

  /** Asks whichever tab leads to open a connecting virtual socket; a new leader is asked again. */
  #ask(socket: VirtualSocket): void {
    void this.tab.alive.then(() => {
      if (this.#local.get(socket.id) === socket && socket.leader === undefined && !this.#lead) {
        this.#post({ k: 'open', tab: this.tab.id, id: socket.id });
      }
    });
  }

  /** The leader's orders, carried out on this tab's sockets or posted for the others. */
  #peers(): Peers {
    const each = (ids: readonly string[], here: (socket: VirtualSocket) => void, elsewhere: (ids: string[]) => void) => {
      const others: string[] = [];
      for (const id of ids) {
        const socket = this.#local.get(id);
        if (socket) here(socket);
        else others.push(id);
      }
      if (others.length) elsewhere(others);
    };
    const from = this.tab.id;
    return {
      opened: ids => each(ids, s => s.opened(from), others => this.#post({ k: 'opened', from, ids: others })),
      frame: (ids, data, frame) => each(ids, s => s.receive(frame ?? data), others => this.#post({ k: 'frame', from, ids: others, data })),
      closed: (ids, code) => each(ids, s => this.drop(s, code, false), others => this.#post({ k: 'closed', from, ids: others, code })),
      idle: () => this.#resign(),
    };
  }

  #hear(note: Note): void {
    const me = this.tab.id;
    switch (note.k) {
      case 'open':
        if (!this.#lead || this.#alone) return;
        this.#watch(note.tab);
        return this.#lead.attach(note.id);
      case 'send':
        if (note.to !== me) return;
        // A socket this leader does not know (it left, or led before): its sender must reconnect.
        if (!this.#lead?.send(note.id, note.data)) this.#post({ k: 'closed', from: me, ids: [note.id], code: 1006 });
        return;
      case 'close':
        return this.#lead?.detach(note.id, note.code);
      case 'lead':
        if (this.#lead) return;
        this.#leader = note.from;
        for (const socket of [...this.#local.values()]) {
          if (socket.leader === undefined) this.#ask(socket);
          else if (socket.leader !== note.from) this.drop(socket, 1006, false);
        }
        return;
      case 'bye':
        if (this.#leader === note.from) this.#leader = undefined;
        for (const socket of [...this.#local.values()]) if (socket.leader === note.from) this.drop(socket, 1006, false);
        return;
    }
    // From a leader: believed only from the one this tab knows (a late note from one gone is not).
    if (this.#lead || (this.#leader !== undefined && note.from !== this.#leader)) return;
    this.#leader = note.from;
    for (const id of note.ids) {
      const socket = this.#local.get(id);
      if (!socket) continue;
      if (note.k === 'opened' && socket.leader === undefined) socket.opened(note.from);
      else if (note.k === 'frame' && socket.leader === note.from) socket.receive(note.data);
      else if (note.k === 'closed' && (socket.leader === undefined || socket.leader === note.from)) this.drop(socket, note.code, false);
    }
  }

  /** A tab holds its own lock for life: the leader is granted it when that tab is gone (closed or crashed). */
  #watch(tab: string): void {
    if (tab === this.tab.id || this.#watched.has(tab)) return;
    this.#watched.add(tab);
    const lead = this.#lead;
    this.locks
      .request(tabLock(tab), () => {
        if (this.#lead !== lead) return;
        this.#watched.delete(tab);
        lead?.detachTab(tab);
      })
      .catch(() => {});
  }

  /** The page is going away (or into the back/forward cache): let go of everything now. */
  #leave(): void {
    for (const socket of [...this.#local.values()]) this.drop(socket, 1006, true);
    const lead = this.#lead;
    if (!lead) return;
    this.#post({ k: 'bye', from: this.tab.id });
    lead.stop('The visitor left the page; the conversation goes on.');
    this.#resign();
  }

  #post(note: Note): void {
    try {
      this.#channel.postMessage(note);
    } catch {
      // A closed channel: the page is going away.
    }
  }
}

const defaultTimer: Timer = (callback, ms) => {
  const id = setTimeout(callback, ms);
  return () => clearTimeout(id);
};

/**
 * Makes the sockets of all same-origin tabs for one URL share one real socket, so that a visitor with
 * the widget open in several tabs holds one connection to the session (the server caps them, §4.3).
 *
 * The tab holding the Web Lock `genesys-chat:socket:<url>` leads: it opens the real socket with `real`
 * and keeps it while any tab's virtual socket is attached. The other tabs queue for the lock and reach
 * the leader over a BroadcastChannel of the same name; when the leader goes, one of them is granted the
 * lock and leads, and the followers' virtual sockets close with 1006 so that their links reconnect
 * through it. configureSession from a second tab is answered from the session on the socket
 * (`newSession: false`) after an echo proves the socket alive; `startNew` or another token go to the server.
 * Answers to one tab's request go to that tab; everything else goes to every tab.
 *
 * Make one per page and keep it (`const shared = sharedSocketFactory(defaultSocketFactory)`): every
 * instance is a tab of its own, with a lock it holds for the page's life.
 *
 * Without `navigator.locks` (insecure contexts) or `BroadcastChannel`, it returns `real` itself.
 */
export function sharedSocketFactory(real: SocketFactory, options: SharedSocketOptions = {}): SocketFactory {
  const locks = options.lockManager !== undefined ? options.lockManager : (globalThis.navigator?.locks as LockManager | undefined);
  const channel =
    options.channel !== undefined ? options.channel : typeof BroadcastChannel === 'function' ? (name: string) => new BroadcastChannel(name) : null;
  if (!locks || !channel) return real;
  const timer = options.timer ?? defaultTimer;
  const page = options.page !== undefined ? options.page : typeof window === 'undefined' ? null : window;
  const hubs = new Map<string, Hub>();
  let tab: Tab | undefined;
  return url => {
    if (!tab) {
      const id = uuid();
      // Held until the page goes; a leader waiting for it learns that this tab is gone.
      const alive = new Promise<void>(held => {
        locks
          .request(tabLock(id), () => {
            held();
            return new Promise<void>(() => {});
          })
          .catch(() => {});
      });
      tab = { id, alive };
    }
    let hub = hubs.get(url);
    if (!hub) hubs.set(url, (hub = new Hub(url, tab, real, locks, channel, timer, page)));
    return hub.connect();
  };
}
