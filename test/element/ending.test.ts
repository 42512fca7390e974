import { expect, fixtureCleanup, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { GenesysChat } from '../../src/index.js';
import { MockServer } from '../helpers/mock-server.js';
import { captureConsole, focused, hasPart, mountChat, mountConnected, mountConversing, part, parts, statusText, texts, waitForStatus } from './chat-fixture.js';

const dialogOf = (el: GenesysChat) => part<HTMLDialogElement>(el, 'end-dialog');

async function confirmEnd(el: GenesysChat): Promise<void> {
  await el.updateComplete;
  part(el, 'end-button').click();
  await el.updateComplete;
  part(el, 'confirm-end-button').click();
  await el.updateComplete;
}

/** A message round trip: everything the widget sent before it has reached the server. */
async function roundTrip(el: GenesysChat, server: MockServer): Promise<void> {
  const before = server.received.length;
  el.send(`sync ${before}`);
  await waitUntil(() => server.received.length > before, 'the server never heard from the widget');
}

describe('<genesys-chat> ending', () => {
  let errors: ReturnType<typeof captureConsole>;
  beforeEach(() => (errors = captureConsole('error')));
  afterEach(() => errors.restore());

  it('asks first: the dialog takes focus, says what ending means, and Escape cancels without sending', async () => {
    const server = new MockServer();
    const el = await mountConversing(server);

    part(el, 'end-button').click();
    await el.updateComplete;

    const dialog = dialogOf(el);
    expect(dialog.open).to.equal(true);
    expect(dialog.matches(':modal')).to.equal(true);
    expect(dialog.contains(focused(el))).to.equal(true);
    expect(el.shadowRoot!.getElementById(dialog.getAttribute('aria-describedby')!)).to.contain.text(
      "The agent will be told you left, and this conversation can't be continued.",
    );
    expect(el.shadowRoot!.getElementById(dialog.getAttribute('aria-labelledby')!)).to.exist;
    await expect(el).to.be.accessible();

    await sendKeys({ press: 'Escape' });
    await waitUntil(() => focused(el) === part(el, 'end-button'), 'focus did not return to End chat');
    expect(dialog.open).to.equal(false);
    expect(el.opened).to.equal(true);

    await roundTrip(el, server);
    expect(server.clears).to.have.length(0);
    expect(el.state).to.equal('connected');
  });

  it('Cancel closes the dialog, returns focus and sends nothing', async () => {
    const server = new MockServer();
    const el = await mountConversing(server);
    part(el, 'end-button').click();
    await el.updateComplete;
    // The safe choice has focus: Enter or Space keeps the conversation.
    expect(focused(el)).to.equal(part(el, 'cancel-end-button'));

    part(el, 'cancel-end-button').click();
    await waitUntil(() => focused(el) === part(el, 'end-button'));
    expect(dialogOf(el).open).to.equal(false);
    await roundTrip(el, server);
    expect(server.clears).to.have.length(0);
  });

  it('confirming shows "Ending…", then "Conversation ended" once the server acknowledges', async () => {
    const server = new MockServer();
    const el = await mountConnected(server);
    el.send('Bye');
    const ending = oneEvent(el, 'genesys-chat-ending');
    const ended = oneEvent(el, 'genesys-chat-ended');

    await confirmEnd(el);

    expect(statusText(el)).to.equal('Ending the conversation…');
    expect(el.state).to.equal('ending');
    expect(el.matches(':state(ending)')).to.equal(true);
    expect(part<HTMLTextAreaElement>(el, 'input').disabled).to.equal(true);
    expect(hasPart(el, 'end-button')).to.equal(false);
    expect((await ending).detail).to.deep.equal({ attempt: 1 });

    const { detail } = await ended;
    expect(detail.by).to.equal('customer');
    expect(detail.attempts).to.equal(1);
    expect(detail.latency).to.be.a('number').and.at.least(0);
    await el.updateComplete;
    expect(statusText(el)).to.equal('Conversation ended');
    expect(part(el, 'new-conversation-button')).to.have.trimmed.text('Start a new conversation');
    expect(hasPart(el, 'composer')).to.equal(false);
    expect(el.state).to.equal('closed');
    expect(server.clears).to.have.length(1);
    await waitUntil(() => focused(el) === part(el, 'launcher'), 'focus was lost after the dialog closed');
    await expect(el).to.be.accessible();
  });

  it('keeps saying "Ending…" while the acknowledgement is withheld, and never says ended', async () => {
    const server = new MockServer({ clear: 'withhold' });
    const el = await mountConversing(server);
    let ended = false;
    el.addEventListener('genesys-chat-ended', () => (ended = true));

    await confirmEnd(el);
    await waitUntil(() => server.clears.length === 1, 'Clear was never sent');
    await el.updateComplete;

    expect(statusText(el)).to.equal('Ending the conversation…');
    expect(part(el, 'status').getAttribute('role')).to.equal('status');
    expect(el.state).to.equal('ending');
    expect(ended).to.equal(false);
    await expect(el).to.be.accessible();
  });

  it('endConversation() resolves with the report when the server acknowledges', async () => {
    const server = new MockServer();
    const el = await mountConnected(server);
    const report = await el.endConversation();
    expect(report).to.include({ by: 'customer', attempts: 1 });
    expect(el.state).to.equal('closed');
  });

  it('endConversation() resolves at once when there is no conversation, or it is over', async () => {
    const server = new MockServer();
    const el = await mountChat(server);
    expect(await el.endConversation()).to.deep.equal({ by: 'customer', attempts: 0 });
    expect(server.socketsOpened).to.equal(0);

    el.open();
    await oneEvent(el, 'genesys-chat-connected');
    await el.endConversation();
    expect(await el.endConversation()).to.deep.equal({ by: 'customer', attempts: 0 });
    expect(server.clears).to.have.length(1);
  });

  it("explains a deployment that can't be ended from here, and goes back to the conversation", async () => {
    const server = new MockServer({ clear: 'forbid' });
    const el = await mountConversing(server);
    const error = oneEvent(el, 'genesys-chat-error');

    await confirmEnd(el);

    const { detail } = await error;
    expect(detail).to.include({ code: 'clear-not-supported', recoverable: false, serverCode: 403 });
    await el.updateComplete;
    expect(statusText(el)).to.match(/This chat can't be ended from here\. The agent can end it\./);
    expect(part(el, 'error').getAttribute('role')).to.equal('alert');
    expect(errors.calls[0]).to.match(/^<genesys-chat> clear-not-supported: /);
    expect(el.state).to.equal('error');
    expect(hasPart(el, 'retry-button')).to.equal(false);
    await expect(el).to.be.accessible();

    const connected = oneEvent(el, 'genesys-chat-connected');
    part(el, 'back-button').click();
    await connected;
    await el.updateComplete;
    expect(el.state).to.equal('connected');
    expect(hasPart(el, 'error')).to.equal(false);
    el.send('Never mind');
    await el.updateComplete;
    expect(texts(el, 'message-customer')).to.deep.equal(['Hello', 'Never mind']);
  });

  it('takes a refusal without a tracingId for the Clear\'s, as Genesys sends it (§5.2)', async () => {
    const server = new MockServer({ clear: 'forbid', tagAnswers: false });
    const el = await mountConnected(server);
    const error = await el.endConversation().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).to.be.instanceOf(Error).and.include({ name: 'GenesysChatError', code: 'clear-not-supported', serverCode: 403 });
    expect(server.clears).to.have.length(1);
  });

  it('endConversation() rejects with a GenesysChatError when ending is not allowed', async () => {
    const server = new MockServer({ clear: 'forbid' });
    const el = await mountConnected(server);
    const error = await el.endConversation().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).to.be.instanceOf(Error).and.include({ name: 'GenesysChatError', code: 'clear-not-supported', serverCode: 403 });
  });

  it('shows a refused connection as an error with Try again', async () => {
    const server = new MockServer();
    server.stop();
    const el = await mountChat(server);
    const error = oneEvent(el, 'genesys-chat-error');
    el.open();
    expect((await error).detail.code).to.equal('connection-refused');
    await el.updateComplete;
    expect(statusText(el)).to.match(/couldn't connect/);
    expect(part(el, 'retry-button')).to.have.trimmed.text('Try again');
    expect(hasPart(el, 'back-button')).to.equal(false);
    expect(hasPart(el, 'end-button')).to.equal(false);
    await expect(el).to.be.accessible();
  });

  it('never sends Clear on minimise or removal: the socket just closes with 1000', async () => {
    const server = new MockServer();
    const el = await mountConnected(server);
    el.send('Still there?');
    el.minimize();
    await el.updateComplete;
    await roundTrip(el, server);

    el.remove();
    await waitUntil(() => server.closeCodes.length === 1, 'the socket was not closed');
    expect(server.closeCodes).to.deep.equal([1000]);
    expect(server.clears).to.have.length(0);
  });

  it('keeps the conversation when the element is moved in the DOM', async () => {
    const server = new MockServer();
    const el = await mountConnected(server);
    const elsewhere = document.createElement('div');
    el.parentElement!.append(elsewhere);

    elsewhere.append(el);
    await roundTrip(el, server);

    expect(server.socketsOpened).to.equal(1);
    expect(server.closeCodes).to.deep.equal([]);
    expect(el.state).to.equal('connected');
  });

  it('resumes a stored session after a reload without being opened', async () => {
    const server = new MockServer();
    const first = await mountConnected(server);
    await roundTrip(first, server);
    // Minimised before the reload: a panel left open would open again (see the launcher's tests).
    first.minimize();
    await first.updateComplete;
    fixtureCleanup();

    const second = await mountChat(server);
    const { detail } = await oneEvent(second, 'genesys-chat-connected');
    expect(detail.newSession).to.equal(false);
    expect(second.opened).to.equal(false);
    const tokens = new Set(server.received.filter(f => f['action'] === 'configureSession').map(f => f['token']));
    expect(tokens.size).to.equal(1);
    expect(server.clears).to.have.length(0);
  });

  it('finishes an end that a reload interrupted', async () => {
    const server = new MockServer({ clear: 'withhold' });
    const first = await mountConversing(server);
    await confirmEnd(first);
    await waitUntil(() => server.clears.length === 1, 'Clear was never sent');
    fixtureCleanup();

    server.clear = 'ack';
    const second = await mountChat(server);
    await oneEvent(second, 'genesys-chat-ended');
    await second.updateComplete;
    expect(second.state).to.equal('closed');
    expect(server.clears).to.have.length(2);
  });

  it('starts a new conversation after one ended', async () => {
    const server = new MockServer();
    const el = await mountConnected(server);
    el.send('First conversation');
    await el.endConversation();
    await el.updateComplete;

    const connected = oneEvent(el, 'genesys-chat-connected');
    part(el, 'new-conversation-button').click();
    const { detail } = await connected;
    await el.updateComplete;

    expect(detail.newSession).to.equal(true);
    expect(el.state).to.equal('connected');
    expect(parts(el, 'message')).to.have.length(0);
    expect(focused(el)).to.equal(part(el, 'input'));
    await waitForStatus(el, /^Connected$/);
  });

  it('startNewConversation() does the same from a script', async () => {
    const server = new MockServer();
    const el = await mountConnected(server);
    await el.endConversation();
    const connected = oneEvent(el, 'genesys-chat-connected');
    el.startNewConversation();
    expect((await connected).detail.newSession).to.equal(true);
  });
});
