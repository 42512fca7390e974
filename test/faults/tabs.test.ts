import { expect, fixtureCleanup, oneEvent, waitUntil } from '@open-wc/testing';
import { deliveryCounts, reportFaults } from '../helpers/fault-metrics.js';
import { simulator, type SimConversation } from '../helpers/simulator.js';
import { mountWidget, type Visitor } from '../e2e/widget.js';
import { LONG, openTab } from '../helpers/tabs.js';

async function conversationsOf(deploymentId: string): Promise<SimConversation[]> {
  return (await (await simulator()).state()).conversations.filter(c => c.deploymentId === deploymentId);
}

const openAndConnect = async (visitor: Visitor) => {
  const connected = oneEvent(visitor.el, 'genesys-chat-connected');
  await visitor.openPanel();
  await connected;
};

/** This tab says "Before" in a new conversation, then another tab of the site joins it. */
async function twoTabsInOneConversation() {
  const sim = await simulator();
  const { deploymentId } = await sim.createDeployment();
  const here = await mountWidget(deploymentId, sim.wsUrl);
  await openAndConnect(here);
  here.el.send('Before');
  await waitUntil(async () => (await conversationsOf(deploymentId))[0]?.messages.length === 1, 'the first message never arrived', LONG);
  const other = await openTab(deploymentId, sim.wsUrl);
  // The other tab finds the stored session and may resume it before it is opened: wait for the state, not an event.
  await other.visitor.openPanel();
  await waitUntil(() => other.visitor.el.state === 'connected', 'the other tab never connected', LONG);
  const [conversation] = await conversationsOf(deploymentId);
  return { sim, deploymentId, here, other, conversation: conversation! };
}

describe('faults: several tabs share one conversation and one connection', function () {
  this.timeout(60_000);

  it('shows in every tab what is said in one, over a single connection, and an End in one ends all', async () => {
    const sim = await simulator();
    const { deploymentId } = await sim.createDeployment({ connectionCap: 1 });
    const other = await openTab(deploymentId, sim.wsUrl);
    try {
      await openAndConnect(other.visitor);
      other.visitor.el.send('From the other tab');
      await waitUntil(async () => (await conversationsOf(deploymentId))[0]?.messages.length === 1, 'the first message never arrived', LONG);

      const here = await mountWidget(deploymentId, sim.wsUrl);
      await openAndConnect(here);
      expect((here.heard('genesys-chat-connected')[0] as { newSession: boolean }).newSession).to.equal(false);
      here.el.send('From this tab');
      const [conversation] = await conversationsOf(deploymentId);
      await sim.agentSay(conversation!.id, 'Hello to both');

      for (const visitor of [here, other.visitor]) {
        await waitUntil(() => visitor.messages('message-agent').includes('Hello to both'), 'the agent message is missing in a tab', LONG);
        await waitUntil(() => ['From the other tab', 'From this tab'].every(t => visitor.messages('message-customer').includes(t)), `a tab misses a message: ${visitor.messages('message-customer')}`, LONG);
        expect(visitor.messages('message-customer').filter(t => t === 'From this tab')).to.have.length(1);
      }
      const [after] = await conversationsOf(deploymentId);
      // The cap is one connection: a second would have been refused with SessionLimitReached.
      expect(after!.maxConnectedSockets).to.equal(1);
      expect((await sim.state()).sessions.find(s => s.token === after!.token)!.capRefusals).to.equal(0);
      await reportFaults(deliveryCounts(
        [...here.heard('genesys-chat-message'), ...other.visitor.heard('genesys-chat-message')].filter(m => m.direction === 'sent').map(m => m.message.tracingId!),
        after!.messages.filter(m => m.author === 'customer').map(m => m.tracingId),
      ));

      const endedThere = oneEvent(other.visitor.el, 'genesys-chat-ended');
      await here.endChat();
      await oneEvent(here.el, 'genesys-chat-ended');
      await endedThere;
      await other.visitor.waitForStatus(/Conversation ended/);
      expect((await conversationsOf(deploymentId))[0]).to.include({ status: 'ended', endedBy: 'customer', clearRequests: 1 });
    } finally {
      other.close();
    }
  });

  it('joins the conversation another tab started after this one loaded', async () => {
    const sim = await simulator();
    const { deploymentId } = await sim.createDeployment({ connectionCap: 1 });
    // Both tabs are open before anyone chats.
    const other = await openTab(deploymentId, sim.wsUrl);
    try {
      const here = await mountWidget(deploymentId, sim.wsUrl);
      await openAndConnect(here);
      here.el.send('Started here');
      await waitUntil(async () => (await conversationsOf(deploymentId))[0]?.messages.length === 1, 'never arrived', LONG);
      await openAndConnect(other.visitor);
      other.visitor.el.send('Then there');
      await waitUntil(async () => (await conversationsOf(deploymentId))[0]?.messages.length === 2, 'the other tab started a conversation of its own', LONG);
      expect(await conversationsOf(deploymentId)).to.have.length(1);
      await waitUntil(() => other.visitor.messages('message-customer').includes('Started here'), 'the other tab does not show the conversation', LONG);
    } finally {
      other.close();
    }
  });

  it('goes on in the remaining tab when the tab that held the connection closes', async () => {
    const sim = await simulator();
    const { deploymentId } = await sim.createDeployment({ connectionCap: 1 });
    const first = await openTab(deploymentId, sim.wsUrl);
    await openAndConnect(first.visitor);
    first.visitor.el.send('Before');
    await waitUntil(async () => (await conversationsOf(deploymentId))[0]?.messages.length === 1, 'never arrived', LONG);
    const here = await mountWidget(deploymentId, sim.wsUrl);
    await openAndConnect(here);

    first.close();
    await here.waitForStatus(/Connected again/, 20_000);
    here.el.send('After');
    await waitUntil(async () => (await conversationsOf(deploymentId))[0]?.messages.length === 2, 'the message after the handover never arrived', LONG);
    const [conversation] = await conversationsOf(deploymentId);
    expect(conversation!.messages.map(m => m.text)).to.deep.equal(['Before', 'After']);
    expect(conversation!.maxConnectedSockets).to.equal(1);
  });

  it('keeps what each of two tabs typed while the service was away through a reload of both, and delivers each once', async () => {
    const { sim, deploymentId, here, other, conversation } = await twoTabsInOneConversation();

    // The service goes away; each tab has words of its own waiting.
    await sim.refuseConnections(deploymentId, { count: 1000 });
    await sim.dropSession(conversation.token, 1006);
    await here.waitForStatus(/Reconnecting/);
    here.el.send('Typed here');
    other.visitor.el.send('Typed in the other tab');
    const stored = () => JSON.parse(localStorage.getItem(`genesys-chat:${deploymentId}`) ?? '{}') as { outbox?: { text: string }[] };
    await waitUntil(() => stored().outbox?.length === 2, `the store lost a tab's words: ${JSON.stringify(stored().outbox)}`, LONG);

    // Both tabs reload, and the service is back. A reload ends the old page before the new one runs: here
    // the other tab's frame is removed, and the new one opens once the old page's lock is gone with it.
    const pageLocks = async () => ((await navigator.locks.query()).held ?? []).filter(lock => lock.name?.startsWith('genesys-chat-page:')).length;
    const before = await pageLocks();
    other.close();
    await waitUntil(async () => (await pageLocks()) < before, 'the closed tab\'s page lock was never released', LONG);
    fixtureCleanup();
    await sim.stopRefusingConnections(deploymentId);
    const again = await mountWidget(deploymentId, sim.wsUrl);
    const otherAgain = await openTab(deploymentId, sim.wsUrl);
    await Promise.all([again.openPanel(), otherAgain.visitor.openPanel()]);

    const customerTexts = async () => ((await conversationsOf(deploymentId))[0]?.messages ?? []).filter(m => m.author === 'customer').map(m => m.text);
    await waitUntil(async () => (await customerTexts()).length >= 3, 'the kept words were never delivered', LONG);
    await waitUntil(() => !again.parts('message-customer').some(m => /Sending/.test(m.textContent ?? '')), 'still sending here', LONG);
    await waitUntil(() => !otherAgain.visitor.parts('message-customer').some(m => /Sending/.test(m.textContent ?? '')), 'still sending there', LONG);
    expect((await customerTexts()).sort()).to.deep.equal(['Before', 'Typed here', 'Typed in the other tab']);
    otherAgain.close();
  });

  it('goes on in one new session, under one new random token, in every tab when the session expires', async () => {
    const { sim, deploymentId, here, other, conversation: first } = await twoTabsInOneConversation();
    try {
      await sim.expireSession(first.token);
      await waitUntil(() => here.el.state === 'connected' && other.visitor.el.state === 'connected', 'a tab did not go on', LONG);

      here.el.send('After, here');
      other.visitor.el.send('After, there');
      await waitUntil(async () => (await conversationsOf(deploymentId)).some(c => c.token !== first.token && c.messages.length === 2), 'the tabs are not in one new conversation', LONG);
      const next = (await conversationsOf(deploymentId)).filter(c => c.token !== first.token);
      expect(next).to.have.length(1);
      expect(next[0]!.messages.map(m => m.text).sort()).to.deep.equal(['After, here', 'After, there']);
      expect(next[0]!.token).to.match(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    } finally {
      other.close();
    }
  });
});
