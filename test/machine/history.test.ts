import { expect } from '@open-wc/testing';
import { settle } from '../helpers/fake-http.js';
import { agentMessage, errorFrame, jwtResponse } from '../helpers/frames.js';
import { arrange } from './harness.js';

type Harness = ReturnType<typeof arrange>;

/** A history entity: the StructuredMessage body of an agent's or the visitor's message (§3.8). */
const entity = (n: number, direction: 'Inbound' | 'Outbound' = 'Outbound') => ({
  id: `h${n}`,
  type: 'Text',
  text: `Old ${n}`,
  direction,
  originatingEntity: direction === 'Outbound' ? 'Human' : '',
  channel: { time: new Date(Date.UTC(2026, 0, 1, 10, n)).toISOString() },
});

/** Answers the last getJwt, then returns the history request it led to. */
async function answerJwt(t: Harness, jwt = 'jwt-1') {
  const request = t.sent('getJwt').at(-1)!;
  t.sockets.current.deliver(jwtResponse(jwt, request['tracingId'] as string));
  await settle();
  return t.http.to('/api/v2/webmessaging/messages').at(-1)!;
}

/** Newest first, as the server pages them. */
const page = (numbers: number[], pageNumber: number, total: number, pageSize = 25) => ({
  entities: numbers.map(n => entity(n)),
  pageNumber,
  pageSize,
  total,
  pageCount: Math.ceil(total / pageSize),
});

describe('chat machine: history of a resumed conversation', () => {
  it('asks for a JWT, then fetches the first page with it as bearer, and shows it in time order', async () => {
    const t = arrange({ apiOrigin: 'https://api.example.test' });
    t.connect({ newSession: false });
    expect(t.sent('getJwt')).to.have.length(1);
    const request = await answerJwt(t);
    expect(request.url).to.equal('https://api.example.test/api/v2/webmessaging/messages?pageNumber=1&pageSize=25');
    expect(request.headers.get('Authorization')).to.equal('bearer jwt-1');
    request.respond(page([3, 2, 1], 1, 3));
    await settle();
    expect(t.messages.map(m => m.text)).to.deep.equal(['Old 1', 'Old 2', 'Old 3']);
    expect(t.context.history).to.deep.include({ more: false, failed: false });
    // History is not news: no message events for it.
    expect(t.emittedOf('message')).to.have.length(0);
  });

  it('loads earlier pages on demand, without duplicating what live frames already showed', async () => {
    const t = arrange({ apiOrigin: 'https://api.example.test' });
    t.connect({ newSession: false });
    // A live message arrives while the first page is on its way; the page has it too.
    t.sockets.current.deliver(agentMessage('Old 30', { id: 'h30', time: entity(30).channel.time }));
    const first = await answerJwt(t);
    first.respond(page([30, 29, 28], 1, 6, 3));
    await settle();
    expect(t.context.history).to.deep.include({ more: true, nextPage: 2 });
    t.actor.send({ type: 'chat.loadEarlier' });
    const second = await answerJwt(t, 'jwt-2');
    expect(second.url).to.contain('pageNumber=2');
    second.respond(page([27, 26, 25], 2, 6, 3));
    await settle();
    expect(t.messages.map(m => m.id)).to.deep.equal(['h25', 'h26', 'h27', 'h28', 'h29', 'h30']);
    expect(t.context.history.more).to.equal(false);
    t.actor.send({ type: 'chat.loadEarlier' });
    expect(t.sent('getJwt')).to.have.length(2);
  });

  it('loads nothing for a new session', () => {
    const t = arrange({ apiOrigin: 'https://api.example.test' });
    t.connect({ newSession: true });
    expect(t.sent('getJwt')).to.have.length(0);
    expect(t.context.history.more).to.equal(false);
  });

  it('reports a failed page and loads it again when asked', async () => {
    const t = arrange({ apiOrigin: 'https://api.example.test' });
    t.connect({ newSession: false });
    (await answerJwt(t)).respond({ message: 'unauthorised' }, 401);
    await settle();
    expect(t.context.history.failed).to.equal(true);
    expect(t.context.history.loading).to.equal(undefined);
    expect(t.errorCodes()).to.deep.equal(['history-unavailable']);
    expect(t.state).to.equal('connected');
    t.actor.send({ type: 'chat.loadEarlier' });
    (await answerJwt(t)).respond(page([1], 1, 1));
    await settle();
    expect(t.context.history).to.deep.include({ failed: false, more: false });
    expect(t.messages.map(m => m.text)).to.deep.equal(['Old 1']);
  });

  it('reports a refused getJwt as a failed load', () => {
    const t = arrange({ apiOrigin: 'https://api.example.test' });
    t.connect({ newSession: false });
    t.sockets.current.deliver(errorFrame(403, 'Forbidden', t.sent('getJwt')[0]!['tracingId'] as string));
    expect(t.context.history.failed).to.equal(true);
    expect(t.errorCodes()).to.deep.equal(['history-unavailable']);
  });

  it('fills what was missed while offline with the first page after a reconnect', async () => {
    const t = arrange({ apiOrigin: 'https://api.example.test' });
    t.connect({ newSession: true });
    t.sockets.current.drop(1006);
    t.clock.increment(60_000);
    t.accept(t.sockets.current, { newSession: false });
    (await answerJwt(t)).respond(page([5], 1, 1));
    await settle();
    expect(t.messages.map(m => m.text)).to.deep.equal(['Old 5']);
  });

  it('keeps only the newest message\'s quick replies open', async () => {
    const t = arrange({ apiOrigin: 'https://api.example.test' });
    t.connect({ newSession: false });
    const withReplies = (n: number) => ({
      ...entity(n),
      type: 'Structured',
      content: [{ contentType: 'QuickReply', quickReply: { text: 'Yes', payload: 'yes' } }],
    });
    (await answerJwt(t)).respond({ entities: [withReplies(2), withReplies(1)], pageNumber: 1, pageSize: 25, total: 2 });
    await settle();
    expect(t.messages.map(m => !!m.answered)).to.deep.equal([true, false]);
    expect(t.context.conversation.interactive?.id).to.equal('h2');
  });
});
