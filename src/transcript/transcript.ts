import type { RichContent } from '../content/rich-content.types.js';
import type { ChatErrorCode } from '../machine/chat-error.js';

/** Who wrote a message. */
export type Author = 'customer' | 'agent' | 'bot';

/** Delivery of the visitor's own message: shown at once, `sent` once the server echoes it. */
export type DeliveryStatus = 'sending' | 'sent' | 'failed';

/** One message of the transcript, as the view shows it. */
export interface ChatMessage {
  /** The server's message id, or the local id (also the request's tracingId) until the echo comes. */
  readonly id: string;
  readonly author: Author;
  readonly text: string;
  /** Epoch milliseconds; the transcript is ordered by it. */
  readonly time: number;
  /** For the visitor's own messages. */
  readonly status?: DeliveryStatus;
  /** The tracingId the message was sent with (visitor's messages). */
  readonly tracingId?: string;
  /** Display name of the agent or bot, when the server gave one. */
  readonly senderName?: string;
  /** The message had content none of which could be read; the view says so instead of showing nothing. */
  readonly unsupported?: boolean;
  /** A safe http(s) URL of the agent's or bot's picture, when the server gave one. */
  readonly avatar?: string;
  /** Rich content (quick replies, cards, attachments, ...), validated. */
  readonly content?: readonly RichContent[];
  /** The visitor has answered this message's quick replies or buttons: they no longer take input. */
  readonly answered?: boolean;
  /** Why a `failed` message was not delivered. */
  readonly failure?: ChatErrorCode;
}

/** A run of consecutive messages. Unchanged chunks keep their identity, so a view can skip them. */
export interface Chunk {
  readonly key: number;
  readonly messages: readonly ChatMessage[];
}

/**
 * Messages in a chunk at most. A view renders a chunk as one unit, so an append re-renders at most this
 * many messages, and a long conversation drops off the top a chunk at a time.
 */
export const CHUNK_SIZE = 32;
let nextKey = 0;
const chunk = (messages: readonly ChatMessage[]): Chunk => ({ key: nextKey++, messages });

/** First index in `messages` whose time is greater than `time` (insertion point after equal times). */
function upperBound(messages: readonly ChatMessage[], time: number): number {
  let lo = 0;
  let hi = messages.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (messages[mid]!.time <= time) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** First index in `messages` whose time is not less than `time`. */
function lowerBound(messages: readonly ChatMessage[], time: number): number {
  let lo = 0;
  let hi = messages.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (messages[mid]!.time < time) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * An immutable, time-ordered transcript stored in chunks of at most `CHUNK_SIZE` messages.
 *
 * Every change copies only the chunk it touches plus the (short) chunk list, so appending to a
 * transcript of 10,000 messages costs about what it costs at 100, and a view that renders chunk by
 * chunk re-renders only the chunk that changed. Messages are found by (id, time): duplicates of a
 * server message carry the same time, so no index over all ids is needed.
 */
export class Transcript {
  static readonly empty = new Transcript([], 0);

  private constructor(
    /** The chunks, in time order. */
    readonly chunks: readonly Chunk[],
    /** Number of messages. */
    readonly size: number,
  ) {}

  /** The newest message. */
  get last(): ChatMessage | undefined {
    const tail = this.chunks.at(-1);
    return tail?.messages.at(-1);
  }

  /** The newest chunks that hold at least `count` messages (all of them in a shorter transcript), oldest first. */
  newestChunks(count: number): readonly Chunk[] {
    let held = 0;
    let first = this.chunks.length;
    while (first > 0 && held < count) held += this.chunks[--first]!.messages.length;
    return first === 0 ? this.chunks : this.chunks.slice(first);
  }

  /** The newest message that passes `test`, among the newest `within` (a bounded look back). */
  newest(test: (message: ChatMessage) => boolean, within: number): ChatMessage | undefined {
    for (let c = this.chunks.length - 1; c >= 0 && within > 0; c--) {
      const messages = this.chunks[c]!.messages;
      for (let m = messages.length - 1; m >= 0 && within-- > 0; m--) if (test(messages[m]!)) return messages[m];
    }
    return undefined;
  }

  *[Symbol.iterator](): IterableIterator<ChatMessage> {
    for (const c of this.chunks) yield* c.messages;
  }

  /** The message with this id and time, if present. */
  find(id: string, time: number): ChatMessage | undefined {
    const at = this.#locate(id, time);
    return at && this.chunks[at[0]]!.messages[at[1]];
  }

  /**
   * Adds a message in time order (after any with the same time). A message already present with the
   * same id and time is replaced instead, so a duplicated frame never shows twice.
   */
  insert(message: ChatMessage): Transcript {
    if (this.#locate(message.id, message.time)) return this.replace(message.id, message.time, message);
    const { chunks } = this;
    if (chunks.length === 0) return new Transcript([chunk([message])], 1);
    // Find the last chunk that starts at or before the message's time (the first chunk otherwise).
    let lo = 0;
    let hi = chunks.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (chunks[mid]!.messages[0]!.time <= message.time) lo = mid + 1;
      else hi = mid;
    }
    const index = Math.max(0, lo - 1);
    const target = chunks[index]!.messages;
    const at = upperBound(target, message.time);
    // A conversation grows at its end: a full last chunk stays as it is and the newest starts the next,
    // so a view keeps every chunk it has rendered.
    if (index === chunks.length - 1 && at === target.length && target.length >= CHUNK_SIZE) {
      return new Transcript([...chunks, chunk([message])], this.size + 1);
    }
    const messages = [...target.slice(0, at), message, ...target.slice(at)];
    const replacement =
      messages.length > CHUNK_SIZE
        ? [chunk(messages.slice(0, CHUNK_SIZE / 2)), chunk(messages.slice(CHUNK_SIZE / 2))]
        : [chunk(messages)];
    return new Transcript([...chunks.slice(0, index), ...replacement, ...chunks.slice(index + 1)], this.size + 1);
  }

  /** Removes the message with this id and time. */
  remove(id: string, time: number): Transcript {
    const at = this.#locate(id, time);
    if (!at) return this;
    const [c, m] = at;
    const messages = this.chunks[c]!.messages.filter((_, i) => i !== m);
    const chunks = messages.length
      ? this.chunks.map((old, i) => (i === c ? chunk(messages) : old))
      : this.chunks.filter((_, i) => i !== c);
    return new Transcript(chunks, this.size - 1);
  }

  /** Puts `next` in place of the message with this id and time, moving it if its time changed. */
  replace(id: string, time: number, next: ChatMessage): Transcript {
    const at = this.#locate(id, time);
    if (!at) return this.insert(next);
    if (next.time !== time) return this.remove(id, time).insert(next);
    // Renamed onto a message already there (same id and time): one of the two is enough.
    if (next.id !== id && this.#locate(next.id, time)) return this.remove(id, time).replace(next.id, time, next);
    const [c, m] = at;
    const messages = this.chunks[c]!.messages.map((old, i) => (i === m ? next : old));
    return new Transcript(
      this.chunks.map((old, i) => (i === c ? chunk(messages) : old)),
      this.size,
    );
  }

  #locate(id: string, time: number): [number, number] | undefined {
    // Binary-search the first chunk that ends at or after `time`; equal times may straddle chunks.
    let lo = 0;
    let hi = this.chunks.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.chunks[mid]!.messages.at(-1)!.time < time) lo = mid + 1;
      else hi = mid;
    }
    for (let c = lo; c < this.chunks.length; c++) {
      const messages = this.chunks[c]!.messages;
      if (messages[0]!.time > time) return undefined;
      for (let m = lowerBound(messages, time); m < messages.length && messages[m]!.time === time; m++) {
        if (messages[m]!.id === id) return [c, m];
      }
    }
    return undefined;
  }
}
