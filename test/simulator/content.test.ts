import { expect } from '@open-wc/testing';
import { ask } from '../helpers/guest-socket.js';
import { serverFrameErrors } from '../helpers/schema.js';
import { simulator } from '../helpers/simulator.js';
import type { MessageContent, SampleKind } from '../helpers/simulator.js';
import { auditAndCloseGuests, buttonResponse, configured, conversationWithGuest, framesBeforeEcho, presence, refusal, text } from './support.js';

const join = (token: string, placement: 'message' | 'request', attributes: Record<string, string>, tracingId?: string) => {
  const request = presence(token, 'Join', tracingId);
  const channel = { metadata: { customAttributes: attributes } };
  return placement === 'message' ? { ...request, message: { ...request.message, channel } } : { ...request, channel };
};

describe('simulator: rich content, button answers and custom attributes', () => {
  afterEach(auditAndCloseGuests);

  describe('agent content', () => {
    const expected: Record<SampleKind, { type: 'Text' | 'Structured'; contentTypes: string[] }> = {
      quickReplies: { type: 'Structured', contentTypes: ['QuickReply', 'QuickReply', 'QuickReply'] },
      card: { type: 'Structured', contentTypes: ['Card'] },
      carousel: { type: 'Structured', contentTypes: ['Carousel'] },
      datePicker: { type: 'Structured', contentTypes: ['DatePicker'] },
      listPicker: { type: 'Structured', contentTypes: ['ListPicker'] },
      image: { type: 'Text', contentTypes: ['Attachment'] },
      file: { type: 'Text', contentTypes: ['Attachment'] },
      markdown: { type: 'Text', contentTypes: [] },
    };

    it('sends each console sample as a schema-valid Outbound message, recorded with its content', async () => {
      const { sim, guest, token, conversation } = await conversationWithGuest();
      for (const [kind, { type, contentTypes }] of Object.entries(expected) as [SampleKind, (typeof expected)[SampleKind]][]) {
        const line = await sim.agentSample(conversation.id, kind);
        const frame = await guest.next();
        expect(await serverFrameErrors(frame), kind).to.deep.equal([]);
        expect(frame.body, kind).to.deep.include({ id: line.id, type, direction: 'Outbound', originatingEntity: 'Human' });
        expect((frame.body.content ?? []).map((c: MessageContent) => c.contentType), kind).to.deep.equal(contentTypes);
        expect(line.content ?? [], kind).to.deep.equal(frame.body.content ?? []);
      }
      const messages = (await sim.conversationFor(token))!.messages;
      expect(messages).to.have.length(1 + Object.keys(expected).length);
    });

    it('fills the samples in with working URLs and the shapes the widget reads', async () => {
      const { sim, guest, conversation } = await conversationWithGuest();
      await sim.agentSample(conversation.id, 'card');
      const card = (await guest.next()).body.content[0].card;
      expect(card.actions.map((a: { type: string }) => a.type)).to.include.members(['Link', 'Postback']);
      expect(card.actions.find((a: { type: string }) => a.type === 'Link').url).to.equal('https://example.com');
      expect((await fetch(card.image)).status).to.equal(200);

      await sim.agentSample(conversation.id, 'carousel');
      expect((await guest.next()).body.content[0].carousel.cards).to.have.length(3);

      await sim.agentSample(conversation.id, 'datePicker');
      const times = (await guest.next()).body.content[0].datePicker.availableTimes as { dateTime: string; duration: number }[];
      expect(times).to.have.length(3);
      for (const slot of times) expect(Date.parse(slot.dateTime)).to.be.above(Date.now());

      await sim.agentSample(conversation.id, 'listPicker');
      const sections = (await guest.next()).body.content[0].listPicker.sections;
      expect(sections).to.have.length(1);
      expect(sections[0].items).to.have.length(3);

      await sim.agentSample(conversation.id, 'image');
      // Links to the agent's files expire (downloadUrlSeconds): the file's URL with an `expires` time.
      const withoutExpiry = (url: string) => url.replace(/\?expires=\d+$/, '');
      const image = (await guest.next()).body.content[0].attachment;
      expect(image).to.include({ mediaType: 'Image', mime: 'image/png', filename: 'sample.png' });
      expect(withoutExpiry(image.url)).to.equal(sim.fileUrl('sample.png'));

      await sim.agentSample(conversation.id, 'file');
      const file = (await guest.next()).body.content[0].attachment;
      expect(file).to.include({ mediaType: 'File', mime: 'application/pdf' });
      expect(withoutExpiry(file.url)).to.equal(sim.fileUrl('brochure.pdf'));

      await sim.agentSample(conversation.id, 'markdown');
      const markdown = (await guest.next()).body.text as string;
      for (const piece of ['**bold**', '_italic_', '~~strike~~', '`code`', '](https://example.com)', '\n- ']) expect(markdown).to.contain(piece);

      expect(await refusal(sim.agentSample(conversation.id, 'video' as never))).to.equal(400);
    });

    it('passes given content through, Structured unless it is only attachments, as a bot when asked', async () => {
      const { sim, guest, token, conversation } = await conversationWithGuest();
      const quickReplies: MessageContent[] = [
        { contentType: 'QuickReply', quickReply: { text: 'Yes', payload: 'yes', action: 'Message' } },
        { contentType: 'QuickReply', quickReply: { text: 'No', payload: 'no', action: 'Message' } },
      ];
      const line = await sim.agentContent(conversation.id, quickReplies, { text: 'Shall we?', originatingEntity: 'Bot', from: { nickname: 'Helper' } });
      const frame = await guest.next();
      expect(frame.body).to.deep.include({ type: 'Structured', text: 'Shall we?', content: quickReplies, originatingEntity: 'Bot' });
      expect(frame.body.channel.from).to.deep.equal({ nickname: 'Helper' });
      expect(line).to.deep.include({ author: 'bot', text: 'Shall we?', content: quickReplies });

      const attachment: MessageContent = {
        contentType: 'Attachment',
        attachment: { mediaType: 'Image', url: sim.fileUrl('sample.png'), mime: 'image/png', filename: 'sample.png' },
      };
      await sim.agentSend(conversation.id, { content: [attachment] });
      const attached = await guest.next();
      expect(attached.body).to.deep.include({ type: 'Text', content: [attachment], originatingEntity: 'Human' });
      expect(attached.body.text).to.equal(undefined);
      expect(attached.body.channel.from.nickname, 'the default agent').to.be.a('string');

      const messages = (await sim.conversationFor(token))!.messages;
      expect(messages.slice(1).map(m => [m.author, m.text, m.content?.length])).to.deep.equal([['bot', 'Shall we?', 2], ['agent', '', 1]]);
    });

    it('refuses content of the wrong shape', async () => {
      const { sim, conversation } = await conversationWithGuest();
      const refused = [
        {},
        { text: '   ' },
        { text: 5 },
        { content: [] },
        { content: 'Card' },
        { content: [{ card: {} }] },
        { content: [{ contentType: 7 }] },
        { content: [null] },
        { text: 'hi', originatingEntity: 'Robot' },
        { text: 'hi', from: { nickname: 3 } },
      ];
      for (const body of refused) expect(await refusal(sim.agentSend(conversation.id, body as never)), JSON.stringify(body)).to.equal(400);
      expect(await refusal(sim.agentContent(crypto.randomUUID(), [{ contentType: 'Card', card: { title: 't', actions: [] } }]))).to.equal(404);
    });
  });

  describe('sample files', () => {
    it('serves a PNG the browser decodes and a PDF, to any origin', async () => {
      const sim = await simulator();
      const png = await fetch(sim.fileUrl('sample.png'));
      expect(png.status).to.equal(200);
      expect(png.headers.get('content-type')).to.equal('image/png');
      const bitmap = await createImageBitmap(await png.blob());
      expect([bitmap.width, bitmap.height]).to.deep.equal([320, 180]);

      const pdf = await fetch(sim.fileUrl('brochure.pdf'));
      expect(pdf.headers.get('content-type')).to.equal('application/pdf');
      const bytes = new Uint8Array(await pdf.arrayBuffer());
      const head = new TextDecoder().decode(bytes.slice(0, 8));
      const tail = new TextDecoder().decode(bytes.slice(-6));
      expect(head).to.equal('%PDF-1.4');
      expect(tail).to.equal('%%EOF\n');

      expect((await fetch(sim.fileUrl('secret.txt'))).status).to.equal(404);
    });
  });

  describe('guest button answers', () => {
    it('echoes a quick-reply answer with its content to every socket, and records the choice', async () => {
      const { sim, deploymentId, guest, token, conversation } = await conversationWithGuest();
      const other = await configured(deploymentId, token);
      await sim.agentSample(conversation.id, 'quickReplies');
      await Promise.all([guest.next(), other.guest.next()]);

      const answer = { text: 'Yes', payload: 'yes', type: 'QuickReply' } as const;
      guest.send(buttonResponse(token, answer, 'picked'));
      const [mine, theirs] = await Promise.all([guest.next(), other.guest.next()]);
      expect(mine).to.deep.equal(theirs);
      expect(mine).to.include({ type: 'message', class: 'StructuredMessage', tracingId: 'picked' });
      expect(mine.body).to.deep.include({
        type: 'Text', text: '', direction: 'Inbound', content: [{ contentType: 'ButtonResponse', buttonResponse: answer }],
      });

      const line = (await sim.conversationFor(token))!.messages.at(-1)!;
      expect(line).to.deep.equal({
        id: mine.body.id, author: 'customer', text: 'Yes', time: mine.body.channel.time,
        content: [{ contentType: 'ButtonResponse', buttonResponse: answer }], tracingId: 'picked',
      });
    });

    it('takes a card postback as Structured with the button text', async () => {
      const { sim, guest, token, conversation } = await conversationWithGuest();
      await sim.agentSample(conversation.id, 'card');
      const card = (await guest.next()).body;
      const postback = card.content[0].card.actions.find((a: { type: string }) => a.type === 'Postback');
      const echoed = await ask(guest, buttonResponse(token, { text: postback.text, payload: postback.payload, type: 'Button' }));
      expect(echoed.body).to.deep.include({ type: 'Structured', text: postback.text, direction: 'Inbound' });
      const line = (await sim.conversationFor(token))!.messages.at(-1)!;
      expect(line.text).to.equal(postback.text);
      expect((line.content![0] as { buttonResponse: { payload: string } }).buttonResponse.payload).to.equal(postback.payload);
    });

    it('answers an attachment the session never uploaded with 4009 (uploads: attachments.test.ts)', async () => {
      const { guest, token } = await conversationWithGuest();
      const reply = await ask(guest, {
        action: 'onMessage', token, message: { type: 'Text', text: 'file', content: [{ contentType: 'Attachment', attachment: { id: 'a' } }] },
      });
      expect(reply).to.include({ class: 'string', code: 4009, body: 'attachment not found' });
    });
  });

  describe('Presence Join and custom attributes', () => {
    it('opens the conversation, records the Join and its attributes, and greets with quick replies', async () => {
      const sim = await simulator();
      const { deploymentId } = await sim.createDeployment({ tagAnswers: true, sessionResponse: 'full', greeting: 'Hi! What brings you here?', greetingQuickReplies: ['Sales', 'Support'] });
      const { guest, token } = await configured(deploymentId);

      guest.send(join(token, 'message', { customerName: 'Ada', plan: 'gold' }, 'join'));
      const echo = await guest.next();
      expect(echo).to.include({ class: 'StructuredMessage', tracingId: 'join' });
      expect(echo.body).to.deep.include({ type: 'Event', direction: 'Inbound', events: [{ eventType: 'Presence', presence: { type: 'Join' } }] });
      const greeting = await guest.next();
      expect(greeting.body).to.deep.include({
        type: 'Structured',
        text: 'Hi! What brings you here?',
        originatingEntity: 'Bot',
        content: [
          { contentType: 'QuickReply', quickReply: { text: 'Sales', payload: 'Sales', action: 'Message' } },
          { contentType: 'QuickReply', quickReply: { text: 'Support', payload: 'Support', action: 'Message' } },
        ],
      });

      const conversation = (await sim.conversationFor(token))!;
      expect(conversation).to.deep.include({ status: 'open', joined: true, customAttributes: { customerName: 'Ada', plan: 'gold' } });
      expect(conversation.messages.map(m => m.author)).to.deep.equal(['bot']);

      // A second Join is echoed but neither reopens nor greets again.
      guest.send(presence(token, 'Join', 'again'));
      expect((await guest.next()).tracingId).to.equal('again');
      expect(await framesBeforeEcho(guest, token)).to.deep.equal([]);
    });

    it('takes attributes from the request-level channel too, and merges them over text messages', async () => {
      const sim = await simulator();
      const { deploymentId } = await sim.createDeployment({ tagAnswers: true, sessionResponse: 'full' });
      const { guest, token } = await configured(deploymentId);
      guest.send(join(token, 'request', { source: 'java', plan: 'silver' }));
      await guest.next();
      expect(await sim.conversationFor(token)).to.deep.include({ joined: true, customAttributes: { source: 'java', plan: 'silver' } });

      await ask(guest, { ...text(token, 'upgrade me'), message: { type: 'Text', text: 'upgrade me', channel: { metadata: { customAttributes: { plan: 'gold' } } } } });
      await ask(guest, { ...text(token, 'thanks'), channel: { metadata: { customAttributes: { mood: 'happy' } } } });
      expect((await sim.conversationFor(token))!.customAttributes).to.deep.equal({ source: 'java', plan: 'gold', mood: 'happy' });
    });

    it('a text message opens the conversation without joining it', async () => {
      const { sim, token } = await conversationWithGuest();
      expect(await sim.conversationFor(token)).to.deep.include({ joined: false, customAttributes: {} });
    });

    it('refuses attributes that are not a map of strings with 400', async () => {
      const sim = await simulator();
      const { deploymentId } = await sim.createDeployment({ tagAnswers: true, sessionResponse: 'full' });
      const { guest, token } = await configured(deploymentId);
      const reply = await ask(guest, join(token, 'message', { n: 1 as never }));
      expect(reply).to.include({ class: 'string', code: 400 });
      expect(await sim.conversationFor(token)).to.equal(undefined);
    });
  });
});
