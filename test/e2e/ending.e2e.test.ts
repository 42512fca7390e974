import { expect, fixtureCleanup, oneEvent, waitUntil } from '@open-wc/testing';
import { schemaErrors } from '../helpers/schema.js';
import { simulator, type DeploymentOptions } from '../helpers/simulator.js';
import { mountWidget, startChat } from './widget.js';

/** The page's connection outlives its last widget by the tab hub's grace period (a reload keeps it warm). */
const LEFT = { timeout: 5000 };

type Frame = Record<string, unknown>;

const isClear = (frame: Frame | null): boolean => {
  const message = frame?.['message'] as { events?: { presence?: { type?: string } }[] } | undefined;
  return frame?.['action'] === 'onMessage' && message?.events?.[0]?.presence?.type === 'Clear';
};

/** The request schema each action must match (SendMessageRequest.time is waived: see test/schema/README.md). */
const requestSchema: Record<string, string> = {
  configureSession: 'ConfigureSessionRequest',
  onMessage: 'SendMessageRequest',
  echo: 'SendEchoRequest',
  getJwt: 'GetJwtRequest',
  closeSession: 'CloseSessionRequest',
};

describe('end to end: the widget against the Guest API simulator over a real WebSocket', () => {

  async function conversationOf(deploymentId: string) {
    const sim = await simulator();
    const state = await sim.state();
    return state.conversations.find(c => c.deploymentId === deploymentId);
  }

  // Genesys often names no request in its answers (§4.9): the echoes, the Clear's acknowledgement and its refusal.
  for (const tagAnswers of [true, false]) {
    const untagged = tagAnswers ? '' : ' (answers without tracingId)';

    it(`chats, then ends for real: exactly one Clear, acknowledged, recorded as ended by the customer${untagged}`, async () => {
      const { sim, deploymentId, visitor } = await startChat({ tagAnswers });
      await visitor.say('Hello, I need help');
      await waitUntil(async () => (await conversationOf(deploymentId))?.messages.length === 1, 'the simulator never got the message');

      const conversation = (await conversationOf(deploymentId))!;
      await sim.agentSay(conversation.id, 'Hi! How can I help?', { nickname: 'Ann' });
      await waitUntil(() => visitor.messages('message-agent').some(t => t.includes('Hi! How can I help?')), 'the agent reply never showed');
      expect(visitor.messages('message-customer').filter(t => t.includes('Hello, I need help'))).to.have.length(1);

      const ended = oneEvent(visitor.el, 'genesys-chat-ended');
      await visitor.endChat();
      const { detail } = await ended;
      expect(detail.by).to.equal('customer');
      expect(detail.attempts).to.equal(1);
      expect(detail.latency).to.be.a('number');

      await visitor.waitForStatus(/conversation ended/i);
      expect(await visitor.find('new-conversation-button')).to.exist;
      expect(visitor.el.state).to.equal('closed');

      const frames = await sim.frames(deploymentId);
      expect(frames.map(f => f.frame).filter(isClear)).to.have.length(1);
      const after = (await conversationOf(deploymentId))!;
      expect(after).to.include({ status: 'ended', endedBy: 'customer', clearRequests: 1 });

      // Everything the widget put on the wire matches Genesys's schema.
      for (const { frame } of frames) {
        const action = String(frame?.['action']);
        expect(requestSchema[action], `unexpected action ${action}`).to.be.a('string');
        const waive = action === 'onMessage' ? { waiveRequired: ['time'] } : undefined;
        expect(await schemaErrors(requestSchema[action]!, frame, waive), action).to.deep.equal([]);
      }
    });
  }

  it('shows a withheld acknowledgement as a failure, and Try again ends it', async () => {
    const { sim, deploymentId, visitor } = await startChat({ ack: 'withheld' }, { endTimeout: 1000 });
    await visitor.say('Bye');

    await visitor.endChat();
    await visitor.waitForStatus(/ending/i);
    // Three unacknowledged attempts of one second each, over fresh connections, then the failure.
    await visitor.waitForStatus(/couldn.t end/i, 8000);
    expect(visitor.el.state).to.equal('error');
    const stillOpen = (await conversationOf(deploymentId))!;
    expect(stillOpen.status).to.equal('open');
    expect(stillOpen.clearRequests).to.equal(3);

    await sim.updateDeployment(deploymentId, { ack: 'immediate' });
    (await visitor.find('retry-button')).click();
    await visitor.waitForStatus(/conversation ended/i);
    expect(await conversationOf(deploymentId)).to.include({ status: 'ended', endedBy: 'customer', clearRequests: 4 });
  });

  it('never ends the conversation by minimising, removing or reloading the widget', async () => {
    const { sim, deploymentId, visitor: first } = await startChat();
    await first.say('Still there?');
    await waitUntil(async () => (await conversationOf(deploymentId))?.messages.length === 1);

    (await first.find('minimize-button')).click();
    await first.el.updateComplete;
    expect(first.el.hasAttribute('open')).to.equal(false);
    // A reload: the element goes away, and a new one comes up on the same page with the stored session.
    fixtureCleanup();
    await waitUntil(async () => (await conversationOf(deploymentId))?.connectedSockets === 0, 'the socket was not closed', LEFT);

    // The stored session makes the new element reconnect at once, without being opened.
    const second = await mountWidget(deploymentId, sim.wsUrl);
    await waitUntil(() => second.el.state === 'connected', `never resumed: ${second.el.state}`, { timeout: 4000 });
    expect(second.el.hasAttribute('open')).to.equal(false);

    const frames = await sim.frames(deploymentId);
    expect(frames.map(f => f.frame).filter(isClear)).to.have.length(0);
    const tokens = new Set(frames.filter(f => f.frame?.['action'] === 'configureSession').map(f => f.frame!['token']));
    expect(tokens.size).to.equal(1);
    expect(await conversationOf(deploymentId)).to.include({ status: 'open', endedBy: null });
  });

  it('finishes an end that a reload interrupted before anything else', async () => {
    const { sim, deploymentId, visitor: first } = await startChat({ ack: 'withheld' });
    await first.say('I am leaving');
    await first.endChat();
    await waitUntil(async () => (await conversationOf(deploymentId))?.clearRequests === 1, 'the Clear never arrived');
    fixtureCleanup();

    await sim.updateDeployment(deploymentId, { ack: 'immediate' });
    const second = await mountWidget(deploymentId, sim.wsUrl);
    await oneEvent(second.el, 'genesys-chat-ended');
    expect(second.el.state).to.equal('closed');
    expect(await conversationOf(deploymentId)).to.include({ status: 'ended', endedBy: 'customer', clearRequests: 2 });
  });

  it('does not offer End when the deployment does not let visitors end conversations, and says which setting to turn on', async () => {
    const sim = await simulator();
    const { deploymentId } = await sim.createDeployment({ clearAllowed: false });
    const visitor = await mountWidget(deploymentId, sim.wsUrl);
    const diagnostic = oneEvent(visitor.el, 'genesys-chat-error');
    const connected = oneEvent(visitor.el, 'genesys-chat-connected');
    await visitor.openPanel();
    const { detail } = await diagnostic;
    expect(detail.code).to.equal('clear-not-supported');
    expect(detail.message).to.match(/Conversation clear/);
    await connected;
    await visitor.say('Hi');
    await waitUntil(async () => (await conversationOf(deploymentId))?.messages.length === 1);
    expect(visitor.part('end-button')).to.equal(null);
    const refused = await visitor.el.endConversation().then(() => 'ended', (e: { code?: string }) => e.code);
    expect(refused).to.equal('clear-not-supported');
    expect((await sim.frames(deploymentId)).map(f => f.frame).filter(isClear)).to.have.length(0);
    expect(await conversationOf(deploymentId)).to.include({ status: 'open' });
  });

  for (const tagAnswers of [true, false]) {
    const untagged = tagAnswers ? '' : ' (answers without tracingId)';

    it(`explains a Clear the server refuses (config.json unreadable, so End was offered), and the chat goes on${untagged}`, async () => {
      const { deploymentId, visitor } = await startChat({ clearAllowed: false, configStatus: 503, tagAnswers });
      await visitor.say('Hi');

      const error = oneEvent(visitor.el, 'genesys-chat-error');
      await visitor.endChat();
      expect((await error).detail.code).to.equal('clear-not-supported');
      await visitor.waitForStatus(/can.t be ended from here/i);
      expect(await conversationOf(deploymentId)).to.include({ status: 'open' });

      (await visitor.find('back-button')).click();
      await oneEvent(visitor.el, 'genesys-chat-connected');
      await visitor.say('Never mind');
      await waitUntil(async () => (await conversationOf(deploymentId))?.messages.length === 2);
    });
  }

  const refusals: [string, DeploymentOptions][] = [['a refused handshake', { refuseHandshake: true }], ['a site outside the allowed domains', { allowedDomains: ['shop.example.com'] }]];
  for (const [why, options] of refusals) {
    it(`shows ${why} as an error the visitor can see`, async () => {
    const sim = await simulator();
    const { deploymentId } = await sim.createDeployment(options);
    const visitor = await mountWidget(deploymentId, sim.wsUrl);
    const error = oneEvent(visitor.el, 'genesys-chat-error');
    await visitor.openPanel();
    expect((await error).detail.code).to.equal('connection-refused');
    await visitor.waitForStatus(/couldn.t connect/i);
    expect(visitor.el.state).to.equal('error');
    });
  }
});

describe('end to end: typing indicators', () => {
  it('shows the agent typing, and tells the agent the visitor is typing', async () => {
    const { sim, deploymentId, visitor } = await startChat();
    await visitor.say('Hello');
    const conversation = (await sim.state()).conversations.find(c => c.deploymentId === deploymentId)!;

    await sim.agentTyping(conversation.id, true);
    await waitUntil(() => visitor.part('typing')?.textContent === 'The agent is typing…', 'the agent typing never showed');
    await sim.agentTyping(conversation.id, false);
    await sim.agentSay(conversation.id, 'Done typing');
    await waitUntil(() => visitor.part('typing')?.textContent === '', 'the typing indicator never cleared');

    // Typing "Hello" told the agent, once, before the message itself.
    const sent = (await sim.frames(deploymentId)).map(f => JSON.stringify(f.frame?.['message'] ?? {}));
    const typingAt = sent.findIndex(m => m.includes('"eventType":"Typing"'));
    expect(typingAt).to.be.greaterThan(-1);
    expect(sent.filter(m => m.includes('"eventType":"Typing"'))).to.have.length(1);
    expect(typingAt).to.be.lessThan(sent.findIndex(m => m.includes('"text":"Hello"')));
  });
});

describe('end to end: the agent ends the conversation', () => {
  it('shows the agent\'s end, and the visitor can write again', async () => {
    const { sim, deploymentId, visitor } = await startChat();
    await visitor.say('Thanks, that is all');
    await waitUntil(async () => (await sim.state()).conversations.some(c => c.deploymentId === deploymentId));
    const conversation = (await sim.state()).conversations.find(c => c.deploymentId === deploymentId)!;

    const ended = oneEvent(visitor.el, 'genesys-chat-ended');
    await sim.agentDisconnect(conversation.id);
    expect((await ended).detail).to.include({ by: 'agent' });
    await visitor.waitForStatus(/agent ended the conversation/i);
    expect(visitor.part('end-button')).to.equal(null);
    expect((await sim.frames(deploymentId)).map(f => f.frame).filter(isClear)).to.have.length(0);

    await visitor.say('Actually, one more thing');
    await waitUntil(async () => (await sim.state()).conversations.filter(c => c.deploymentId === deploymentId).length === 2,
      'the next message did not open a new conversation');
  });
});

describe('end to end: the agent ends the conversation read-only', () => {
  it('offers a new conversation, which Genesys starts under the same token', async () => {
    const { sim, deploymentId, visitor } = await startChat({ disconnectMode: 'ReadOnly' });
    await visitor.say('Hello');
    await waitUntil(async () => (await sim.state()).conversations.some(c => c.deploymentId === deploymentId));
    const first = (await sim.state()).conversations.find(c => c.deploymentId === deploymentId)!;

    await sim.agentDisconnect(first.id);
    await visitor.waitForStatus(/agent ended the conversation/i);
    expect(visitor.part('input')).to.equal(null);

    const connected = oneEvent(visitor.el, 'genesys-chat-connected');
    (await visitor.find('new-conversation-button')).click();
    expect((await connected).detail.newSession).to.equal(true);
    await visitor.say('A new question');
    await waitUntil(async () => (await sim.state()).conversations.filter(c => c.deploymentId === deploymentId).length === 2,
      'the new conversation never opened');
    const frames = await sim.frames(deploymentId);
    const configures = frames.filter(f => f.frame?.['action'] === 'configureSession');
    expect(configures.at(-1)!.frame).to.include({ startNew: true, token: first.token });
    // closeSession first, then startNew on the same socket (§4.4).
    const closing = frames.findIndex(f => f.frame?.['action'] === 'closeSession');
    expect(frames[closing]!.frame).to.include({ closeAllConnections: true, token: first.token });
    expect(frames.indexOf(configures.at(-1)!)).to.be.greaterThan(closing);
    expect(configures.at(-1)!.socketId).to.equal(frames[closing]!.socketId);
    expect(await schemaErrors('CloseSessionRequest', frames[closing]!.frame)).to.deep.equal([]);
  });
});
