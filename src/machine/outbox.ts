import type { ContentReply } from '../content/rich-content.types.js';
import { buttonResponse, textMessage } from '../protocol/encode.js';
import type { CustomAttributes, OnMessageFrame } from '../protocol/frames.js';
import type { ChatMessage, Transcript } from '../transcript/transcript.js';
import type { RichContent } from '../content/rich-content.types.js';
import { safeMediaUrl } from '../content/safe-url.js';
import type { ChatContext, ChatErrorCode, SentAttachment, Unconfirmed } from './chat.types.js';
import { isPermanentMessageFailure } from './errors.js';

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

type Changes = Partial<ChatContext>;

/** Applies `change` to the transcript entry of an unconfirmed message. */
export function updateMessage(transcript: Transcript, u: Unconfirmed, change: (m: ChatMessage) => ChatMessage): Transcript {
  const message = transcript.find(u.tracingId, u.time);
  return message ? transcript.replace(u.tracingId, u.time, change(message)) : transcript;
}

/** Takes the visitor's words (or choice): in the transcript as `sending`, queued for the wire. */
export function accept(
  context: ChatContext,
  draft: {
    readonly tracingId: string;
    readonly text: string;
    readonly at: number;
    readonly reply?: ContentReply;
    readonly attachments?: readonly SentAttachment[];
  },
): { changes: Changes; message: ChatMessage } {
  const { tracingId, text, at, reply, attachments = [] } = draft;
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
  const message: ChatMessage = {
    id: tracingId,
    tracingId,
    author: 'customer',
    text: reply ? '' : text,
    ...(content.length ? { content } : {}),
    time: at,
    status: 'sending',
  };
  let transcript = context.transcript;
  // Whatever the visitor says next answers the quick replies or buttons on offer.
  const offered = context.interactive && transcript.find(context.interactive.id, context.interactive.time);
  if (offered && context.interactive) transcript = transcript.replace(offered.id, offered.time, { ...offered, answered: true });
  return {
    message,
    changes: {
      // After an agent's end in Send mode, the visitor's next message starts a new conversation.
      agentEnded: false,
      interactive: undefined,
      notice: undefined,
      transcript: transcript.insert(message),
      unconfirmed: [
        ...context.unconfirmed,
        { tracingId, text, time: at, sent: false, ...(reply ? { reply } : {}), ...(attachments.length ? { attachments } : {}) },
      ],
    },
  };
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
export function attributesToSend(context: ChatContext): AttributesCheck {
  const attributes = context.customAttributes;
  if (!attributes || context.attributesRefused || Object.keys(attributes).length === 0) return { send: false };
  const json = JSON.stringify(attributes);
  if (json === context.attributesSent) return { send: false };
  const max = context.session?.maxCustomDataBytes ?? DEFAULT_MAX_CUSTOM_DATA_BYTES;
  const bytes = utf8Length(json);
  if (bytes > max) return { send: false, tooLarge: { bytes, max } };
  return { send: true, attributes, json };
}

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
  sent: false,
  ...(u.reply ? { reply: u.reply } : {}),
  ...(u.attachments ? { attachments: u.attachments } : {}),
});

/** Marks a queued message failed, with the reason shown next to it. */
export function fail(context: ChatContext, u: Unconfirmed, reason: ChatErrorCode): Changes {
  return {
    transcript: updateMessage(context.transcript, u, m => ({ ...m, status: 'failed', failure: reason })),
    unconfirmed: context.unconfirmed.map(x => (x === u ? { ...x, failed: true, sent: false } : x)),
  };
}

/** Queues a failed message again; it goes out with the others in order. */
export function retry(context: ChatContext, tracingId: string): Changes | undefined {
  const u = context.unconfirmed.find(x => x.tracingId === tracingId && x.failed);
  if (!u) return undefined;
  const { failure, ...rest } = context.transcript.find(u.tracingId, u.time) ?? ({} as ChatMessage);
  if (failure && isPermanentMessageFailure(failure)) return undefined;
  return {
    transcript: rest.id ? context.transcript.replace(u.tracingId, u.time, { ...rest, status: 'sending' }) : context.transcript,
    unconfirmed: context.unconfirmed.map(x => (x === u ? requeued(x) : x)),
  };
}

/** Messages on the wire that the server has not echoed yet. */
export const outstanding = (unconfirmed: readonly Unconfirmed[]): boolean => unconfirmed.some(u => u.sent && !u.failed);

/** Messages waiting to be put on the wire. */
export const waiting = (unconfirmed: readonly Unconfirmed[]): readonly Unconfirmed[] => unconfirmed.filter(u => !u.sent && !u.failed);
