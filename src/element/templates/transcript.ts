import { html, nothing, type TemplateResult } from 'lit';
import { guard } from 'lit/directives/guard.js';
import { repeat } from 'lit/directives/repeat.js';
import type { ContentReply } from '../../content/rich-content.types.js';
import type { ChatStrings } from '../../i18n/strings.js';
import { isPermanentMessageFailure } from '../../machine/errors.js';
import type { ChatMessage, Chunk } from '../../transcript/transcript.js';
import { senderName } from '../../transcript/transcript-text.js';
import { chunkJoins, groupPlaces, type GroupPlace } from '../message-groups.js';
import { errorText } from '../view.js';

/** The templates of rich messages (content, markdown), once their chunk has loaded. */
export type RichTemplates = typeof import('./rich.js');

/** What a message needs besides itself; keep its identity stable so unchanged messages are skipped. */
export interface MessageView {
  readonly t: ChatStrings;
  readonly lang: string | undefined;
  /** The deployment renders agent and bot text as markdown. */
  readonly markdown: boolean;
  /** Quick replies and buttons take input (the session is writable). */
  readonly writable: boolean;
  readonly onReply: (reply: ContentReply) => void;
  /** A file's download URL may need renewing (see `ContentView.onAttachment`). */
  readonly onAttachment: (attachmentId: string, failed: boolean) => void;
  /** Called with a failed message's button; its `data-tracing-id` names the message. */
  readonly onResend: (event: Event) => void;
  /** Content and markdown templates; until they load, a message shows its text and asks for them. */
  readonly rich?: RichTemplates;
  readonly needRich: () => void;
}

/**
 * One formatter per language: creating the first `Intl.DateTimeFormat` starts ICU, which costs more
 * than showing a burst of messages, so the panel makes it when the browser is idle. A short time shows
 * hours and minutes, so the text of the newest minute is kept too: messages come in runs.
 */
const formatters = new Map<string, { format: Intl.DateTimeFormat; minute: number; text: string }>();
const MINUTE = 60_000;

/** The formatter for `lang`, made now if it was not: the panel makes it while the browser is idle, before any message. */
export function timeFormatFor(lang: string | undefined): { format: Intl.DateTimeFormat; minute: number; text: string } {
  const key = lang ?? '';
  let cached = formatters.get(key);
  if (!cached) formatters.set(key, (cached = { format: new Intl.DateTimeFormat(lang, { timeStyle: 'short' }), minute: NaN, text: '' }));
  return cached;
}

function formatTime(time: number, lang: string | undefined): string {
  const minute = Math.floor(time / MINUTE);
  const cached = timeFormatFor(lang);
  if (cached.minute !== minute) {
    cached.minute = minute;
    cached.text = cached.format.format(time);
  }
  return cached.text;
}


const PARTS = { customer: 'message message-customer', agent: 'message message-agent', bot: 'message message-bot' } as const;

/** Plain text, no picture, badge, content, markdown or delivery line: most messages of a conversation. */
const isPlain = (message: ChatMessage, view: MessageView): boolean =>
  !!message.text &&
  !message.unsupported &&
  !message.avatar &&
  !message.content &&
  (message.status === undefined || message.status === 'sent') &&
  (message.author === 'customer' || (!view.markdown && !(message.author === 'bot' && message.senderName)));

/**
 * A plain message in seven nodes: text goes in through `textContent` (never parsed), so it needs no
 * markers, and the template has no whitespace between its tags. One template per author keeps the
 * parts static: five bindings a message, for less memory per message shown. Its place in a run of
 * the same sender's messages is a class: the name and time it hides stay in the DOM for assistive
 * technology, so grouping changes no text and nothing is announced again.
 */
const plainMessage = (message: ChatMessage, view: MessageView, place: GroupPlace): TemplateResult => {
  const name = senderName(message, view.t);
  const time = formatTime(message.time, view.lang);
  const datetime = new Date(message.time).toISOString();
  switch (message.author) {
    case 'customer':
      return html`<div part="message message-customer" class="message customer ${place}"><span class="sender visually-hidden" .textContent=${name}></span><div class="text" data-text .textContent=${message.text}></div><time class="meta" datetime=${datetime} .textContent=${time}></time></div>`;
    case 'agent':
      return html`<div part="message message-agent" class="message agent ${place}"><span class="sender" .textContent=${name}></span><div class="text" data-text .textContent=${message.text}></div><time class="meta" datetime=${datetime} .textContent=${time}></time></div>`;
    case 'bot':
      return html`<div part="message message-bot" class="message bot ${place}"><span class="sender" .textContent=${name}></span><div class="text" data-text .textContent=${message.text}></div><time class="meta" datetime=${datetime} .textContent=${time}></time></div>`;
  }
};

function sender(message: ChatMessage, t: ChatStrings): TemplateResult {
  if (message.author === 'customer') return html`<span class="sender visually-hidden">${t.senderYou}</span>`;
  const badge = message.author === 'bot' && message.senderName;
  return html`<span class="sender">${senderName(message, t)}${badge ? html` <span part="bot-badge" class="badge-bot">${t.botBadge}</span>` : nothing}</span>`;
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
  // Without markdown the text is one text node, so its line breaks show through `white-space: pre-wrap`.
  const markdown = view.markdown && message.author !== 'customer';
  if (markdown && !view.rich) view.needRich();
  return html`<div class="text" data-text>${markdown && view.rich ? view.rich.renderMarkdownText(message.text) : message.text}</div>`;
}

// Text bindings only: whatever the server sends is shown as text (or markdown built as DOM), never parsed as HTML.
function richMessage(message: ChatMessage, view: MessageView, place: GroupPlace): TemplateResult {
  const { t } = view;
  if (message.content && !view.rich) view.needRich();
  return html`<div part=${PARTS[message.author]} class="message ${message.author} ${place}">
    ${message.avatar ? html`<img part="avatar" class="avatar" src=${message.avatar} alt="" width="28" height="28" referrerpolicy="no-referrer" />` : nothing}
    ${sender(message, t)}
    ${body(message, view)}
    ${message.content && view.rich
      ? view.rich.renderContent(message.content, {
          t,
          messageId: message.id,
          interactive: view.writable && !message.answered,
          onReply: view.onReply,
          onAttachment: view.onAttachment,
          ...(view.lang ? { lang: view.lang } : {}),
        })
      : nothing}
    <div class="meta"><time datetime=${new Date(message.time).toISOString()}>${formatTime(message.time, view.lang)}</time>${delivery(message, view)}</div>
  </div>`;
}

const renderMessage = (message: ChatMessage, view: MessageView, place: GroupPlace): TemplateResult =>
  isPlain(message, view) ? plainMessage(message, view, place) : richMessage(message, view, place);

/** A visitor's message keeps its tracingId when the echo gives it the server's id, so it keeps its DOM too. */
const keyOf = (message: ChatMessage): string => message.tracingId ?? message.id;

/** A chunk is keyed by its first message, which stays first while the conversation grows at its end. */
const chunkKey = (chunk: Chunk): string => keyOf(chunk.messages[0]!);

function renderMessages(messages: readonly ChatMessage[], view: MessageView, joinsBefore: boolean, joinsAfter: boolean) {
  const places = groupPlaces(messages, joinsBefore, joinsAfter);
  return repeat(messages, keyOf, (m, i) => guard([m, view, places[i]], () => renderMessage(m, view, places[i]!)));
}

/**
 * The messages shown, chunk by chunk and one `guard` each: the transcript keeps unchanged chunks and
 * messages as they were, so an update renders only the newest chunk, and in it only the messages that
 * changed or arrived, whatever the length of the conversation. A chunk's guard also holds whether its
 * ends join the runs of its neighbours, so a message joining the run of the chunk before renders that
 * chunk again, and in it only the one message whose time moves on. A chunk's box is a plain `div`,
 * which assistive technology passes over; the oldest chunk leaves the page in one removal.
 */
export function renderTranscript(chunks: readonly Chunk[], view: MessageView) {
  const joins = chunkJoins(chunks);
  return repeat(chunks, chunkKey, (chunk, i) => {
    const { before, after } = joins[i]!;
    return guard([chunk, view, before, after], () => html`<div class="chunk">${renderMessages(chunk.messages, view, before, after)}</div>`);
  });
}
