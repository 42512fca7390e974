import { expect, nextFrame, oneEvent, waitUntil } from '@open-wc/testing';
import type { GenesysChatMessageEvent } from '../../src/index.js';
import { agentContent, deploymentConfig } from '../helpers/frames.js';
import { MockServer } from '../helpers/mock-server.js';
import { captureConsole, mountChat, mountConnected, mountConversing, part, parts, texts, typeAndPress, waitForStatus } from './chat-fixture.js';

const sentTexts = (server: MockServer) =>
  server.received
    .map(f => f['message'] as { type?: string; text?: string } | undefined)
    .filter(m => m?.type === 'Text')
    .map(m => m!.text);

describe('<genesys-chat> conversation', () => {
  it('sends on Enter, clears the field, and shows the message once, even after the echo', async () => {
    const server = new MockServer();
    const el = await mountConnected(server);
    const sent = oneEvent(el, 'genesys-chat-message');

    const enter = typeAndPress(el, 'Hello there');
    await el.updateComplete;

    expect(enter.defaultPrevented).to.equal(true);
    expect(part<HTMLTextAreaElement>(el, 'input').value).to.equal('');
    expect((await sent).detail).to.include({ direction: 'sent' });
    expect(texts(el, 'message-customer')).to.deep.equal(['Hello there']);
    expect(parts(el, 'message-customer')[0]).to.contain.text('Sending…');

    await waitUntil(() => !parts(el, 'message-customer')[0]!.textContent!.includes('Sending…'), 'the echo never confirmed it');
    expect(texts(el, 'message-customer')).to.deep.equal(['Hello there']);
    expect(parts(el, 'message-customer')[0]).to.contain.text('You');
    expect(sentTexts(server)).to.deep.equal(['Hello there']);
  });

  it('sends with the send button', async () => {
    const server = new MockServer();
    const el = await mountConnected(server);
    part<HTMLTextAreaElement>(el, 'input').value = 'By button';
    part(el, 'send-button').click();
    await el.updateComplete;
    expect(texts(el, 'message-customer')).to.deep.equal(['By button']);
    expect(part<HTMLTextAreaElement>(el, 'input').value).to.equal('');
  });

  it('keeps Shift+Enter as a new line, and sends nothing in the middle of an IME composition', async () => {
    const server = new MockServer();
    const el = await mountConnected(server);

    const shifted = typeAndPress(el, 'line one', { shiftKey: true });
    const composing = typeAndPress(el, 'にほんご', { isComposing: true });
    typeAndPress(el, '   ');
    await el.updateComplete;

    expect(shifted.defaultPrevented).to.equal(false);
    expect(composing.defaultPrevented).to.equal(false);
    expect(parts(el, 'message')).to.have.length(0);
    expect(part<HTMLTextAreaElement>(el, 'input').value).to.equal('   ');
  });

  it('shows multi-line text as typed', async () => {
    const server = new MockServer();
    const el = await mountConnected(server);
    el.send('first line\nsecond line');
    await el.updateComplete;
    const text = parts(el, 'message-customer')[0]!.querySelector('[data-text]')!;
    expect(text.textContent).to.equal('first line\nsecond line');
    expect(getComputedStyle(text).whiteSpace).to.equal('pre-wrap');
  });

  it('renders markup as text, never as HTML', async () => {
    const server = new MockServer();
    const el = await mountConnected(server);
    const markup = '<img src=x onerror="window.__pwned = true">';

    el.send(markup);
    server.agentSays('<b>bold</b><script>window.__pwned = true</script>', '<i>Eve</i>');
    await waitUntil(() => parts(el, 'message-agent').length === 1);

    expect(texts(el, 'message-customer')).to.deep.equal([markup]);
    expect(texts(el, 'message-agent')).to.deep.equal(['<b>bold</b><script>window.__pwned = true</script>']);
    expect(parts(el, 'message-agent')[0]).to.contain.text('<i>Eve</i>');
    expect(el.shadowRoot!.querySelector('img, b, i, script:not([type])')).to.equal(null);
    expect((window as { __pwned?: boolean }).__pwned).to.equal(undefined);
  });

  it('shows agent and bot messages with their sender', async () => {
    const server = new MockServer();
    const el = await mountConnected(server);
    const received = oneEvent(el, 'genesys-chat-message');

    server.agentSays('Hi! How can I help?', 'Ann');
    server.agentSays('No name here');
    server.agentSays('Beep', undefined, true);
    await waitUntil(() => parts(el, 'message').length === 3);

    const { detail } = (await received) as GenesysChatMessageEvent;
    expect(detail.direction).to.equal('received');
    expect(detail.message).to.include({ author: 'agent', text: 'Hi! How can I help?', senderName: 'Ann' });
    const [ann, anonymous] = parts(el, 'message-agent');
    expect(ann!.querySelector('.sender')).to.have.text('Ann');
    expect(anonymous!.querySelector('.sender')).to.have.text('Agent');
    expect(part(el, 'message-bot').querySelector('.sender')).to.have.text('Bot');
    expect(ann!.querySelector('time')!.getAttribute('datetime')).to.match(/^\d{4}-\d\d-\d\dT/);
    await expect(el).to.be.accessible();
  });

  it('styles rich content and markdown inside the widget', async () => {
    const server = new MockServer({ config: deploymentConfig({ markdown: true }) });
    const el = await mountConnected(server);
    server.agentSays('See **this**:\n\n```\nnpm install\n```');
    server.sendToAll(agentContent([{ contentType: 'QuickReply', quickReply: { text: 'Yes', payload: 'yes' } }], { text: 'Pick one', bot: false }));
    await waitUntil(() => parts(el, 'quick-reply').length === 1);
    // Laid out as the content rules say, not as the browser's defaults would.
    expect(getComputedStyle(el.shadowRoot!.querySelector('.rich')!).display).to.equal('flex');
    expect(getComputedStyle(part(el, 'quick-reply')).borderTopLeftRadius).to.equal('16px');
    await waitUntil(() => el.shadowRoot!.querySelector('.md pre'), 'markdown never rendered');
    expect(getComputedStyle(el.shadowRoot!.querySelector('.md pre')!).backgroundColor).to.not.equal('rgba(0, 0, 0, 0)');
    expect(getComputedStyle(el.shadowRoot!.querySelector('.md p')!).marginBlockEnd).to.equal('0px');
  });

  it('keeps the newest message in view when a picture in it loads after it was shown', async () => {
    const { origin } = (await (await fetch('/__simulator')).json()) as { origin: string };
    const server = new MockServer();
    const el = await mountConnected(server);
    for (let i = 0; i < 30; i++) server.agentSays(`Line ${i}`);
    await waitUntil(() => parts(el, 'message-agent').length === 30);
    server.sendToAll(agentContent([{ contentType: 'Attachment', attachment: { mediaType: 'Image', url: `${origin}/sim/files/sample.png?${Math.random()}`, filename: 'sample.png' } }], { text: 'Here it is', bot: false }));
    await waitUntil(() => parts(el, 'attachment-image').length === 1);
    const image = part<HTMLImageElement>(el, 'attachment-image');
    await waitUntil(() => image.complete && image.naturalHeight > 0, 'the picture never loaded');
    // Tall enough to push the newest line out of view if nothing followed it.
    expect(image.getBoundingClientRect().height).to.be.greaterThan(100);
    const log = part(el, 'transcript');
    await waitUntil(() => log.scrollHeight - log.scrollTop - log.clientHeight < 2, 'the newest message went out of view');
  });

  it('counts characters near the limit, and keeps a message that is too long in the field', async () => {
    const server = new MockServer();
    const el = await mountConnected(server);
    const input = part<HTMLTextAreaElement>(el, 'input');
    const type = async (text: string) => {
      input.value = text;
      input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
      await el.updateComplete;
    };
    await type('x'.repeat(3000));
    expect(parts(el, 'character-count')).to.have.length(0);
    await type('x'.repeat(3900));
    expect(part(el, 'character-count').textContent).to.equal('3900 of 4000 characters');
    expect(input.getAttribute('aria-describedby')).to.equal('character-count');
    expect(input.hasAttribute('aria-invalid')).to.equal(false);

    const error = oneEvent(el, 'genesys-chat-error');
    const warnings = captureConsole('warn');
    try {
      await type('x'.repeat(4001));
      expect(input.getAttribute('aria-invalid')).to.equal('true');
      await expect(el).to.be.accessible();
      typeAndPress(el, 'x'.repeat(4001));
      expect((await error).detail.code).to.equal('message-too-long');
    } finally {
      warnings.restore();
    }
    await el.updateComplete;
    expect(input.value).to.have.length(4001);
    expect(part(el, 'notice').textContent).to.contain('too long');
    expect(parts(el, 'message-customer')).to.have.length(0);
    expect(sentTexts(server)).to.have.length(0);
  });

  it('shows who wrote: the agent\'s picture when it is safe, and a badge for a named bot', async () => {
    const { origin } = (await (await fetch('/__simulator')).json()) as { origin: string };
    const picture = `${origin}/sim/files/sample.png`;
    const server = new MockServer();
    const el = await mountConnected(server);
    server.sendToAll(agentContent([], { text: 'Hi, I am Ann', bot: false, from: { nickname: 'Ann', image: picture } }));
    server.sendToAll(agentContent([], { text: 'Hi, I am Eve', bot: false, from: { nickname: 'Eve', image: 'javascript:alert(1)' } }));
    server.sendToAll(agentContent([], { text: 'Beep', bot: true, from: { nickname: 'Helper' } }));
    await waitUntil(() => parts(el, 'message').length === 3);
    const [ann, eve] = parts(el, 'message-agent');
    expect(ann!.querySelector<HTMLImageElement>('[part~="avatar"]')!.getAttribute('src')).to.equal(picture);
    // The agent's picture host learns nothing of the page the visitor is on.
    expect(ann!.querySelector<HTMLImageElement>('[part~="avatar"]')!.referrerPolicy).to.equal('no-referrer');
    expect(eve!.querySelector('[part~="avatar"]')).to.equal(null);
    const bot = part(el, 'message-bot');
    expect(bot.querySelector('.sender')!.textContent).to.contain('Helper');
    expect(bot.querySelector('[part~="bot-badge"]')!.textContent).to.equal('Bot');
    expect(ann!.querySelector('[part~="bot-badge"]')).to.equal(null);
    await expect(el).to.be.accessible();
  });

  it("says so when a message can't be shown", async () => {
    const server = new MockServer();
    const el = await mountConnected(server);
    server.sendToAll(agentContent([{ contentType: 'Carousel', carousel: {} }], { bot: true }));
    await waitUntil(() => parts(el, 'message-bot').length === 1);
    expect(texts(el, 'message-bot')).to.deep.equal(["This message can't be shown here."]);
  });

  it('marks a message the server refused as failed, warns, and the chat goes on', async () => {
    const warnings = captureConsole('warn');
    try {
      const server = new MockServer({ text: 'reject' });
      const el = await mountConnected(server);
      const error = oneEvent(el, 'genesys-chat-error');
      el.send('Too long, maybe');
      const { detail } = await error;
      expect(detail).to.include({ code: 'request-failed', recoverable: true, serverCode: 400 });
      await el.updateComplete;
      expect(parts(el, 'message-customer')[0]).to.contain.text('Not delivered');
      expect(warnings.calls[0]).to.match(/^<genesys-chat> request-failed: /);
      expect(el.state).to.equal('connected');
    } finally {
      warnings.restore();
    }
  });

  it('send() starts the conversation without opening the panel', async () => {
    const server = new MockServer();
    const el = await mountChat(server);
    const connected = oneEvent(el, 'genesys-chat-connected');
    el.send('Hello from a script');
    await connected;
    await waitUntil(() => sentTexts(server).length === 1);
    expect(sentTexts(server)).to.deep.equal(['Hello from a script']);
    expect(el.opened).to.equal(false);
  });

  it('follows new messages only while the visitor is at the bottom of the transcript', async () => {
    const server = new MockServer();
    const el = await mountConnected(server);
    const log = part(el, 'transcript');
    const atBottom = () => log.scrollHeight - log.scrollTop - log.clientHeight < 2;

    for (let i = 0; i < 40; i++) server.agentSays(`Message ${i}`, 'Ann');
    await waitUntil(() => parts(el, 'message').length === 40);
    await el.updateComplete;
    // The scroll happens in the frame that paints the update.
    await nextFrame();
    expect(log.scrollHeight).to.be.greaterThan(log.clientHeight);
    expect(atBottom()).to.equal(true);

    log.scrollTop = 0;
    await oneEvent(log, 'scroll');
    server.agentSays('While you were reading', 'Ann');
    await waitUntil(() => parts(el, 'message').length === 41);
    await el.updateComplete;
    await nextFrame();
    expect(log.scrollTop).to.equal(0);

    el.send('My own message brings me down');
    await el.updateComplete;
    await nextFrame();
    expect(atBottom()).to.equal(true);
  });

  it('renders only what changed: a new message leaves the DOM of the others untouched, and a plain one is lean', async () => {
    const server = new MockServer();
    const el = await mountConnected(server);
    for (let i = 0; i < 100; i++) server.agentSays(`Message ${i}`);
    await waitUntil(() => parts(el, 'message').length === 100);
    await el.updateComplete;
    const before = parts(el, 'message');
    const text = before[0]!.querySelector('[data-text]')!.firstChild;

    server.agentSays('One more');
    await waitUntil(() => parts(el, 'message').length === 101);
    await el.updateComplete;

    const after = parts(el, 'message');
    expect(after.slice(0, 100)).to.deep.equal(before);
    expect(after[0]!.querySelector('[data-text]')!.firstChild).to.equal(text);
    expect(texts(el).at(-1)).to.equal('One more');
    // Element, sender, text and time, each with its text: no markers, no whitespace nodes.
    const nodes = (node: Node): number => 1 + [...node.childNodes].reduce((n, child) => n + nodes(child), 0);
    expect(nodes(after[100]!)).to.be.at.most(8);
  });

  it('says "Reconnecting…" when the connection drops, the conversation can still be ended, and "Connected again"', async () => {
    const warnings = captureConsole('warn');
    try {
      const server = new MockServer();
      const el = await mountConversing(server);
      server.dropAll();
      await waitForStatus(el, /^Reconnecting…$/);
      expect(el.state).to.equal('reconnecting');
      expect(el.matches(':state(reconnecting)')).to.equal(true);
      expect(part(el, 'end-button')).to.exist;
      await expect(el).to.be.accessible();
      // Back online: no waiting out the backoff, and the visitor hears that it is back.
      window.dispatchEvent(new Event('online'));
      await waitForStatus(el, /^Connected again$/);
      expect(part(el, 'status').getAttribute('role')).to.equal('status');
    } finally {
      warnings.restore();
    }
  });

  it('fires bubbling, composed events that cross shadow roots', async () => {
    const server = new MockServer();
    const el = await mountChat(server);
    const host = document.createElement('div');
    el.replaceWith(host);
    host.attachShadow({ mode: 'open' }).append(el);
    const heard = oneEvent(document, 'genesys-chat-connected');
    el.open();
    const event = await heard;
    expect(event.bubbles).to.equal(true);
    expect(event.composed).to.equal(true);
  });
});

describe('<genesys-chat> answers without a tracingId (§4.9)', () => {
  const confirmed = (el: HTMLElement & { shadowRoot: ShadowRoot | null }) =>
    [...el.shadowRoot!.querySelectorAll('[part~="message-customer"]')].every(m => !m.textContent!.includes('Sending…'));

  it('shows a message echoed without a tracingId once, as sent, and never offers Send again', async () => {
    const server = new MockServer({ tagAnswers: false });
    const el = await mountConnected(server);
    el.send('Hello there');
    await el.updateComplete;
    await waitUntil(() => confirmed(el), 'the untagged echo never confirmed it');
    expect(texts(el, 'message-customer')).to.deep.equal(['Hello there']);
    expect(parts(el, 'message-customer')[0]).to.contain.text('You');
    expect(parts(el, 'message-customer')[0]).to.not.contain.text('Not delivered');
    expect(parts(el, 'retry-message-button')).to.have.length(0);
    expect(sentTexts(server)).to.deep.equal(['Hello there']);
  });

  it('sends the next message as soon as the untagged echo of the one before comes, each once', async () => {
    const server = new MockServer({ tagAnswers: false });
    const el = await mountConnected(server);
    el.send('one');
    el.send('two');
    el.send('one');
    await waitUntil(() => sentTexts(server).length === 3 && confirmed(el), `not all confirmed: ${sentTexts(server).join(', ')}`);
    expect(sentTexts(server)).to.deep.equal(['one', 'two', 'one']);
    expect(texts(el, 'message-customer')).to.deep.equal(['one', 'two', 'one']);
    expect(parts(el, 'retry-message-button')).to.have.length(0);
  });
});
