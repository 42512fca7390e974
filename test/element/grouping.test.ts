import { expect, waitUntil } from '@open-wc/testing';
import type { GenesysChat } from '../../src/index.js';
import { agentContent, agentMessage, agentTyping } from '../helpers/frames.js';
import { MockServer } from '../helpers/mock-server.js';
import { hasPart, mountConnected, part, parts } from './chat-fixture.js';

/** Whether an element takes room on screen (a visually hidden one is clipped to a pixel). */
const seen = (el: Element) => el.getBoundingClientRect().width > 1 && getComputedStyle(el).clipPath === 'none';
const nodes = (node: Node): number => 1 + [...node.childNodes].reduce((n, child) => n + nodes(child), 0);
const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();

async function say(el: GenesysChat, server: MockServer, frame: unknown) {
  const before = parts(el, 'message').length;
  server.sendToAll(frame);
  await waitUntil(() => parts(el, 'message').length > before);
  await el.updateComplete;
}

describe('<genesys-chat> finished transcript', () => {
  it('groups one sender\'s messages: the name on the first, the time on the last, both still read with every message', async () => {
    const server = new MockServer();
    const el = await mountConnected(server);
    await say(el, server, agentMessage('Hello', { nickname: 'Sam', time: minutesAgo(12) }));
    await say(el, server, agentMessage('I am looking at it', { nickname: 'Sam', time: minutesAgo(11) }));
    // A long pause starts a new run.
    await say(el, server, agentMessage('Found it', { nickname: 'Sam', time: minutesAgo(1) }));
    const [first, second, third] = parts(el, 'message-agent') as [HTMLElement, HTMLElement, HTMLElement];
    const shows = (m: HTMLElement) => [seen(m.querySelector('.sender')!), seen(m.querySelector('time')!)];
    expect([first, second, third].map(shows)).to.deep.equal([[true, false], [false, true], [true, true]]);
    for (const m of [first, second, third]) {
      expect(m.querySelector('.sender')!.textContent).to.equal('Sam');
      expect(m.querySelector('time')!.textContent).to.not.equal('');
      expect(nodes(m)).to.be.at.most(8);
    }
    await expect(el).to.be.accessible();

    // The next message joins the newest run: that one message changes, nothing else renders again.
    const changed = new Set<Node>();
    const added: Node[] = [];
    const observer = new MutationObserver(records =>
      records.forEach(r => (r.type === 'childList' ? added.push(...r.addedNodes) : changed.add(r.target))),
    );
    observer.observe(part(el, 'transcript'), { subtree: true, childList: true, attributes: true, characterData: true });
    await say(el, server, agentMessage('Here you go', { nickname: 'Sam' }));
    observer.disconnect();
    expect([...changed]).to.deep.equal([third]);
    expect(added.filter(n => n instanceof Element)).to.deep.equal([parts(el, 'message-agent')[3]]);
    expect(shows(third)).to.deep.equal([true, false]);
    expect(shows(parts(el, 'message-agent')[3]!)).to.deep.equal([false, true]);
  });

  it('says only what is wrong on the status line: "Connected" is announced, not shown', async () => {
    const server = new MockServer();
    const el = await mountConnected(server);
    const status = part(el, 'status');
    expect(status.textContent).to.equal('Connected');
    expect(status.getAttribute('role')).to.equal('status');
    expect(seen(status)).to.equal(false);
    server.dropAll();
    await waitUntil(() => status.textContent === 'Reconnecting…');
    await el.updateComplete;
    expect(seen(status)).to.equal(true);
  });

  it('offers End chat once something was said', async () => {
    const server = new MockServer();
    const el = await mountConnected(server);
    expect(hasPart(el, 'end-button')).to.equal(false);
    el.send('Hello');
    await el.updateComplete;
    expect(hasPart(el, 'end-button')).to.equal(true);
  });

  it('names the typing agent from their newest message when the Typing event carries no name', async () => {
    const server = new MockServer();
    const el = await mountConnected(server);
    server.agentSays('Let me check', 'Sam');
    server.sendToAll(agentTyping({ type: 'On', duration: 60_000 }));
    await waitUntil(() => part(el, 'typing').textContent === 'Sam is typing…');
  });

  it('a carousel moves one way, by Previous and Next, with no scrollbar; a picker\'s title shows once', async () => {
    const server = new MockServer();
    const el = await mountConnected(server);
    const card = (title: string) => ({ title, description: `About ${title}`, actions: [{ type: 'Postback', text: 'Pick', payload: title }] });
    await say(el, server, agentContent([{ contentType: 'Carousel', carousel: { cards: [card('Basic'), card('Team')] } }]));
    await waitUntil(() => hasPart(el, 'carousel'));
    const slides = part(el, 'carousel').querySelector<HTMLElement>('.slides')!;
    expect(slides.scrollWidth).to.be.greaterThan(slides.clientWidth);
    // Headless Chromium draws overlay scrollbars, which take no room: the style is what says none is drawn.
    expect(getComputedStyle(slides).scrollbarWidth).to.equal('none');
    expect(hasPart(el, 'carousel-next')).to.equal(true);

    const picker = { receivedMessage: { title: 'Which department?' }, sections: [{ title: 'Departments', items: [{ id: 's', title: 'Sales' }] }] };
    await say(el, server, agentContent([{ contentType: 'ListPicker', listPicker: picker }], { text: 'Which department?' }));
    await waitUntil(() => hasPart(el, 'list-picker'));
    const message = parts(el, 'message').at(-1)!;
    expect(message.textContent!.split('Which department?')).to.have.length(2);
    await expect(el).to.be.accessible();
  });
});
