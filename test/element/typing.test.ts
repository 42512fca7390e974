import { expect, waitUntil } from '@open-wc/testing';
import { agentTyping as typingEvent } from '../helpers/frames.js';
import { MockServer } from '../helpers/mock-server.js';
import { mountConnected, part } from './chat-fixture.js';


const typingFrames = (server: MockServer) =>
  server.received.filter(f => JSON.stringify(f['message'] ?? {}).includes('"eventType":"Typing"'));

describe('<genesys-chat> typing', () => {
  it('says, politely, who is typing, and stops when their message arrives', async () => {
    const server = new MockServer();
    const el = await mountConnected(server);
    const indicator = part(el, 'typing');
    expect(indicator.getAttribute('aria-live')).to.equal('polite');
    expect(indicator.textContent).to.equal('');

    server.sendToAll(typingEvent({ type: 'On', duration: 60_000 }, 'Ann'));
    await waitUntil(() => part(el, 'typing').textContent === 'Ann is typing…');
    await expect(el).to.be.accessible();

    server.agentSays('Here it is', 'Ann');
    await waitUntil(() => part(el, 'typing').textContent === '');
  });

  it('says "The agent is typing…" when the agent has no name, in the visitor\'s language', async () => {
    const server = new MockServer();
    const el = await mountConnected(server);
    el.strings = { agentTyping: 'Le conseiller écrit…' };
    server.sendToAll(typingEvent({ type: 'On', duration: 60_000 }));
    await waitUntil(() => part(el, 'typing').textContent === 'Le conseiller écrit…');
  });

  it('tells the agent the visitor is typing, once for a burst of keystrokes', async () => {
    const server = new MockServer();
    const el = await mountConnected(server);
    const input = part<HTMLTextAreaElement>(el, 'input');
    for (const value of ['H', 'He', 'Hel', 'Hell', 'Hello']) {
      input.value = value;
      input.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
    }
    // Frames arrive in order: once the message is in, every typing frame sent before it is too.
    el.send('Hello');
    await waitUntil(() => server.received.some(f => JSON.stringify(f['message'] ?? {}).includes('"text":"Hello"')));
    expect(typingFrames(server)).to.have.length(1);
    expect(typingFrames(server)[0]!['message']).to.deep.equal({ type: 'Event', events: [{ eventType: 'Typing', typing: { type: 'On' } }] });
  });
});
