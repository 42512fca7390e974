import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { GenesysChat, GenesysChatErrorEvent } from '../../src/index.js';
import { contrast, inkOn, luminance, shadowColor } from '../helpers/contrast.js';
import { emulateFeatures } from '../helpers/emulation.js';
import { MockServer } from '../helpers/mock-server.js';
import { captureConsole, hasPart, mountChat, mountConnected, part } from './chat-fixture.js';

/** A connected chat with an agent's message and one of the visitor's. */
async function conversation(options: { theme?: string; style?: Record<string, string> } = {}): Promise<GenesysChat> {
  const server = new MockServer();
  const el = await mountConnected(server, options);
  for (const [name, value] of Object.entries(options.style ?? {})) el.style.setProperty(name, value);
  server.agentSays('How can I help?', 'Ada');
  el.send('Hello');
  await waitUntil(() => hasPart(el, 'message-agent') && hasPart(el, 'message-customer'));
  await el.updateComplete;
  return el;
}

const surfaceOf = (el: GenesysChat) => getComputedStyle(part(el, 'panel')).backgroundColor;

/** Every place text sits on a colour of the theme: [what, contrast]. */
function readings(el: GenesysChat): [string, number][] {
  const agent = part(el, 'message-agent');
  const customer = part(el, 'message-customer');
  const on = (what: string, node: Element, background = inkOn(node).background): [string, number] => [what, contrast(inkOn(node).color, background)];
  return [
    on('launcher', part(el, 'launcher')),
    on('header', part(el, 'header')),
    on('agent message', agent.querySelector('.text')!, inkOn(agent).background),
    on('agent message time', agent.querySelector('.meta')!, inkOn(agent).background),
    on('visitor message', customer.querySelector('.text')!, inkOn(customer).background),
    on('visitor message time', customer.querySelector('.meta')!, inkOn(customer).background),
    on('message field', part(el, 'input')),
    on('send button', part(el, 'send-button')),
  ];
}

function expectReadable(el: GenesysChat): void {
  for (const [what, ratio] of readings(el)) expect(ratio, what).to.be.at.least(4.5);
}

describe('<genesys-chat> themes', () => {
  let warnings: ReturnType<typeof captureConsole>;
  beforeEach(() => (warnings = captureConsole('warn')));
  afterEach(async () => {
    warnings.restore();
    await emulateFeatures([]);
    document.body.style.removeProperty('background');
  });

  it('is light by default, and with theme="light"', async () => {
    for (const theme of [undefined, 'light']) {
      const el = await conversation(theme ? { theme } : {});
      expect(luminance(surfaceOf(el)), String(theme)).to.be.above(0.9);
      expectReadable(el);
      el.remove();
    }
  });

  it('theme="dark" shows a dark panel whose every text reads at 4.5:1', async () => {
    const el = await conversation({ theme: 'dark' });
    expect(luminance(surfaceOf(el))).to.be.below(0.05);
    expectReadable(el);
  });

  const systemScheme = (value: 'light' | 'dark') => emulateFeatures([{ name: 'prefers-color-scheme', value }]);
  const isDark = (el: GenesysChat) => luminance(surfaceOf(el)) < 0.05;

  it('theme="auto" follows prefers-color-scheme, as it changes', async () => {
    await systemScheme('dark');
    const el = await conversation({ theme: 'auto' });
    expect(isDark(el)).to.equal(true);
    expectReadable(el);
    await systemScheme('light');
    expect(luminance(surfaceOf(el))).to.be.above(0.9);
    expectReadable(el);
  });

  it('light and dark ignore prefers-color-scheme; the property reflects', async () => {
    await systemScheme('dark');
    const el = await conversation({ theme: 'light' });
    expect(isDark(el)).to.equal(false);
    await systemScheme('light');
    el.theme = 'dark';
    await el.updateComplete;
    expect(el.getAttribute('theme')).to.equal('dark');
    expect(isDark(el)).to.equal(true);
  });

  it('a wrong theme warns (event and console) and shows the light theme; the chat goes on', async () => {
    const server = new MockServer();
    const events: GenesysChatErrorEvent[] = [];
    const el = await fixture<GenesysChat>(html`<genesys-chat
      deployment-id=${server.deploymentId}
      endpoint=${server.endpoint}
      theme="purple"
      .socketFactory=${server.socketFactory}
      .fetcher=${server.fetcher}
      @genesys-chat-error=${(e: GenesysChatErrorEvent) => events.push(e)}
    ></genesys-chat>`);
    const connected = oneEvent(el, 'genesys-chat-connected');
    el.open();
    await connected;
    await el.updateComplete;

    expect(events).to.have.length(1);
    expect(events[0]!.detail).to.include({ code: 'invalid-config', recoverable: true });
    expect(events[0]!.detail.message).to.equal('theme "purple" must be light, dark or auto; using light.');
    expect(warnings.calls).to.deep.equal(['<genesys-chat> invalid-config: theme "purple" must be light, dark or auto; using light.']);
    expect(el.state).to.equal('connected');
    expect(luminance(surfaceOf(el))).to.be.above(0.9);

    el.theme = 'dark';
    await el.updateComplete;
    expect(events).to.have.length(1);
    expect(luminance(surfaceOf(el))).to.be.below(0.05);
  });

  it('a dark palette set through the custom properties keeps agent messages and muted text readable', async () => {
    const el = await conversation({ style: { '--genesys-chat-surface': '#121417', '--genesys-chat-text': '#f2f4f7' } });
    expect(luminance(surfaceOf(el))).to.be.below(0.05);
    expectReadable(el);
  });

  const ACCENTS = ['#ffd400', '#ffffff', '#000000', '#777777', '#767676', '#0b5cad', '#1a73e8', '#5cadff', '#d0021b', '#e4002b', '#ff5a5f', 'oklch(0.75 0.18 150)'];
  for (const theme of ['light', 'dark']) {
    it(`text on the accent colour reads at 4.5:1 whatever the accent (${theme})`, async () => {
      const el = await conversation({ theme });
      for (const accent of ACCENTS) {
        el.style.setProperty('--genesys-chat-accent', accent);
        for (const [what, ratio] of readings(el)) expect(ratio, `${what} on ${accent}`).to.be.at.least(4.5);
      }
    });
  }

  it('an on-accent colour the site sets wins over the automatic one', async () => {
    const el = await conversation({ style: { '--genesys-chat-accent': '#ffd400', '--genesys-chat-on-accent': '#3b0a45' } });
    expect(inkOn(part(el, 'launcher')).color).to.equal('rgb(59, 10, 69)');
    expect(inkOn(part(el, 'message-customer')).color).to.equal('rgb(59, 10, 69)');
  });

  for (const [page, background] of [
    ['light', '#ffffff'],
    ['dark', '#111111'],
    ['mid grey', '#777777'],
  ] as const) {
    for (const theme of ['light', 'dark']) {
      it(`the launcher's focus ring shows on a ${page} page (${theme} theme)`, async () => {
        document.body.style.background = background;
        const el = await mountChat(new MockServer(), { theme });
        await sendKeys({ press: 'Tab' });
        const launcher = part(el, 'launcher');
        expect(el.shadowRoot!.activeElement).to.equal(launcher);
        const style = getComputedStyle(launcher);
        expect(style.outlineStyle).to.equal('solid');
        const halo = shadowColor(launcher);
        // The ring and its halo differ, and one of them stands out from the page (WCAG 1.4.11, 3:1).
        expect(contrast(style.outlineColor, halo)).to.be.at.least(3);
        expect(Math.max(contrast(style.outlineColor, background), contrast(halo, background))).to.be.at.least(3);
      });
    }
  }
});
