import { expect } from '@open-wc/testing';
import { agentContent, agentMessage, errorFrame, inboundContentEcho, quickReplies } from '../helpers/frames.js';
import { schemaErrors } from '../helpers/schema.js';
import { arrange } from './harness.js';

const waiveTime = { waiveRequired: ['time'] };

describe('chat machine: quick replies and buttons', () => {
  it('offers the newest message\'s quick replies; a choice goes back as a ButtonResponse and closes them', async () => {
    const t = arrange();
    t.connect();
    t.sockets.current.deliver(agentContent(quickReplies('Yes', 'No'), { id: 'q1', text: 'Continue?' }));
    expect(t.context.conversation.interactive?.id).to.equal('q1');
    expect(t.messages[0]!.content).to.deep.equal([{ kind: 'quickReplies', replies: [{ text: 'Yes', payload: 'payload-Yes' }, { text: 'No', payload: 'payload-No' }] }]);

    t.actor.send({ type: 'chat.reply', reply: { type: 'QuickReply', text: 'Yes', payload: 'payload-Yes', messageId: 'q1' }, tracingId: 'r1', at: 5 });
    const [frame] = t.sent('onMessage');
    expect(frame).to.deep.equal({
      action: 'onMessage',
      token: 'token-1',
      tracingId: 'r1',
      message: {
        type: 'Text',
        text: '',
        content: [{ contentType: 'ButtonResponse', buttonResponse: { text: 'Yes', payload: 'payload-Yes', type: 'QuickReply', originatingMessageId: 'q1' } }],
      },
    });
    expect(await schemaErrors('SendMessageRequest', frame, waiveTime)).to.deep.equal([]);
    expect(t.messages.find(m => m.id === 'q1')!.answered).to.equal(true);
    expect(t.context.conversation.interactive).to.equal(undefined);

    // The echo confirms the choice, shown as the visitor's reply.
    t.sockets.current.deliver(inboundContentEcho(frame!['message'] as { content: unknown[] }, 'r1', 'server-r1'));
    const reply = t.messages.at(-1)!;
    expect(reply).to.include({ author: 'customer', status: 'sent', id: 'server-r1' });
    expect(reply.content).to.deep.equal([{ kind: 'choice', text: 'Yes' }]);
  });

  it('sends a card postback as a Structured message with the button text (schema-valid)', async () => {
    const t = arrange();
    t.connect();
    t.actor.send({ type: 'chat.reply', reply: { type: 'Button', text: 'Book', payload: 'book-1', messageId: 'c1' }, tracingId: 'r1', at: 5 });
    const [frame] = t.sent('onMessage');
    expect(frame!['message']).to.deep.include({ type: 'Structured', text: 'Book' });
    expect(await schemaErrors('SendMessageRequest', frame, waiveTime)).to.deep.equal([]);
  });

  it('sends a date or list choice as the official SDK does: Text with empty text, the choice and the message it answers in the ButtonResponse', async () => {
    for (const type of ['DatePicker', 'ListPicker'] as const) {
      const t = arrange();
      t.connect();
      const payload = type === 'DatePicker' ? '2026-12-08T10:00:00.000Z' : 'item-2';
      t.actor.send({ type: 'chat.reply', reply: { type, text: 'Tuesday 10:00', payload, messageId: 'p1' }, tracingId: 'r1', at: 5 });
      const [frame] = t.sent('onMessage');
      expect(frame!['message'], type).to.deep.equal({
        type: 'Text',
        text: '',
        content: [{ contentType: 'ButtonResponse', buttonResponse: { text: 'Tuesday 10:00', payload, type, originatingMessageId: 'p1' } }],
      });
      expect(await schemaErrors('SendMessageRequest', frame, waiveTime), type).to.deep.equal([]);
    }
  });

  it('closes an earlier offer when a newer one arrives, and any message the visitor sends answers it', () => {
    const t = arrange();
    t.connect();
    t.sockets.current.deliver(agentContent(quickReplies('A'), { id: 'q1' }));
    t.sockets.current.deliver(agentContent(quickReplies('B'), { id: 'q2' }));
    expect(t.messages.map(m => !!m.answered)).to.deep.equal([true, false]);
    t.actor.send({ type: 'chat.send', text: 'Neither', tracingId: 'm1', at: Date.now() + 1 });
    expect(t.messages.filter(m => m.author !== 'customer').map(m => !!m.answered)).to.deep.equal([true, true]);
  });

  it('shows content it cannot render as a fallback rather than dropping the message', () => {
    const t = arrange();
    t.connect();
    t.sockets.current.deliver(agentContent([{ contentType: 'PaymentRequest', paymentRequest: {} }], { id: 'p1' }));
    expect(t.messages[0]!.content?.[0]).to.include({ kind: 'unsupported', contentType: 'PaymentRequest' });
    t.sockets.current.deliver(agentMessage('plain'));
    expect(t.messages).to.have.length(2);
  });

  it('does not take a choice in a read-only session', () => {
    const t = arrange();
    t.connect({ readOnly: true });
    t.actor.send({ type: 'chat.reply', reply: { type: 'QuickReply', text: 'Yes', payload: 'y', messageId: 'q1' }, tracingId: 'r1', at: 5 });
    expect(t.sent('onMessage')).to.have.length(0);
  });

  it('marks a refused choice failed like any message (409 also makes the session read-only)', () => {
    const t = arrange();
    t.connect();
    t.actor.send({ type: 'chat.reply', reply: { type: 'QuickReply', text: 'Yes', payload: 'y', messageId: 'q1' }, tracingId: 'r1', at: 5 });
    t.sockets.current.deliver(errorFrame(409, 'Session is read-only, no new messages allowed', 'r1'));
    expect(t.messages[0]).to.include({ status: 'failed', failure: 'read-only' });
    expect(t.context.conversation.readOnly).to.equal(true);
  });
});
