import { uuid } from '../protocol/ids.js';
import type { StorageMode } from '../config.js';
import { browserStorage, sessionKey } from './session-key.js';

/** A message of the visitor's not yet confirmed by the server, kept so a reload loses no words. */
export interface StoredMessage {
  readonly tracingId: string;
  readonly text: string;
  /** When it was typed, epoch ms. */
  readonly time: number;
  /** It was on the wire: the server may have it (it is checked against the history before it goes again). */
  readonly wire: boolean;
  /** The server refused it; it waits for the visitor's Send again. */
  readonly failed?: boolean;
  /** A quick reply, button, date or list choice. */
  readonly reply?: { readonly type: string; readonly text: string; readonly payload: string; readonly messageId?: string };
  /** Uploaded files it carries. */
  readonly attachments?: readonly { readonly id: string; readonly name: string; readonly type: string; readonly size: number; readonly url?: string }[];
  /**
   * The page that sends it (`PAGE_ID`): each of the site's tabs stores its own unsent words beside the
   * others', and a page takes over those of a page that is gone (`SessionStore.adopt`).
   */
  readonly owner?: string;
}

/** What survives a reload for one deployment: the guest session token, an unfinished End, unsent words. */
export interface StoredSession {
  readonly token: string;
  /** The visitor asked to end and the server has not acknowledged it yet. */
  readonly endRequested: boolean;
  /** Messages typed and not yet confirmed, oldest first. */
  readonly outbox?: readonly StoredMessage[];
  /**
   * When the session expires unless there is activity, epoch ms, as last known (it may have moved on
   * since: activity slides it). 0: no session lives under the token. Unknown: assume it lives.
   */
  readonly expiresAt?: number;
  /** The gone session's token this one replaced: the site's other tabs take the same successor. */
  readonly replaces?: string;
  /** A signed-in visitor's Genesys tokens, so a reload resumes signed in (§10.10). */
  readonly auth?: { readonly jwt: string; readonly refreshToken?: string };
}


const isString = (value: unknown): value is string => typeof value === 'string';
const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Storage is another script's to write too: only well-formed entries are taken back. */
function readMessage(value: unknown): StoredMessage | undefined {
  if (!isRecord(value)) return undefined;
  const { tracingId, text, time, wire, failed, reply, attachments, owner } = value;
  if (!isString(tracingId) || !tracingId || !isString(text) || typeof time !== 'number' || !Number.isFinite(time)) return undefined;
  const goodReply = isRecord(reply) && isString(reply['type']) && isString(reply['text']) && isString(reply['payload'])
    ? { type: reply['type'], text: reply['text'], payload: reply['payload'], ...(isString(reply['messageId']) ? { messageId: reply['messageId'] } : {}) }
    : undefined;
  const goodAttachments = Array.isArray(attachments)
    ? attachments.filter(
        (a): a is { id: string; name: string; type: string; size: number } =>
          isRecord(a) && isString(a['id']) && isString(a['name']) && isString(a['type']) && typeof a['size'] === 'number',
      ).map(a => ({ id: a.id, name: a.name, type: a.type, size: a.size }))
    : [];
  return {
    tracingId,
    text,
    time,
    wire: wire === true,
    ...(failed === true ? { failed: true } : {}),
    ...(goodReply ? { reply: goodReply } : {}),
    ...(goodAttachments.length ? { attachments: goodAttachments } : {}),
    ...(isString(owner) ? { owner } : {}),
  };
}

/** Stored tokens, when well-formed. */
function readAuth(value: unknown): Pick<StoredSession, 'auth'> {
  if (!isRecord(value) || !isString(value['jwt']) || value['jwt'].length > 16_384) return {};
  const refreshToken = value['refreshToken'];
  return { auth: { jwt: value['jwt'], ...(isString(refreshToken) && refreshToken.length <= 16_384 ? { refreshToken } : {}) } };
}

/** This page's id, for as long as it is loaded: the owner of the unsent words it stores. */
export const PAGE_ID = uuid();

/** The Web Lock a page holds while it is loaded: a page whose lock is free is gone. */
const pageLock = (page: string) => `genesys-chat-page:${page}`;

let holdingPageLock = false;
/** Holds this page's lock until it unloads (where the browser has Web Locks). */
function holdPageLock(): void {
  if (holdingPageLock || typeof navigator === 'undefined' || !navigator.locks) return;
  holdingPageLock = true;
  void navigator.locks.request(pageLock(PAGE_ID), () => new Promise<never>(() => {})).catch(() => {});
}

/** The storage a session is kept in; `localStorage` by default. */
export type KeyValueStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;


function memoryStorage(): KeyValueStorage {
  const memory = new Map<string, string>();
  return {
    getItem: key => memory.get(key) ?? null,
    setItem: (key, value) => void memory.set(key, value),
    removeItem: key => void memory.delete(key),
  };
}

/**
 * The storage of a mode. Storage that is missing or refuses writes (private modes, sandboxed frames)
 * falls back to memory, as `none` is: the conversation works, only resuming after a reload is lost.
 */
function storageFor(mode: StorageMode, key: string): KeyValueStorage {
  // A site that changes its mode keeps nothing of the visitor's where it no longer looks.
  for (const other of ['local', 'session'] as const) {
    try {
      if (other !== mode) browserStorage(other)?.removeItem(key);
    } catch {
      // Not allowed to look: then nothing can be there either.
    }
  }
  try {
    const storage = browserStorage(mode);
    if (!storage) return memoryStorage();
    const probe = '__genesys-chat-probe__';
    storage.setItem(probe, probe);
    storage.removeItem(probe);
    return storage;
  } catch {
    return memoryStorage();
  }
}

/**
 * The persisted session of a deployment. A token is a random UUID the client makes (§4.1); keeping
 * it is what lets a reload, or another tab, resume the same conversation.
 */
export class SessionStore {
  readonly #key: string;
  readonly #mode: StorageMode;
  #given?: KeyValueStorage;

  /**
   * `storage`, when not given, is the browser storage of `mode` (`localStorage` by default), probed
   * when first used (a write costs milliseconds).
   */
  constructor(deploymentId: string, storage?: KeyValueStorage | StorageMode) {
    this.#key = sessionKey(deploymentId);
    if (typeof storage === 'string') this.#mode = storage;
    else {
      this.#mode = 'local';
      this.#given = storage;
    }
  }

  get #storage(): KeyValueStorage {
    return (this.#given ??= storageFor(this.#mode, this.#key));
  }

  /** The stored session, if a conversation may exist for this visitor. */
  read(): StoredSession | undefined {
    try {
      const value: unknown = JSON.parse(this.#storage.getItem(this.#key) ?? 'null');
      if (typeof value !== 'object' || value === null) return undefined;
      const { token, endRequested, outbox, expiresAt, replaces, auth } = value as Record<string, unknown>;
      if (typeof token !== 'string' || token.length === 0 || token.length > 2048) return undefined;
      const messages = Array.isArray(outbox) ? outbox.map(readMessage).filter((m): m is StoredMessage => !!m) : [];
      return {
        token,
        endRequested: endRequested === true,
        ...(messages.length ? { outbox: messages } : {}),
        ...(typeof expiresAt === 'number' && Number.isFinite(expiresAt) ? { expiresAt } : {}),
        ...(typeof replaces === 'string' && replaces.length <= 2048 ? { replaces } : {}),
        ...readAuth(auth),
      };
    } catch {
      return undefined;
    }
  }

  /**
   * The stored session with this page's unsent words, or a new token (not yet stored: storing happens
   * once a session is configured).
   */
  readOrCreate(): StoredSession {
    return this.readOwn() ?? { token: uuid(), endRequested: false };
  }

  /**
   * Stores the session with this page's unsent words (`session.outbox`), keeping those of the site's
   * other pages as they are: two tabs never overwrite each other's.
   */
  write(session: StoredSession, owner: string = PAGE_ID): void {
    holdPageLock();
    const stored = this.read();
    const others = (stored?.outbox ?? []).filter(m => m.owner !== undefined && m.owner !== owner);
    const outbox = [...others, ...(session.outbox ?? []).map(m => ({ ...m, owner }))].sort((a, b) => a.time - b.time);
    const { outbox: _, ...rest } = session;
    // Which token this one replaced stays known while it is the token, for tabs that learn of the old one's end later.
    const replaces = stored?.replaces !== undefined && stored.token === session.token ? { replaces: stored.replaces } : {};
    this.#put({ ...replaces, ...rest, ...(outbox.length ? { outbox } : {}) });
  }

  /**
   * The token that replaces the gone session of `token`: the one a tab of the site already chose and
   * stored, or a new random one, stored at once for the others (never made from the old token, which
   * anyone who saw it could then work out).
   */
  successor(token: string): string {
    const stored = this.read();
    if (stored?.replaces === token) return stored.token;
    const next = uuid();
    const { outbox: _, ...rest } = stored ?? { endRequested: false };
    this.#put({ ...rest, token: next, replaces: token, endRequested: false, expiresAt: 0, ...(stored?.outbox ? { outbox: stored.outbox } : {}) });
    return next;
  }

  /** The stored session with only this page's unsent words: what this page resumes and sends. */
  readOwn(owner: string = PAGE_ID): StoredSession | undefined {
    const stored = this.read();
    if (!stored) return undefined;
    const own = (stored.outbox ?? []).filter(m => m.owner === owner);
    const { outbox: _, ...rest } = stored;
    return { ...rest, ...(own.length ? { outbox: own } : {}) };
  }

  /**
   * Makes this page the owner of the unsent words of pages that are gone (closed or reloaded), so
   * they are sent once, by one page. Pages that are still loaded keep theirs. One page at a time
   * decides (a Web Lock), so two pages loading together do not both take them; without Web Locks,
   * this page takes every other page's.
   */
  async adopt(owner: string = PAGE_ID): Promise<void> {
    holdPageLock();
    const locks = typeof navigator === 'undefined' ? undefined : navigator.locks;
    const take = (alive: (page: string) => boolean) => {
      const stored = this.read();
      if (!stored?.outbox?.some(m => m.owner !== owner && !(m.owner !== undefined && alive(m.owner)))) return;
      const outbox = stored.outbox.map(m => (m.owner === owner || (m.owner !== undefined && alive(m.owner)) ? m : { ...m, owner }));
      this.#put({ ...stored, outbox });
    };
    if (!locks) return take(() => false);
    try {
      await locks.request(`genesys-chat-adopt:${this.#key}`, async () => {
        const { held = [], pending = [] } = await locks.query();
        const names = new Set([...held, ...pending].map(lock => lock.name));
        take(page => names.has(pageLock(page)));
      });
    } catch {
      take(() => false);
    }
  }

  #put(session: StoredSession): void {
    try {
      this.#storage.setItem(this.#key, JSON.stringify(session));
    } catch {
      // Storage full or revoked: the conversation goes on; only resuming after a reload is lost.
    }
  }

  clear(): void {
    try {
      this.#storage.removeItem(this.#key);
    } catch {
      // As in write().
    }
  }
}
