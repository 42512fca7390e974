import { expect, fixture, fixtureCleanup, html, oneEvent, waitUntil } from '@open-wc/testing';
import '../../src/genesys-chat.js';
import type { GenesysChat } from '../../src/index.js';
import { connectSimulator, type SimulatorClient } from '../../simulator/client.mjs';

/*
 * The test docs/testing-with-the-simulator.md walks an integrator through, kept running here: a page with
 * the widget, the simulator playing the agent, and the check that the conversation really ended on the
 * server, not only on the page. It uses only what the package ships (the element, its parts and events,
 * the simulator client), as an integrator's own test would.
 */

const part = <T extends HTMLElement>(el: GenesysChat, name: string) => el.shadowRoot!.querySelector<T>(`[part~="${name}"]`);

async function shown<T extends HTMLElement>(el: GenesysChat, name: string): Promise<T> {
  await waitUntil(() => part(el, name), `part "${name}" never appeared`);
  return part<T>(el, name)!;
}

describe('an integrator test: the page against the simulator', () => {
  let sim: SimulatorClient;

  before(async () => {
    // The runner's plugin says where its simulator listens; a Playwright test would read it from its config.
    const { origin } = (await (await fetch('/__simulator')).json()) as { origin: string };
    sim = connectSimulator(origin);
  });

  afterEach(() => fixtureCleanup());

  async function pageWithChat(deploymentId: string) {
    const el = await fixture<GenesysChat>(html`<genesys-chat deployment-id=${deploymentId} endpoint=${sim.wsUrl}></genesys-chat>`);
    const connected = oneEvent(el, 'genesys-chat-connected');
    (await shown(el, 'launcher')).click();
    await connected;
    return el;
  }

  async function visitorSays(el: GenesysChat, text: string) {
    const input = await shown<HTMLTextAreaElement>(el, 'input');
    input.value = text;
    input.dispatchEvent(new Event('input'));
    (await shown(el, 'send-button')).click();
  }

  /** A page on a deployment of its own whose visitor wrote `text`, and the conversation that opened on the server. */
  async function chatting(text: string) {
    const { deploymentId } = await sim.createDeployment();
    const el = await pageWithChat(deploymentId);
    await visitorSays(el, text);
    const conversation = await sim.waitFor(
      state => state.conversations.find(c => c.deploymentId === deploymentId && c.messages.some(m => m.text === text)),
      { what: "the visitor's message" },
    );
    return { el, conversation };
  }

  const endedOnServer = (conversationId: string) =>
    sim.waitFor(state => state.conversations.find(c => c.id === conversationId && c.status === 'ended'), { what: 'the end' });

  it('the visitor chats with the agent and ends it with End chat: the server ends it, by the customer, after one Clear', async () => {
    const { el, conversation } = await chatting('Where is my order?');
    await sim.agentSay(conversation.id, 'It ships today.', { nickname: 'Ann' });
    await waitUntil(() => el.shadowRoot!.textContent?.includes('It ships today.'), "the agent's reply never showed");

    const ended = oneEvent(el, 'genesys-chat-ended');
    (await shown(el, 'end-button')).click();
    (await shown(el, 'confirm-end-button')).click();
    expect((await ended).detail.by).to.equal('customer');

    const onServer = await endedOnServer(conversation.id);
    expect(onServer.endedBy).to.equal('customer');
    expect(onServer.clearRequests).to.equal(1);
    expect(el.state).to.equal('closed');
  });

  it("the page's own code ends it (endConversation) even while the agent keeps writing", async () => {
    const { el, conversation } = await chatting('Please close my ticket');
    await sim.agentTyping(conversation.id, true);

    const report = await el.endConversation();

    expect(report.by).to.equal('customer');
    const onServer = (await sim.state()).conversations.find(c => c.id === conversation.id)!;
    expect(onServer.status).to.equal('ended');
    expect(onServer.endedBy).to.equal('customer');
  });

  it('when the agent ends it, the server says so and the page shows it', async () => {
    const { el, conversation } = await chatting('Thanks, that is all');

    const ended = oneEvent(el, 'genesys-chat-ended');
    await sim.agentDisconnect(conversation.id);

    expect((await ended).detail.by).to.equal('agent');
    const onServer = await endedOnServer(conversation.id);
    expect(onServer.endedBy).to.equal('agent');
    expect(onServer.clearRequests).to.equal(0);
  });
});
