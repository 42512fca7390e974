// @ts-check
/**
 * Ready-made agent messages, one per kind of rich content the widget renders (reference §3.4).
 * The console's buttons send these, and tests use the same ones, so what a person clicks in the
 * console is what the schema checks have seen.
 */
import { randomUUID } from 'node:crypto';
import { SAMPLE_FILES } from './sample-files.mjs';

/** @typedef {{ text?: string, content?: Record<string, unknown>[] }} SampleMessage */

export const SAMPLE_KINDS = /** @type {const} */ (['quickReplies', 'card', 'carousel', 'datePicker', 'listPicker', 'image', 'file', 'markdown']);
/** @typedef {typeof SAMPLE_KINDS[number]} SampleKind */

/** @param {unknown} kind @returns {kind is SampleKind} */
export const isSampleKind = kind => typeof kind === 'string' && /** @type {readonly string[]} */ (SAMPLE_KINDS).includes(kind);

/** @param {string} text @param {string} [payload] */
const quickReply = (text, payload = text.toLowerCase()) => ({ contentType: 'QuickReply', quickReply: { text, payload, action: 'Message' } });

/** @param {string} origin @param {string} title @param {string} description @param {string} payload */
const card = (origin, title, description, payload) => ({
  title,
  description,
  image: `${origin}/sim/files/sample.png`,
  defaultAction: { type: 'Link', text: 'Open', url: 'https://example.com' },
  actions: [
    { type: 'Postback', text: `Choose ${title}`, payload },
    { type: 'Link', text: 'Read more', url: 'https://example.com' },
  ],
});

/** @param {string} origin @param {string} name */
function attachment(origin, name) {
  const file = SAMPLE_FILES.get(name);
  if (!file) throw new Error(`no sample file ${name}`);
  return {
    contentType: 'Attachment',
    attachment: { id: randomUUID(), filename: name, mediaType: file.mediaType, mime: file.mime, fileSize: file.bytes.length, url: `${origin}/sim/files/${name}` },
  };
}

/** Slot `day` days from now at a fixed UTC hour, so the picker always offers future times. @param {number} day @param {number} hour */
function slot(day, hour) {
  const date = new Date();
  date.setUTCDate(date.getUTCDate() + day);
  date.setUTCHours(hour, 0, 0, 0);
  return { dateTime: date.toISOString(), duration: 1800 };
}

/**
 * @param {SampleKind} kind
 * @param {string} origin the simulator's HTTP origin, for file and image URLs
 * @returns {SampleMessage}
 */
export function sampleMessage(kind, origin) {
  switch (kind) {
    case 'quickReplies':
      return { text: 'Was this helpful?', content: [quickReply('Yes'), quickReply('No'), quickReply('Talk to a person', 'agent')] };
    case 'card':
      return { content: [{ contentType: 'Card', card: card(origin, 'Premium plan', 'Everything in Basic, plus priority support.', 'plan-premium') }] };
    case 'carousel':
      return {
        text: 'Here are our plans:',
        content: [{
          contentType: 'Carousel',
          carousel: {
            cards: [
              card(origin, 'Basic', 'For one person.', 'plan-basic'),
              card(origin, 'Team', 'For up to ten people.', 'plan-team'),
              card(origin, 'Enterprise', 'For the whole company.', 'plan-enterprise'),
            ],
          },
        }],
      };
    case 'datePicker':
      return {
        content: [{
          contentType: 'DatePicker',
          datePicker: {
            title: 'Book a call back',
            subtitle: 'Pick a time that suits you',
            imageUrl: `${origin}/sim/files/sample.png`,
            availableTimes: [slot(1, 9), slot(2, 13), slot(3, 16)],
          },
        }],
      };
    case 'listPicker':
      return {
        content: [{
          contentType: 'ListPicker',
          listPicker: {
            receivedMessage: { title: 'Which department?', subtitle: 'Choose one' },
            replyMessage: { title: 'Thanks, connecting you' },
            sections: [{
              title: 'Departments',
              multipleSelection: false,
              items: [
                { id: 'sales', title: 'Sales', subtitle: 'New orders and quotes' },
                { id: 'billing', title: 'Billing', subtitle: 'Invoices and payments' },
                { id: 'support', title: 'Support', subtitle: 'Something is not working' },
              ],
            }],
          },
        }],
      };
    case 'image':
      return { text: 'Here is the picture you asked for.', content: [attachment(origin, 'sample.png')] };
    case 'file':
      return { text: 'Our brochure:', content: [attachment(origin, 'brochure.pdf')] };
    case 'markdown':
      return {
        text: '**bold** _italic_ ~~strike~~ `code`, a [link](https://example.com) and a list:\n\n- first item\n- second item\n- third item',
      };
  }
}
