import { expect } from '@open-wc/testing';
import { frameError } from '../../src/protocol/decode.js';
import type { ServerFrame, StructuredMessageFrame } from '../../src/protocol/frames.js';
import { NO_CONVERSATION } from '../../src/machine/conversation.region.js';
import { echoedMessage, errorTarget } from '../../src/machine/correlate.js';
import type { ConversationState, OutboxState, Unconfirmed } from '../../src/machine/chat.types.js';
import { MAX_RATE_LIMITED, SEND_TIMEOUT } from '../../src/machine/outbox.js';
import { settle } from '../helpers/fake-http.js';
import { decoded } from '../helpers/decoded.js';
import { clearForbidden, deploymentConfig, echoReply, errorFrame, inboundContentEcho, inboundEcho, sessionCleared, tooManyRequests } from '../helpers/frames.js';
import { arrange } from './harness.js';

type Harness = ReturnType<typeof arrange>;

const texts = (t: Harness) => t.sent('onMessage').filter(f => (f['message'] as { type: string }).type !== 'Event').map(f => (f['message'] as { text?: string }).text);
const lineOf = (t: Harness, text: string) => t.messages.find(m => m.text === text);
const send = (t: Harness, text: string, tracingId: string, at = 1) => t.actor.send({ type: 'chat.send', text, tracingId, at });

const message = (tracingId: string, text: string, state: Unconfirmed['state'], more: Partial<Unconfirmed> = {}): Unconfirmed =>
  ({ tracingId, text, time: 1, state, ...more });
const outboxOf = (messages: Unconfirmed[], join: OutboxState['join'] = { pending: false }): OutboxState =>
  ({ messages, throttled: false, attributes: { refused: false }, join });
const stateOf = (messages: Unconfirmed[], more: { join?: OutboxState['join']; typing?: ConversationState['typing'] } = {}) => ({
  outbox: outboxOf(messages, more.join),
  conversation: { ...NO_CONVERSATION, typing: more.typing ?? { refused: false } },
});
const echoOf = (frame: object) => decoded(frame) as StructuredMessageFrame;
const targetOf = (state: ReturnType<typeof stateOf>, raw: object) => {
  const frame: ServerFrame = decoded(raw);
  return errorTarget(state, frame, frameError(frame)!);
};

const SENT = { kind: 'sent' } as const;
const QUEUED = { kind: 'queued' } as const;

describe('correlation: which message an echo confirms', () => {
  it('is the one its tracingId names, wherever Genesys put it; a name that is not ours is another tab\'s message', () => {
    const messages = [message('m1', 'hi', SENT)];
    expect(echoedMessage(messages, echoOf(inboundEcho('hi', 'm1')))).to.equal(messages[0]);
    const untagged = inboundEcho('hi', undefined);
    expect(echoedMessage(messages, echoOf({ ...untagged, body: { ...untagged.body, tracingId: 'm1' } }))).to.equal(messages[0]);
    expect(echoedMessage(messages, echoOf({ ...untagged, body: { ...untagged.body, metadata: { customMessageId: 'm1' } } }))).to.equal(messages[0]);
    expect(echoedMessage(messages, echoOf(inboundEcho('hi', 'another-tab')))).to.equal(undefined);
  });

  it('without a tracingId, is the oldest message awaiting its echo that says the same', () => {
    const messages = [
      message('m0', 'hi', { kind: 'failed', reason: 'message-too-long' }),
      message('m1', 'hi', { kind: 'failed', reason: 'message-timeout' }),
      message('m2', 'hi', SENT),
      message('m3', 'other', QUEUED),
    ];
    // A refused message gets no echo; one that timed out may still get it, and it is older than the one on the wire.
    expect(echoedMessage(messages, echoOf(inboundEcho('hi', undefined)))).to.equal(messages[1]);
    expect(echoedMessage(messages.slice(2), echoOf(inboundEcho('hi', undefined)))).to.equal(messages[2]);
    expect(echoedMessage([message('m1', 'hi', { kind: 'doubt' })], echoOf(inboundEcho(' hi ', undefined)))?.tracingId).to.equal('m1');
    // One waiting its turn has not reached the server.
    expect(echoedMessage(messages, echoOf(inboundEcho('other', undefined)))).to.equal(undefined);
    expect(echoedMessage(messages, echoOf(inboundEcho('hello', undefined)))).to.equal(undefined);
  });

  it('matches a choice by its text and payload, and files by their ids', () => {
    const reply = message('r1', 'Yes', SENT, { reply: { type: 'QuickReply', text: 'Yes', payload: 'y', messageId: 'offer-1' } });
    const button = (payload: string) => ({ contentType: 'ButtonResponse', buttonResponse: { text: 'Yes', payload, type: 'QuickReply' } });
    expect(echoedMessage([reply], echoOf(inboundContentEcho({ text: 'Yes', content: [button('y')] }, undefined)))).to.equal(reply);
    expect(echoedMessage([reply], echoOf(inboundContentEcho({ text: 'Yes', content: [button('n')] }, undefined)))).to.equal(undefined);
    const files = message('f1', '', SENT, { attachments: [{ id: 'a1', name: 'a.png', type: 'image/png', size: 1 }] });
    const attachment = (id: string) => ({ contentType: 'Attachment', attachment: { id, mediaType: 'Image', url: 'https://x.test/a', filename: 'a.png' } });
    expect(echoedMessage([files], echoOf(inboundContentEcho({ content: [attachment('a1')] }, undefined)))).to.equal(files);
    expect(echoedMessage([files], echoOf(inboundContentEcho({ content: [attachment('a2')] }, undefined)))).to.equal(undefined);
  });

  it('is never the keep-alive\'s reply or an event, whatever the visitor typed', () => {
    const messages = [message('m1', 'ping', SENT)];
    const reply = echoReply('x', 60, 1750000000);
    const { tracingId: _tag, ...untaggedReply } = reply;
    expect(echoedMessage(messages, echoOf(untaggedReply))).to.equal(undefined);
    const event = inboundEcho('ping', undefined);
    expect(echoedMessage(messages, echoOf({ ...event, body: { ...event.body, type: 'Event', events: [{ eventType: 'Presence', presence: { type: 'Join' } }] } }))).to.equal(undefined);
  });
});

describe('correlation: which request an error answers', () => {
  it('is the request its tracingId names: a message not yet failed, Typing, or Join for a 4013', () => {
    const state = stateOf([message('m1', 'hi', SENT)], { join: { pending: false, tracingId: 'j1' }, typing: { refused: false, tracingId: 't1' } });
    expect(targetOf(state, errorFrame(4011, 'too long', 'm1'))).to.deep.equal({ kind: 'message', message: state.outbox.messages[0] });
    expect(targetOf(state, errorFrame(403, 'off', 't1'))).to.deep.equal({ kind: 'typing' });
    expect(targetOf(state, errorFrame(4013, 'too large', 'j1'))).to.deep.equal({ kind: 'join' });
    expect(targetOf(state, errorFrame(400, 'Request failed.', 'j1'))).to.equal(undefined);
    expect(targetOf(state, errorFrame(4011, 'too long', 'someone-else'))).to.equal(undefined);
  });

  it('untagged, a message refusal (429, 409, 4xxx) or a server error (5xxx) is the message on the wire\'s; anything else is nobody\'s', () => {
    const state = stateOf([message('m0', 'a', { kind: 'failed', reason: 'server-error' }), message('m1', 'b', SENT), message('m2', 'c', QUEUED)]);
    const onTheWire = { kind: 'message', message: state.outbox.messages[1] };
    for (const frame of [tooManyRequests(2), errorFrame(429, 'slow down'), errorFrame(4029, 'slow down'), errorFrame(4011, 'too long'), errorFrame(409, 'read-only'), errorFrame(4009, 'attachment not found'), errorFrame(5000, 'Request failed.')]) {
      expect(targetOf(state, frame), JSON.stringify(frame)).to.deep.equal(onTheWire);
    }
    for (const frame of [errorFrame(400, 'Request failed.'), errorFrame(4006, 'expired')]) {
      expect(targetOf(state, frame), JSON.stringify(frame)).to.equal(undefined);
    }
    // Nothing on the wire: nothing to give it to.
    expect(targetOf(stateOf([message('m2', 'c', QUEUED)]), errorFrame(4011, 'too long'))).to.equal(undefined);
  });

  it('untagged, a 403 is Typing\'s refusal once Typing was sent, and a 4013 is Join\'s unless the message on the wire carried the attributes', () => {
    expect(targetOf(stateOf([message('m1', 'b', SENT)], { typing: { refused: false, tracingId: 't1' } }), errorFrame(403, 'off'))).to.deep.equal({ kind: 'typing' });
    expect(targetOf(stateOf([message('m1', 'b', SENT)]), errorFrame(403, 'off'))).to.equal(undefined);
    expect(targetOf(stateOf([], { typing: { refused: true, tracingId: 't1' } }), errorFrame(403, 'off'))).to.equal(undefined);
    const join = { pending: false, tracingId: 'j1' };
    expect(targetOf(stateOf([message('m1', 'b', SENT)], { join }), errorFrame(4013, 'too large'))).to.deep.equal({ kind: 'join' });
    const carrying = stateOf([message('m1', 'b', SENT, { withAttributes: true })], { join });
    expect(targetOf(carrying, errorFrame(4013, 'too large'))).to.deep.equal({ kind: 'message', message: carrying.outbox.messages[0] });
  });
});

describe('chat machine: answers without a tracingId (§4.9)', () => {
  it('an untagged echo shows the message once, as sent with the server\'s id and time, and frees the wire at once', () => {
    const t = arrange();
    t.connect();
    send(t, 'one', 'm1');
    send(t, 'two', 'm2', 2);
    expect(texts(t)).to.deep.equal(['one']);
    const time = new Date(t.clock.now() + 5).toISOString();
    t.sockets.current.deliver(inboundEcho('one', undefined, 'server-1', time));
    expect(t.messages.filter(m => m.text === 'one')).to.have.length(1);
    expect(lineOf(t, 'one')).to.include({ status: 'sent', id: 'server-1', time: Date.parse(time), tracingId: 'm1' });
    expect(texts(t)).to.deep.equal(['one', 'two']);
    t.sockets.current.deliver(inboundEcho('two', undefined, 'server-2'));
    expect(t.messages.map(m => [m.text, m.status])).to.deep.equal([['one', 'sent'], ['two', 'sent']]);
    expect(t.context.outbox.messages).to.deep.equal([]);
    // Nothing is left to time out, and nothing is offered again.
    t.clock.increment(SEND_TIMEOUT);
    expect(t.errorCodes()).to.deep.equal([]);
  });

  it('a late untagged echo confirms a message that timed out, and Send again sends nothing', () => {
    const t = arrange();
    t.connect();
    send(t, 'Anyone?', 'm1');
    t.clock.increment(SEND_TIMEOUT);
    expect(lineOf(t, 'Anyone?')).to.include({ status: 'failed', failure: 'message-timeout' });
    t.sockets.current.deliver(inboundEcho('Anyone?', undefined, 'server-1'));
    expect(lineOf(t, 'Anyone?')).to.include({ status: 'sent', id: 'server-1' });
    expect(t.messages).to.have.length(1);
    t.actor.send({ type: 'chat.resend', tracingId: 'm1', at: 2 });
    expect(texts(t)).to.deep.equal(['Anyone?']);
  });

  it('a late untagged echo confirms a timed-out message sent again that still waits its turn, which then does not go', () => {
    const t = arrange();
    t.connect();
    send(t, 'first', 'm1');
    t.clock.increment(SEND_TIMEOUT);
    send(t, 'second', 'm2', 2);
    t.actor.send({ type: 'chat.resend', tracingId: 'm1', at: 3 });
    expect(lineOf(t, 'first')).to.include({ status: 'sending' });
    expect(texts(t)).to.deep.equal(['first', 'second']);
    t.sockets.current.deliver(inboundEcho('first', undefined, 'server-1'));
    expect(lineOf(t, 'first')).to.include({ status: 'sent', id: 'server-1' });
    t.sockets.current.deliver(inboundEcho('second', undefined, 'server-2'));
    expect(texts(t)).to.deep.equal(['first', 'second']);
    expect(t.messages.map(m => [m.text, m.status])).to.deep.equal([['first', 'sent'], ['second', 'sent']]);
  });

  it('the same words twice are confirmed in order, one echo each', () => {
    const t = arrange();
    t.connect();
    send(t, 'ok', 'm1');
    send(t, 'ok', 'm2', 2);
    t.sockets.current.deliver(inboundEcho('ok', undefined, 'server-1'));
    expect(t.context.outbox.messages.map(u => [u.tracingId, u.state.kind])).to.deep.equal([['m2', 'sent']]);
    t.sockets.current.deliver(inboundEcho('ok', undefined, 'server-2'));
    expect(t.messages.map(m => [m.id, m.status])).to.deep.equal([['server-1', 'sent'], ['server-2', 'sent']]);
  });

  it('an echo naming another request is not taken for the visitor\'s message: it is shown, and theirs waits for its own', () => {
    const t = arrange();
    t.connect();
    send(t, 'hi', 'm1');
    t.sockets.current.deliver(inboundEcho('hi', 'other-tab', 'server-other'));
    expect(t.messages.map(m => [m.id, m.status])).to.have.deep.members([['m1', 'sending'], ['server-other', undefined]]);
  });

  it('an echo that says the legacy customMessageId is matched by it', () => {
    const t = arrange();
    t.connect();
    send(t, 'hi', 'm1');
    const echo = inboundEcho('hi', undefined, 'server-1');
    t.sockets.current.deliver({ ...echo, body: { ...echo.body, metadata: { customMessageId: 'm1' } } });
    expect(t.messages.map(m => [m.id, m.status])).to.deep.equal([['server-1', 'sent']]);
  });

  it('an untagged 429 is waited out like a tagged one, and the message goes again in order', () => {
    const t = arrange();
    t.connect();
    send(t, 'one', 'm1');
    t.sockets.current.deliver(tooManyRequests(2));
    send(t, 'two', 'm2', 2);
    expect(lineOf(t, 'one')).to.include({ status: 'sending' });
    expect(t.context.conversation.notice).to.equal(undefined);
    expect(t.errorCodes()).to.deep.equal(['rate-limited']);
    t.clock.increment(1999);
    expect(texts(t)).to.deep.equal(['one']);
    t.clock.increment(1);
    expect(texts(t)).to.deep.equal(['one', 'one']);
    for (let i = 1; i < MAX_RATE_LIMITED; i++) {
      t.sockets.current.deliver(tooManyRequests(1));
      t.clock.increment(1000);
    }
    expect(lineOf(t, 'one')).to.include({ status: 'failed', failure: 'rate-limited' });
    expect(texts(t)).to.deep.equal(['one', 'one', 'one', 'two']);
  });

  it('an untagged 4011 fails the message on the wire for good, with no notice and no retry', () => {
    const t = arrange();
    t.connect();
    send(t, 'Long', 'm1');
    t.sockets.current.deliver(errorFrame(4011, 'message too long'));
    expect(lineOf(t, 'Long')).to.include({ status: 'failed', failure: 'message-too-long' });
    expect(t.context.conversation.notice).to.equal(undefined);
    expect(t.errorCodes()).to.deep.equal(['message-too-long']);
    t.actor.send({ type: 'chat.resend', tracingId: 'm1', at: 2 });
    expect(texts(t)).to.deep.equal(['Long']);
  });

  it('an untagged 409 fails the message on the wire and closes the conversation to new ones', () => {
    const t = arrange();
    t.connect();
    send(t, 'Hi', 'm1');
    t.sockets.current.deliver(errorFrame(409, 'Session is read-only, no new messages allowed'));
    expect(lineOf(t, 'Hi')).to.include({ status: 'failed', failure: 'read-only' });
    expect(t.context.conversation).to.include({ readOnly: true, notice: undefined });
  });

  it('an untagged 4013 sends the message on the wire again without the custom attributes', () => {
    const t = arrange({ customAttributes: { plan: 'gold' } });
    t.connect();
    send(t, 'Hi', 'm1');
    t.sockets.current.deliver(errorFrame(4013, 'Custom Attributes in channel metadata is larger than 2048 bytes'));
    expect(texts(t)).to.deep.equal(['Hi', 'Hi']);
    expect((t.sent('onMessage')[1]!['message'] as { channel?: unknown }).channel).to.equal(undefined);
    expect(t.context.conversation.notice).to.equal(undefined);
  });

  it('an untagged 4013 after Join with the attributes sends Join again without them', async () => {
    const t = arrange({ configUrl: 'https://api-cdn.example.test/config.json', customAttributes: { plan: 'gold' } });
    await settle();
    t.http.requests[0]!.respond(deploymentConfig({ autoStart: true }));
    await settle();
    t.connect({ newSession: true });
    const joins = () => t.sent('onMessage').filter(f => (f['message'] as { type: string }).type === 'Event');
    expect(joins()).to.have.length(1);
    t.sockets.current.deliver(errorFrame(4013, 'Custom Attributes in channel metadata is larger than 2048 bytes'));
    expect(joins()).to.have.length(2);
    expect((joins()[1]!['message'] as { channel?: unknown }).channel).to.equal(undefined);
    expect(t.context.conversation.notice).to.equal(undefined);
  });

  it('an untagged 403 after Typing turns typing off quietly: no notice, and the message on the wire is untouched', () => {
    const t = arrange();
    t.connect();
    send(t, 'Hi', 'm1');
    t.actor.send({ type: 'chat.typing', at: 2 });
    t.sockets.current.deliver(errorFrame(403, 'Turn on the Feature Toggle or fix the configuration.'));
    expect(t.context.conversation.typing.refused).to.equal(true);
    expect(t.context.conversation.notice).to.equal(undefined);
    expect(lineOf(t, 'Hi')).to.include({ status: 'sending' });
    t.actor.send({ type: 'chat.typing', at: 10_000 });
    expect(t.sent('onMessage')).to.have.length(2);
  });

  it('an untagged error that no request in flight explains is shown as it comes, and touches no message', () => {
    const t = arrange();
    t.connect();
    send(t, 'Hi', 'm1');
    t.sockets.current.deliver(errorFrame(400, 'Request failed.'));
    expect(t.context.conversation.notice?.code).to.equal('request-failed');
    expect(lineOf(t, 'Hi')).to.include({ status: 'sending' });
  });

  it('ending: an untagged 403 is the Clear\'s refusal, whatever its text', () => {
    for (const refusal of [clearForbidden(), errorFrame(403, 'Forbidden')]) {
      const t = arrange();
      t.connect();
      t.actor.send({ type: 'chat.end', at: 10 });
      t.sockets.current.deliver(refusal);
      expect(t.state).to.equal('error');
      expect(t.context.error).to.include({ code: 'clear-not-supported' });
      expect(t.saved.at(-1)!.endRequested).to.equal(false);
    }
  });

  it('ending: a 403 naming another request is not the Clear\'s refusal; the untagged acknowledgement ends it', () => {
    const t = arrange();
    t.connect();
    t.actor.send({ type: 'chat.end', at: 10 });
    t.sockets.current.deliver(errorFrame(403, 'Forbidden', 'someone-else'));
    expect(t.state).to.equal('ending');
    t.sockets.current.deliver(sessionCleared());
    expect(t.state).to.equal('closed');
  });
});
