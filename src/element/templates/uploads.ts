import { html, nothing, type TemplateResult } from 'lit';
import type { ChatStrings } from '../../i18n/strings.js';
import type { Upload } from '../../machine/uploads.js';

const paperclip = html`<svg class="icon" aria-hidden="true" viewBox="0 0 24 24" width="20" height="20">
  <path fill="currentColor" d="M16.5 6.5v10a4.5 4.5 0 0 1-9 0V5a3 3 0 0 1 6 0v10.5a1.5 1.5 0 0 1-3 0V6.5H9v9a3 3 0 0 0 6 0V5a4.5 4.5 0 0 0-9 0v11.5a6 6 0 0 0 12 0v-10z" />
</svg>`;

/** What the tray says about a file. */
function statusOf(t: ChatStrings, upload: Upload): string {
  switch (upload.status) {
    case 'requesting':
    case 'uploading':
      return t.uploadUploading;
    case 'uploaded':
      return t.uploadReady;
    case 'failed':
      return upload.refusal === 'type'
        ? t.uploadRefusedType
        : upload.refusal === 'size'
          ? t.uploadRefusedSize
          : upload.refusal === 'network'
            ? t.uploadFailed
            : t.uploadRefused;
  }
}

/** The paperclip button and the file picker it opens; `accept` narrows the picker to what the session takes. */
export function renderAttachButton(t: ChatStrings, accept: string, disabled: boolean, onClick: (e: Event) => void, onChange: (e: Event) => void) {
  return html`<button id="attach-button" part="attach-button" class="attach" type="button" ?disabled=${disabled} @click=${onClick}>
      ${paperclip}<span class="visually-hidden">${t.attachFile}</span>
    </button>
    <input id="file-input" class="visually-hidden" type="file" multiple tabindex="-1" aria-hidden="true" accept=${accept || nothing} @change=${onChange} />`;
}

/**
 * Files waiting to go with the next message, each with its state and a Remove button. A polite live
 * region, so "Ready to send" or a refusal is heard without moving focus.
 */
export function renderUploads(t: ChatStrings, uploads: readonly Upload[], onRemove: (e: Event) => void): TemplateResult | typeof nothing {
  if (uploads.length === 0) return nothing;
  return html`<ul part="attachments" class="uploads" aria-label=${t.attachmentsLabel} aria-live="polite">
    ${uploads.map(
      u => html`<li part=${u.status === 'failed' ? 'attachment attachment-failed' : 'attachment'} class="upload" data-status=${u.status}>
        <span class="upload-name">${u.name}</span>
        <span class="upload-status">${statusOf(t, u)}</span>
        <button part="remove-attachment-button" type="button" data-id=${u.id} aria-label=${t.removeAttachment.replace('{name}', () => u.name)} @click=${onRemove}>×</button>
      </li>`,
    )}
  </ul>`;
}
