import { expect, oneEvent, waitUntil } from '@open-wc/testing';
import { agentContent, agentMessage, deploymentConfig, quickReplies } from '../helpers/frames.js';
import { MockServer } from '../helpers/mock-server.js';
import { mountConnected, part, parts, texts } from '../element/chat-fixture.js';

/*
 * This file runs on a page served with a strict Content-Security-Policy (scripts from this origin only,
 * no inline script or style, no eval) and Trusted Types required (scripts/strict-csp.mjs). The widget
 * must work there as anywhere else, and the browser must refuse nothing it does.
 */

interface Violation {
  readonly directive: string;
  readonly blocked: string;
  readonly sample: string;
  readonly source: string;
  readonly line: number;
}

declare global {
  interface Window {
    /** Every violation since the page started, recorded by the page's first script. */
    __cspViolations?: Violation[];
  }
}

/** Violations seen by this file, from the moment it loaded. */
const seen: Violation[] = [];
document.addEventListener('securitypolicyviolation', e =>
  seen.push({ directive: e.effectiveDirective, blocked: e.blockedURI, sample: e.sample, source: e.sourceFile, line: e.lineNumber }),
);

/** A violation is reported in a task of its own: a round trip through the event loop lets it arrive. */
const nextTask = () => new Promise<void>(resolve => {
  const channel = new MessageChannel();
  channel.port1.onmessage = () => resolve();
  channel.port2.postMessage(undefined);
});

describe('<genesys-chat> on a page with a strict CSP and Trusted Types', () => {
  it('runs on a page that enforces both', () => {
    // The page's first script ran (it has the nonce) and the runner's own inline scripts were allowed.
    expect(window.__cspViolations, 'the page is not served with the strict policy').to.be.an('array');
    expect('trustedTypes' in window, 'Trusted Types are not available').to.equal(true);
  });

  it('connects, exchanges messages, renders markdown and rich content, and ends, with nothing refused', async () => {
    // Pictures from this origin, which img-src allows.
    const image = new URL('/test/strict/picture.svg', location.href).href;
    const server = new MockServer({ config: deploymentConfig({ markdown: true }) });
    const el = await mountConnected(server);

    // Markdown, once the deployment's settings are in.
    server.sendToAll(agentMessage('Hello, **welcome**! See [the docs](https://example.com/docs).\n\n```\nnpm install\n```', { nickname: 'Ann' }));
    await waitUntil(() => el.shadowRoot!.querySelector('.md strong'), 'markdown never rendered');
    const md = el.shadowRoot!.querySelector('.md')!;
    expect(md.querySelector('strong')!.textContent).to.equal('welcome');
    expect(md.querySelector('a')!.getAttribute('href')).to.equal('https://example.com/docs');
    expect(md.querySelector('pre')!.textContent).to.equal('npm install');

    // The visitor writes; the echo confirms it.
    const sent = oneEvent(el, 'genesys-chat-message');
    el.send('Hi there');
    await sent;
    await waitUntil(() => parts(el, 'message-customer').length === 1 && !parts(el, 'message-customer')[0]!.textContent!.includes('Sending'));
    expect(texts(el, 'message-customer')).to.deep.equal(['Hi there']);

    // Rich content of every kind the widget renders.
    server.sendToAll(agentContent([
      { contentType: 'Card', card: { title: 'A card', description: 'With a picture', image, actions: [{ type: 'Link', text: 'Open', url: 'https://example.com/' }, { type: 'Postback', text: 'Pick', payload: 'pick' }] } },
      { contentType: 'Carousel', carousel: { cards: [{ title: 'One', actions: [] }, { title: 'Two', actions: [] }] } },
      { contentType: 'ListPicker', listPicker: { receivedMessage: { title: 'Which one?' }, sections: [{ title: 'Items', multipleSelection: false, items: [{ id: 'a', title: 'Item A', imageUrl: image }] }] } },
      { contentType: 'DatePicker', datePicker: { title: 'When?', availableTimes: [{ dateTime: '2026-05-01T10:00:00Z', duration: 1800 }] } },
      { contentType: 'Attachment', attachment: { mediaType: 'File', url: 'https://files.example.com/report.pdf', filename: 'report.pdf', fileSize: 1200 } },
      { contentType: 'Attachment', attachment: { mediaType: 'Image', url: image, filename: 'picture.png' } },
      { contentType: 'Form', form: { title: 'A form' } },
    ], { text: 'Here you go' }));
    server.sendToAll(agentContent(quickReplies('Yes', 'No'), { text: 'Anything else?' }));
    // A message right behind another goes on with the next flush, and its templates may still be loading.
    await waitUntil(() => parts(el, 'quick-reply').length === 2, 'the quick replies never showed');
    await el.updateComplete;
    expect(parts(el, 'card')).to.have.length(3);
    expect(parts(el, 'carousel')).to.have.length(1);
    expect(parts(el, 'list-picker')).to.have.length(1);
    expect(parts(el, 'date-picker')).to.have.length(1);
    expect(parts(el, 'attachment-link')).to.have.length(1);
    expect(parts(el, 'attachment-image')).to.have.length(1);
    expect(parts(el, 'unsupported-content')).to.have.length(1);
    expect(parts(el, 'quick-reply').map(b => b.textContent)).to.deep.equal(['Yes', 'No']);
    parts(el, 'carousel-next')[0]!.click();
    await el.updateComplete;

    // A quick reply goes back as the visitor's answer.
    const before = server.received.length;
    parts(el, 'quick-reply')[0]!.click();
    await waitUntil(() => server.received.length > before, 'the quick reply was not sent');
    const reply = server.received.at(-1)!['message'] as { content?: { buttonResponse?: { payload?: string } }[] };
    expect(reply.content?.[0]?.buttonResponse?.payload).to.equal('payload-Yes');

    // The End dialog: opened, cancelled, opened again and confirmed; the server acknowledges.
    part(el, 'end-button').click();
    await el.updateComplete;
    const dialog = part<HTMLDialogElement>(el, 'end-dialog');
    expect(dialog.open).to.equal(true);
    part(el, 'cancel-end-button').click();
    await el.updateComplete;
    expect(dialog.open).to.equal(false);
    const ended = oneEvent(el, 'genesys-chat-ended');
    part(el, 'end-button').click();
    await el.updateComplete;
    part(el, 'confirm-end-button').click();
    expect((await ended).detail.by).to.equal('customer');
    await el.updateComplete;
    expect(el.state).to.equal('closed');

    await nextTask();
    expect(seen, 'violations while the widget ran').to.deep.equal([]);
    expect(window.__cspViolations, 'violations since the page started').to.deep.equal([]);
  });

  it('refuses what the policy forbids: HTML strings into sinks, and eval', async () => {
    const count = seen.length;
    expect(() => {
      document.createElement('div').innerHTML = '<b>not trusted</b>';
    }).to.throw(TypeError);
    // A string to eval is not a TrustedScript either: refused before 'unsafe-eval' is even looked at.
    expect(() => new Function('return 1')).to.throw(EvalError);
    await nextTask();
    // The listener is live: exactly what was refused here was reported.
    expect(seen.slice(count).map(v => v.directive)).to.deep.equal(['require-trusted-types-for', 'require-trusted-types-for']);
  });
});
