// Imports the tag alone, as a page does: nothing of the conversation may be loaded by this file itself.
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../src/genesys-chat.js';
import type { GenesysChat } from '../../src/element/genesys-chat.element.js';

/**
 * Modules of the conversation part: the chat machine, xstate, the tab hub, the panel, rich content. The
 * names of the public states (machine/chat.state.ts) are the launcher's too.
 */
const CONVERSATION = /xstate|\/machine\/(?!chat\.state\.ts)|\/transport\/tab-|chat-panel|\/content\/|templates\/(panel|transcript|content)/;

const requested = () => performance.getEntriesByType('resource').map(entry => entry.name);

describe('<genesys-chat> first load', () => {
  it('loads the launcher alone for a visitor who has not opened the chat, and the conversation when opened', async () => {
    const deploymentId = crypto.randomUUID();
    const el = await fixture<GenesysChat>(html`<genesys-chat deployment-id=${deploymentId} endpoint="wss://first-load.genesys.test/v1"></genesys-chat>`);

    expect(el.shadowRoot!.querySelector('[part~="launcher"]')).to.exist;
    expect(el.state).to.equal('idle');
    expect(requested().filter(url => CONVERSATION.test(url))).to.deep.equal([]);
    await expect(el).to.be.accessible();

    el.socketFactory = () => ({ onopen: null, onmessage: null, onclose: null, onerror: null, readyState: 0, send() {}, close() {} });
    el.fetcher = () => Promise.reject(new Error('offline'));
    el.open();
    await el.updateComplete;
    expect(el.state).to.equal('connecting');
    await waitUntil(() => requested().some(url => CONVERSATION.test(url)), 'the conversation part was never loaded');
    expect(el.shadowRoot!.querySelector('[part~="composer"]')).to.exist;
    // Plain conversations never need the templates of rich content and markdown.
    expect(requested().filter(url => /templates\/(content|markdown|rich)|content\/markdown/.test(url))).to.deep.equal([]);
  });
});
