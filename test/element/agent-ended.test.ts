import { expect, oneEvent, waitUntil } from '@open-wc/testing';
import { agentDisconnect } from '../helpers/frames.js';
import { MockServer } from '../helpers/mock-server.js';
import { hasPart, mountConnected, part, statusText } from './chat-fixture.js';

describe('<genesys-chat> when the agent ends the conversation', () => {
  it('in Send mode: says so, hides End chat, and the visitor can write again', async () => {
    const server = new MockServer();
    const el = await mountConnected(server);
    const ended = oneEvent(el, 'genesys-chat-ended');
    server.sendToAll(agentDisconnect(false));
    expect((await ended).detail).to.deep.equal({ by: 'agent', attempts: 0, readOnly: false });
    await waitUntil(() => /agent ended the conversation/i.test(statusText(el)));
    expect(hasPart(el, 'end-button')).to.equal(false);
    expect(hasPart(el, 'input')).to.equal(true);
    await expect(el).to.be.accessible();

    el.send('One more question');
    await el.updateComplete;
    expect(hasPart(el, 'end-button')).to.equal(true);
  });

  it('in ReadOnly mode: replaces the composer with "Start a new conversation", which starts one', async () => {
    const server = new MockServer();
    const el = await mountConnected(server);
    server.sendToAll(agentDisconnect(true));
    await waitUntil(() => hasPart(el, 'new-conversation-button'));
    expect(hasPart(el, 'input')).to.equal(false);
    expect(statusText(el)).to.match(/agent ended the conversation/i);
    await expect(el).to.be.accessible();

    const connected = oneEvent(el, 'genesys-chat-connected');
    part(el, 'new-conversation-button').click();
    await connected;
    await el.updateComplete;
    expect(hasPart(el, 'input')).to.equal(true);
    const configures = server.received.filter(f => f['action'] === 'configureSession');
    expect(configures.at(-1)).to.include({ startNew: true });
  });
});
