import { expect, fixture, html } from '@open-wc/testing';
import { render } from 'lit';
import { renderMarkdownText } from '../../src/element/templates/markdown.js';

/** A message's text as the transcript shows it: markdown, or the text itself. */
const renderText = (text: string, markdown: boolean) => (markdown ? renderMarkdownText(text) : html`${text}`);

declare global {
  interface Window {
    __mdPwned?: string;
  }
}

const mount = (text: string, markdown = true) => fixture<HTMLDivElement>(html`<div>${renderText(text, markdown)}</div>`);

/** Tag names of every element under `root`, in document order. */
const tags = (root: Element) => [...root.querySelectorAll('*')].map(e => e.localName);

const payloads = [
  '<script>window.__mdPwned = "script"</script>',
  '<img src=x onerror="window.__mdPwned = \'img\'">',
  '<svg onload="window.__mdPwned = \'svg\'"></svg>',
  '<iframe src="javascript:parent.__mdPwned = \'iframe\'"></iframe>',
];

describe('markdown rendering', () => {
  afterEach(() => {
    delete window.__mdPwned;
  });

  it('renders paragraphs, formatting, line breaks and code', async () => {
    const el = await mount('Hello **bold** *em* ~~gone~~ `a <b>`\nnext line\n\n```\nx = **1**\n```');
    const md = el.querySelector('.md')!;
    expect(md).to.exist;
    expect(tags(md)).to.deep.equal(['p', 'strong', 'em', 'del', 'code', 'br', 'pre', 'code']);
    expect(md.querySelector('p')!.textContent).to.equal('Hello bold em gone a <b>next line');
    expect(md.querySelector('p code')!.textContent).to.equal('a <b>');
    expect(md.querySelector('pre')!.textContent).to.equal('x = **1**');
    expect(md.querySelector('pre')!.tabIndex).to.equal(0);
  });

  it('renders lists, keeping the start of a numbered one', async () => {
    const el = await mount('- one\n- **two**\n\n4. four\n5. five');
    const ul = el.querySelector('ul')!;
    expect([...ul.children].map(li => [li.localName, li.textContent])).to.deep.equal([['li', 'one'], ['li', 'two']]);
    expect(ul.querySelector('li strong')!.textContent).to.equal('two');
    const ol = el.querySelector('ol')!;
    expect(ol.start).to.equal(4);
    expect([...ol.children].map(li => li.textContent)).to.deep.equal(['four', 'five']);
  });

  it('renders safe links opening in a new tab without an opener', async () => {
    const el = await mount('See [the *docs*](https://example.com/a?b=1) or https://x.com/y.');
    const links = [...el.querySelectorAll('a')];
    expect(links.map(a => [a.getAttribute('href'), a.textContent, a.target, a.rel])).to.deep.equal([
      ['https://example.com/a?b=1', 'the docs', '_blank', 'noopener noreferrer'],
      ['https://x.com/y', 'https://x.com/y', '_blank', 'noopener noreferrer'],
    ]);
    expect(links[0]!.querySelector('em')!.textContent).to.equal('docs');
    expect(el.textContent).to.equal('See the docs or https://x.com/y.');
  });

  it('renders unsafe links as their label only', async () => {
    const urls = ['javascript:alert(1)', 'JaVaScRiPt:alert(1)', 'data:text/html,<script>alert(1)</script>', 'vbscript:x', '/x', '//evil.com'];
    for (const url of urls) {
      const el = await mount(`[click me](${url})!`);
      expect(el.querySelector('a'), url).to.equal(null);
      expect(el.textContent, url).to.equal('click me!');
    }
    const el = await mount('[tab](java\tscript:alert(1))');
    expect(el.querySelector('a')).to.equal(null);
  });

  for (const markdown of [true, false]) {
    it(`shows HTML in the text as text (markdown ${markdown ? 'on' : 'off'})`, async () => {
      const text = payloads.map((p, i) => (i % 2 ? `**${p}** \`${p}\`` : `[${p}](https://x.com) - ${p}`)).join('\n') + `\n\`\`\`\n${payloads.join('\n')}\n\`\`\``;
      const el = await mount(text, markdown);
      expect(el.querySelector('script, img, svg, iframe, [onerror], [onload]')).to.equal(null);
      for (const p of payloads) expect(el.textContent).to.contain(p);
      // No element was made from the text, so no handler exists to run later; a script would have run on insertion.
      expect(window.__mdPwned).to.equal(undefined);
    });
  }

  it('shows the text as it is, without a wrapper, when markdown is off', async () => {
    const el = await mount('**x** _y_ [z](https://x.com)\n- item', false);
    expect(el.children).to.have.length(0);
    expect(el.textContent).to.equal('**x** _y_ [z](https://x.com)\n- item');
  });

  it('updates in place when the text changes', async () => {
    const container = document.createElement('div');
    render(renderText('**a**', true), container);
    expect(container.querySelector('strong')!.textContent).to.equal('a');
    render(renderText('*b* <i>', true), container);
    expect(container.querySelector('strong')).to.equal(null);
    expect(container.querySelector('em')!.textContent).to.equal('b');
    expect(container.querySelector('i')).to.equal(null);
    render(renderText('**a**', false), container);
    expect(container.textContent).to.equal('**a**');
  });

  it('is accessible', async () => {
    const el = await mount('Steps, see [the guide](https://example.com/guide):\n\n1. Open **Settings**\n2. Run:\n\n```\nnpm install --save genesys-chat\n```');
    await expect(el).to.be.accessible();
  });
});
