import { html, nothing, type TemplateResult } from 'lit';
import { guard } from 'lit/directives/guard.js';
import { repeat } from 'lit/directives/repeat.js';
import type { ContentReply } from '../../content/rich-content.types.js';
import type { ChatStrings } from '../../i18n/strings.js';
import { isPermanentMessageFailure } from '../../machine/errors.js';
import type { ChatMessage, Chunk, Transcript } from '../../transcript/transcript.js';
import { errorText } from '../view.js';
import { renderContent } from './content.js';
import { renderText } from './markdown.js';

/** What a message needs besides itself; keep its identity stable so unchanged chunks are skipped. */
export interface MessageView {
  readonly t: ChatStrings;
  readonly time: Intl.DateTimeFormat;
  readonly lang: string | undefined;
  /** The deployment renders agent and bot text as markdown. */
  readonly markdown: boolean;
  /** Quick replies and buttons take input (the session is writable). */
  readonly writable: boolean;
  readonly onReply: (reply: ContentReply) => void;
  /** Called with a failed message's button; its `data-tracing-id` names the message. */
  readonly onResend: (event: Event) => void;
}

function sender(message: ChatMessage, t: ChatStrings): TemplateResult {
  switch (message.author) {
    case 'customer':
      return html`<span class="sender visually-hidden">${t.senderYou}</span>`;
    case 'bot':
      return html`<span class="sender">${message.senderName ?? t.senderBot}${message.senderName
        ? html` <span part="bot-badge" class="badge-bot">${t.botBadge}</span>`
        : nothing}</span>`;
    case 'agent':
      return html`<span class="sender">${message.senderName ?? t.senderAgent}</span>`;
  }
}

function delivery(message: ChatMessage, view: MessageView) {
  const { t } = view;
  if (message.status === 'sending') return html`<span class="delivery">${t.statusSending}</span>`;
  if (message.status !== 'failed') return nothing;
  const reason = message.failure ? errorText(message.failure, t) : '';
  const canRetry = !message.failure || !isPermanentMessageFailure(message.failure);
  return html`<span class="delivery failed">${t.statusFailed}${reason ? html`: ${reason}` : nothing}</span>
    ${canRetry
      ? html`<button part="retry-message-button" class="link-button" type="button" data-tracing-id=${message.tracingId ?? ''} @click=${view.onResend}>${t.retryMessage}</button>`
      : nothing}`;
}

function body(message: ChatMessage, view: MessageView) {
  if (message.unsupported) return html`<div class="text unsupported" data-text>${view.t.unsupportedMessage}</div>`;
  if (!message.text) return nothing;
  // The visitor's own words are shown as typed; only the agent's or bot's follow the deployment's markdown setting.
  const markdown = view.markdown && message.author !== 'customer';
  return html`<div class="text" data-text>${renderText(message.text, markdown)}</div>`;
}

// Text bindings only: whatever the server sends is shown as text (or markdown built as DOM), never parsed as HTML.
function renderMessage(message: ChatMessage, view: MessageView): TemplateResult {
  const { t, time } = view;
  const date = new Date(message.time);
  return html`<div part="message message-${message.author}" class="message ${message.author}">
    ${message.avatar ? html`<img part="avatar" class="avatar" src=${message.avatar} alt="" width="28" height="28" />` : nothing}
    ${sender(message, t)}
    ${body(message, view)}
    ${message.content
      ? renderContent(message.content, {
          t,
          messageId: message.id,
          interactive: view.writable && !message.answered,
          onReply: view.onReply,
          ...(view.lang ? { lang: view.lang } : {}),
        })
      : nothing}
    <div class="meta"><time datetime=${date.toISOString()}>${time.format(date)}</time>${delivery(message, view)}</div>
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
