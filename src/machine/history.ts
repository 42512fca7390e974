import { hasInteractive } from '../content/read-content.js';
import { hasMorePages, type HistoryPage } from '../protocol/history.js';
import type { ChatContext } from './chat.types.js';
import { toChatMessage } from './messages.js';

/**
 * Merges a page of history (newest first, §3.8) into the transcript: by time, without duplicates
 * (live frames and earlier pages may hold the same messages), and with quick replies answered unless the
 * newest message of the conversation still offers them.
 */
export function mergeHistory(context: ChatContext, page: HistoryPage, at: number): Partial<ChatContext> {
  let transcript = context.transcript;
  let interactive = context.interactive;
  // Entities without a time (history may have `time: null`) go just before everything known.
  let fallback = (transcript.chunks[0]?.messages[0]?.time ?? at) - 1;
  page.entities.forEach((entity, index) => {
    const message = toChatMessage(entity, fallback);
    if (!message || transcript.find(message.id, message.time)) return;
    fallback = Math.min(fallback, message.time - 1);
    const newest = page.pageNumber === 1 && index === 0 && message.time >= (transcript.chunks.at(-1)?.messages.at(-1)?.time ?? 0);
    const offers = message.author !== 'customer' && !!message.content && hasInteractive(message.content);
    if (offers && newest) interactive = { id: message.id, time: message.time };
    transcript = transcript.insert(offers && !newest ? { ...message, answered: true } : message);
  });
  const next = page.pageNumber === context.history.nextPage;
  return {
    transcript,
    interactive,
    history: {
      more: next ? hasMorePages(page) : context.history.more,
      nextPage: next ? page.pageNumber + 1 : context.history.nextPage,
      failed: false,
    },
  };
}
