import type { ChatMessage, Chunk } from '../transcript/transcript.js';

/** Messages of one sender this close in time read as one run: the name shows once, the time on the last. */
export const GROUP_GAP_MS = 5 * 60_000;

/**
 * Where a message sits in its run, as classes: `first` shows the sender's name, `last` the time. A lone
 * message is both. A string, so a message's render is skipped while its place stays the same.
 */
export type GroupPlace = 'first last' | 'first' | 'last' | '';

/** Whether `next` continues the run of `previous`: same author and name, within `GROUP_GAP_MS`. */
export function sameGroup(previous: ChatMessage | undefined, next: ChatMessage | undefined): boolean {
  if (!previous || !next || previous.author !== next.author || previous.senderName !== next.senderName) return false;
  const gap = next.time - previous.time;
  return gap >= 0 && gap <= GROUP_GAP_MS;
}

/**
 * Whether each chunk's first message continues the run of the message before it (the previous chunk's
 * last), and whether its last message is continued by the next chunk. Only the chunks at a boundary
 * that changes render again: a new message touches the chunk before it only when it joins its run.
 */
export function chunkJoins(chunks: readonly Chunk[]): { readonly before: boolean; readonly after: boolean }[] {
  return chunks.map((chunk, i) => ({
    before: sameGroup(chunks[i - 1]?.messages.at(-1), chunk.messages[0]),
    after: sameGroup(chunk.messages.at(-1), chunks[i + 1]?.messages[0]),
  }));
}

/** The place of each message of a chunk in its run, given whether the chunk joins its neighbours' runs. */
export function groupPlaces(messages: readonly ChatMessage[], joinsBefore: boolean, joinsAfter: boolean): GroupPlace[] {
  const last = messages.length - 1;
  return messages.map((message, i) => {
    const first = !(i === 0 ? joinsBefore : sameGroup(messages[i - 1], message));
    const ends = !(i === last ? joinsAfter : sameGroup(message, messages[i + 1]));
    return first ? (ends ? 'first last' : 'first') : ends ? 'last' : '';
  });
}
