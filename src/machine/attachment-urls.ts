import type { Attachment, RichContent } from '../content/rich-content.types.js';
import { safeMediaUrl } from '../content/safe-url.js';
import type { ServerFrame } from '../protocol/frames.js';
import type { ChatMessage, Transcript } from '../transcript/transcript.js';

/**
 * Download URLs of files in the conversation expire (about 10 minutes, §2.7): one older than this is
 * asked for again (`getAttachment`) before the visitor opens it, and one that failed to load at once.
 */
export const ATTACHMENT_URL_FRESH = 9 * 60_000;

/** Content with the time its download URLs were given. */
export const stampUrls = (content: readonly RichContent[], at: number): RichContent[] =>
  content.map(c => (c.kind === 'attachment' && c.attachment.url ? { ...c, attachment: { ...c.attachment, urlAt: at } } : c));

const attachmentsOf = (message: ChatMessage): Attachment[] =>
  (message.content ?? []).flatMap(c => (c.kind === 'attachment' ? [c.attachment] : []));

/** The attachment with this id in the transcript, if any. */
export function findAttachment(transcript: Transcript, id: string): Attachment | undefined {
  for (const message of transcript) {
    const found = attachmentsOf(message).find(a => a.id === id);
    if (found) return found;
  }
  return undefined;
}

/**
 * Whether an attachment's download URL should be asked for again now: it may have expired, or it failed
 * to load (`failed`), unless it is a fresh one that failed too (asking again would only loop).
 */
export function needsFreshUrl(attachment: Attachment, at: number, failed: boolean): boolean {
  const old = attachment.urlAt === undefined || at - attachment.urlAt >= ATTACHMENT_URL_FRESH;
  return old || (failed && !attachment.refreshed);
}

/** The transcript with `url` as the download URL of the attachment `id`, wherever it is shown. */
export function withFreshUrl(transcript: Transcript, id: string, url: string, at: number): Transcript {
  let next = transcript;
  for (const message of transcript) {
    if (!attachmentsOf(message).some(a => a.id === id)) continue;
    const content = message.content!.map(c => (c.kind === 'attachment' && c.attachment.id === id ? { ...c, attachment: { ...c.attachment, url, urlAt: at, refreshed: true } } : c));
    next = next.replace(message.id, message.time, { ...message, content });
  }
  return next;
}

/**
 * The fresh download URL a frame brings for an attachment whose URL was asked for: the answer to
 * `getAttachment` is a PresignedUrlResponse naming the attachment (§2.7), whether or not it names the request.
 */
export function freshUrlIn(refreshing: Readonly<Record<string, string>>, frame: ServerFrame): { readonly id: string; readonly url: string } | undefined {
  if (frame.class !== 'PresignedUrlResponse') return undefined;
  const { attachmentId } = frame.body;
  const url = safeMediaUrl(frame.body.url);
  return attachmentId in refreshing && url ? { id: attachmentId, url } : undefined;
}
