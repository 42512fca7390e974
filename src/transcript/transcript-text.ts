import type { Card, RichContent } from '../content/rich-content.types.js';
import type { ChatStrings } from '../i18n/strings.js';
import type { ChatMessage } from './transcript.js';

/** The name a message is shown with: "You", the agent's or bot's name, or "Agent" / "Bot". */
export const senderName = (message: ChatMessage, t: ChatStrings): string =>
  message.author === 'customer' ? t.senderYou : message.senderName ?? (message.author === 'bot' ? t.senderBot : t.senderAgent);

/** A card in words: its title and description, and its links with their addresses (what a copy must keep). */
function cardText(card: Card): string {
  const links = card.actions.map(a => (a.kind === 'link' ? `${a.text} <${a.url}>` : a.text));
  return [card.title, card.description, ...links.map(l => `  ${l}`)].filter(Boolean).join('\n');
}

/** What a piece of content is about, in words: a card, the choices offered, a picker's title, a file's name. */
function contentText(c: RichContent, t: ChatStrings): string | undefined {
  if (c.kind === 'card') return cardText(c.card);
  if (c.kind === 'carousel') return c.cards.map(cardText).join('\n');
  if (c.kind === 'quickReplies') return [c.title, c.replies.map(r => `[${r.text}]`).join(' ')].filter(Boolean).join('\n');
  if (c.kind === 'attachment') return c.attachment.filename ?? t.attachmentFile;
  return 'title' in c ? c.title : 'text' in c ? c.text : undefined;
}

/** What a message says, in words: its text, else what its content is about (a card's title, a file's name). */
export function messageWords(message: ChatMessage, t: ChatStrings): string {
  if (message.unsupported) return t.unsupportedMessage;
  const parts = [message.text.trim(), ...(message.content ?? []).map(c => contentText(c, t)?.trim())];
  return parts.filter(Boolean).join('\n');
}

/** An `Intl` formatter for `lang`, or for the browser's language when `lang` is not a valid tag. */
function dateTimeFormat(lang: string | undefined): Intl.DateTimeFormat {
  const options: Intl.DateTimeFormatOptions = { dateStyle: 'medium', timeStyle: 'short' };
  try {
    return new Intl.DateTimeFormat(lang, options);
  } catch {
    return new Intl.DateTimeFormat(undefined, options);
  }
}

/**
 * The conversation as plain text, for the visitor to keep: one entry per message,
 * `[time] Name: words`, with the lines of a long message indented under it. Whatever the server sent
 * is copied as it is: the file is text, never parsed as markup.
 */
export function transcriptText(messages: Iterable<ChatMessage>, strings: ChatStrings, lang?: string): string {
  const format = dateTimeFormat(lang);
  const lines: string[] = [];
  for (const message of messages) {
    const words = messageWords(message, strings).replace(/\r\n?/g, '\n').split('\n').join('\n    ');
    const failed = message.status === 'failed' ? ` (${strings.statusFailed})` : '';
    lines.push(`[${format.format(message.time)}] ${senderName(message, strings)}: ${words}${failed}`);
  }
  return `${lines.join('\n')}\n`;
}

