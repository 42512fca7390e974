import { expect, nextFrame, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { GenesysChat } from '../../src/index.js';
import { TRANSCRIPT_WINDOW } from '../../src/element/controllers/transcript-window.js';
import { CHUNK_SIZE } from '../../src/transcript/transcript.js';
import { deploymentConfig } from '../helpers/frames.js';
import { MockServer } from '../helpers/mock-server.js';
import { SessionStore } from '../../src/session/session-store.js';
import { focused, hasPart, mountChat, mountConnected, part, parts, texts } from './chat-fixture.js';

/** Layout reads that force the browser to lay out synchronously. */
const LAYOUT_GETTERS: [object, string][] = [
  [Element.prototype, 'scrollHeight'],
  [Element.prototype, 'scrollTop'],
  [Element.prototype, 'scrollWidth'],
  [Element.prototype, 'clientHeight'],
  [Element.prototype, 'clientWidth'],
  [HTMLElement.prototype, 'offsetHeight'],
  [HTMLElement.prototype, 'offsetWidth'],
  [HTMLElement.prototype, 'offsetTop'],
];

/** The transcript renders whole chunks: at least `atLeast` messages and less than a chunk more. Returns how many. */
function expectWindow(el: GenesysChat, atLeast: number): number {
  const shown = parts(el, 'message').length;
  expect(shown).to.be.within(atLeast, atLeast + CHUNK_SIZE - 1);
  return shown;
}

/** Counts layout reads made while `el` updates (render, commit, and the update hooks). */
function countLayoutReadsDuringUpdates(el: GenesysChat) {
  const reads: string[] = [];
  let updating = false;
  const restore: (() => void)[] = [];
  for (const [proto, name] of LAYOUT_GETTERS) {
    const descriptor = Object.getOwnPropertyDescriptor(proto, name)!;
    Object.defineProperty(proto, name, {
      ...descriptor,
      get(this: Element) {
        if (updating) reads.push(name);
        return descriptor.get!.call(this);
      },
    });
    restore.push(() => Object.defineProperty(proto, name, descriptor));
  }
  for (const name of ['getBoundingClientRect', 'getClientRects'] as const) {
    const original = Element.prototype[name] as (this: Element) => unknown;
    Element.prototype[name] = function (this: Element) {
      if (updating) reads.push(name);
      return original.call(this);
    } as never;
    restore.push(() => (Element.prototype[name] = original as never));
  }
  const host = el as unknown as { performUpdate(): void };
  const performUpdate = host.performUpdate;
  host.performUpdate = function (this: unknown) {
    updating = true;
    try {
      performUpdate.call(this);
    } finally {
      updating = false;
    }
  };
  let updates = 0;
  const update = (el as unknown as { update(changed: unknown): void }).update;
  (el as unknown as { update(changed: unknown): void }).update = function (this: unknown, changed: unknown) {
    updates++;
    update.call(this, changed);
  };
  return {
    reads,
    get updates() {
      return updates;
    },
    restore: () => {
      restore.forEach(r => r());
      delete (host as { performUpdate?: unknown }).performUpdate;
      delete (el as unknown as { update?: unknown }).update;
    },
  };
}

describe('<genesys-chat> rendering', () => {
  it('reads no layout while it renders: messages arriving, sending, minimising and opening', async () => {
    const server = new MockServer();
    const el = await mountConnected(server);
    const probe = countLayoutReadsDuringUpdates(el);
    try {
      for (let i = 0; i < 60; i++) server.agentSays(`Message ${i}`, 'Ann');
      await waitUntil(() => parts(el, 'message').length === 60);
      el.send('Thanks');
      await el.updateComplete;
      el.minimize();
      await el.updateComplete;
      server.agentSays('While minimised');
      await waitUntil(() => texts(el).includes('While minimised'));
      el.open();
      await el.updateComplete;
      await nextFrame();
      expect(probe.updates).to.be.greaterThan(3);
      expect(probe.reads).to.deep.equal([]);
    } finally {
      probe.restore();
    }
    // It still follows the newest message, from the frame after the update.
    const log = part(el, 'transcript');
    expect(log.scrollHeight - log.scrollTop - log.clientHeight).to.be.below(2);
  });

  it('renders a burst of 1,000 messages a handful of times, not 1,000', async () => {
    const server = new MockServer();
    const el = await mountConnected(server);
    const probe = countLayoutReadsDuringUpdates(el);
    const heard: string[] = [];
    el.addEventListener('genesys-chat-message', e => heard.push(e.detail.message.text));
    try {
      // Each WebSocket message is a task of its own, as in a browser.
      for (let i = 0; i < 1000; i++) setTimeout(() => server.agentSays(`Burst ${i}`));
      await waitUntil(() => texts(el).at(-1) === 'Burst 999', 'the burst never showed');
      await el.updateComplete;
      expect(heard).to.have.length(1000);
      expect(probe.updates).to.be.within(1, 6);
      expectWindow(el, TRANSCRIPT_WINDOW);
    } finally {
      probe.restore();
    }
  });

  it(`renders the newest ${TRANSCRIPT_WINDOW} messages; "Load earlier messages" shows more, by keyboard too`, async () => {
    const server = new MockServer();
    const el = await mountConnected(server);
    const total = TRANSCRIPT_WINDOW * 3;
    for (let i = 0; i < total; i++) server.agentSays(`Message ${i}`);
    await waitUntil(() => texts(el).at(-1) === `Message ${total - 1}`, 'the last message never showed');
    await el.updateComplete;
    const first = expectWindow(el, TRANSCRIPT_WINDOW);
    expect(texts(el)[0]).to.equal(`Message ${total - first}`);
    await expect(el).to.be.accessible();

    const button = part<HTMLButtonElement>(el, 'load-earlier-button');
    expect(button.tagName).to.equal('BUTTON');
    expect(button.textContent).to.match(/load earlier messages/i);
    button.focus();
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    const second = expectWindow(el, first + TRANSCRIPT_WINDOW);
    expect(second).to.be.below(total);
    expect(texts(el)[0]).to.equal(`Message ${total - second}`);
    // The control stays where it was, and keeps focus, while there is more to show.
    expect(focused(el)).to.equal(part(el, 'load-earlier-button'));

    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    expect(parts(el, 'message')).to.have.length(total);
    expect(texts(el)[0]).to.equal('Message 0');
    // Everything is shown and the server has no earlier pages: nothing more is offered.
    expect(hasPart(el, 'load-earlier-button')).to.equal(false);
    await expect(el).to.be.accessible();
  });

  it('goes back to the newest messages alone when one arrives while the visitor follows them', async () => {
    const server = new MockServer();
    const el = await mountConnected(server);
    const total = TRANSCRIPT_WINDOW + CHUNK_SIZE * 2;
    for (let i = 0; i < total; i++) server.agentSays(`Message ${i}`);
    await waitUntil(() => texts(el).at(-1) === `Message ${total - 1}`);
    part(el, 'load-earlier-button').click();
    await el.updateComplete;
    expect(parts(el, 'message')).to.have.length(total);

    // The visitor is back at the newest messages when the next one comes.
    await nextFrame();
    const log = part(el, 'transcript');
    log.scrollTop = log.scrollHeight;
    log.dispatchEvent(new Event('scroll'));
    server.agentSays('And another');
    await waitUntil(() => texts(el).at(-1) === 'And another');
    expectWindow(el, TRANSCRIPT_WINDOW);
  });

  it('keeps the place of what the visitor reads when earlier messages come in above it, also from the very top', async () => {
    const server = new MockServer();
    const el = await mountConnected(server);
    const total = TRANSCRIPT_WINDOW + 50;
    for (let i = 0; i < total; i++) server.agentSays(`Message ${i}`);
    await waitUntil(() => texts(el).at(-1) === `Message ${total - 1}`);
    await el.updateComplete;
    await nextFrame();
    const log = part(el, 'transcript');
    // The words read: the first message's name goes once earlier messages of its run show above it.
    const reading = parts(el, 'message')[0]!.querySelector('[data-text]')!;
    const offset = () => reading.getBoundingClientRect().top - log.getBoundingClientRect().top;
    // At the top, scrolling shows the earlier messages; the visitor goes on scrolling meanwhile.
    log.scrollTop = 0;
    const before = offset();
    await oneEvent(log, 'scroll');
    log.dispatchEvent(new Event('scroll'));
    await el.updateComplete;
    await nextFrame();
    await nextFrame();
    expect(parts(el, 'message')).to.have.length(total);
    expect(log.scrollTop).to.be.greaterThan(0);
    expect(Math.abs(offset() - before)).to.be.below(2);
  });

  it('never takes back what "Load earlier messages" showed while the visitor stays at the newest messages', async () => {
    const server = new MockServer();
    // The server's history: 300 messages, newest first, paged 25 at a time.
    server.history = Array.from({ length: 300 }, (_, i) => {
      const n = 299 - i;
      return { id: `h${n}`, type: 'Text', text: `Old ${n}`, direction: 'Outbound', originatingEntity: 'Human', channel: { time: new Date(Date.UTC(2026, 0, 1, 0, n)).toISOString() } };
    });
    // A reload: the conversation resumes, with its history.
    (await mountConnected(server)).remove();
    const el = await mountChat(server);
    el.open();
    await waitUntil(() => texts(el).at(-1) === 'Old 299', 'the newest page never came');
    const counts = [parts(el, 'message').length];
    for (let press = 0; press < 10 && hasPart(el, 'load-earlier-button'); press++) {
      const shown = parts(el, 'message').length;
      part(el, 'load-earlier-button').click();
      await waitUntil(() => parts(el, 'message').length > shown, `press ${press + 1} showed nothing more`);
      counts.push(parts(el, 'message').length);
    }
    expect(counts).to.deep.equal([...counts].sort((a, b) => a - b));
    expect(counts.at(-1)).to.be.greaterThan(TRANSCRIPT_WINDOW);
  });

  it('can be used before it is in the page: an end with nothing to end resolves at once, and opening waits for the page', async () => {
    const server = new MockServer();
    const el = document.createElement('genesys-chat');
    el.setAttribute('deployment-id', server.deploymentId);
    el.setAttribute('endpoint', server.endpoint);
    el.socketFactory = server.socketFactory;
    el.fetcher = server.fetcher;
    expect(await el.endConversation()).to.deep.equal({ by: 'customer', attempts: 0 });
    const connected = oneEvent(el, 'genesys-chat-connected');
    el.open();
    document.body.append(el);
    try {
      await connected;
      await el.updateComplete;
      expect(part(el, 'panel').hidden).to.equal(false);
      expect(el.state).to.equal('connected');
    } finally {
      el.remove();
    }
  });

  it('moves focus at once when opened again while open', async () => {
    const server = new MockServer();
    const el = await mountConnected(server);
    const outside = document.createElement('input');
    document.body.append(outside);
    try {
      outside.focus();
      el.open();
      await el.updateComplete;
      expect(focused(el)).to.equal(part(el, 'input'));
    } finally {
      outside.remove();
    }
  });

  it('a returning visitor whose session is gone starts no conversation until opening the chat', async () => {
    const server = new MockServer({ config: deploymentConfig({ autoStart: true }) });
    // A token from an earlier visit that the server no longer knows.
    new SessionStore(server.deploymentId).write({ token: crypto.randomUUID(), endRequested: false });
    const joins = () => server.received.filter(f => (f['message'] as { events?: { presence?: { type?: string } }[] } | undefined)?.events?.[0]?.presence?.type === 'Join');
    const el = await mountChat(server);
    await waitUntil(() => el.state === 'connected', 'the stored session was not resumed');
    await waitUntil(() => server.fetched.some(url => url.endsWith('/config.json')));
    await el.updateComplete;
    expect(joins()).to.have.length(0);
    el.open();
    await waitUntil(() => joins().length === 1, 'opening the chat did not start the conversation');
  });

  it('a returning visitor whose stored session has expired connects nothing until opening the chat', async () => {
    const server = new MockServer({ config: deploymentConfig({ autoStart: true }) });
    const token = crypto.randomUUID();
    new SessionStore(server.deploymentId).write({ token, endRequested: false, expiresAt: Date.now() - 1000 });
    const el = await mountChat(server);
    // The conversation part loads for the stored session; its machine asks for config.json as it starts,
    // and decides about the stored session right then.
    await waitUntil(() => server.fetched.some(url => url.endsWith('/config.json')), 'the conversation part never started');
    await el.updateComplete;
    expect(el.state).to.equal('idle');
    expect(server.connections).to.equal(0);
    el.open();
    await waitUntil(() => el.state === 'connected', 'opening the chat did not connect');
    expect(server.received.find(f => f['action'] === 'configureSession')?.['token']).to.equal(token);
  });
});
