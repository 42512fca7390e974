import { expect, fixtureCleanup, oneEvent, waitUntil } from '@open-wc/testing';
import { deliveryCounts, reportFaults } from '../helpers/fault-metrics.js';
import { openGuest } from '../helpers/guest-socket.js';
import { simulator, type SimConversation } from '../helpers/simulator.js';
import { mountWidget, startChat, type Visitor } from '../e2e/widget.js';

/** A small seeded generator (mulberry32), so a "random" scenario is the same every run. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const LONG = { timeout: 60_000, interval: 100 };

async function conversationsOf(deploymentId: string): Promise<SimConversation[]> {
  return (await (await simulator()).state()).conversations.filter(c => c.deploymentId === deploymentId);
}

/** The tracingId of every customer message the server received, once per delivery. */
async function receivedTracingIds(deploymentId: string) {
  return (await conversationsOf(deploymentId)).flatMap(c => c.messages.filter(m => m.author === 'customer').map(m => m.tracingId));
}

/** The tracingIds the widget gave the visitor's messages, in the order they were sent. */
function sentTracingIds(visitor: Visitor): string[] {
  return visitor.heard('genesys-chat-message').filter(d => d.direction === 'sent').map(d => d.message.tracingId!);
}

/** Waits until no visitor message is still on its way, and returns the delivery counts (added to the run's table unless `report` is false). */
async function settled(visitor: Visitor, deploymentId: string, expected: number, report = true) {
  await waitUntil(() => visitor.parts('message-customer').length === expected && !visitor.parts('message-customer').some(m => /Sending|Not delivered/.test(m.textContent ?? '')),
    `messages still on their way: ${visitor.parts('message-customer').filter(m => /Sending|Not delivered/.test(m.textContent ?? '')).length}`, LONG);
  const counts = deliveryCounts(sentTracingIds(visitor), await receivedTracingIds(deploymentId));
  if (report) await reportFaults(counts);
  return counts;
}

const tokenOf = async (deploymentId: string) => (await conversationsOf(deploymentId))[0]!.token;

/** A visitor whose first message has been delivered and confirmed: the conversation exists, and its token. */
async function chatting(first: string, ...setup: Parameters<typeof startChat>) {
  const chat = await startChat(...setup);
  chat.visitor.el.send(first);
  await waitUntil(async () => (await conversationsOf(chat.deploymentId)).length === 1, 'the first message never arrived');
  // Counted with the scenario's own messages when it settles them.
  await settled(chat.visitor, chat.deploymentId, 1, false);
  const [conversation] = await conversationsOf(chat.deploymentId);
  return { ...chat, conversation: conversation!, token: conversation!.token };
}

describe('faults: the visitor\'s words are delivered exactly once', function () {
  // Real reconnections (half a second to a second each) over a real socket.
  this.timeout(120_000);
  it('200 messages with the connection dropped at random: each delivered once, in order, none shown twice', async () => {
    const { sim, deploymentId, visitor } = await startChat();
    visitor.el.send('Hello');
    await waitUntil(async () => (await conversationsOf(deploymentId)).length === 1);
    const token = await tokenOf(deploymentId);
    const next = random(20261203);
    for (let i = 1; i < 200; i++) {
      visitor.el.send(`Message ${i}`);
      if (next() < 0.06) await sim.dropSession(token, next() < 0.5 ? 1006 : 1001);
      // Let the socket work now and then, so drops fall between, before and after echoes.
      if (i % 10 === 0) await visitor.el.updateComplete;
    }
    const counts = await settled(visitor, deploymentId, 200);
    expect(counts).to.deep.equal({ sent: 200, delivered: 200, duplicated: 0, lost: 0 });
    const texts = (await conversationsOf(deploymentId)).flatMap(c => c.messages.map(m => m.text));
    expect(texts).to.deep.equal(['Hello', ...Array.from({ length: 199 }, (_, i) => `Message ${i + 1}`)]);
  });

  it('does not send again what reached the server when its echo was lost with the socket', async () => {
    const { sim, deploymentId, visitor, token } = await chatting('First');
    await sim.setFaults(token, { withhold: true });
    for (const text of ['One', 'Two', 'Three']) visitor.el.send(text);
    // "One" reaches the server; its echo is withheld (the others wait behind it), then lost with the socket.
    await waitUntil(async () => (await receivedTracingIds(deploymentId)).length === 2, 'the server never got it');
    expect((await sim.state()).sessions.find(s => s.token === token)!.withheldFrames).to.be.greaterThan(0);
    await sim.dropSession(token, 1006);
    await sim.clearFaults(token);
    const counts = await settled(visitor, deploymentId, 4);
    expect(counts).to.deep.equal({ sent: 4, delivered: 4, duplicated: 0, lost: 0 });
  });

  it('shows each agent message once and in time order when frames come twice and out of order', async () => {
    const { sim, deploymentId, visitor, conversation } = await chatting('Hi');
    await sim.setFaults(conversation.token, { duplicate: true, reorder: true });
    for (let i = 1; i <= 20; i++) await sim.agentSay(conversation.id, `Agent ${i}`);
    for (let i = 1; i <= 10; i++) visitor.el.send(`Visitor ${i}`);
    await waitUntil(() => visitor.messages('message-agent').length >= 20, 'agent messages missing', LONG);
    const counts = await settled(visitor, deploymentId, 11);
    expect(counts).to.deep.equal({ sent: 11, delivered: 11, duplicated: 0, lost: 0 });
    expect(visitor.messages('message-agent')).to.deep.equal(Array.from({ length: 20 }, (_, i) => `Agent ${i + 1}`));
    await sim.clearFaults(conversation.token);
  });

  it('queues a burst the server rate-limits and delivers all of it, once and in order', async () => {
    const { sim, deploymentId, visitor } = await chatting('Start');
    await sim.failNext(await tokenOf(deploymentId), { code: 429, retryAfter: 1, times: 2 });
    for (let i = 1; i <= 10; i++) visitor.el.send(`Burst ${i}`);
    const counts = await settled(visitor, deploymentId, 11);
    expect(counts).to.deep.equal({ sent: 11, delivered: 11, duplicated: 0, lost: 0 });
    const texts = (await conversationsOf(deploymentId)).flatMap(c => c.messages.map(m => m.text));
    expect(texts).to.deep.equal(['Start', ...Array.from({ length: 10 }, (_, i) => `Burst ${i + 1}`)]);
  });

  it('delivers a burst over the service\'s own rate limit once each and in order, waiting out each 429', async () => {
    const { sim, deploymentId, visitor } = await chatting('Start');
    for (let i = 1; i <= 15; i++) visitor.el.send(`Fast ${i}`);
    const counts = await settled(visitor, deploymentId, 16);
    expect(counts).to.deep.equal({ sent: 16, delivered: 16, duplicated: 0, lost: 0 });
    const texts = (await conversationsOf(deploymentId)).flatMap(c => c.messages.map(m => m.text));
    expect(texts).to.deep.equal(['Start', ...Array.from({ length: 15 }, (_, i) => `Fast ${i + 1}`)]);
    // The service did limit it: the visitor's words went on after its retryAfter.
    const limited = (await sim.frames(deploymentId)).filter(f => f.frame?.['action'] === 'onMessage').length;
    expect(limited).to.be.greaterThan(16);
  });

  it('keeps what is typed while reconnections are refused, says so, and delivers it once when back', async () => {
    const { sim, deploymentId, visitor } = await chatting('Before');
    await sim.refuseConnections(deploymentId, { count: 2 });
    await sim.dropSession(await tokenOf(deploymentId), 1006);
    await visitor.waitForStatus(/Reconnecting/);
    visitor.el.send('While away');
    await visitor.waitForStatus(/Connected again/, 30_000);
    const counts = await settled(visitor, deploymentId, 2);
    expect(counts).to.deep.equal({ sent: 2, delivered: 2, duplicated: 0, lost: 0 });
  });
});

describe('faults: the visitor\'s words survive a reload and the network going away', function () {
  this.timeout(120_000);

  it('keeps messages typed while the service is unreachable across a reload, and delivers each once after it', async () => {
    const { sim, deploymentId, visitor } = await chatting('Before');
    await sim.refuseConnections(deploymentId, { count: 1000 });
    await sim.dropSession(await tokenOf(deploymentId), 1006);
    await visitor.waitForStatus(/Reconnecting/);
    visitor.el.send('Typed offline 1');
    visitor.el.send('Typed offline 2');
    const typed = sentTracingIds(visitor);
    fixtureCleanup();

    await sim.stopRefusingConnections(deploymentId);
    const again = await mountWidget(deploymentId, sim.wsUrl);
    // Shown at once from what the page kept, before any connection, when the visitor opens the chat.
    await again.openPanel();
    expect(again.messages('message-customer')).to.deep.include.members(['Typed offline 1', 'Typed offline 2']);
    await waitUntil(async () => (await receivedTracingIds(deploymentId)).length === 3, 'the kept messages were never delivered', LONG);
    await waitUntil(() => !again.parts('message-customer').some(m => /Sending/.test(m.textContent ?? '')), 'still sending', LONG);
    const counts = deliveryCounts(typed, await receivedTracingIds(deploymentId));
    await reportFaults(counts);
    expect(counts).to.deep.equal({ sent: 3, delivered: 3, duplicated: 0, lost: 0 });
    expect(again.messages('message-customer')).to.deep.equal(['Before', 'Typed offline 1', 'Typed offline 2']);
  });

  it('never gives up an End pressed while the service is away: it waits across a reload and completes when the service is back', async () => {
    const { sim, deploymentId, visitor } = await chatting('Before');
    const token = await tokenOf(deploymentId);
    await sim.refuseConnections(deploymentId, { count: 1000 });
    await sim.dropSession(token, 1006);
    await visitor.waitForStatus(/Reconnecting/);
    void visitor.el.endConversation();
    await visitor.waitForStatus(/Ending the conversation — waiting for the connection/);
    fixtureCleanup();

    // A reload while the service is still away: the End goes on waiting, and trying, on its own.
    const again = await mountWidget(deploymentId, sim.wsUrl);
    const refusals = async () => (await sim.state()).deploymentFaults.find(f => f.deploymentId === deploymentId)?.refusedUpgrades ?? 0;
    const refused = await refusals();
    await waitUntil(async () => (await refusals()) >= refused + 2, 'it stopped trying', LONG);
    expect(again.el.state).to.equal('ending');
    expect(again.heard('genesys-chat-error')).to.have.length(0);
    await again.openPanel();
    await again.waitForStatus(/waiting for the connection/);
    await expect(again.el).to.be.accessible();

    await sim.stopRefusingConnections(deploymentId);
    await waitUntil(() => again.heard('genesys-chat-ended').length === 1, 'the End never completed', LONG);
    const conversation = (await conversationsOf(deploymentId)).find(c => c.token === token)!;
    expect(conversation).to.include({ status: 'ended', endedBy: 'customer' });
  });

  it('goes to Reconnecting when the browser says it is offline, and connects at once when it is back', async () => {
    const { deploymentId, visitor } = await chatting('Hi');
    window.dispatchEvent(new Event('offline'));
    await visitor.waitForStatus(/Reconnecting/);
    visitor.el.send('While offline');
    window.dispatchEvent(new Event('online'));
    await visitor.waitForStatus(/Connected again/);
    const counts = await settled(visitor, deploymentId, 2);
    expect(counts).to.deep.equal({ sent: 2, delivered: 2, duplicated: 0, lost: 0 });
  });
});

describe('faults: broken and hostile frames', function () {
  // Real reconnections (half a second to a second each) over a real socket.
  this.timeout(120_000);
  it('ignores malformed, mistyped, unknown and oversized frames, reports each, and the chat goes on', async () => {
    const { sim, visitor, conversation } = await chatting('Hi');
    const garbage = [
      '{not json',
      '[]',
      'null',
      '"just a string"',
      JSON.stringify({ type: 'message', class: 'StructuredMessage', code: 200, body: { direction: 'Outbound', text: 42 } }),
      JSON.stringify({ type: 'message', class: 'StructuredMessage', code: '200', body: null }),
      JSON.stringify({ type: 'message', class: 'NoSuchClass', code: 200, body: {} }),
      JSON.stringify({ __proto__: { polluted: true }, type: 'message', class: 'StructuredMessage' }),
    ];
    const before = visitor.heard('genesys-chat-error').length;
    for (const data of garbage) await sim.sendRaw(conversation.token, data);
    await sim.sendOversize(conversation.token, 2_000_000);
    await sim.agentSay(conversation.id, 'Still here');
    await waitUntil(() => visitor.messages('message-agent').includes('Still here'), 'the chat stopped', LONG);
    const reported = visitor.heard('genesys-chat-error').slice(before);
    expect(reported.every(e => e.code === 'bad-frame')).to.equal(true);
    // Each broken frame is reported once; an unknown class is ignored quietly or reported, never more than once.
    expect(reported.length).to.be.within(garbage.length, garbage.length + 1);
    expect(({} as { polluted?: boolean }).polluted).to.equal(undefined);
    expect(visitor.el.state).to.equal('connected');
    expect(visitor.messages('message-agent')).to.deep.equal(['Still here']);
  });
});

describe('faults: an End asked for is completed or reported', function () {
  // Real reconnections (half a second to a second each) over a real socket.
  this.timeout(120_000);
  it('finishes an End whose acknowledgement was lost with the socket', async () => {
    const { sim, deploymentId, visitor, token } = await chatting('Bye soon', {}, { endTimeout: 3000 });
    await sim.updateDeployment(deploymentId, { ack: 'withheld' });
    await visitor.endChat();
    await waitUntil(async () => (await conversationsOf(deploymentId))[0]!.clearRequests === 1, 'no Clear');
    await sim.dropSession(token, 1006);
    await sim.updateDeployment(deploymentId, { ack: 'immediate' });
    const ended = oneEvent(visitor.el, 'genesys-chat-ended');
    expect((await ended).detail.by).to.equal('customer');
    const [conversation] = await conversationsOf(deploymentId);
    expect(conversation).to.include({ status: 'ended', endedBy: 'customer' });
    expect(conversation!.clearRequests).to.equal(2);
  });

  it('reports the End as failed after bounded attempts when no acknowledgement ever comes, and Try again ends it', async () => {
    const { sim, deploymentId, visitor } = await startChat({ ack: 'withheld' }, { endTimeout: 1000 });
    visitor.el.send('Hello');
    await waitUntil(async () => (await conversationsOf(deploymentId)).length === 1);
    const failed = oneEvent(visitor.el, 'genesys-chat-error');
    await visitor.endChat();
    expect((await failed).detail.code).to.equal('end-not-acknowledged');
    expect((await conversationsOf(deploymentId))[0]!.clearRequests).to.equal(3);
    await sim.updateDeployment(deploymentId, { ack: 'immediate' });
    const ended = oneEvent(visitor.el, 'genesys-chat-ended');
    (await visitor.find('retry-button')).click();
    await ended;
    expect((await conversationsOf(deploymentId))[0]).to.include({ status: 'ended', endedBy: 'customer' });
  });
});

describe('faults: the server closing the connection for another one', function () {
  // Real reconnections (half a second to a second each) over a real socket.
  this.timeout(120_000);
  it('stops at the session\'s cap on connections (a close without a reason, as Genesys sends it) instead of reconnecting in a loop', async () => {
    const sim = await simulator();
    const { deploymentId } = await sim.createDeployment({ connectionCap: 1 });
    // Another device holds the session's only connection.
    const token = crypto.randomUUID();
    const device = openGuest(sim.wsUrl, deploymentId);
    device.send({ action: 'configureSession', token, deploymentId, tracingId: crypto.randomUUID() });
    expect((await device.next()).class).to.equal('SessionResponse');
    try {
      localStorage.setItem(`genesys-chat:${deploymentId}`, JSON.stringify({ token, endRequested: false }));
      const visitor = await mountWidget(deploymentId, sim.wsUrl);
      await visitor.openPanel();
      await waitUntil(() => visitor.heard('genesys-chat-error').some(e => e.code === 'connection-limit'), 'it never said the session has too many connections', LONG);
      await visitor.waitForStatus(/too many places/);
      expect(visitor.el.state).to.equal('error');
      const refusals = async () => (await sim.state()).sessions.find(s => s.token === token)!.capRefusals;
      expect(await refusals()).to.equal(1);
      // Nothing brings it back by itself: a reconnection would be refused again.
      await visitor.el.updateComplete;
      expect(await refusals()).to.equal(1);
    } finally {
      device.close();
      localStorage.removeItem(`genesys-chat:${deploymentId}`);
    }
  });

  it('stops on SessionLimitReached without a reconnection storm, and Try again connects', async () => {
    const { sim, deploymentId, visitor } = await startChat();
    visitor.el.send('Hi');
    await waitUntil(async () => (await conversationsOf(deploymentId)).length === 1);
    const token = await tokenOf(deploymentId);
    const stopped = oneEvent(visitor.el, 'genesys-chat-error');
    await sim.connectionClosed(token, 'SessionLimitReached');
    expect((await stopped).detail.code).to.equal('connection-limit');
    await visitor.waitForStatus(/too many places/);
    const configures = async () => (await sim.frames(deploymentId)).filter(f => f.frame?.['action'] === 'configureSession').length;
    const before = await configures();
    // It waits for the visitor (the machine tests show no timer brings it back).
    expect(visitor.el.state).to.equal('error');
    const connected = oneEvent(visitor.el, 'genesys-chat-connected');
    (await visitor.find('retry-button')).click();
    await connected;
    expect(await configures()).to.equal(before + 1);
  });
});
