import { html, nothing, type TemplateResult } from 'lit';
import { guard } from 'lit/directives/guard.js';
import { repeat } from 'lit/directives/repeat.js';
import type { ChatStrings } from '../../i18n/strings.js';
import type { ChatMessage, Chunk, Transcript } from '../../transcript/transcript.js';

/** What a message needs besides itself; keep its identity stable so unchanged chunks are skipped. */
export interface MessageView {
  readonly t: ChatStrings;
  readonly time: Intl.DateTimeFormat;
}

function sender(message: ChatMessage, t: ChatStrings): TemplateResult {
  switch (message.author) {
    case 'customer':
      return html`<span class="sender visually-hidden">${t.senderYou}</span>`;
    case 'bot':
      return html`<span class="sender">${message.senderName ?? t.senderBot}</span>`;
    case 'agent':
      return html`<span class="sender">${message.senderName ?? t.senderAgent}</span>`;
  }
}

function delivery(message: ChatMessage, t: ChatStrings) {
  if (message.status === 'sending') return html`<span class="delivery">${t.statusSending}</span>`;
  if (message.status === 'failed') return html`<span class="delivery failed">${t.statusFailed}</span>`;
  return nothing;
}

// Text bindings only: whatever the server sends is shown as text, never parsed as HTML.
function renderMessage(message: ChatMessage, { t, time }: MessageView): TemplateResult {
  const date = new Date(message.time);
  return html`<div part="message message-${message.author}" class="message ${message.author}">
    ${sender(message, t)}
    ${message.unsupported
      ? html`<div class="text unsupported" data-text>${t.unsupportedMessage}</div>`
      : html`<div class="text" data-text>${message.text}</div>`}
    <div class="meta"><time datetime=${date.toISOString()}>${time.format(date)}</time>${delivery(message, t)}</div>
  </div>`;
}

const renderChunk = (chunk: Chunk, view: MessageView) =>
  html`<div class="chunk">${chunk.messages.map(m => renderMessage(m, view))}</div>`;

/**
 * Keys a chunk by its first message rather than by `Chunk.key`, which changes with every edit: an
 * appended message then reuses the chunk's DOM and adds one node instead of rebuilding 64.
 */
const chunkKey = (chunk: Chunk) => {
  const first = chunk.messages[0];
  return first ? `${first.id}@${first.time}` : chunk.key;
};

/**
 * The transcript chunk by chunk: a new message re-renders only the chunk it lands in (`guard`), so
 * long conversations stay cheap to append to.
 */
export const renderTranscript = (transcript: Transcript, view: MessageView) =>
  repeat(
    transcript.chunks,
    chunkKey,
    c => guard([c, view], () => renderChunk(c, view)),
  );
