import { html, type TemplateResult } from 'lit';
import type { ChatStrings } from '../../i18n/strings.js';
import { messageWords, senderName } from '../../transcript/transcript-text.js';
import type { ChatMessage, Transcript } from '../../transcript/transcript.js';

/** The preview's id: it describes the launcher while it shows. */
export const PREVIEW_ID = 'preview';


/** The newest message from an agent or bot, among the latest ones. */
export const newestReceived = (transcript: Transcript): ChatMessage | undefined => transcript.newest(m => m.author !== 'customer', 32);

/**
 * A bubble above the minimised launcher with the newest message, as text. Pointing at it opens the
 * chat; keyboard and screen reader users reach the same through the launcher, which it describes.
 */
export function renderPreview(t: ChatStrings, message: ChatMessage, onOpen: () => void): TemplateResult {
  return html`<div id=${PREVIEW_ID} part="preview" class="preview" @click=${onOpen}><b>${senderName(message, t)}</b> ${messageWords(message, t)}</div>`;
}
