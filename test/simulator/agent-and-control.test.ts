import { expect } from '@open-wc/testing';
import { SimulatorError, simulator } from '../helpers/simulator.js';
import { auditAndCloseGuests, configured, conversationWithGuest, framesBeforeEcho, stateWhere, text } from './support.js';

async function rejection(promise: Promise<unknown>): Promise<SimulatorError> {
  try {
    await promise;
  } catch (error) {
    expect(error).to.be.instanceOf(SimulatorError);
    return error as SimulatorError;
  }
  throw new Error('expected the control API to refuse');
}

describe('simulator: the agent side and the control API', () => {
  afterEach(auditAndCloseGuests);

  it('delivers an agent message Outbound, with the sender, to every socket of the session', async () => {
    const { sim, guest, token, conversation } = await conversationWithGuest();
    const second = await configured(conversation.deploymentId, token);

    const line = await sim.agentSay(conversation.id, 'Hi! How can I help?', { nickname: 'Ann', firstName: 'Ann', image: 'https://example.test/ann.png' });
    const [onFirst, onSecond] = await Promise.all([guest.next(), second.guest.next()]);
    expect(onFirst).to.deep.equal(onSecond);
    expect(onFirst).to.include({ type: 'message', class: 'StructuredMessage', code: 200 });
    expect(onFirst.body).to.include({ id: line.id, type: 'Text', text: 'Hi! How can I help?', direction: 'Outbound', originatingEntity: 'Human' });
    expect(onFirst.body.channel).to.deep.include({ time: line.time, type: 'Private', from: { nickname: 'Ann', firstName: 'Ann', image: 'https://example.test/ann.png' } });

    const after = (await sim.conversationFor(token))!;
    expect(after.messages.map(m => [m.author, m.text])).to.deep.equal([['customer', 'I need help'], ['agent', 'Hi! How can I help?']]);
  });

  it('sends agent typing On while typing is on; off sends nothing', async () => {
    const { sim, guest, token, conversation } = await conversationWithGuest();
    expect((await sim.agentTyping(conversation.id, true)).agentTyping).to.equal(true);
    const typing = await guest.next();
    expect(typing.body).to.deep.include({ type: 'Event', direction: 'Outbound', events: [{ eventType: 'Typing', typing: { type: 'On', duration: 5000 } }] });

    expect((await sim.agentTyping(conversation.id, false)).agentTyping).to.equal(false);
    expect(await framesBeforeEcho(guest, token)).to.deep.equal([]);
  });

  it('disconnects as the agent: Presence Disconnect, not read-only, and the next message starts a new conversation', async () => {
    const { sim, guest, token, conversation } = await conversationWithGuest();
    const ended = await sim.agentDisconnect(conversation.id);
    expect(ended).to.include({ status: 'ended', endedBy: 'agent' });

    const disconnect = await guest.next();
    expect(disconnect).to.include({ type: 'message', class: 'StructuredMessage' });
    expect(disconnect.body).to.deep.include({
      type: 'Event',
      direction: 'Outbound',
      originatingEntity: 'Human',
      events: [{ eventType: 'Presence', presence: { type: 'Disconnect' } }],
    });
    expect(disconnect.body.metadata.readOnly).to.equal('false');
    expect(disconnect.body.channel.from.nickname).to.be.a('string');

    expect((await rejection(sim.agentSay(conversation.id, 'too late'))).status).to.equal(409);

    guest.send(text(token, 'One more thing'));
    await guest.next();
    const state = await sim.state();
    const mine = state.conversations.filter(c => c.token === token);
    expect(mine.map(c => [c.status, c.endedBy])).to.deep.equal([['open', null], ['ended', 'agent']]);
  });

  it('drops the connection with 1001 or 1006 and leaves the conversation open', async () => {
    const { sim, deploymentId, guest, token } = await conversationWithGuest();
    expect(await sim.dropSession(token, 1001)).to.deep.equal({ dropped: 1 });
    expect((await guest.closed).code).to.equal(1001);

    const back = await configured(deploymentId, token);
    expect(back.session.body.newSession).to.equal(false);
    expect(await sim.dropSession(token)).to.deep.equal({ dropped: 1 });
    expect((await back.guest.closed).code).to.equal(1006);

    const state = await stateWhere(s => s.conversations.some(c => c.token === token && c.connectedSockets === 0), 'the drop');
    expect(state.conversations.find(c => c.token === token)).to.include({ status: 'open', endedBy: null });
  });

  it('pushes the state over Server-Sent Events as it changes', async () => {
    const token = crypto.randomUUID();
    const seen = stateWhere(s => s.conversations.some(c => c.token === token && c.messages.some(m => m.text === 'over SSE')), 'the message');
    const sim = await simulator();
    const { deploymentId } = await sim.createDeployment({ tagAnswers: true, sessionResponse: 'full' });
    const { guest } = await configured(deploymentId, token);
    guest.send(text(token, 'over SSE'));
    const state = await seen;
    expect(state.conversations[0]!.token, 'newest first').to.equal(token);
  });

  it('validates its input and says what is wrong', async () => {
    const sim = await simulator();
    expect((await rejection(sim.createDeployment({ tagAnswers: true, sessionResponse: 'full', ack: 'sometimes' as never }))).status).to.equal(400);
    expect((await rejection(sim.createDeployment({ tagAnswers: true, sessionResponse: 'full', nope: true } as never))).status).to.equal(400);
    const { deploymentId } = await sim.createDeployment({ tagAnswers: true, sessionResponse: 'full', deploymentId: crypto.randomUUID(), clearAllowed: false, ack: 250 });
    expect((await rejection(sim.createDeployment({ tagAnswers: true, sessionResponse: 'full', deploymentId }))).status).to.equal(409);
    expect(await sim.updateDeployment(deploymentId, { ack: 'withheld', greeting: 'Hi' })).to.deep.equal({
      deploymentId, clearAllowed: false, ack: 'withheld', refuseHandshake: false, sessionError: null, greeting: 'Hi', disconnectMode: 'Send',
      typingEnabled: true, autoStart: false, markdown: false, fileUpload: false, uploadMaxFileSizeKB: 10240, uploadResult: 'success',
      configStatus: 200, maxTextLength: 4000,
      maxCustomDataBytes: 2048, sessionDurationSeconds: 259200, greetingQuickReplies: null, connectionCap: 5, tagAnswers: true,
      allowedDomains: ['localhost', '127.0.0.1', '[::1]'], downloadUrlSeconds: 600, sessionResponse: 'full', messagesPerSecond: 10,
      authEnabled: false, allowSessionUpgrade: false, authJwtSeconds: 900,
      primaryColor: null, launcherVisibility: 'On', position: null, botProfile: null,
      languages: ['en-us'], defaultLanguage: 'en-us', customI18nLabels: [],
    });
    expect((await rejection(sim.updateDeployment(deploymentId, { disconnectMode: 'readonly' as never }))).status).to.equal(400);
    expect((await sim.updateDeployment(deploymentId, { disconnectMode: 'ReadOnly' })).disconnectMode).to.equal('ReadOnly');
    expect((await sim.createDeployment({ tagAnswers: true, sessionResponse: 'full', disconnectMode: 'ReadOnly' })).disconnectMode).to.equal('ReadOnly');
    expect((await rejection(sim.updateDeployment(crypto.randomUUID(), {}))).status).to.equal(404);
    expect((await rejection(sim.frames(crypto.randomUUID()))).status).to.equal(404);
    expect((await rejection(sim.agentSay(crypto.randomUUID(), 'hi'))).status).to.equal(404);
    expect((await rejection(sim.dropSession(crypto.randomUUID()))).status).to.equal(404);
    expect((await rejection(sim.dropSession('x', 4242 as never))).status).to.equal(400);

    // The PATCH above came from the test runner's origin, so its CORS preflight was answered;
    // an explicit OPTIONS (itself preflighted) gets the empty 204 too.
    expect((await fetch(`${sim.origin}/sim/deployments/${deploymentId}`, { method: 'OPTIONS' })).status).to.equal(204);
  });

  it('serves the agent console', async () => {
    const sim = await simulator();
    const page = await fetch(`${sim.origin}/console`);
    expect(page.headers.get('content-type')).to.contain('text/html');
    const html = await page.text();
    expect(html).to.contain('role="log"').and.contain('/console/console.js');
    const script = await fetch(`${sim.origin}/console/console.js`);
    expect(script.headers.get('content-type')).to.contain('javascript');
    expect(await script.text()).to.not.contain('innerHTML');
    expect((await fetch(`${sim.origin}/console/console.css`)).headers.get('content-type')).to.contain('text/css');
  });
});
