import type { MessageContent } from '../protocol/frames.js';
import type { Attachment, AttachmentKind, Card, CardAction, DatePickerTime, ListPickerItem, ListPickerSection, QuickReply, RichContent } from './rich-content.types.js';
import { safeLinkUrl, safeMediaUrl } from './safe-url.js';

// Bounds keep a hostile or broken server from making the view build huge DOMs.
const MAX_TEXT = 2000;
const MAX_ITEMS = 100;

type Obj = Readonly<Record<string, unknown>>;

const obj = (value: unknown): Obj | undefined =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Obj) : undefined;

/** A trimmed, capped, non-empty string, or `undefined`. */
function str(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  return value.trim().slice(0, MAX_TEXT) || undefined;
}

// Payloads go back to the bot byte for byte, so they are not trimmed; one cut short would be a different answer.
const payload = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() && value.length <= MAX_TEXT ? value : undefined;

const list = (value: unknown): readonly unknown[] => (Array.isArray(value) ? value.slice(0, MAX_ITEMS) : []);

const size = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;

/** Keeps only the keys whose value is defined, so optional fields are absent rather than `undefined`. */
const defined = <T extends object>(value: T): T =>
  Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;

function quickReply(value: unknown): QuickReply | undefined {
  const reply = obj(value);
  const text = str(reply?.['text']);
  return text ? { text, payload: payload(reply?.['payload']) ?? text } : undefined;
}

function cardAction(value: unknown): CardAction | undefined {
  const action = obj(value);
  if (!action) return undefined;
  const text = str(action['text']);
  if (action['type'] === 'Link') {
    const url = safeLinkUrl(action['url']);
    // Without a label the URL is the label, capped like any other text.
    return url ? { kind: 'link', text: text ?? url.slice(0, MAX_TEXT), url } : undefined;
  }
  if (action['type'] === 'Postback' && text) return { kind: 'postback', text, payload: payload(action['payload']) ?? text };
  return undefined;
}

function card(value: unknown): Card | undefined {
  const raw = obj(value);
  const title = str(raw?.['title']);
  if (!raw || !title) return undefined;
  return defined({
    title,
    description: str(raw['description']),
    image: safeMediaUrl(raw['image']),
    defaultAction: cardAction(raw['defaultAction']),
    actions: list(raw['actions']).map(cardAction).filter(a => a !== undefined),
  });
}

const ISO_DATE = /^\d{4}-\d\d-\d\dT\d\d:\d\d/;

function datePickerTime(value: unknown): DatePickerTime | undefined {
  const time = obj(value);
  const dateTime = str(time?.['dateTime']);
  if (!dateTime || !ISO_DATE.test(dateTime) || Number.isNaN(Date.parse(dateTime))) return undefined;
  return { dateTime, duration: size(time?.['duration']) ?? 0 };
}

function listPickerItem(value: unknown): ListPickerItem | undefined {
  const item = obj(value);
  // The id is the answer's payload, so it is kept exactly as sent.
  const id = payload(item?.['id']);
  const title = str(item?.['title']);
  if (!item || !id || !title) return undefined;
  return defined({ id, title, subtitle: str(item['subtitle']), image: safeMediaUrl(item['imageUrl']) });
}

function listPickerSection(value: unknown): ListPickerSection | undefined {
  const section = obj(value);
  const items = list(section?.['items']).map(listPickerItem).filter(i => i !== undefined);
  if (!section || !items.length) return undefined;
  return { title: str(section['title']) ?? '', multipleSelection: section['multipleSelection'] === true, items };
}

const MEDIA_TYPES: readonly AttachmentKind[] = ['Image', 'Video', 'Audio', 'File', 'Link'];

function attachment(value: unknown): Attachment | undefined {
  const raw = obj(value);
  if (!raw) return undefined;
  const kind = MEDIA_TYPES.find(k => k === raw['mediaType']) ?? 'File';
  const result: Attachment = defined({
    kind,
    id: str(raw['id']),
    url: safeMediaUrl(raw['url']),
    filename: str(raw['filename']),
    mime: str(raw['mime']),
    size: size(raw['fileSize']) ?? size(raw['contentSizeBytes']),
  });
  // Neither something to open nor a name to show: nothing the visitor could use.
  return result.url || result.filename ? result : undefined;
}

/** One content entry read into what the view shows; `undefined` when it does not pass validation. */
function readOne(type: string, inner: Obj | undefined): RichContent | undefined {
  switch (type) {
    case 'Card': {
      const c = card(inner);
      return c && { kind: 'card', card: c };
    }
    case 'DatePicker': {
      const times = list(inner?.['availableTimes']).map(datePickerTime).filter(t => t !== undefined);
      if (!inner || !times.length) return undefined;
      return defined({ kind: 'datePicker' as const, title: str(inner['title']), subtitle: str(inner['subtitle']), image: safeMediaUrl(inner['imageUrl']), times });
    }
    case 'ListPicker': {
      const sections = list(inner?.['sections']).map(listPickerSection).filter(s => s !== undefined);
      if (!inner || !sections.length) return undefined;
      const received = obj(inner['receivedMessage']);
      // The prompt is what the received message says; the reply message is the bot's thanks, a fallback.
      const title = str(received?.['title']) ?? str(obj(inner['replyMessage'])?.['title']);
      return defined({ kind: 'listPicker' as const, title, subtitle: str(received?.['subtitle']), sections });
    }
    case 'Attachment': {
      const a = attachment(inner);
      return a && { kind: 'attachment', attachment: a };
    }
    case 'ButtonResponse': {
      const text = str(inner?.['text']) ?? str(inner?.['payload']);
      return text ? { kind: 'choice', text } : undefined;
    }
    default:
      return undefined;
  }
}

function unsupported(contentType: string, inner: Obj | undefined): RichContent {
  const text = str(inner?.['title']) ?? str(inner?.['text']) ?? str(inner?.['body']);
  return text ? { kind: 'unsupported', contentType, text } : { kind: 'unsupported', contentType };
}

/**
 * Reads a message's `content[]` (§3.4) into validated rich content. Every field is checked at run
 * time: wrong types are dropped, strings trimmed and capped, lists capped, URLs kept only when safe.
 * Consecutive `QuickReply` entries become one `quickReplies` block, as does each `QuickReplyV2`. A
 * `Carousel` with no readable card is left out; any other entry that cannot be read, or whose type
 * this widget does not render, becomes `unsupported` (with its title or text, if it has any). Never
 * throws.
 */
export function readContent(content: readonly MessageContent[] | undefined): RichContent[] {
  const out: RichContent[] = [];
  for (const value of list(content)) {
    const entry = obj(value);
    if (!entry) continue;
    const type = typeof entry['contentType'] === 'string' ? entry['contentType'].slice(0, 100) : 'unknown';
    // The object under the type's own key: `quickReply` for `QuickReply`, and so on.
    const key = type.charAt(0).toLowerCase() + type.slice(1);
    const inner = Object.hasOwn(entry, key) ? obj(entry[key]) : undefined;
    if (type === 'QuickReply') {
      const reply = quickReply(inner);
      const last = out.at(-1);
      if (reply && last?.kind === 'quickReplies' && last.title === undefined) {
        if (last.replies.length < MAX_ITEMS) out[out.length - 1] = { ...last, replies: [...last.replies, reply] };
        continue;
      }
      out.push(reply ? { kind: 'quickReplies', replies: [reply] } : unsupported(type, inner));
      continue;
    }
    if (type === 'QuickReplyV2') {
      const replies = list(inner?.['actions']).map(quickReply).filter(r => r !== undefined);
      const title = str(inner?.['title']);
      out.push(!replies.length ? unsupported(type, inner) : title ? { kind: 'quickReplies', title, replies } : { kind: 'quickReplies', replies });
      continue;
    }
    if (type === 'Carousel') {
      const cards = list(inner?.['cards']).map(card).filter(c => c !== undefined);
      if (cards.length) out.push({ kind: 'carousel', cards });
      continue;
    }
    out.push(readOne(type, inner) ?? unsupported(type, inner));
  }
  return out;
}

/** Whether the content asks the visitor for an answer: quick replies, postback buttons or a picker. */
export function hasInteractive(content: readonly RichContent[]): boolean {
  const postback = (c: Card) => c.actions.some(a => a.kind === 'postback');
  return content.some(c => {
    switch (c.kind) {
      case 'quickReplies':
      case 'datePicker':
      case 'listPicker':
        return true;
      case 'card':
        return postback(c.card);
      case 'carousel':
        return c.cards.some(postback);
      default:
        return false;
    }
  });
}
