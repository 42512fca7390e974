import { expect, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { GenesysChat } from '../../src/index.js';
import { emulateFeatures } from '../helpers/emulation.js';
import { agentContent, quickReplies } from '../helpers/frames.js';
import { MockServer } from '../helpers/mock-server.js';
import { hasPart, mountChat, mountConnected, part } from './chat-fixture.js';

/** A connected chat with an agent's message, one of the visitor's, and the end dialog open or not. */
async function conversation(theme: string): Promise<GenesysChat> {
  const server = new MockServer();
  const el = await mountConnected(server, { theme });
  server.agentSays('How can I help?', 'Ada');
  el.send('Hello');
  await waitUntil(() => hasPart(el, 'message-agent') && hasPart(el, 'message-customer'));
  await el.updateComplete;
  return el;
}

/** What a system colour resolves to while forced colours are on. */
function systemColor(name: string): string {
  const probe = document.createElement('span');
  probe.style.color = name;
  document.body.append(probe);
  const color = getComputedStyle(probe).color;
  probe.remove();
  return color;
}

describe('<genesys-chat> themes: accessibility', () => {
  afterEach(() => emulateFeatures([]));

  for (const theme of ['light', 'dark']) {
    it(`is accessible in the ${theme} theme: conversation and end dialog`, async () => {
      const el = await conversation(theme);
      await expect(el).to.be.accessible();
      part(el, 'end-button').click();
      await el.updateComplete;
      await waitUntil(() => part<HTMLDialogElement>(el, 'end-dialog').open);
      await expect(el).to.be.accessible();
    });
  }

  for (const [theme, accent] of [['dark', '#3b2e8f'], ['light', '#ffd400'], ['dark', '#000000'], ['light', '#ffffff']] as const) {
    it(`keeps a site's ${accent} accent readable as text and outlines on the ${theme} theme (buttons, choices)`, async () => {
      const server = new MockServer();
      const el = await mountConnected(server, { theme });
      el.style.setProperty('--genesys-chat-accent', accent);
      server.sendToAll(agentContent(quickReplies('Yes', 'No'), { text: 'Anything else?' }));
      await waitUntil(() => hasPart(el, 'quick-reply'), 'no quick replies');
      el.send('Hello');
      await waitUntil(() => hasPart(el, 'end-button'));
      part(el, 'end-button').click();
      await el.updateComplete;
      await waitUntil(() => part<HTMLDialogElement>(el, 'end-dialog').open);
      await expect(el).to.be.accessible();
    });
  }

  it('is accessible with theme="auto" on a dark system', async () => {
    await emulateFeatures([{ name: 'prefers-color-scheme', value: 'dark' }]);
    await expect(await conversation('auto')).to.be.accessible();
  });

  it('honours forced colours (Windows high contrast): system colours, outlined launcher and messages, Highlight focus ring', async () => {
    await emulateFeatures([{ name: 'forced-colors', value: 'active' }]);
    const el = await conversation('dark');
    // Here the browser picks every text colour from the system palette (asserted below). axe reads text
    // colour from -webkit-text-fill-color, which Chromium reports unforced (the theme's), though it
    // paints the forced one: its contrast rule would judge colours nobody sees.
    await expect(el).to.be.accessible({ ignoredRules: ['color-contrast'] });
    const canvasText = systemColor('CanvasText');
    for (const node of [part(el, 'panel'), part(el, 'message-agent'), part(el, 'message-customer')]) {
      expect(getComputedStyle(node).borderTopStyle, node.getAttribute('part')!).to.equal('solid');
      expect(getComputedStyle(node).borderTopColor).to.equal(canvasText);
    }
    for (const node of [part(el, 'message-agent').querySelector('.text')!, part(el, 'message-customer').querySelector('.text')!, part(el, 'status'), el.shadowRoot!.getElementById('title')!]) {
      expect(getComputedStyle(node).color, node.className).to.equal(canvasText);
    }
  });

  it('in forced colours the launcher is outlined and its focus ring is the system highlight', async () => {
    await emulateFeatures([{ name: 'forced-colors', value: 'active' }]);
    const el = await mountChat(new MockServer(), { theme: 'dark' });
    await sendKeys({ press: 'Tab' });
    const launcher = part(el, 'launcher');
    expect(el.shadowRoot!.activeElement).to.equal(launcher);
    expect(getComputedStyle(launcher).outlineColor).to.equal(systemColor('Highlight'));
    expect(getComputedStyle(launcher).borderTopStyle).to.equal('solid');
    await expect(el).to.be.accessible({ ignoredRules: ['color-contrast'] });
  });
});
