import { expect } from '@open-wc/testing';
import { hasInteractive, readContent } from '../../src/content/read-content.js';
import type { MessageContent } from '../../src/protocol/frames.js';

/** Any value as content, the way a hostile or broken server could send it. */
const read = (...entries: unknown[]) => readContent(entries as MessageContent[]);

// Reference fixtures (docs/guest-api.md §3.4).
const cardFixture = {
  title: 'Title',
  description: 'Description',
  image: 'http://image.com/image.png',
  defaultAction: { type: 'Link', text: 'Open', url: 'http://example.org' },
  actions: [
    { type: 'Postback', text: 'Select this option', payload: 'postback_payload' },
    { type: 'Link', text: 'Open', url: 'http://example.org' },
  ],
};
// The fixture's picture is plain http from another host: left out (anyone on the way could change it);
// links to http pages stay.
const readCard = {
  title: 'Title',
  description: 'Description',
  defaultAction: { kind: 'link', text: 'Open', url: 'http://example.org/' },
  actions: [
    { kind: 'postback', text: 'Select this option', payload: 'postback_payload' },
    { kind: 'link', text: 'Open', url: 'http://example.org/' },
  ],
};

describe('readContent', () => {
  describe('reference shapes', () => {
    it('reads consecutive quick replies into one block', () => {
      expect(read(
        { contentType: 'QuickReply', quickReply: { text: 'text_a', payload: 'payload_a', action: 'action_a' } },
        { contentType: 'QuickReply', quickReply: { text: 'text_b', payload: 'payload_b', action: 'action_b' } },
      )).to.deep.equal([{ kind: 'quickReplies', replies: [{ text: 'text_a', payload: 'payload_a' }, { text: 'text_b', payload: 'payload_b' }] }]);
    });

    it('defaults a quick reply payload to its text and drops one without text', () => {
      expect(read(
        { contentType: 'QuickReply', quickReply: { text: ' Yes ' } },
        { contentType: 'QuickReply', quickReply: { text: 'No', payload: '' } },
      )).to.deep.equal([{ kind: 'quickReplies', replies: [{ text: 'Yes', payload: 'Yes' }, { text: 'No', payload: 'No' }] }]);
      expect(read({ contentType: 'QuickReply', quickReply: { payload: 'p' } })).to.deep.equal([{ kind: 'unsupported', contentType: 'QuickReply' }]);
    });

    it('keeps a payload exactly as sent', () => {
      expect(read({ contentType: 'QuickReply', quickReply: { text: 'A', payload: ' spaced ' } })[0])
        .to.deep.equal({ kind: 'quickReplies', replies: [{ text: 'A', payload: ' spaced ' }] });
    });

    it('reads each QuickReplyV2 as its own block with its title', () => {
      expect(read(
        { contentType: 'QuickReply', quickReply: { text: 'A', payload: 'a' } },
        { contentType: 'QuickReplyV2', quickReplyV2: { title: 'Rate us', actions: [{ text: 'Good', payload: 'g' }, { text: 'Bad' }, { payload: 'x' }] } },
        { contentType: 'QuickReply', quickReply: { text: 'B', payload: 'b' } },
      )).to.deep.equal([
        { kind: 'quickReplies', replies: [{ text: 'A', payload: 'a' }] },
        { kind: 'quickReplies', title: 'Rate us', replies: [{ text: 'Good', payload: 'g' }, { text: 'Bad', payload: 'Bad' }] },
        { kind: 'quickReplies', replies: [{ text: 'B', payload: 'b' }] },
      ]);
      expect(read({ contentType: 'QuickReplyV2', quickReplyV2: { title: 'Nothing', actions: [] } }))
        .to.deep.equal([{ kind: 'unsupported', contentType: 'QuickReplyV2', text: 'Nothing' }]);
    });

    it('reads a card with its image, default action and actions', () => {
      expect(read({ contentType: 'Card', card: cardFixture })).to.deep.equal([{ kind: 'card', card: readCard }]);
    });

    it('reads a carousel of cards and leaves out an empty one', () => {
      expect(read({ contentType: 'Carousel', carousel: { cards: [{ title: 'Card 1', description: 'D1', actions: [] }, cardFixture] } }))
        .to.deep.equal([{ kind: 'carousel', cards: [{ title: 'Card 1', description: 'D1', actions: [] }, readCard] }]);
      expect(read({ contentType: 'Carousel', carousel: {} })).to.deep.equal([]);
      expect(read({ contentType: 'Carousel', carousel: { cards: [{ description: 'no title' }, null] } })).to.deep.equal([]);
    });

    it('reads a date picker', () => {
      expect(read({
        contentType: 'DatePicker',
        datePicker: { title: 'Book', subtitle: 'Pick one', imageUrl: 'https://x.test/i.png', availableTimes: [{ dateTime: '2025-01-01T10:00:00Z', duration: 3600 }, { dateTime: '2025-01-02T10:00:00.000+02:00' }] },
      })).to.deep.equal([{
        kind: 'datePicker',
        title: 'Book',
        subtitle: 'Pick one',
        image: 'https://x.test/i.png',
        times: [{ dateTime: '2025-01-01T10:00:00Z', duration: 3600 }, { dateTime: '2025-01-02T10:00:00.000+02:00', duration: 0 }],
      }]);
    });

    it('drops date picker times that are not ISO date-times, and a picker with none left', () => {
      const times = [{ dateTime: 'tomorrow' }, { dateTime: '2025-13-45T99:99:99Z' }, { dateTime: 1735725600000 }, { dateTime: '2025-01-01T10:00:00Z', duration: -5 }];
      expect(read({ contentType: 'DatePicker', datePicker: { availableTimes: times } }))
        .to.deep.equal([{ kind: 'datePicker', times: [{ dateTime: '2025-01-01T10:00:00Z', duration: 0 }] }]);
      expect(read({ contentType: 'DatePicker', datePicker: { title: 'Book', availableTimes: times.slice(0, 3) } }))
        .to.deep.equal([{ kind: 'unsupported', contentType: 'DatePicker', text: 'Book' }]);
    });

    it('reads a list picker, its title from the received message', () => {
      expect(read({
        contentType: 'ListPicker',
        listPicker: {
          receivedMessage: { title: 'Which department?', subtitle: 'Choose one' },
          replyMessage: { title: 'Thanks' },
          sections: [
            { title: 'Departments', multipleSelection: false, items: [{ id: 'sales', title: 'Sales', subtitle: 'Orders', imageUrl: 'https://x.test/s.png' }, { id: 'billing', title: 'Billing' }] },
            { title: 'Extras', multipleSelection: true, items: [{ id: 'x', title: 'X' }, { id: 'no-title' }, { title: 'no id' }] },
            { title: 'Empty', multipleSelection: true, items: [] },
          ],
        },
      })).to.deep.equal([{
        kind: 'listPicker',
        title: 'Which department?',
        subtitle: 'Choose one',
        sections: [
          { title: 'Departments', multipleSelection: false, items: [{ id: 'sales', title: 'Sales', subtitle: 'Orders', image: 'https://x.test/s.png' }, { id: 'billing', title: 'Billing' }] },
          { title: 'Extras', multipleSelection: true, items: [{ id: 'x', title: 'X' }] },
        ],
      }]);
    });

    it('takes a list picker title from the reply message when the received one has none; multipleSelection only when true', () => {
      const [picker] = read({
        contentType: 'ListPicker',
        listPicker: { replyMessage: { title: 'Pick' }, sections: [{ multipleSelection: 'yes', items: [{ id: 'a', title: 'A' }] }] },
      });
      expect(picker).to.deep.equal({ kind: 'listPicker', title: 'Pick', sections: [{ title: '', multipleSelection: false, items: [{ id: 'a', title: 'A' }] }] });
    });

    it('reads attachments, with fileSize or contentSizeBytes as the size', () => {
      expect(read({
        contentType: 'Attachment',
        attachment: { id: 'attachment_id', filename: 'image.png', mediaType: 'Image', fileSize: 1, mime: 'image/png', url: 'https://downloadurl.com' },
      })).to.deep.equal([{ kind: 'attachment', attachment: { kind: 'Image', id: 'attachment_id', url: 'https://downloadurl.com/', filename: 'image.png', mime: 'image/png', size: 1 } }]);
      expect(read({ contentType: 'Attachment', attachment: { mediaType: 'File', filename: 'a.pdf', contentSizeBytes: 2048, url: 'https://x.test/a.pdf' } })[0])
        .to.deep.equal({ kind: 'attachment', attachment: { kind: 'File', url: 'https://x.test/a.pdf', filename: 'a.pdf', size: 2048 } });
    });

    it('reads every media type and any other one as File', () => {
      const kinds = ['Image', 'Video', 'Audio', 'File', 'Link', 'Sticker', 42].map(mediaType =>
        read({ contentType: 'Attachment', attachment: { mediaType, url: 'https://x.test/f' } })[0]);
      expect(kinds.map(k => k?.kind === 'attachment' && k.attachment.kind)).to.deep.equal(['Image', 'Video', 'Audio', 'File', 'Link', 'File', 'File']);
    });

    it('keeps an attachment with an unsafe URL as its name only, and drops one with neither', () => {
      expect(read({ contentType: 'Attachment', attachment: { mediaType: 'File', filename: 'x.pdf', url: 'javascript:alert(1)' } })[0])
        .to.deep.equal({ kind: 'attachment', attachment: { kind: 'File', filename: 'x.pdf' } });
      expect(read({ contentType: 'Attachment', attachment: { mediaType: 'Image', url: 'data:image/png;base64,AAAA', text: 'A caption' } }))
        .to.deep.equal([{ kind: 'unsupported', contentType: 'Attachment', text: 'A caption' }]);
    });

    it('reads a ButtonResponse as the choice it shows', () => {
      expect(read({ contentType: 'ButtonResponse', buttonResponse: { text: 'Yes', payload: 'yes', type: 'QuickReply' } }))
        .to.deep.equal([{ kind: 'choice', text: 'Yes' }]);
    });

    it('shows Text content through the fallback with its body', () => {
      expect(read({ contentType: 'Text', text: { body: 'Hello there' } })).to.deep.equal([{ kind: 'unsupported', contentType: 'Text', text: 'Hello there' }]);
      expect(read({ contentType: 'Text', text: 'not an object' })).to.deep.equal([{ kind: 'unsupported', contentType: 'Text' }]);
    });

    it('reads other content types as unsupported, with their title or text', () => {
      expect(read(
        { contentType: 'PaymentRequest', paymentRequest: {} },
        { contentType: 'Form', form: { title: 'Your details' } },
        { contentType: 'Generic', generic: { title: 'Old card' } },
        { contentType: 'RichLink', richLink: { text: 'A link' } },
      )).to.deep.equal([
        { kind: 'unsupported', contentType: 'PaymentRequest' },
        { kind: 'unsupported', contentType: 'Form', text: 'Your details' },
        { kind: 'unsupported', contentType: 'Generic', text: 'Old card' },
        { kind: 'unsupported', contentType: 'RichLink', text: 'A link' },
      ]);
    });
  });

  describe('hostile and broken input', () => {
    it('drops javascript:, data: and other unsafe URLs', () => {
      const [content] = read({
        contentType: 'Card',
        card: {
          title: 'T',
          image: 'data:image/svg+xml,<svg onload=alert(1)>',
          defaultAction: { type: 'Link', url: 'javascript:alert(1)' },
          actions: [
            { type: 'Link', text: 'Bad', url: 'JaVaScRiPt:alert(1)' },
            { type: 'Link', text: 'Tab', url: 'java\tscript:alert(1)' },
            { type: 'Link', text: 'Relative', url: '/path' },
            { type: 'Link', text: 'Data', url: 'data:text/html,<script>alert(1)</script>' },
            { type: 'Link', text: 'Good', url: 'https://ok.test/a' },
            { type: 'Link', url: 'mailto:help@ok.test' },
          ],
        },
      });
      expect(content).to.deep.equal({
        kind: 'card',
        card: { title: 'T', actions: [{ kind: 'link', text: 'Good', url: 'https://ok.test/a' }, { kind: 'link', text: 'mailto:help@ok.test', url: 'mailto:help@ok.test' }] },
      });
      expect(read({ contentType: 'DatePicker', datePicker: { imageUrl: 'javascript:x', availableTimes: [{ dateTime: '2025-01-01T10:00:00Z' }] } })[0])
        .to.not.have.property('image');
    });

    it('drops fields of the wrong type and actions it cannot use', () => {
      expect(read({
        contentType: 'Card',
        card: {
          title: ['T'],
          description: 5,
        },
      })).to.deep.equal([{ kind: 'unsupported', contentType: 'Card' }]);
      expect(read({
        contentType: 'Card',
        card: {
          title: '  T  ',
          description: { text: 'x' },
          image: 7,
          defaultAction: 'open',
          actions: [{ type: 'Postback', payload: 'no-text' }, { type: 'Postback', text: 'P' }, { type: 'Call', text: 'x' }, null, 'x', [1]],
        },
      })).to.deep.equal([{ kind: 'card', card: { title: 'T', actions: [{ kind: 'postback', text: 'P', payload: 'P' }] } }]);
      expect(read({ contentType: 'Card', card: { title: 'T', actions: 'nope' } })).to.deep.equal([{ kind: 'card', card: { title: 'T', actions: [] } }]);
    });

    it('skips null, primitive and array entries and reads an entry with no string contentType as unsupported', () => {
      expect(read(null, undefined, 3, 'QuickReply', [], [{ contentType: 'QuickReply' }], { contentType: 7, quickReply: { text: 'x' } }))
        .to.deep.equal([{ kind: 'unsupported', contentType: 'unknown' }]);
      expect(readContent(undefined)).to.deep.equal([]);
      expect(readContent({ length: 5 } as unknown as MessageContent[])).to.deep.equal([]);
      expect(readContent('QuickReply' as unknown as MessageContent[])).to.deep.equal([]);
    });

    it('does not read inherited properties as content', () => {
      expect(read({ contentType: 'Constructor' }, { contentType: '__proto__' }, { contentType: 'ToString' })).to.deep.equal([
        { kind: 'unsupported', contentType: 'Constructor' },
        { kind: 'unsupported', contentType: '__proto__' },
        { kind: 'unsupported', contentType: 'ToString' },
      ]);
    });

    it('trims and caps text', () => {
      const long = 'x'.repeat(10_000);
      const [content] = read({ contentType: 'Card', card: { title: `  ${long}`, description: long, actions: [] } });
      expect(content?.kind === 'card' && content.card.title.length).to.equal(2000);
      expect(content?.kind === 'card' && content.card.description?.length).to.equal(2000);
      const [type] = read({ contentType: long });
      expect(type?.kind === 'unsupported' && type.contentType.length).to.equal(100);
      expect(read({ contentType: 'QuickReply', quickReply: { text: '   ' } })).to.deep.equal([{ kind: 'unsupported', contentType: 'QuickReply' }]);
    });

    it('caps 10,000-entry lists at 100', () => {
      const many = <T>(make: (i: number) => T) => Array.from({ length: 10_000 }, (_, i) => make(i));
      expect(read(...many(i => ({ contentType: 'QuickReply', quickReply: { text: `r${i}` } })))).to.have.length(1);
      const [replies] = read(...many(i => ({ contentType: 'QuickReply', quickReply: { text: `r${i}` } })));
      expect(replies?.kind === 'quickReplies' && replies.replies.length).to.equal(100);
      expect(readContent(many(() => ({ contentType: 'Form' })))).to.have.length(100);
      const actions = many(() => ({ type: 'Postback', text: 'p' }));
      const [carousel] = read({ contentType: 'Carousel', carousel: { cards: many(i => ({ title: `c${i}`, actions })) } });
      expect(carousel?.kind === 'carousel' && carousel.cards.length).to.equal(100);
      expect(carousel?.kind === 'carousel' && carousel.cards[0]!.actions.length).to.equal(100);
      const [picker] = read({ contentType: 'DatePicker', datePicker: { availableTimes: many(() => ({ dateTime: '2025-01-01T10:00:00Z' })) } });
      expect(picker?.kind === 'datePicker' && picker.times.length).to.equal(100);
      const items = many(i => ({ id: `${i}`, title: 't' }));
      const [list] = read({ contentType: 'ListPicker', listPicker: { sections: many(() => ({ items })) } });
      expect(list?.kind === 'listPicker' && [list.sections.length, list.sections[0]!.items.length]).to.deep.equal([100, 100]);
    });

    it('never throws', () => {
      const nasty: unknown[] = [
        null, undefined, 0, NaN, '', 'x', true, [], [null], {}, { contentType: null },
        { contentType: 'Card', card: null }, { contentType: 'Card', card: [] }, { contentType: 'Card', card: 'x' },
        { contentType: 'Carousel', carousel: { cards: 'x' } }, { contentType: 'Carousel', carousel: { cards: [[], 1, { title: 1 }] } },
        { contentType: 'DatePicker', datePicker: { availableTimes: [null, 1, 'x', { dateTime: {} }] } },
        { contentType: 'ListPicker', listPicker: { sections: [null, { items: null }, { items: [null, 1] }], receivedMessage: 'x' } },
        { contentType: 'Attachment', attachment: { mediaType: {}, url: {}, fileSize: 'big', filename: [] } },
        { contentType: 'ButtonResponse', buttonResponse: null }, { contentType: 'QuickReplyV2', quickReplyV2: { actions: {} } },
        { contentType: 'Attachment', attachment: { mediaType: 'File', url: `https://x.test/${'a'.repeat(5000)}`, fileSize: Infinity } },
        Object.create(null),
      ];
      for (const entry of nasty) expect(() => read(entry), JSON.stringify(entry) ?? String(entry)).to.not.throw();
      expect(() => read(...nasty)).to.not.throw();
      expect(() => readContent(nasty as MessageContent[])).to.not.throw();
      expect(() => readContent(null as unknown as MessageContent[])).to.not.throw();
    });
  });

  describe('hasInteractive', () => {
    it('is true for quick replies, postback buttons and pickers, false otherwise', () => {
      const interactive = (...entries: unknown[]) => hasInteractive(read(...entries));
      expect(interactive({ contentType: 'QuickReply', quickReply: { text: 'A' } })).to.equal(true);
      expect(interactive({ contentType: 'Card', card: cardFixture })).to.equal(true);
      expect(interactive({ contentType: 'Carousel', carousel: { cards: [{ title: 'A', actions: [] }, cardFixture] } })).to.equal(true);
      expect(interactive({ contentType: 'DatePicker', datePicker: { availableTimes: [{ dateTime: '2025-01-01T10:00:00Z' }] } })).to.equal(true);
      expect(interactive({ contentType: 'ListPicker', listPicker: { sections: [{ items: [{ id: 'a', title: 'A' }] }] } })).to.equal(true);

      expect(interactive({ contentType: 'Card', card: { title: 'A', actions: [{ type: 'Link', text: 'L', url: 'https://x.test' }] } })).to.equal(false);
      expect(interactive({ contentType: 'Attachment', attachment: { mediaType: 'Image', url: 'https://x.test/i.png' } })).to.equal(false);
      expect(interactive({ contentType: 'ButtonResponse', buttonResponse: { text: 'Yes' } })).to.equal(false);
      expect(interactive({ contentType: 'Form', form: {} })).to.equal(false);
      expect(hasInteractive([])).to.equal(false);
    });
  });
});
