import type { ContentReply } from '../content/rich-content.types.js';
import { buttonResponse, textMessage } from '../protocol/encode.js';
import type { CustomAttributes, OnMessageFrame, SessionInfo, StructuredMessage } from '../protocol/frames.js';
import type { ChatMessage, Transcript } from '../transcript/transcript.js';
import type { RichContent } from '../content/rich-content.types.js';
import { safeMediaUrl } from '../content/safe-url.js';
import type { ChatErrorCode, Delivery, OutboxState, SentAttachment, Unconfirmed } from './chat.types.js';
import { isPermanentMessageFailure } from './errors.js';
import { messageTime } from './messages.js';

/**
 * The visitor's messages between typing and the server's echo: shown at once as `sending`, put on the
 * wire in order when online, `sent` on the echo, `failed` (with a reason and a retry) when refused.
 * Pure functions from context to changes; the machine applies them.
 */

/** 429s a message may receive before it is shown as failed. */
export const MAX_RATE_LIMITED = 3;
/** With messages on the wire and no echo for this long, they are shown as failed (and can be retried). */
export const SEND_TIMEOUT = 30_000;
/** Custom attributes may not exceed this many bytes unless the session says otherwise (§4.8). */
export const DEFAULT_MAX_CUSTOM_DATA_BYTES = 2048;

const QUEUED: Delivery = { kind: 'queued' };

/** Applies `change` to the transcript entry of an unconfirmed message. */
export function updateMessage(transcript: Transcript, u: Unconfirmed, change: (m: ChatMessage) => ChatMessage): Transcript {
  const message = transcript.find(u.tracingId, u.time);
  return message ? transcript.replace(u.tracingId, u.time, change(message)) : transcript;
}

/** How a visitor's message (or choice, or files) shows before the server has confirmed it. */
export function pendingMessage(u: Pick<Unconfirmed, 'tracingId' | 'text' | 'time' | 'reply' | 'attachments'>): ChatMessage {
  const { tracingId, text, time, reply, attachments = [] } = u;
  const content: RichContent[] = reply
    ? [{ kind: 'choice', text: reply.text }]
    : attachments.map(a => ({
        kind: 'attachment',
        attachment: {
          kind: mediaTypeOf(a.type),
          filename: a.name,
          mime: a.type,
          size: a.size,
          ...(a.url && safeMediaUrl(a.url) ? { url: safeMediaUrl(a.url)! } : {}),
        },
      }));
  return {
    id: tracingId,
    tracingId,
    author: 'customer',
    text: reply ? '' : text,
    ...(content.length ? { content } : {}),
    time,
    status: 'sending',
  };
}

/** What the visitor sent: their words, or a choice, with the files that go with it. */
export interface Draft {
  readonly tracingId: string;
  readonly text: string;
  readonly at: number;
  readonly reply?: ContentReply;
  readonly attachments?: readonly SentAttachment[];
}

/** The visitor's words (or choice) as queued for the wire. */
export function queued(draft: Draft): Unconfirmed {
  const { tracingId, text, at, reply, attachments = [] } = draft;
  return { tracingId, text, time: at, state: QUEUED, ...(reply ? { reply } : {}), ...(attachments.length ? { attachments } : {}) };
}

/** How Genesys classes a file the visitor sends: pictures show inline, the rest are files. */
const mediaTypeOf = (type: string): 'Image' | 'File' => (type.startsWith('image/') ? 'Image' : 'File');

const utf8Length = (text: string): number => new TextEncoder().encode(text).length;

/** What becomes of the custom attributes when a message is about to go. */
export type AttributesCheck =
  | { readonly send: false }
  | { readonly send: true; readonly attributes: CustomAttributes; readonly json: string }
  | { readonly send: false; readonly tooLarge: { readonly bytes: number; readonly max: number } };

/**
 * Whether custom attributes go with the next message: once per session (again when the page changes
 * them), never after the server refused them, and never when they are over the session's limit.
 */
export function attributesToSend(outbox: OutboxState, session: SessionInfo | undefined): AttributesCheck {
  const { custom: attributes, refused, sent } = outbox.attributes;
  if (!attributes || refused || Object.keys(attributes).length === 0) return { send: false };
  const json = JSON.stringify(attributes);
  if (json === sent) return { send: false };
  const max = session?.maxCustomDataBytes ?? DEFAULT_MAX_CUSTOM_DATA_BYTES;
  const bytes = utf8Length(json);
  if (bytes > max) return { send: false, tooLarge: { bytes, max } };
  return { send: true, attributes, json };
}

/** What the session knows of the custom attributes once they went (or were found too large to go). */
export const attributesAfter = (attributes: OutboxState['attributes'], check: AttributesCheck): OutboxState['attributes'] => ({
  ...attributes,
  ...('tooLarge' in check ? { refused: true } : {}),
  ...(check.send ? { sent: check.json } : {}),
});

/** The frame for a queued message. */
export function frameFor(token: string, u: Unconfirmed, customAttributes?: CustomAttributes): OnMessageFrame {
  const attributes = customAttributes ? { customAttributes } : {};
  return u.reply
    ? buttonResponse({
        token,
        tracingId: u.tracingId,
        type: u.reply.type,
        text: u.reply.text,
        payload: u.reply.payload,
        originatingMessageId: u.reply.messageId,
        ...attributes,
      })
    : textMessage({ token, tracingId: u.tracingId, text: u.text, attachments: (u.attachments ?? []).map(a => ({ id: a.id, mediaType: mediaTypeOf(a.type) })), ...attributes });
}

/** A message as it was accepted, to go on the wire again: what it says and carries, none of its history. */
export const requeued = (u: Unconfirmed): Unconfirmed => ({
  tracingId: u.tracingId,
  text: u.text,
  time: u.time,
  state: QUEUED,
  ...(u.reply ? { reply: u.reply } : {}),
  ...(u.attachments ? { attachments: u.attachments } : {}),
});

/** The visitor's lines in the transcript and the messages behind them, which change together. */
export interface Lines {
  readonly transcript: Transcript;
  readonly messages: readonly Unconfirmed[];
}

/** Marks a queued message failed, with the reason shown next to it. */
export function fail({ transcript, messages }: Lines, u: Unconfirmed, reason: ChatErrorCode): Lines {
  return {
    transcript: updateMessage(transcript, u, m => ({ ...m, status: 'failed', failure: reason })),
    messages: messages.map(x => (x.tracingId === u.tracingId ? { ...x, state: { kind: 'failed', reason } } : x)),
  };
}

/** Queues a failed message again; it goes out with the others in order. */
export function retry({ transcript, messages }: Lines, tracingId: string): Lines | undefined {
  const u = messages.find(x => x.tracingId === tracingId);
  if (u?.state.kind !== 'failed' || isPermanentMessageFailure(u.state.reason)) return undefined;
  const shown = transcript.find(u.tracingId, u.time);
  const { failure: _retried, ...rest } = shown ?? ({} as ChatMessage);
  // Unanswered before, it may yet be echoed while it waits its turn: that echo must still find it.
  const again = { ...requeued(u), ...(u.state.reason === 'message-timeout' ? { mayBeDelivered: true } : {}) };
  return {
    transcript: shown ? transcript.replace(u.tracingId, u.time, { ...rest, status: 'sending' }) : transcript,
    messages: messages.map(x => (x === u ? again : x)),
  };
}

/** Messages on the wire that the server has not echoed yet. */
export const outstanding = (messages: readonly Unconfirmed[]): boolean => messages.some(u => u.state.kind === 'sent');

/** Messages waiting to be put on the wire. */
export const waiting = (messages: readonly Unconfirmed[]): readonly Unconfirmed[] => messages.filter(u => u.state.kind === 'queued');

/** How far the server's clock may be behind ours when a message is looked for in the history. */
export const CLOCK_SKEW = 5 * 60_000;

type Entity = StructuredMessage;

const contentOf = (entity: Entity, type: string): Record<string, unknown>[] =>
  (entity.content ?? []).filter(c => c.contentType === type).map(c => c as unknown as Record<string, unknown>);

/**
 * Whether the server's copy of a visitor's message (an echo, a history entry) says what this message
 * says: the same choice (text and payload), or the same words with the same files.
 */
export function saysTheSame(entity: Entity, u: Unconfirmed): boolean {
  if (u.reply) {
    const { payload, text } = u.reply;
    return contentOf(entity, 'ButtonResponse').some(c => {
      const response = c['buttonResponse'] as { payload?: unknown; text?: unknown } | undefined;
      return response?.payload === payload && response.text === text;
    });
  }
  if ((entity.text ?? '').trim() !== u.text.trim()) return false;
  const ids = new Set(contentOf(entity, 'Attachment').map(c => (c['attachment'] as { id?: unknown } | undefined)?.id));
  return (u.attachments ?? []).every(a => ids.has(a.id));
}

/** Whether a history entry is the server's copy of a message the visitor sent. */
const isCopyOf = (entity: Entity, u: Unconfirmed): boolean =>
  entity.direction === 'Inbound' && messageTime(entity, Number.POSITIVE_INFINITY) >= u.time - CLOCK_SKEW && saysTheSame(entity, u);

/**
 * Settles the messages in doubt with the newest page of history (§2.6): one the server has is taken
 * as delivered (it takes the server's id and time, as an echo would give it); the others are sent again. Each
 * history entry stands for one message at most. History carries no tracingId, so a copy is known by
 * its text (or choice, or files) and a time no earlier than when it was typed.
 */
export function settleDoubts(lines: Lines, entities: readonly Entity[]): Lines {
  const taken = new Set<Entity>();
  let transcript = lines.transcript;
  const messages: Unconfirmed[] = [];
  for (const u of lines.messages) {
    if (u.state.kind !== 'doubt') {
      messages.push(u);
      continue;
    }
    // An entry the transcript already shows (an echo gave it the server's id) is a message known to be delivered.
    const copy = entities.find(e => !taken.has(e) && !(e.id && lines.transcript.find(e.id, messageTime(e, Number.NaN))) && isCopyOf(e, u));
    if (copy) {
      taken.add(copy);
      // It becomes the server's message (id and time), so merging the history finds it instead of adding it again.
      const shown = transcript.find(u.tracingId, u.time);
      if (shown) {
        const time = messageTime(copy, u.time);
        transcript = transcript.remove(u.tracingId, u.time).insert({ ...shown, id: copy.id ?? shown.id, time, status: 'sent' });
      }
      continue;
    }
    messages.push({ ...u, state: QUEUED });
  }
  return { transcript, messages };
}

/** Sends again every message in doubt (no history to check against). */
export const dropDoubts = (messages: readonly Unconfirmed[]): Unconfirmed[] =>
  messages.map(u => (u.state.kind === 'doubt' ? { ...u, state: QUEUED } : u));

/** Whether anything waits to be settled before the outbox may go on. */
export const inDoubt = (messages: readonly Unconfirmed[]): boolean => messages.some(u => u.state.kind === 'doubt');
