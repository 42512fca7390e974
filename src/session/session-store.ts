import { uuid } from '../protocol/ids.js';

/** What survives a reload for one deployment: the guest session token and an unfinished End. */
export interface StoredSession {
  readonly token: string;
  /** The visitor asked to end and the server has not acknowledged it yet. */
  readonly endRequested: boolean;
}

/** The storage a session is kept in; `localStorage` by default. */
export type KeyValueStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

const keyOf = (deploymentId: string) => `genesys-chat:${deploymentId}`;

/** Storage that may be missing or refuse writes (private modes, sandboxed frames): fall back to memory. */
function defaultStorage(): KeyValueStorage {
  try {
    const probe = '__genesys-chat-probe__';
    localStorage.setItem(probe, probe);
    localStorage.removeItem(probe);
    return localStorage;
  } catch {
    const memory = new Map<string, string>();
    return {
      getItem: key => memory.get(key) ?? null,
      setItem: (key, value) => void memory.set(key, value),
      removeItem: key => void memory.delete(key),
    };
  }
}

/**
 * The persisted session of a deployment. A token is a random UUID the client makes (§4.1); keeping
 * it is what lets a reload, or another tab, resume the same conversation.
 */
export class SessionStore {
  readonly #key: string;
  readonly #storage: KeyValueStorage;

  constructor(deploymentId: string, storage: KeyValueStorage = defaultStorage()) {
    this.#key = keyOf(deploymentId);
    this.#storage = storage;
  }

  /** The stored session, if a conversation may exist for this visitor. */
  read(): StoredSession | undefined {
    try {
      const value: unknown = JSON.parse(this.#storage.getItem(this.#key) ?? 'null');
      if (typeof value !== 'object' || value === null) return undefined;
      const { token, endRequested } = value as Record<string, unknown>;
      if (typeof token !== 'string' || token.length === 0 || token.length > 2048) return undefined;
      return { token, endRequested: endRequested === true };
    } catch {
      return undefined;
    }
  }

  /** The stored session, or a new token (not yet stored: storing happens once a session is configured). */
  readOrCreate(): StoredSession {
    return this.read() ?? { token: uuid(), endRequested: false };
  }

  write(session: StoredSession): void {
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
