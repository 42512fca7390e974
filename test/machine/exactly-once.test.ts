import { expect } from '@open-wc/testing';
import { SETTLE_TIMEOUT } from '../../src/machine/chat.machine.js';
import { settle } from '../helpers/fake-http.js';
import { inboundEcho, jwtResponse } from '../helpers/frames.js';
import type { StoredSession } from '../../src/session/session-store.js';
import { arrange } from './harness.js';

type Harness = ReturnType<typeof arrange>;

const API = 'https://api.example.test';

/** The server's copy of a message the visitor sent, as the history lists it (§3.8). */
const copy = (text: string, at: number) => ({
  id: `server-${text}`,
  type: 'Text',
  text,
  direction: 'Inbound',
  originatingEntity: 'Human',
  channel: { time: new Date(at).toISOString() },
});

/** Answers the newest getJwt, then the history request with these entities (newest first). */
async function answerHistory(t: Harness, entities: unknown[]) {
  const request = t.sent('getJwt').at(-1)!;
  t.sockets.current.deliver(jwtResponse('jwt', request['tracingId'] as string));
  await settle();
  t.http.to('/api/v2/webmessaging/messages').at(-1)!.respond({ entities, pageNumber: 1, pageSize: 25, total: entities.length, pageCount: 1 });
  await settle();
}

const onMessages = (t: Harness) => t.sent('onMessage').map(f => f['tracingId']);

/** Connects, sends one message and queues another behind it, and loses the socket before the echo: the first is in doubt. */
function sendAndLose(t: Harness, now: number) {
  t.connect();
  t.actor.send({ type: 'chat.send', text: 'first', tracingId: 'm1', at: now });
  t.actor.send({ type: 'chat.send', text: 'second', tracingId: 'm2', at: now + 1 });
  t.sockets.current.drop(1006);
  t.actor.send({ type: 'chat.send', text: 'typed offline', tracingId: 'm3', at: now + 2 });
  t.clock.increment(1000);
}

describe('chat machine: every message delivered exactly once', () => {
  it('does not send again what the server already has: the history settles it', async () => {
    const now = Date.now();
    const t = arrange({ apiOrigin: API });
    sendAndLose(t, now);
    t.accept(t.sockets.current, { newSession: false });
    // Nothing goes out until the history says what the server has: order is kept.
    expect(t.sockets.current.sent.filter(f => f['action'] === 'onMessage')).to.have.length(0);
    await answerHistory(t, [copy('first', now)]);
    expect(onMessages(t)).to.deep.equal(['m1', 'm2']);
    expect(t.messages.map(m => [m.text, m.status])).to.deep.equal([['first', 'sent'], ['second', 'sending'], ['typed offline', 'sending']]);
    t.sockets.current.deliver(inboundEcho('second', 'm2'));
    expect(onMessages(t)).to.deep.equal(['m1', 'm2', 'm3']);
    t.sockets.current.deliver(inboundEcho('typed offline', 'm3'));
    expect(t.messages.map(m => [m.text, m.status])).to.deep.equal([['first', 'sent'], ['second', 'sent'], ['typed offline', 'sent']]);
  });

  it('takes one history entry for one message only, and none older than the message', async () => {
    const now = Date.now();
    const t = arrange({ apiOrigin: API });
    t.connect();
    t.actor.send({ type: 'chat.send', text: 'yes', tracingId: 'a', at: now });
    t.sockets.current.deliver(inboundEcho('yes', 'a', 'server-a', new Date(now).toISOString()));
    t.actor.send({ type: 'chat.send', text: 'yes', tracingId: 'b', at: now + 1 });
    t.sockets.current.drop(1006);
    t.clock.increment(1000);
    t.accept(t.sockets.current, { newSession: false });
    // "a" (confirmed, now in the history), and an old "yes" from an hour ago: neither is the copy of "b".
    await answerHistory(t, [{ ...copy('yes', now), id: 'server-a' }, { ...copy('yes', now - 3_600_000), id: 'old' }]);
    expect(t.sockets.current.sent.filter(f => f['action'] === 'onMessage').map(f => f['tracingId'])).to.deep.equal(['b']);
  });

  it('sends messages in doubt again when the history cannot be read, or takes too long', async () => {
    const failing = arrange({ apiOrigin: API });
    sendAndLose(failing, Date.now());
    failing.accept(failing.sockets.current, { newSession: false });
    const request = failing.sent('getJwt').at(-1)!;
    failing.sockets.current.deliver(jwtResponse('jwt', request['tracingId'] as string));
    await settle();
    failing.http.to('/api/v2/webmessaging/messages').at(-1)!.respond({ message: 'nope' }, 500);
    await settle();
    expect(failing.sockets.current.sent.filter(f => f['action'] === 'onMessage').map(f => f['tracingId'])).to.deep.equal(['m1']);

    const slow = arrange({ apiOrigin: API });
    sendAndLose(slow, Date.now());
    slow.accept(slow.sockets.current, { newSession: false });
    slow.clock.increment(SETTLE_TIMEOUT - 1);
    expect(slow.sockets.current.sent.filter(f => f['action'] === 'onMessage')).to.have.length(0);
    slow.clock.increment(1);
    expect(slow.sockets.current.sent.filter(f => f['action'] === 'onMessage').map(f => f['tracingId'])).to.deep.equal(['m1']);
  });

  it('sends them again at once into a new session, which cannot have them', () => {
    const t = arrange({ apiOrigin: API });
    sendAndLose(t, Date.now());
    t.accept(t.sockets.current, { newSession: true });
    expect(t.sockets.current.sent.filter(f => f['action'] === 'onMessage').map(f => f['tracingId'])).to.deep.equal(['m1']);
  });
});

describe('chat machine: the visitor\'s words across a reload', () => {
  it('stores unconfirmed messages, and a new page shows them and sends them once', async () => {
    const now = Date.now();
    const before = arrange({ apiOrigin: API });
    before.connect();
    before.actor.send({ type: 'chat.send', text: 'on the wire', tracingId: 'w', at: now });
    before.sockets.current.drop(1006);
    before.actor.send({ type: 'chat.send', text: 'never sent', tracingId: 'n', at: now + 1 });
    const stored = before.saved.at(-1)! as StoredSession;
    expect(stored.outbox?.map(m => [m.tracingId, m.text, m.wire])).to.deep.equal([['w', 'on the wire', true], ['n', 'never sent', false]]);

    // The reload: a new machine from what was stored.
    const after = arrange({ apiOrigin: API, token: stored.token, outbox: stored.outbox! });
    expect(after.messages.map(m => [m.text, m.status])).to.deep.equal([['on the wire', 'sending'], ['never sent', 'sending']]);
    after.connect({ newSession: false });
    expect(after.sent('onMessage')).to.have.length(0);
    await answerHistory(after, [copy('on the wire', now)]);
    expect(after.sent('onMessage').map(f => f['tracingId'])).to.deep.equal(['n']);
    expect(after.messages.map(m => [m.text, m.status])).to.deep.equal([['on the wire', 'sent'], ['never sent', 'sending']]);
    after.sockets.current.deliver(inboundEcho('never sent', 'n'));
    expect((after.saved.at(-1) as StoredSession).outbox).to.equal(undefined);
  });

  it('shows a kept message\'s files and choices after the reload as they were', () => {
    const t = arrange({
      outbox: [
        { tracingId: 'f', text: 'See attached', time: 1, wire: false, attachments: [{ id: 'a1', name: 'photo.png', type: 'image/png', size: 10 }] },
        { tracingId: 'c', text: 'Yes', time: 2, wire: false, reply: { type: 'QuickReply', text: 'Yes', payload: 'yes', messageId: 'm' } },
      ],
    });
    expect(t.messages.map(m => [m.text, m.status, m.content])).to.deep.equal([
      ['See attached', 'sending', [{ kind: 'attachment', attachment: { kind: 'Image', filename: 'photo.png', mime: 'image/png', size: 10 } }]],
      ['', 'sending', [{ kind: 'choice', text: 'Yes' }]],
    ]);
  });
});
