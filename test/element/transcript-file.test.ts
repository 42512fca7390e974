import { expect, waitUntil } from '@open-wc/testing';
import { en } from '../../src/i18n/strings.js';
import { transcriptText } from '../../src/transcript/transcript-text.js';
import type { ChatMessage } from '../../src/transcript/transcript.js';
import { MockServer } from '../helpers/mock-server.js';
import { hasPart, mountConnected, part, parts } from './chat-fixture.js';

const at = Date.UTC(2030, 4, 12, 9, 30);
const stamp = (time: number) => new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short' }).format(time);

/** Catches the download a click starts: the Blob it is made of and the link's file name. */
function catchDownloads() {
  const saved: { blob: Blob; name: string }[] = [];
  const blobs = new Map<string, Blob>();
  const { createObjectURL, revokeObjectURL } = URL;
  const click = HTMLAnchorElement.prototype.click;
  URL.createObjectURL = (blob: Blob | MediaSource) => {
    const url = `blob:test/${blobs.size}`;
    blobs.set(url, blob as Blob);
    return url;
  };
  URL.revokeObjectURL = () => {};
  HTMLAnchorElement.prototype.click = function (this: HTMLAnchorElement) {
    saved.push({ blob: blobs.get(this.href)!, name: this.download });
  };
  return {
    saved,
    restore() {
      Object.assign(URL, { createObjectURL, revokeObjectURL });
      HTMLAnchorElement.prototype.click = click;
    },
  };
}

describe('transcript download', () => {
  it('transcriptText: plain text, one line per message with its time and sender; what the agent sent is kept as data', () => {
    const messages: ChatMessage[] = [
      { id: '1', author: 'customer', text: 'Hi, my order is late', time: at, status: 'sent' },
      { id: '2', author: 'agent', text: '<img src=x onerror=alert(1)> **Sorry**\nLet me check', time: at + 60_000, senderName: 'Sam' },
      { id: '3', author: 'bot', text: '', time: at + 120_000, content: [{ kind: 'attachment', attachment: { kind: 'File', filename: 'invoice.pdf' } }] },
      { id: '4', author: 'agent', text: 'Anything else?', time: at + 180_000 },
      { id: '5', author: 'customer', text: 'No', time: at + 240_000, status: 'failed' },
    ];
    expect(transcriptText(messages, en, 'en')).to.equal(
      [
        `[${stamp(at)}] You: Hi, my order is late`,
        `[${stamp(at + 60_000)}] Sam: <img src=x onerror=alert(1)> **Sorry**`,
        '    Let me check',
        `[${stamp(at + 120_000)}] Bot: invoice.pdf`,
        `[${stamp(at + 180_000)}] Agent: Anything else?`,
        `[${stamp(at + 240_000)}] You: No (Not delivered)`,
        '',
      ].join('\n'),
    );
    expect(transcriptText([], en, 'en')).to.equal('\n');
  });

  it('transcriptText keeps what rich content says: a card with its description and link addresses, the choices offered', () => {
    const card = {
      title: 'Premium plan',
      description: '20 GB, unlimited calls',
      actions: [
        { kind: 'link' as const, text: 'Details', url: 'https://shop.example.com/premium' },
        { kind: 'postback' as const, text: 'Choose', payload: 'premium' },
      ],
    };
    const messages: ChatMessage[] = [
      { id: '1', author: 'agent', text: 'Our plans:', time: at, senderName: 'Sam', content: [{ kind: 'card', card }] },
      { id: '2', author: 'bot', text: 'Anything else?', time: at + 60_000, content: [{ kind: 'quickReplies', replies: [{ text: 'Yes', payload: 'y' }, { text: 'No', payload: 'n' }] }] },
    ];
    expect(transcriptText(messages, en, 'en')).to.equal(
      [
        `[${stamp(at)}] Sam: Our plans:`,
        '    Premium plan',
        '    20 GB, unlimited calls',
        '      Details <https://shop.example.com/premium>',
        '      Choose',
        `[${stamp(at + 60_000)}] Bot: Anything else?`,
        '    [Yes] [No]',
        '',
      ].join('\n'),
    );
  });

  it('is offered once something was said, and clicking it saves the conversation as a text file', async () => {
    const server = new MockServer();
    const el = await mountConnected(server);
    expect(hasPart(el, 'download-button')).to.equal(false);
    el.send('Hello');
    server.agentSays('<script>alert(1)</script> Hi there', 'Sam');
    await waitUntil(() => parts(el, 'message-agent').length === 1);
    await el.updateComplete;
    const button = part(el, 'download-button');
    expect(button.getAttribute('aria-label')).to.equal('Download transcript');
    await expect(el).to.be.accessible();

    const downloads = catchDownloads();
    try {
      button.click();
    } finally {
      downloads.restore();
    }
    expect(downloads.saved).to.have.length(1);
    const [{ blob, name }] = downloads.saved as [{ blob: Blob; name: string }];
    expect(name).to.equal('chat-transcript.txt');
    expect(blob.type).to.equal('text/plain;charset=utf-8');
    const text = await blob.text();
    const shown = [...el.shadowRoot!.querySelectorAll('[part~="message"]')].length;
    expect(text.trim().split('\n')).to.have.length(shown);
    expect(text).to.match(/\] You: Hello\n/);
    expect(text).to.match(/\] Sam: <script>alert\(1\)<\/script> Hi there\n/);
  });

  it('is offered in the End dialog too, since an ended conversation is not kept for the next page', async () => {
    const server = new MockServer();
    const el = await mountConnected(server);
    el.send('Keep this');
    await el.updateComplete;
    part(el, 'end-button').click();
    await el.updateComplete;
    const dialog = part<HTMLDialogElement>(el, 'end-dialog');
    expect(dialog.open).to.equal(true);
    expect(dialog.textContent).to.contain('Download the transcript to keep a copy.');
    await expect(el).to.be.accessible();

    const downloads = catchDownloads();
    try {
      part(el, 'dialog-download-button').click();
    } finally {
      downloads.restore();
    }
    expect(await downloads.saved[0]!.blob.text()).to.match(/\] You: Keep this\n$/);
    // Saving a copy does not end or close anything.
    expect(dialog.open).to.equal(true);
    expect(server.clears).to.have.length(0);
  });
});
