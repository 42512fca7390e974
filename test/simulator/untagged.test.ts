import { expect } from '@open-wc/testing';
import type { ServerFrame } from '../helpers/guest-socket.js';
import { simulator } from '../helpers/simulator.js';
import { auditAndCloseGuests, configured, echo, event, framesBeforeEcho, jwtFor, presence, text } from './support.js';

const typing = (token: string) => event(token, { eventType: 'Typing', typing: { type: 'On', duration: 5000 } });
/** Whether a frame names a request anywhere Genesys could put it (§4.9). */
const named = (frame: ServerFrame) =>
  frame.tracingId !== undefined || (typeof frame.body === 'object' && frame.body !== null && 'tracingId' in frame.body);

describe('simulator: answers without a tracingId (deployment option tagAnswers)', () => {
  afterEach(auditAndCloseGuests);

  it('tags echoes and errors only when tagAnswers is true; by default, as Genesys, not; other answers keep the tag', async () => {
    const sim = await simulator();
    expect((await sim.createDeployment({ tagAnswers: true })).tagAnswers).to.equal(true);
    expect((await sim.createDeployment()).tagAnswers).to.equal(false);
    const { deploymentId } = await sim.createDeployment({ tagAnswers: false, maxTextLength: 12, typingEnabled: false, clearAllowed: false });
    const { guest, token } = await configured(deploymentId);

    guest.send(text(token, 'hello', 'm1'));
    const echoed = await guest.next();
    expect(echoed).to.deep.include({ class: 'StructuredMessage', code: 200 });
    expect(echoed.body).to.include({ direction: 'Inbound', text: 'hello' });
    expect(named(echoed)).to.equal(false);

    guest.send(text(token, 'x'.repeat(13), 'm2'));
    expect(await guest.next()).to.deep.equal({ type: 'response', class: 'string', code: 4011, body: 'message too long' });

    await sim.failNext(token, { code: 429, retryAfter: 2 });
    guest.send(text(token, 'again', 'm3'));
    const limited = await guest.next();
    expect(limited).to.deep.include({ class: 'TooManyRequestsErrorMessage', code: 429 });
    expect(named(limited)).to.equal(false);

    guest.send({ ...typing(token), tracingId: 'typing' });
    guest.send(presence(token, 'Clear', 'clear'));
    expect(await framesBeforeEcho(guest, token)).to.deep.equal([
      { type: 'response', class: 'string', code: 403, body: 'Turn on the Feature Toggle or fix the configuration.' },
      { type: 'response', class: 'string', code: 403, body: 'Presence events Conversation Clear are not supported' },
    ]);

    // The keep-alive's reply and the JWT still name their request.
    guest.send(echo(token, 'ping-1'));
    expect((await guest.next()).tracingId).to.equal('ping-1');
    await jwtFor(guest, token);

    await sim.updateDeployment(deploymentId, { tagAnswers: true });
    guest.send(text(token, 'tagged', 'm4'));
    expect((await guest.next()).tracingId).to.equal('m4');
  });

  it('acknowledges a Clear without naming it, then clears the session as always', async () => {
    const sim = await simulator();
    const { deploymentId } = await sim.createDeployment({ tagAnswers: false });
    const { guest, token } = await configured(deploymentId);
    guest.send(presence(token, 'Clear', 'clear'));
    const answers = [await guest.next(), await guest.next(), await guest.next()];
    expect(answers.map(f => f.class)).to.deep.equal(['StructuredMessage', 'SessionClearedEvent', 'ConnectionClosedEvent']);
    expect(answers.some(named)).to.equal(false);
  });
});

describe('simulator: a burst of guest messages is rate-limited, as Genesys limits one', () => {
  afterEach(auditAndCloseGuests);

  it('answers the 11th message within a second with 429 (retryAfter 1), untagged, and records only the 10', async () => {
    const sim = await simulator();
    const { deploymentId } = await sim.createDeployment();
    const { guest, token } = await configured(deploymentId);
    for (let i = 1; i <= 11; i++) guest.send(text(token, `Burst ${i}`));
    const answers: ServerFrame[] = [];
    while (answers.length < 11) answers.push(await guest.next(frame => frame.class === 'TooManyRequestsErrorMessage' || frame.body?.direction === 'Inbound'));
    const limited = answers.filter(frame => frame.class === 'TooManyRequestsErrorMessage');
    expect(limited).to.have.length(1);
    expect(limited[0]).to.deep.include({ code: 429 });
    expect(limited[0]!.body).to.include({ retryAfter: 1, errorCode: 4029 });
    expect(named(limited[0]!)).to.equal(false);
    const conversation = await sim.conversationFor(token);
    expect(conversation!.messages.map(m => m.text)).to.deep.equal(Array.from({ length: 10 }, (_, i) => `Burst ${i + 1}`));
  });

  it('takes any rate with messagesPerSecond 0', async () => {
    const sim = await simulator();
    const { deploymentId } = await sim.createDeployment({ messagesPerSecond: 0 });
    const { guest, token } = await configured(deploymentId);
    for (let i = 1; i <= 15; i++) guest.send(text(token, `Burst ${i}`));
    for (let i = 1; i <= 15; i++) expect((await guest.next(frame => frame.body?.direction === 'Inbound' || frame.code === 429)).code).to.equal(200);
  });
});
