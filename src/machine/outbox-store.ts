import type { ContentReply } from '../content/rich-content.types.js';
import type { StoredMessage } from '../session/session-store.js';
import type { ChatMessage } from '../transcript/transcript.js';
import type { Unconfirmed } from './chat.types.js';
import { pendingMessage } from './outbox.js';

/**
 * The visitor's unconfirmed messages across a reload: what is stored, and how it comes back. A message
 * that was on the wire comes back "in doubt": the server may have it, so it is looked for in the
 * history before it goes again.
 */

const REPLY_TYPES: ReadonlySet<string> = new Set(['QuickReply', 'Button', 'DatePicker', 'ListPicker']);

/** The outbox as stored with the session: where each message is, as the two booleans every version reads. */
export function toStored(unconfirmed: readonly Unconfirmed[]): StoredMessage[] {
  return unconfirmed.map(u => ({
    tracingId: u.tracingId,
    text: u.text,
    time: u.time,
    wire: u.state.kind === 'sent' || u.state.kind === 'doubt',
    ...(u.state.kind === 'failed' ? { failed: true } : {}),
    ...(u.reply ? { reply: u.reply } : {}),
    ...(u.attachments ? { attachments: u.attachments } : {}),
  }));
}

/** The stored messages as the outbox and transcript take them back. */
export function fromStored(stored: readonly StoredMessage[]): { unconfirmed: Unconfirmed[]; messages: ChatMessage[] } {
  const unconfirmed: Unconfirmed[] = [];
  const messages: ChatMessage[] = [];
  for (const m of stored) {
    const reply: ContentReply | undefined =
      m.reply && REPLY_TYPES.has(m.reply.type) ? { ...m.reply, type: m.reply.type as ContentReply['type'], messageId: m.reply.messageId ?? '' } : undefined;
    const u: Unconfirmed = {
      tracingId: m.tracingId,
      text: m.text,
      time: m.time,
      // Stored as two booleans, as every version so far has stored them.
      state: m.failed ? { kind: 'failed', reason: 'message-timeout' } : m.wire ? { kind: 'doubt' } : { kind: 'queued' },
      ...(reply ? { reply } : {}),
      ...(m.attachments ? { attachments: m.attachments } : {}),
    };
    unconfirmed.push(u);
    const shown = pendingMessage(u);
    messages.push(m.failed ? { ...shown, status: 'failed', failure: 'message-timeout' } : shown);
  }
  return { unconfirmed, messages };
}
