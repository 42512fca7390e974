import { expect } from '@open-wc/testing';
import { ask } from '../helpers/guest-socket.js';
import { SimulatorError, simulator } from '../helpers/simulator.js';
import { auditAndCloseGuests, configured, conversationWithGuest, echo, guest as openGuest, isClass, jwtFor, stateWhere, text } from './support.js';

const EXPIRED = { type: 'message', class: 'SessionExpiredEvent', code: 200, body: {} };

describe('simulator: guest session expiry', () => {
  afterEach(auditAndCloseGuests);

  it('reports the TTL in echo replies as strings, and slides it with activity', async () => {
    const sim = await simulator();
    const { deploymentId } = await sim.createDeployment({ tagAnswers: true, sessionResponse: 'full', sessionDurationSeconds: 600 });
    const { guest, token, session } = await configured(deploymentId);
    expect(session.body.durationSeconds).to.equal(600);

    const first = await ask(guest, echo(token, 'SGVhbHRoQ2hlY2tNZXNzYWdlSWQ='));
    expect(first).to.include({ type: 'response', class: 'StructuredMessage', code: 200, tracingId: 'SGVhbHRoQ2hlY2tNZXNzYWdlSWQ=' });
    expect(first.body).to.include({ text: 'ping', type: 'Text', direction: 'Inbound' });
    const metadata = first.body.metadata as Record<string, unknown>;
    expect(metadata['durationSeconds']).to.equal('600');
    expect(metadata['expirationDate']).to.be.a('string').and.match(/^\d+$/);
    expect(Number(metadata['expirationDate']) - Date.now() / 1000).to.be.within(595, 602);

    // The next activity recomputes the expiry from now, with the duration then in force.
    await sim.updateDeployment(deploymentId, { sessionDurationSeconds: 7200 });
    const slid = await ask(guest, text(token, 'still here'));
    expect(slid.class).to.equal('StructuredMessage');
    const second = await ask(guest, echo(token));
    expect(second.body.metadata.durationSeconds).to.equal('7200');
    expect(Number(second.body.metadata.expirationDate) - Number(metadata['expirationDate'])).to.be.within(6590, 6610);
    const again = await configured(deploymentId, token);
    expect(again.session.body.durationSeconds).to.equal(7200);
    expect(again.session.body.expirationDate).to.be.at.least(Number(second.body.metadata.expirationDate));
  });

  it('expires on demand: SessionExpiredEvent to every socket, the conversation ends by nobody, and the token answers 4006', async () => {
    const { sim, deploymentId, guest, token, conversation } = await conversationWithGuest();
    const other = await configured(deploymentId, token);
    const { jwt } = await jwtFor(guest, token);

    expect(await sim.expireSession(token)).to.deep.equal({ expired: 1 });
    expect(await guest.next()).to.deep.equal(EXPIRED);
    expect(await other.guest.next()).to.deep.equal(EXPIRED);

    const ended = (await sim.conversationFor(token))!;
    expect(ended).to.include({ id: conversation.id, status: 'ended', endedBy: null, expired: true, connectedSockets: 0 });
    expect(ended.endedAt).to.be.a('string');

    // The sockets stay open, but the session is gone.
    expect(await ask(guest, text(token, 'hello?', 'late'))).to.deep.equal({
      type: 'response', class: 'string', code: 4006, body: 'session expired error message', tracingId: 'late',
    });
    expect(await ask(guest, { action: 'configureSession', token, deploymentId, tracingId: 'resume' })).to.deep.equal({
      type: 'response', class: 'string', code: 4006, body: 'session expired error message', tracingId: 'resume',
    });
    const newSocket = await openGuest(deploymentId);
    expect((await ask(newSocket, { action: 'configureSession', token, deploymentId })).code, 'nor can a new socket').to.equal(4006);
    expect((await sim.agentSay(conversation.id, 'anyone?').catch((error: SimulatorError) => error) as SimulatorError).status).to.equal(409);
    const history = await fetch(sim.historyUrl(), { headers: { Authorization: `Bearer ${jwt}` } });
    expect(((await history.json()) as { total: number }).total, 'no history left').to.equal(0);

    // A new token works normally, on the same socket.
    const fresh = crypto.randomUUID();
    const session = await ask(guest, { action: 'configureSession', token: fresh, deploymentId });
    expect(session.body).to.include({ connected: true, newSession: true });
    expect((await ask(guest, text(fresh, 'new start'))).class).to.equal('StructuredMessage');
    expect((await sim.conversationFor(fresh))!).to.include({ status: 'open', expired: false });

    try {
      await sim.expireSession(token);
      throw new Error('expected a 404');
    } catch (error) {
      expect((error as SimulatorError).status).to.equal(404);
    }
  });

  it('expires by itself when the TTL passes with no activity', async () => {
    const sim = await simulator();
    const { deploymentId } = await sim.createDeployment({ tagAnswers: true, sessionResponse: 'full', sessionDurationSeconds: 1 });
    const { guest, token, session } = await configured(deploymentId);
    const start = Date.now();
    expect(session.body.durationSeconds).to.equal(1);
    guest.send(text(token, 'quick question'));
    await guest.next(isClass('StructuredMessage'));

    expect(await guest.next(isClass('SessionExpiredEvent'))).to.deep.equal(EXPIRED);
    expect(Date.now() - start).to.be.at.least(900);
    expect(await sim.conversationFor(token)).to.include({ status: 'ended', endedBy: null, expired: true });
  });

  it('expires a session nobody is connected to', async () => {
    const sim = await simulator();
    const { deploymentId } = await sim.createDeployment({ tagAnswers: true, sessionResponse: 'full', sessionDurationSeconds: 1 });
    const { guest, token } = await configured(deploymentId);
    guest.send(text(token, 'leaving now'));
    await guest.next();
    guest.close();
    const state = await stateWhere(s => s.conversations.some(c => c.token === token && c.expired), 'the expiry');
    expect(state.conversations.find(c => c.token === token)).to.include({ status: 'ended', endedBy: null, connectedSockets: 0 });
  });
});
