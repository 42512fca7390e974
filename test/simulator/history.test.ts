import { expect } from '@open-wc/testing';
import { schemaErrors } from '../helpers/schema.js';
import { SimulatorError, simulator } from '../helpers/simulator.js';
import type { HistoryPage } from '../helpers/simulator.js';
import { auditAndCloseGuests, buttonResponse, configured, conversationWithGuest, isClass, jwtFor, presence, text } from './support.js';

async function history(jwt: string | null, pageNumber?: number, pageSize?: number, scheme = 'bearer') {
  const sim = await simulator();
  return fetch(sim.historyUrl(pageNumber, pageSize), jwt === null ? {} : { headers: { Authorization: `${scheme} ${jwt}` } });
}

async function page(jwt: string, pageNumber?: number, pageSize?: number): Promise<HistoryPage> {
  const response = await history(jwt, pageNumber, pageSize);
  expect(response.status).to.equal(200);
  return (await response.json()) as HistoryPage;
}

/** Every entity is a StructuredMessage body (reference §3.8). */
async function expectValidEntities(entities: Record<string, unknown>[]) {
  for (const entity of entities) expect(await schemaErrors('StructuredMessage', entity), JSON.stringify(entity)).to.deep.equal([]);
}

describe('simulator: getJwt and the history endpoint', () => {
  afterEach(auditAndCloseGuests);

  it('gives a JWT-shaped token that lives a minute', async () => {
    const sim = await simulator();
    const { deploymentId } = await sim.createDeployment({ tagAnswers: true, sessionResponse: 'full' });
    const { guest, token } = await configured(deploymentId);
    const { jwt, exp } = await jwtFor(guest, token);
    expect(jwt.split('.')).to.have.length(3);
    expect(exp - Date.now() / 1000).to.be.within(55, 61);
    expect(Number.isInteger(exp)).to.equal(true);
  });

  it('pages a seeded history newest first', async () => {
    const { sim, guest, token, conversation } = await conversationWithGuest();
    const seeded = await sim.seedHistory(conversation.id, 60);
    expect(seeded.messages).to.have.length(61);
    const { jwt } = await jwtFor(guest, token);

    const pages = [await page(jwt, 1), await page(jwt, 2), await page(jwt, 3)];
    expect(pages.map(p => [p.pageNumber, p.pageSize, p.total, p.pageCount, p.entities.length])).to.deep.equal([
      [1, 25, 61, 3, 25],
      [2, 25, 61, 3, 25],
      [3, 25, 61, 3, 11],
    ]);
    const all = pages.flatMap(p => p.entities);
    expect(all.map(e => e['text'])).to.deep.equal([
      'I need help',
      ...Array.from({ length: 60 }, (_, i) => `Old message ${60 - i}`),
    ]);
    const times = all.map(e => Date.parse(e['channel'].time));
    expect(times).to.deep.equal([...times].sort((a, b) => b - a));
    // Seeded messages alternate, oldest an agent's, a minute apart, the newest a minute before the first real one.
    expect(all.slice(1, 5).map(e => [e['direction'], e['originatingEntity']])).to.deep.equal([
      ['Inbound', 'Human'], ['Outbound', 'Human'], ['Inbound', 'Human'], ['Outbound', 'Human'],
    ]);
    expect(times[0]! - times[1]!).to.equal(60_000);
    expect(times[1]! - times[2]!).to.equal(60_000);
    expect(all[60]).to.deep.include({ text: 'Old message 1', direction: 'Outbound' });
    await expectValidEntities(all);

    expect((await page(jwt, 4)).entities).to.deep.equal([]);
    expect((await page(jwt, 1, 10)).entities).to.have.length(10);
    expect(await page(jwt, 2, 100)).to.deep.include({ pageSize: 100, pageCount: 1, total: 61, entities: [] });
    const clamped = await page(jwt, 1, 500);
    expect([clamped.pageSize, clamped.entities.length]).to.deep.equal([100, 61]);
    const defaults = await page(jwt);
    expect([defaults.pageNumber, defaults.pageSize]).to.deep.equal([1, 25]);

    // The transcript gets the seeded lines too, in time order, before the real one.
    const state = (await sim.conversationFor(token))!;
    expect(state.messages[0]).to.include({ author: 'agent', text: 'Old message 1' });
    expect(state.messages.at(-1)).to.include({ author: 'customer', text: 'I need help' });
  });

  it('serves the messages as the live frames had them, Join and button answers included', async () => {
    const sim = await simulator();
    const { deploymentId } = await sim.createDeployment({ tagAnswers: true, sessionResponse: 'full', greeting: 'Hello!', greetingQuickReplies: ['Sales', 'Support'] });
    const { guest, token } = await configured(deploymentId);
    guest.send(presence(token, 'Join'));
    const join = await guest.next(isClass('StructuredMessage'));
    const greeting = await guest.next(isClass('StructuredMessage'));
    guest.send(buttonResponse(token, { text: 'Sales', payload: 'Sales', type: 'QuickReply' }));
    const answer = await guest.next(isClass('StructuredMessage'));
    const conversation = (await sim.conversationFor(token))!;
    await sim.agentSay(conversation.id, 'Connecting you to sales', { nickname: 'Ann' });
    const agent = await guest.next(isClass('StructuredMessage'));

    const { jwt } = await jwtFor(guest, token);
    const { entities, total } = await page(jwt);
    expect(total).to.equal(4);
    const withContent = (body: Record<string, unknown>) => ({ ...body, content: body['content'] ?? [] });
    expect(entities).to.deep.equal([agent.body, answer.body, greeting.body, join.body].map(withContent));
    expect(entities[1]).to.deep.include({ direction: 'Inbound', text: '' });
    expect(entities[1]!['content'][0].buttonResponse).to.deep.equal({ text: 'Sales', payload: 'Sales', type: 'QuickReply' });
    expect(entities[3]!['events']).to.deep.equal([{ eventType: 'Presence', presence: { type: 'Join' } }]);
    await expectValidEntities(entities);
  });

  it('answers 401 without a token, with a tampered one, or another scheme; the scheme name is case-insensitive', async () => {
    const { guest, token } = await conversationWithGuest();
    const { jwt } = await jwtFor(guest, token);
    const [header, payload, signature] = jwt.split('.') as [string, string, string];
    const flip = (s: string) => (s[0] === 'A' ? 'B' : 'A') + s.slice(1);
    const forged = JSON.parse(atob(payload.replace(/-/g, '+').replace(/_/g, '/'))) as Record<string, unknown>;
    const forgedPayload = btoa(JSON.stringify({ ...forged, sub: 'someone-else' })).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');

    for (const [what, response] of [
      ['no Authorization', await history(null)],
      ['a tampered signature', await history(`${header}.${payload}.${flip(signature)}`)],
      ['a tampered payload', await history(`${header}.${forgedPayload}.${signature}`)],
      ['not a JWT', await history('not-a-jwt')],
      ['Basic', await history(jwt, 1, 25, 'Basic')],
    ] as const) {
      expect(response.status, what).to.equal(401);
      expect(await response.json(), what).to.be.an('object');
    }
    expect((await history(jwt, 1, 25, 'Bearer')).status).to.equal(200);
    expect((await history(jwt, 1, 25, 'BEARER')).status).to.equal(200);
    expect((await history(jwt, 0, 25)).status, 'pageNumber 0').to.equal(400);
    expect((await history(jwt, 1, 'x' as never)).status, 'pageSize x').to.equal(400);
  });

  it('answers the preflight, and a cross-origin GET with Authorization goes through', async () => {
    const sim = await simulator();
    const preflight = await fetch(sim.historyUrl(1, 25), { method: 'OPTIONS' });
    expect(preflight.status).to.equal(204);
    // The Authorization header makes the browser preflight this request; it only gets here if the
    // preflight allowed that header and the answer allowed this origin.
    const { guest, token } = await conversationWithGuest();
    const { jwt } = await jwtFor(guest, token);
    const response = await fetch(sim.historyUrl(1, 25), { headers: { Authorization: `bearer ${jwt}` }, mode: 'cors' });
    expect(response.status).to.equal(200);
    expect(response.headers.get('cache-control')).to.equal('no-store');
  });

  it('is empty for a session with no conversation, and for one cleared since', async () => {
    const sim = await simulator();
    const { deploymentId } = await sim.createDeployment({ tagAnswers: true, sessionResponse: 'full' });
    const { guest, token } = await configured(deploymentId);
    const { jwt } = await jwtFor(guest, token);
    expect(await page(jwt)).to.deep.equal({ entities: [], pageSize: 25, pageNumber: 1, total: 0, pageCount: 0 });

    guest.send(text(token, 'hello'));
    await guest.next();
    expect((await page(jwt)).total).to.equal(1);
    guest.send(presence(token, 'Clear'));
    await guest.next(isClass('ConnectionClosedEvent'));
    expect((await page(jwt)).total).to.equal(0);
  });

  it('validates the seed request', async () => {
    const sim = await simulator();
    const { conversation } = await conversationWithGuest();
    for (const [count, status] of [[0, 400], [1001, 400], [1.5, 400], ['3', 400]] as const) {
      try {
        await sim.seedHistory(conversation.id, count as number);
        throw new Error('expected a refusal');
      } catch (error) {
        expect(error, String(count)).to.be.instanceOf(SimulatorError);
        expect((error as SimulatorError).status, String(count)).to.equal(status);
      }
    }
    try {
      await sim.seedHistory(crypto.randomUUID(), 3);
      throw new Error('expected a 404');
    } catch (error) {
      expect((error as SimulatorError).status).to.equal(404);
    }
    const custom = await sim.seedHistory(conversation.id, 2, 'Earlier #{n}');
    expect(custom.messages.map(m => [m.author, m.text])).to.deep.equal([['agent', 'Earlier #1'], ['customer', 'Earlier #2'], ['customer', 'I need help']]);
  });
});
