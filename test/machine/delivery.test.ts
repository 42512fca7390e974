import { expect } from '@open-wc/testing';
import { DEFAULT_MAX_MESSAGE_LENGTH } from '../../src/machine/chat.machine.js';
import { MAX_RATE_LIMITED, SEND_TIMEOUT } from '../../src/machine/outbox.js';
import { errorFrame, inboundEcho, tooManyRequests } from '../helpers/frames.js';
import { arrange } from './harness.js';

type Harness = ReturnType<typeof arrange>;

const texts = (t: Harness) => t.sent('onMessage').map(f => (f['message'] as { text?: string }).text);
const statusOf = (t: Harness, text: string) => t.messages.find(m => m.text === text);
const send = (t: Harness, text: string, tracingId: string, at = 1) => t.actor.send({ type: 'chat.send', text, tracingId, at });

describe('chat machine: delivery of the visitor\'s messages', () => {
  it('goes sending → sent when the echo with the same tracingId comes back', () => {
    const t = arrange();
    t.connect();
    send(t, 'Hello', 'm1');
    expect(statusOf(t, 'Hello')).to.include({ status: 'sending' });
    t.sockets.current.deliver(inboundEcho('Hello', 'm1', 'server-id'));
    expect(statusOf(t, 'Hello')).to.include({ status: 'sent', id: 'server-id' });
    expect(t.messages).to.have.length(1);
  });

  it('marks a message refused as too long (4011) failed, with the reason and no retry', () => {
    const t = arrange();
    t.connect();
    send(t, 'Long', 'm1');
    t.sockets.current.deliver(errorFrame(4011, 'message too long', 'm1'));
    expect(statusOf(t, 'Long')).to.include({ status: 'failed', failure: 'message-too-long' });
    expect(t.state).to.equal('connected');
    expect(t.errorCodes()).to.deep.equal(['message-too-long']);
    t.actor.send({ type: 'chat.resend', tracingId: 'm1', at: 2 });
    // A retry is for failures a second try can fix: the view does not offer one here, and none is sent.
    expect(texts(t)).to.deep.equal(['Long']);
  });

  it('offers a retry after a server failure (5000), which sends the same message again and delivers it', () => {
    const t = arrange();
    t.connect();
    send(t, 'Hi', 'm1');
    t.sockets.current.deliver(errorFrame(5000, 'Request failed.', 'm1'));
    expect(statusOf(t, 'Hi')).to.include({ status: 'failed', failure: 'server-error' });
    t.actor.send({ type: 'chat.resend', tracingId: 'm1', at: 2 });
    expect(statusOf(t, 'Hi')).to.include({ status: 'sending' });
    expect(statusOf(t, 'Hi')!.failure).to.equal(undefined);
    t.sockets.current.deliver(inboundEcho('Hi', 'm1'));
    expect(statusOf(t, 'Hi')).to.include({ status: 'sent' });
    expect(texts(t)).to.deep.equal(['Hi', 'Hi']);
  });

  it('waits out a 429 and sends again, in order; after repeated 429s the message fails', () => {
    const t = arrange();
    t.connect();
    send(t, 'one', 'm1');
    t.sockets.current.deliver(tooManyRequests(2, 'm1'));
    send(t, 'two', 'm2', 2);
    expect(texts(t)).to.deep.equal(['one']);
    t.clock.increment(1999);
    expect(texts(t)).to.deep.equal(['one']);
    t.clock.increment(1);
    // "two" waits for "one": the server receives them in order.
    expect(texts(t)).to.deep.equal(['one', 'one']);
    for (let i = 1; i < MAX_RATE_LIMITED; i++) {
      t.sockets.current.deliver(tooManyRequests(1, 'm1'));
      t.clock.increment(1000);
    }
    expect(statusOf(t, 'one')).to.include({ status: 'failed', failure: 'rate-limited' });
    expect(texts(t)).to.deep.equal(['one', 'one', 'one', 'two']);
    expect(statusOf(t, 'two')).to.include({ status: 'sending' });
  });

  it('shows messages without an echo as failed after the send timeout; a late echo still confirms them', () => {
    const t = arrange();
    t.connect();
    send(t, 'Anyone?', 'm1');
    t.clock.increment(SEND_TIMEOUT - 1);
    expect(statusOf(t, 'Anyone?')).to.include({ status: 'sending' });
    t.clock.increment(1);
    expect(statusOf(t, 'Anyone?')).to.include({ status: 'failed', failure: 'message-timeout' });
    t.sockets.current.deliver(inboundEcho('Anyone?', 'm1'));
    expect(statusOf(t, 'Anyone?')).to.include({ status: 'sent' });
  });

  it('refuses a message over the length limit before sending it, and says so', () => {
    const t = arrange();
    t.connect();
    send(t, 'x'.repeat(DEFAULT_MAX_MESSAGE_LENGTH + 1), 'm1');
    expect(t.messages).to.have.length(0);
    expect(t.sent('onMessage')).to.have.length(0);
    expect(t.context.conversation.notice?.code).to.equal('message-too-long');
    send(t, 'x'.repeat(DEFAULT_MAX_MESSAGE_LENGTH), 'm2');
    expect(t.sent('onMessage')).to.have.length(1);
    expect(t.context.conversation.notice).to.equal(undefined);
  });
});

describe('chat machine: custom attributes', () => {
  const attributesOf = (frame: Record<string, unknown> | undefined) =>
    (frame?.['message'] as { channel?: { metadata?: { customAttributes?: unknown } } } | undefined)?.channel?.metadata?.customAttributes;

  it('go with the first message of a session, and again only when the page changes them', () => {
    const t = arrange({ customAttributes: { plan: 'gold' } });
    t.connect();
    send(t, 'one', 'm1');
    t.sockets.current.deliver(inboundEcho('one', 'm1'));
    send(t, 'two', 'm2');
    t.sockets.current.deliver(inboundEcho('two', 'm2'));
    t.actor.send({ type: 'chat.attributes', attributes: { plan: 'platinum' } });
    send(t, 'three', 'm3');
    expect(t.sent('onMessage').map(attributesOf)).to.deep.equal([{ plan: 'gold' }, undefined, { plan: 'platinum' }]);
  });

  it('are not sent when larger than maxCustomDataBytes: the message goes without them and the integrator is told', () => {
    const t = arrange({ customAttributes: { note: 'é'.repeat(60) } });
    t.connect({ maxCustomDataBytes: 100 });
    send(t, 'Hi', 'm1');
    expect(attributesOf(t.sent('onMessage')[0])).to.equal(undefined);
    const error = t.emittedOf('error')[0]!.error;
    expect(error).to.include({ code: 'custom-attributes-too-large', recoverable: true });
    expect(error.message).to.contain('100');
  });

  it('after a 4013 the message is sent again without them, and they are not sent again', () => {
    const t = arrange({ customAttributes: { plan: 'gold' } });
    t.connect();
    send(t, 'Hi', 'm1');
    t.sockets.current.deliver(errorFrame(4013, 'Custom Attributes in channel metadata is larger than 2048 bytes', 'm1'));
    expect(t.sent('onMessage').map(attributesOf)).to.deep.equal([{ plan: 'gold' }, undefined]);
    t.sockets.current.deliver(inboundEcho('Hi', 'm1'));
    expect(statusOf(t, 'Hi')).to.include({ status: 'sent' });
    expect(t.errorCodes()).to.deep.equal(['custom-attributes-too-large']);
  });
});
