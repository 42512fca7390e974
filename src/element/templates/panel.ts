import { html, nothing, type TemplateResult } from 'lit';
import { plural } from '../../i18n/format.js';
import type { ChatStrings } from '../../i18n/strings.js';

// Listeners are called with the host as `this`, so the element passes its own methods.
type Listener<E extends Event = Event> = (event: E) => void;

const minimizeIcon = html`<svg class="icon" aria-hidden="true" viewBox="0 0 24 24" width="20" height="20">
  <path fill="currentColor" d="M5 11h14v2H5z" />
</svg>`;

const downloadIcon = html`<svg class="icon" aria-hidden="true" viewBox="0 0 24 24" width="20" height="20">
  <path fill="none" stroke="currentColor" stroke-width="2" d="M12 4v11m-5-5 5 5 5-5M5 19h14" />
</svg>`;

/** `onDownload`: the transcript can be saved (something was said). */
export function renderHeader(t: ChatStrings, showEnd: boolean, onEnd: Listener, onMinimize: Listener, onDownload?: Listener): TemplateResult {
  return html`<header part="header" class="header">
    <h2 id="title" class="title">${t.title}</h2>
    ${onDownload
      ? html`<button part="download-button" class="download" type="button" aria-label=${t.downloadTranscript} @click=${onDownload}>${downloadIcon}</button>`
      : nothing}
    ${showEnd
      ? html`<button id="end-button" part="end-button" class="end" type="button" aria-haspopup="dialog" @click=${onEnd}>${t.endChat}</button>`
      : nothing}
    <button part="minimize-button" class="minimize" type="button" aria-label=${t.minimize} @click=${onMinimize}>
      ${minimizeIcon}
    </button>
  </header>`;
}

export interface ErrorView {
  readonly text: string;
  readonly canRetry: boolean;
  readonly canGoBack: boolean;
}

export function renderError(t: ChatStrings, error: ErrorView, onRetry: Listener, onBack: Listener): TemplateResult {
  return html`<div part="error" class="error" role="alert">
    <p>${error.text}</p>
    <div class="actions">
      ${error.canGoBack
        ? html`<button part="back-button" type="button" @click=${onBack}>${t.backToConversation}</button>`
        : nothing}
      ${error.canRetry ? html`<button part="retry-button" type="button" @click=${onRetry}>${t.retry}</button>` : nothing}
    </div>
  </div>`;
}

/** An End waits for the connection: the visitor may give it up and go back to the conversation. */
export const renderEndWaiting = (t: ChatStrings, onBack: Listener) =>
  html`<div class="actions">
    <button part="back-button" type="button" @click=${onBack}>${t.backToConversation}</button>
  </div>`;

export const renderNewConversation = (t: ChatStrings, onClick: Listener) =>
  html`<div class="actions">
    <button part="new-conversation-button" type="button" @click=${onClick}>${t.startNewConversation}</button>
  </div>`;

/** How much of the message limit the draft uses; the count shows once it nears the limit. */
export interface DraftLength {
  readonly length: number;
  readonly max: number;
}

/** The draft's length is shown from this share of the limit on. */
const COUNT_FROM = 0.8;

/** What the composer shows besides the message field. */
export interface ComposerView {
  readonly disabled: boolean;
  readonly draft: DraftLength;
  /** The language numbers are counted in (plural forms). */
  readonly lang?: string | undefined;
  /** The attach button and file picker, when this conversation takes files. */
  readonly attach?: TemplateResult;
}

export interface ComposerListeners {
  readonly onSubmit: Listener;
  readonly onKeydown: Listener<KeyboardEvent>;
  readonly onInput: Listener;
  readonly onPaste: Listener<ClipboardEvent>;
}

export function renderComposer(t: ChatStrings, view: ComposerView, on: ComposerListeners): TemplateResult {
  const { disabled, draft } = view;
  const counted = draft.length >= draft.max * COUNT_FROM;
  const over = draft.length > draft.max;
  return html`<form part="composer" class="composer" @submit=${on.onSubmit}>
    <label class="visually-hidden" for="input">${t.inputLabel}</label>
    ${view.attach ?? nothing}
    <textarea
      id="input"
      part="input"
      rows="2"
      placeholder=${t.inputPlaceholder}
      aria-describedby=${counted ? 'character-count' : nothing}
      aria-invalid=${over ? 'true' : nothing}
      ?disabled=${disabled}
      @keydown=${on.onKeydown}
      @input=${on.onInput}
      @paste=${on.onPaste}
    ></textarea>
    <button part="send-button" type="submit" ?disabled=${disabled}>${t.send}</button>
    ${counted
      ? html`<p id="character-count" part="character-count" class=${over ? 'count over' : 'count'}>${plural(t.characterCount, view.lang, draft.max, {
          count: draft.length,
          max: draft.max,
        })}</p>`
      : nothing}
  </form>`;
}

/** `lang`: the widget's language (the dialog is shown above the page, outside the panel); `onDownload`: ending clears the history, so the dialog offers to save the transcript first. */
export function renderEndDialog(t: ChatStrings, onConfirm: Listener, onCancel: Listener, lang?: string, onDownload?: Listener): TemplateResult {
  return html`<dialog id="end-dialog" part="end-dialog" class="end-dialog" lang=${lang ?? nothing} aria-labelledby="end-title" aria-describedby="end-text">
    <h2 id="end-title" class="title">${t.endDialogTitle}</h2>
    <p id="end-text">${t.endDialogText}</p>
    ${onDownload
      ? html`<p class="end-transcript">${t.endDialogTranscript}</p>
          <div class="actions">
            <button part="dialog-download-button" type="button" @click=${onDownload}>${t.downloadTranscript}</button>
          </div>`
      : nothing}
    <div class="actions">
      <button part="cancel-end-button" type="button" @click=${onCancel}>${t.cancelEnd}</button>
      <button part="confirm-end-button" class="danger" type="button" @click=${onConfirm}>${t.confirmEnd}</button>
    </div>
  </dialog>`;
}

/** Who is typing, announced politely; always present (empty when nobody types) so changes are heard. */
export function renderTyping(t: ChatStrings, typing: { readonly name?: string } | undefined): TemplateResult {
  // A function, so `$&` and the like in a name from the server are not read as replacement patterns.
  const name = typing?.name;
  const text = !typing ? '' : name ? t.agentTypingNamed.replace('{name}', () => name) : t.agentTyping;
  return html`<p part="typing" class="typing" aria-live="polite">${text}</p>`;
}

/** A problem the visitor should know about while the conversation goes on; dismissible. */
export const renderNotice = (t: ChatStrings, text: string, onDismiss: Listener) =>
  html`<div part="notice" class="notice" role="alert">
    <p>${text}</p>
    <button part="dismiss-button" type="button" @click=${onDismiss}>${t.dismiss}</button>
  </div>`;

/** The session is about to end from inactivity (§4.6): staying sends an echo, which refreshes it. */
export const renderExpiryWarning = (t: ChatStrings, onStay: Listener) =>
  html`<div part="expiry-warning" class="notice" role="alert">
    <p>${t.expiryWarning}</p>
    <button part="stay-button" type="button" @click=${onStay}>${t.stay}</button>
  </div>`;

/** Above the transcript: older pages of a resumed conversation, on demand (scrolling up also loads them). */
export function renderLoadEarlier(
  t: ChatStrings,
  history: { readonly more: boolean; readonly loading?: number; readonly failed: boolean },
  onLoad: Listener,
): TemplateResult | typeof nothing {
  const loading = history.loading !== undefined && history.loading > 1;
  if (!history.more && !history.failed && !loading) return nothing;
  return html`<div class="earlier">
    ${history.failed ? html`<p>${t.loadEarlierFailed}</p>` : nothing}
    <button
      id="load-earlier"
      part="load-earlier-button"
      type="button"
      aria-disabled=${loading ? 'true' : 'false'}
      @click=${onLoad}
    >${loading ? t.loadingEarlier : history.failed ? t.retry : t.loadEarlier}</button>
  </div>`;
}
