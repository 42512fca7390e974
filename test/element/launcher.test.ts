import { expect, fixtureCleanup, waitUntil } from '@open-wc/testing';
import { emulateMedia } from '@web/test-runner-commands';
import type { GenesysChat } from '../../src/index.js';
import { openKey } from '../../src/session/session-key.js';
import { MockServer } from '../helpers/mock-server.js';
import { focused, hasPart, mountChat, mountConnected, part } from './chat-fixture.js';

/** The launcher's accessible name: its visually hidden label. */
const launcherName = (el: GenesysChat) => part(el, 'launcher').querySelector('.visually-hidden')!.textContent;

describe('<genesys-chat> launcher: close control, preview, open state', () => {
  afterEach(() => emulateMedia({ reducedMotion: 'no-preference' }));

  it('becomes the close control while the panel is open: a cross named "Minimise chat", aria-expanded', async () => {
    const server = new MockServer();
    const el = await mountConnected(server);
    const launcher = part(el, 'launcher');
    expect(launcher.getAttribute('aria-expanded')).to.equal('true');
    expect(launcherName(el)).to.equal('Minimise chat');
    launcher.click();
    await el.updateComplete;
    expect(el.opened).to.equal(false);
    expect(launcher.getAttribute('aria-expanded')).to.equal('false');
    expect(launcherName(el)).to.equal('Chat');
    expect(focused(el)).to.equal(launcher);
    await expect(el).to.be.accessible();
  });

  it('shows the newest message above the minimised launcher with the unread count; it describes the launcher and opens the chat', async () => {
    const server = new MockServer();
    const el = await mountConnected(server);
    el.minimize();
    await el.updateComplete;
    expect(hasPart(el, 'preview')).to.equal(false);
    server.agentSays('Are you still there?', 'Sam');
    server.agentSays('<b>I can help</b> with that', 'Sam');
    await waitUntil(() => hasPart(el, 'preview') && part(el, 'badge').textContent!.startsWith('2'));
    const preview = part(el, 'preview');
    expect(preview.textContent).to.equal('Sam <b>I can help</b> with that');
    expect(preview.querySelector('b')!.textContent).to.equal('Sam');
    expect(part(el, 'launcher').getAttribute('aria-describedby')).to.equal(preview.id);
    await expect(el).to.be.accessible();

    preview.click();
    await el.updateComplete;
    expect(el.opened).to.equal(true);
    expect(hasPart(el, 'preview')).to.equal(false);
    expect(hasPart(el, 'badge')).to.equal(false);
    expect(part(el, 'launcher').hasAttribute('aria-describedby')).to.equal(false);
  });

  it('comes back open after a reload or another page of the site when it was left open, without taking focus', async () => {
    const server = new MockServer();
    await mountConnected(server);
    expect(sessionStorage.getItem(openKey(server.deploymentId))).to.equal('1');
    fixtureCleanup();

    const el = await mountChat(server);
    await el.updateComplete;
    expect(el.opened).to.equal(true);
    expect(part(el, 'panel').hidden).to.equal(false);
    expect(focused(el)).to.equal(null);

    // Minimised, it stays minimised on the next page.
    el.minimize();
    await el.updateComplete;
    expect(sessionStorage.getItem(openKey(server.deploymentId))).to.equal(null);
    fixtureCleanup();
    expect((await mountChat(server)).opened).to.equal(false);
  });

  it('keeps the open state per deployment, and nothing with storage="none"', async () => {
    const open = new MockServer();
    await mountConnected(open);
    const other = new MockServer();
    expect((await mountChat(other)).opened).to.equal(false);
    fixtureCleanup();

    const none = new MockServer();
    const el = await mountChat(none, { storage: 'none' });
    el.open();
    await el.updateComplete;
    expect(sessionStorage.getItem(openKey(none.deploymentId))).to.equal(null);
    fixtureCleanup();
    expect((await mountChat(none, { storage: 'none' })).opened).to.equal(false);
  });

  it('moves the panel and the newest message in briefly, and not at all when the visitor asks for less motion', async () => {
    const server = new MockServer();
    const el = await mountConnected(server);
    const animated = () => part(el, 'panel').getAnimations({ subtree: true });
    const moving = animated();
    expect(moving.length).to.be.greaterThan(0);
    for (const animation of moving) {
      const properties = [...new Set((animation.effect as KeyframeEffect).getKeyframes().flatMap(k => Object.keys(k)))];
      expect(properties.filter(p => !['offset', 'computedOffset', 'easing', 'composite'].includes(p))).to.deep.equal(['transform']);
      expect(Number(animation.effect!.getTiming().duration)).to.be.at.most(250);
    }
    el.minimize();
    await el.updateComplete;
    await emulateMedia({ reducedMotion: 'reduce' });
    el.open();
    el.send('Hello');
    await el.updateComplete;
    expect(animated()).to.deep.equal([]);
  });
});
