import { hasInteractive } from '../content/read-content.js';
import type { DeploymentConfig } from '../protocol/deployment-config.js';
import { hasMorePages, type HistoryPage } from '../protocol/history.js';
import type { Transcript } from '../transcript/transcript.js';
import type { ConversationState, HistoryState } from './chat.types.js';
import { toChatMessage } from './messages.js';

/** What a page of history changes: the lines shown, the offer that takes input, and where loading stands. */
export interface Shown {
  readonly transcript: Transcript;
  readonly interactive: ConversationState['interactive'];
  readonly history: HistoryState;
}

/**
 * Merges a page of history (newest first, §3.8) into the transcript: by time, without duplicates
 * (live frames and earlier pages may hold the same messages), and with quick replies answered unless the
 * newest message of the conversation still offers them.
 */
export function mergeHistory(shown: Shown, page: HistoryPage, at: number, bot?: DeploymentConfig['bot']): Shown {
  let { transcript, interactive } = shown;
  const { history } = shown;
  // Entities without a time (history may have `time: null`) go just before everything known.
  let fallback = (transcript.chunks[0]?.messages[0]?.time ?? at) - 1;
  page.entities.forEach((entity, index) => {
    const message = toChatMessage(entity, fallback, bot);
    if (!message || transcript.find(message.id, message.time)) return;
    fallback = Math.min(fallback, message.time - 1);
    const newest = page.pageNumber === 1 && index === 0 && message.time >= (transcript.chunks.at(-1)?.messages.at(-1)?.time ?? 0);
    const offers = message.author !== 'customer' && !!message.content && hasInteractive(message.content);
    if (offers && newest) interactive = { id: message.id, time: message.time };
    transcript = transcript.insert(offers && !newest ? { ...message, answered: true } : message);
  });
  const next = page.pageNumber === history.nextPage;
  return {
    transcript,
    interactive,
    history: {
      more: next ? hasMorePages(page) : history.more,
      nextPage: next ? page.pageNumber + 1 : history.nextPage,
      failed: false,
    },
  };
}
