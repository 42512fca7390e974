import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { GenesysChat } from '../../src/index.js';
import { MockServer } from '../helpers/mock-server.js';
import { focused, mountChat, part, statusText, waitForStatus } from './chat-fixture.js';

describe('<genesys-chat> launcher and panel', () => {
  it('renders a launcher and a hidden panel, and opens no socket until the visitor opens it', async () => {
    const server = new MockServer();
    const el = await mountChat(server);

    const launcher = part(el, 'launcher');
    expect(launcher.getAttribute('aria-expanded')).to.equal('false');
    expect(launcher.getAttribute('aria-controls')).to.equal(part(el, 'panel').id);
    expect(launcher).to.have.trimmed.text('Chat');
    expect(part(el, 'panel').hidden).to.equal(true);
    expect(el.state).to.equal('idle');
    expect(el.matches(':state(idle)')).to.equal(true);
    el.send('   ');
    expect(server.socketsOpened).to.equal(0);
    await expect(el).to.be.accessible();
  });

  it('opens from the launcher: reflects `open`, focuses the input, connects and says so', async () => {
    const server = new MockServer();
    const el = await mountChat(server);
    const connected = oneEvent(el, 'genesys-chat-connected');

    part(el, 'launcher').click();
    await el.updateComplete;

    expect(el.hasAttribute('open')).to.equal(true);
    expect(el.opened).to.equal(true);
    expect(part(el, 'launcher').getAttribute('aria-expanded')).to.equal('true');
    expect(part(el, 'panel').hidden).to.equal(false);
    expect(focused(el)).to.equal(part(el, 'input'));
    expect(el.state).to.equal('connecting');
    const { detail } = await connected;
    expect(detail.newSession).to.equal(true);
    await waitForStatus(el, /^Connected$/);
    expect(el.state).to.equal('connected');
    expect(el.matches(':state(connected)')).to.equal(true);
    await expect(el).to.be.accessible();
  });

  it('is accessible open and idle, before the session is ready', async () => {
    const server = new MockServer();
    const el = await mountChat(server);
    el.open();
    await el.updateComplete;
    await expect(el).to.be.accessible();
  });

  it('minimises with its button and returns focus to the launcher; the conversation goes on', async () => {
    const server = new MockServer();
    const el = await mountChat(server);
    el.open();
    await oneEvent(el, 'genesys-chat-connected');

    part(el, 'minimize-button').click();
    await el.updateComplete;

    expect(el.hasAttribute('open')).to.equal(false);
    expect(part(el, 'panel').hidden).to.equal(true);
    expect(focused(el)).to.equal(part(el, 'launcher'));
    expect(el.state).to.equal('connected');
    expect(server.connections).to.equal(1);
  });

  it('minimises on Escape inside the panel', async () => {
    const server = new MockServer();
    const el = await mountChat(server);
    part(el, 'launcher').click();
    await el.updateComplete;
    expect(focused(el)).to.equal(part(el, 'input'));

    await sendKeys({ press: 'Escape' });
    await el.updateComplete;

    expect(el.opened).to.equal(false);
    expect(focused(el)).to.equal(part(el, 'launcher'));
  });

  it('toggles with the launcher and with open()/minimize()', async () => {
    const server = new MockServer();
    const el = await mountChat(server);
    el.open();
    await el.updateComplete;
    expect(el.hasAttribute('open')).to.equal(true);
    part(el, 'launcher').click();
    await el.updateComplete;
    expect(el.hasAttribute('open')).to.equal(false);
    el.open();
    await el.updateComplete;
    el.minimize();
    await el.updateComplete;
    expect(el.hasAttribute('open')).to.equal(false);
  });

  it('uses a socket factory set after the element was added', async () => {
    const server = new MockServer();
    const el = await fixture<GenesysChat>(html`<genesys-chat deployment-id=${server.deploymentId} endpoint=${server.endpoint}></genesys-chat>`);
    el.socketFactory = server.socketFactory;
    el.open();
    await oneEvent(el, 'genesys-chat-connected');
    expect(server.socketsOpened).to.equal(1);
  });

  it('connects at once when the `open` attribute is set', async () => {
    const server = new MockServer();
    const el = await mountChat(server, { open: true });
    await oneEvent(el, 'genesys-chat-connected');
    expect(part(el, 'panel').hidden).to.equal(false);
  });

  it('counts messages that arrive while minimised on the launcher', async () => {
    const server = new MockServer();
    const el = await mountChat(server);
    el.open();
    await oneEvent(el, 'genesys-chat-connected');
    el.minimize();
    await el.updateComplete;

    server.agentSays('Are you there?', 'Ann');
    await waitUntil(() => el.shadowRoot!.querySelector('[part~="badge"]'));
    // The count is shown; the launcher's name says it in words, in the singular for one.
    expect(part(el, 'badge').querySelector('[aria-hidden="true"]')).to.have.text('1');
    expect(part(el, 'launcher').querySelector('.badge .visually-hidden')).to.have.text('1 unread message');
    await expect(el).to.be.accessible();

    server.agentSays('Hello?', 'Ann');
    await waitUntil(() => part(el, 'badge').textContent?.includes('2 unread messages'), 'the badge never counted the second message');

    el.open();
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[part~="badge"]')).to.equal(null);
  });

  it('uses the strings given over the English ones', async () => {
    const server = new MockServer();
    const el = await fixture<GenesysChat>(html`<genesys-chat
      deployment-id=${server.deploymentId}
      endpoint=${server.endpoint}
      .socketFactory=${server.socketFactory}
      .strings=${{ title: 'Discutez avec nous', connected: 'Connecté' }}
    ></genesys-chat>`);
    el.open();
    await oneEvent(el, 'genesys-chat-connected');
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('#title')).to.have.text('Discutez avec nous');
    expect(statusText(el)).to.equal('Connecté');
    expect(part(el, 'send-button')).to.have.trimmed.text('Send');
  });
});
