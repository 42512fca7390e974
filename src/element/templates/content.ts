import { html, nothing, type TemplateResult } from 'lit';
import type { Attachment, Card, CardAction, ContentReply, RichContent } from '../../content/rich-content.types.js';
import { fill, type ContentStrings } from '../../i18n/content-strings.js';

/** What rich content needs from the message it belongs to. */
export interface ContentView {
  readonly t: ContentStrings;
  /** The message the content belongs to; every reply names it. */
  readonly messageId: string;
  /** Quick replies, postbacks and pickers accept input only while true (the message is not answered yet, the session is writable). */
  readonly interactive: boolean;
  onReply(reply: ContentReply): void;
  /** A file is about to be opened (`failed`: its picture did not load): its download URL may need renewing. */
  onAttachment?(attachmentId: string, failed: boolean): void;
  /** BCP 47, for dates and file sizes; the browser's language when absent. */
  readonly lang?: string;
}

// Every string here came from the network: text and attribute bindings only, URLs already checked by readContent.

const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();

/** Date pickers' formatter, made once per language: building one is slow, and a transcript may hold many pickers. */
function dateTimeFormat(lang: string | undefined): Intl.DateTimeFormat {
  const key = lang ?? '';
  let format = dateTimeFormats.get(key);
  if (!format) dateTimeFormats.set(key, (format = localized(l => new Intl.DateTimeFormat(l, DATE_TIME), lang)));
  return format;
}

function reply(view: ContentView, type: ContentReply['type'], text: string, payload: string): void {
  if (view.interactive) view.onReply({ type, text, payload, messageId: view.messageId });
}

/** An `Intl` formatter for `lang`, or for the browser's language when `lang` is not a valid tag. */
function localized<T>(make: (lang?: string) => T, lang?: string): T {
  try {
    return make(lang);
  } catch {
    return make();
  }
}

const UNITS = ['byte', 'kilobyte', 'megabyte', 'gigabyte'] as const;

function fileSize(bytes: number, lang?: string): string {
  let unit = 0;
  for (; bytes >= 1000 && unit < UNITS.length - 1; unit++) bytes /= 1000;
  // The short form of "byte" is "byte" in English ("611 byte"); the long one reads right.
  const unitDisplay = unit ? 'short' : 'long';
  return localized(l => new Intl.NumberFormat(l, { style: 'unit', unit: UNITS[unit], unitDisplay, maximumFractionDigits: unit ? 1 : 0 }), lang).format(bytes);
}

const newTab = (t: ContentStrings) => html`<span class="visually-hidden"> ${t.opensInNewTab}</span>`;

const renderAction = (action: CardAction, view: ContentView) =>
  action.kind === 'link'
    ? html`<a part="card-link" class="chip" href=${action.url} target="_blank" rel="noopener noreferrer">${action.text}${newTab(view.t)}</a>`
    : html`<button type="button" part="card-button" class="chip" ?disabled=${!view.interactive}
        @click=${() => reply(view, 'Button', action.text, action.payload)}>${action.text}</button>`;

// No h1-h6: the transcript has its own heading structure, and a card's title is not a section of it.
function renderCard(card: Card, view: ContentView): TemplateResult {
  const open = card.defaultAction?.kind === 'link' ? card.defaultAction.url : undefined;
  return html`<article part="card" class="card">
    ${card.image ? html`<img part="card-image" class="card-image" src=${card.image} alt="" loading="lazy" referrerpolicy="no-referrer" />` : nothing}
    <p class="card-title"><strong>${open
      ? html`<a href=${open} target="_blank" rel="noopener noreferrer">${card.title}${newTab(view.t)}</a>`
      : card.title}</strong></p>
    ${card.description ? html`<p class="card-text">${card.description}</p>` : nothing}
    ${card.actions.length ? html`<div class="chips">${card.actions.map(a => renderAction(a, view))}</div>` : nothing}
  </article>`;
}

// A carousel keeps its state in its DOM: the current slide in `data-index`, the ends in the buttons' `disabled`.
const slidesOf = (root: Element) => [...root.querySelectorAll<HTMLElement>('.slide')];
const isRtl = (el: Element) => getComputedStyle(el).direction === 'rtl';

function showSlide(root: HTMLElement, index: number, focus: boolean): void {
  const slides = slidesOf(root);
  const i = Math.max(0, Math.min(index, slides.length - 1));
  root.dataset['index'] = String(i);
  const button = (part: string) => root.querySelector<HTMLButtonElement>(`[part~="${part}"]`);
  const slide = slides[i];
  if (focus && slide) {
    slide.focus({ preventScroll: true });
    slide.scrollIntoView({ block: 'nearest', inline: 'start' });
  }
  // After moving focus, so a button that becomes disabled is not left holding it.
  const previous = button('carousel-previous');
  const next = button('carousel-next');
  if (previous) previous.disabled = i === 0;
  if (next) next.disabled = i === slides.length - 1;
}

const currentSlide = (root: HTMLElement) => Number(root.dataset['index']) || 0;

function step(by: number) {
  return (event: Event) => {
    const root = (event.currentTarget as Element).closest<HTMLElement>('.carousel');
    if (root) showSlide(root, currentSlide(root) + by, true);
  };
}

function onCarouselKey(event: KeyboardEvent): void {
  if (event.altKey || event.ctrlKey || event.metaKey) return;
  const root = event.currentTarget as HTMLElement;
  const forward = isRtl(root) ? -1 : 1;
  const i = currentSlide(root);
  const to = ({ ArrowLeft: i - forward, ArrowRight: i + forward, Home: 0, End: Infinity } as Record<string, number>)[event.key];
  if (to === undefined) return;
  event.preventDefault();
  showSlide(root, to, true);
}

// Tabbing into a card (the browser scrolls it into view) makes it the current slide.
function onCarouselFocus(event: FocusEvent): void {
  const root = event.currentTarget as HTMLElement;
  const i = slidesOf(root).findIndex(s => s.contains(event.target as Node));
  if (i >= 0 && i !== currentSlide(root)) showSlide(root, i, false);
}

// A swipe or a scroll makes the slide nearest the start edge the current one.
function onSlidesScrollEnd(event: Event): void {
  const box = event.currentTarget as HTMLElement;
  const root = box.parentElement;
  if (!root) return;
  const edge = (el: Element) => (isRtl(box) ? el.getBoundingClientRect().right : el.getBoundingClientRect().left);
  const start = edge(box);
  const distances = slidesOf(box).map(s => Math.abs(edge(s) - start));
  showSlide(root, distances.indexOf(Math.min(...distances)), false);
}

function renderCarousel(cards: readonly Card[], view: ContentView): TemplateResult {
  const { t } = view;
  const count = cards.length;
  return html`<div part="carousel" class="carousel" role="group" aria-roledescription="carousel" aria-label=${t.carouselLabel} data-index="0"
      @keydown=${onCarouselKey} @focusin=${onCarouselFocus}>
    <div class="slides" @scrollend=${onSlidesScrollEnd}>
      ${cards.map((card, i) => html`<div class="slide" role="group" aria-roledescription="slide"
          aria-label=${fill(t.carouselSlide, { index: i + 1, count })} tabindex="-1">${renderCard(card, view)}</div>`)}
    </div>
    ${count > 1
      ? html`<div class="chips carousel-nav">
          <button type="button" part="carousel-previous" class="chip" disabled @click=${step(-1)}>${t.carouselPrevious}</button>
          <button type="button" part="carousel-next" class="chip" @click=${step(1)}>${t.carouselNext}</button>
        </div>`
      : nothing}
  </div>`;
}

// Pickers are forms of native radios and checkboxes: their checked state is the selection, and Send is
// enabled once there is one. A disabled outer fieldset turns the whole picker off once it is answered.
function onPick(event: Event): void {
  const form = event.currentTarget as HTMLFormElement;
  const send = form.querySelector<HTMLButtonElement>('button.send');
  if (send) send.disabled = !form.querySelector('input:checked');
}

function onSubmit(view: ContentView, type: 'DatePicker' | 'ListPicker') {
  return (event: SubmitEvent) => {
    event.preventDefault();
    const chosen = [...(event.currentTarget as HTMLFormElement).querySelectorAll<HTMLInputElement>('input:checked')];
    if (!chosen.length) return;
    reply(view, type, chosen.map(input => input.dataset['label'] ?? input.value).join(', '), chosen.map(input => input.value).join(','));
  };
}

const DATE_TIME: Intl.DateTimeFormatOptions = { dateStyle: 'medium', timeStyle: 'short' };

function renderDatePicker(picker: Extract<RichContent, { kind: 'datePicker' }>, view: ContentView): TemplateResult {
  const { t } = view;
  const format = dateTimeFormat(view.lang);
  return html`<form part="date-picker" class="picker" @change=${onPick} @submit=${onSubmit(view, 'DatePicker')}>
    <fieldset ?disabled=${!view.interactive}>
      <legend class="picker-title">${picker.title ?? t.datePickerLabel}</legend>
      ${picker.image ? html`<img class="picker-image" src=${picker.image} alt="" loading="lazy" referrerpolicy="no-referrer" />` : nothing}
      ${picker.subtitle ? html`<p class="picker-text">${picker.subtitle}</p>` : nothing}
      <div class="chips">
        ${picker.times.map(time => {
          const text = format.format(new Date(time.dateTime));
          return html`<label class="chip option"><input type="radio" name="time" value=${time.dateTime} data-label=${text} />${text}</label>`;
        })}
      </div>
      <button type="submit" class="chip send" disabled>${t.datePickerSend}</button>
    </fieldset>
  </form>`;
}

function renderListPicker(picker: Extract<RichContent, { kind: 'listPicker' }>, view: ContentView): TemplateResult {
  const { t } = view;
  return html`<form part="list-picker" class="picker" @change=${onPick} @submit=${onSubmit(view, 'ListPicker')}>
    <fieldset ?disabled=${!view.interactive}>
      <legend class="picker-title">${picker.title ?? t.listPickerLabel}</legend>
      ${picker.subtitle ? html`<p class="picker-text">${picker.subtitle}</p>` : nothing}
      ${picker.sections.map((section, s) => html`<fieldset class="section">
        <legend>${section.title ? html`<span class="section-title">${section.title}</span> ` : nothing}<span class="hint">${section.multipleSelection
          ? t.listPickerChooseMany
          : t.listPickerChooseOne}</span></legend>
        ${section.items.map(item => html`<label class="option item">
          <input type=${section.multipleSelection ? 'checkbox' : 'radio'} name=${`section-${s}`} value=${item.id} data-label=${item.title} />
          ${item.image ? html`<img class="item-image" src=${item.image} alt="" loading="lazy" referrerpolicy="no-referrer" />` : nothing}
          <span class="item-text">${item.title}${item.subtitle ? html`<span class="item-subtitle">${item.subtitle}</span>` : nothing}</span>
        </label>`)}
      </fieldset>`)}
      <button type="submit" class="chip send" disabled>${t.listPickerSend}</button>
    </fieldset>
  </form>`;
}

function renderAttachment(attachment: Attachment, view: ContentView): TemplateResult {
  const { t } = view;
  const { url, filename, id } = attachment;
  if (!url) return html`<span class="file">${filename ?? t.attachmentFile}</span>`;
  // Download URLs expire: about to be used (pointed at, focused) or failed, the file's URL is renewed if it must be.
  const renew = (failed: boolean) => () => id && view.onAttachment?.(id, failed);
  if (attachment.kind === 'Image') {
    return html`<a class="image-link" href=${url} target="_blank" rel="noopener noreferrer" @pointerenter=${renew(false)} @focus=${renew(false)}><img part="attachment-image"
      src=${url} alt=${filename ?? t.attachmentImage} loading="lazy" referrerpolicy="no-referrer" @error=${renew(true)} />${newTab(t)}</a>`;
  }
  const size = attachment.size === undefined ? '' : ` (${fileSize(attachment.size, view.lang)})`;
  return html`<a part="attachment-link" class="file" href=${url} download target="_blank" rel="noopener noreferrer" @pointerenter=${renew(false)} @focus=${renew(false)}>${fill(
    t.attachmentDownload,
    { name: filename ?? t.attachmentFile },
  )}${size}${newTab(t)}</a>`;
}

function renderOne(content: RichContent, view: ContentView): unknown {
  switch (content.kind) {
    case 'quickReplies':
      // The prompt stays once answered; the replies go, since they no longer take input.
      return html`${content.title ? html`<p class="prompt">${content.title}</p>` : nothing}${view.interactive
        ? html`<div class="chips" role="group" aria-label=${content.title ?? view.t.quickRepliesLabel}>${content.replies.map(
            r => html`<button type="button" part="quick-reply" class="chip" @click=${() => reply(view, 'QuickReply', r.text, r.payload)}>${r.text}</button>`,
          )}</div>`
        : nothing}`;
    case 'card':
      return renderCard(content.card, view);
    case 'carousel':
      return renderCarousel(content.cards, view);
    case 'datePicker':
      return renderDatePicker(content, view);
    case 'listPicker':
      return renderListPicker(content, view);
    case 'attachment':
      return renderAttachment(content.attachment, view);
    case 'choice':
      return html`<span class="choice">${content.text}</span>`;
    case 'unsupported':
      return html`<p class="unsupported" part="unsupported-content">${view.t.unsupportedContent}${content.text
        ? html` <span class="unsupported-text">${content.text}</span>`
        : nothing}</p>`;
  }
}

/**
 * A message's rich content (quick replies, cards, carousels, date and list pickers, attachments, the
 * visitor's choices, and a fallback for anything else) inside `<div class="rich">`, the scope of
 * `content.styles.ts`. Choices go to `view.onReply`, and only while `view.interactive`.
 */
export const renderContent = (content: readonly RichContent[], view: ContentView): TemplateResult =>
  html`<div class="rich">${content.map(c => renderOne(c, view))}</div>`;
