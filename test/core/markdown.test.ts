import { expect } from '@open-wc/testing';
import { parseMarkdown, type MdBlock, type MdInline } from '../../src/content/markdown.js';

const text = (t: string): MdInline => ({ type: 'text', text: t });
const br: MdInline = { type: 'br' };
const strong = (...children: MdInline[]): MdInline => ({ type: 'strong', children });
const em = (...children: MdInline[]): MdInline => ({ type: 'em', children });
const del = (...children: MdInline[]): MdInline => ({ type: 'del', children });
const code = (t: string): MdInline => ({ type: 'code', text: t });
const a = (href: string, ...children: MdInline[]): MdInline => ({ type: 'a', href, children });
const p = (...children: MdInline[]): MdBlock => ({ type: 'p', children });

/** The inline content of a message that is a single paragraph. */
function inline(source: string): readonly MdInline[] {
  const blocks = parseMarkdown(source);
  expect(blocks).to.have.length(1);
  expect(blocks[0]!.type).to.equal('p');
  return (blocks[0] as Extract<MdBlock, { type: 'p' }>).children;
}

/** Every node of a tree, depth first, with the depth it sits at. */
function* walk(nodes: readonly MdInline[], depth = 1): Generator<[MdInline, number]> {
  for (const node of nodes) {
    yield [node, depth];
    if ('children' in node) yield* walk(node.children, depth + 1);
  }
}

const allText = (nodes: readonly MdInline[]) =>
  [...walk(nodes)].map(([n]) => ('text' in n ? n.text : '')).join('');

describe('markdown parser', () => {
  describe('inline', () => {
    it('reads plain text as one text node', () => {
      expect(inline('Hello, world')).to.deep.equal([text('Hello, world')]);
    });

    it('reads strong, emphasis and strikethrough with either marker', () => {
      expect(inline('**a** __b__ *c* _d_ ~~e~~')).to.deep.equal([
        strong(text('a')), text(' '), strong(text('b')), text(' '), em(text('c')), text(' '), em(text('d')), text(' '), del(text('e')),
      ]);
    });

    it('nests formatting', () => {
      expect(inline('**bold _and italic_**')).to.deep.equal([strong(text('bold '), em(text('and italic')))]);
      expect(inline('~~*a* **b**~~')).to.deep.equal([del(em(text('a')), text(' '), strong(text('b')))]);
      expect(inline('***x***')).to.deep.equal([strong(em(text('x')))]);
    });

    it('reads emphasis inside a word with asterisks but not with underscores', () => {
      expect(inline('un*frigging*believable')).to.deep.equal([text('un'), em(text('frigging')), text('believable')]);
      expect(inline('snake_case_name and __init__py')).to.deep.equal([text('snake_case_name and __init__py')]);
      expect(inline('see my_var_ and _x_')).to.deep.equal([text('see my_var_ and '), em(text('x'))]);
    });

    it('leaves unclosed or unopenable markers as text', () => {
      expect(inline('**bold')).to.deep.equal([text('**bold')]);
      expect(inline('a * b * c')).to.deep.equal([text('a * b * c')]);
      expect(inline('_a')).to.deep.equal([text('_a')]);
      expect(inline('~~gone')).to.deep.equal([text('~~gone')]);
      expect(inline('~one~ ~~~three~~~')).to.deep.equal([text('~one~ ~~~three~~~')]);
      expect(inline('`code')).to.deep.equal([text('`code')]);
      expect(inline('[label')).to.deep.equal([text('[label')]);
      expect(inline('[label] (x)')).to.deep.equal([text('[label] (x)')]);
      expect(inline('**a*')).to.deep.equal([text('**a*')]);
    });

    it('closes the innermost marker that fits and leaves crossed ones as text', () => {
      expect(inline('*a _b* c_')).to.deep.equal([em(text('a _b')), text(' c_')]);
      expect(inline('*a **b*')).to.deep.equal([em(text('a **b'))]);
    });

    it('turns backslash escapes into the character itself', () => {
      expect(inline('\\*not em\\* \\_x\\_ \\` \\[y](z) \\\\')).to.deep.equal([text('*not em* _x_ ` [y](z) \\')]);
      expect(inline('a \\b c\\')).to.deep.equal([text('a \\b c\\')]);
    });

    it('keeps code spans verbatim', () => {
      expect(inline('run `npm i **x** [a](https://b.com) \\*` now')).to.deep.equal([
        text('run '), code('npm i **x** [a](https://b.com) \\*'), text(' now'),
      ]);
      expect(inline('`` a ` b ``')).to.deep.equal([code('a ` b')]);
      expect(inline('*a `*` b*')).to.deep.equal([em(text('a '), code('*'), text(' b'))]);
    });

    it('turns a single newline into a line break', () => {
      expect(inline('one\ntwo\r\nthree')).to.deep.equal([text('one'), br, text('two'), br, text('three')]);
    });
  });

  describe('links', () => {
    it('reads a link with formatted label', () => {
      expect(inline('see [the **docs**](https://example.com/a?b=c#d).')).to.deep.equal([
        text('see '), a('https://example.com/a?b=c#d', text('the '), strong(text('docs'))), text('.'),
      ]);
    });

    it('accepts mailto, tel and destinations with balanced parentheses', () => {
      expect(inline('[mail](mailto:a@b.com) [call](tel:+15551234)')).to.deep.equal([
        a('mailto:a@b.com', text('mail')), text(' '), a('tel:+15551234', text('call')),
      ]);
      expect(inline('[w](https://en.wikipedia.org/wiki/A_(b))')).to.deep.equal([
        a('https://en.wikipedia.org/wiki/A_(b)', text('w')),
      ]);
    });

    it('shows only the label when the URL is unsafe or invalid', () => {
      const unsafe = [
        'javascript:alert(1)', 'JaVaScRiPt:alert(1)', 'java\tscript:alert(1)', 'data:text/html,<script>alert(1)</script>',
        'vbscript:msgbox(1)', '/x', '//evil.com', 'evil.com', 'http://', 'file:///etc/passwd',
      ];
      for (const url of unsafe) {
        const nodes = inline(`[click *me*](${url}) ok`);
        expect([...walk(nodes)].some(([n]) => n.type === 'a'), url).to.equal(false);
        // A URL with whitespace is no link destination at all, so it stays text; otherwise only the label is kept.
        if (!/\s/.test(url)) expect(nodes, url).to.deep.equal([text('click '), em(text('me')), text(' ok')]);
      }
    });

    it('uses the URL as the label of an empty link so it has a name', () => {
      expect(inline('[](https://x.com)')).to.deep.equal([a('https://x.com/', text('https://x.com/'))]);
    });

    it('does not nest links', () => {
      expect(inline('[a [b](https://b.com) c](https://c.com)')).to.deep.equal([
        text('[a '), a('https://b.com/', text('b')), text(' c](https://c.com)'),
      ]);
    });

    it('links bare http(s) URLs without the punctuation that ends the sentence', () => {
      expect(inline('Go to https://example.com/path.')).to.deep.equal([
        text('Go to '), a('https://example.com/path', text('https://example.com/path')), text('.'),
      ]);
      expect(inline('(see http://x.com/a?b=1), ok!?')).to.deep.equal([
        text('(see '), a('http://x.com/a?b=1', text('http://x.com/a?b=1')), text('), ok!?'),
      ]);
      expect(inline('https://en.wikipedia.org/wiki/A_(b)!')).to.deep.equal([
        a('https://en.wikipedia.org/wiki/A_(b)', text('https://en.wikipedia.org/wiki/A_(b)')), text('!'),
      ]);
      expect(inline('**https://x.com**')).to.deep.equal([strong(a('https://x.com/', text('https://x.com')))]);
      expect(inline('[label] (https://x.com)')).to.deep.equal([
        text('[label] ('), a('https://x.com/', text('https://x.com')), text(')'),
      ]);
    });

    it('does not link URLs glued to a word, other schemes or a bare scheme', () => {
      expect(inline('xhttps://x.com')).to.deep.equal([text('xhttps://x.com')]);
      expect(inline('ftp://x.com javascript://x.com')).to.deep.equal([text('ftp://x.com javascript://x.com')]);
      expect(inline('https:// .')).to.deep.equal([text('https:// .')]);
    });
  });

  describe('blocks', () => {
    it('separates paragraphs with a blank line', () => {
      expect(parseMarkdown('one\ntwo\n\n\nthree')).to.deep.equal([p(text('one'), br, text('two')), p(text('three'))]);
      expect(parseMarkdown('')).to.deep.equal([]);
      expect(parseMarkdown(' \n\n ')).to.deep.equal([]);
    });

    it('reads fenced code verbatim, ignoring the language', () => {
      expect(parseMarkdown('before\n```js\nconst a = **b** * [c](javascript:x);\n  indented\n```\nafter')).to.deep.equal([
        p(text('before')),
        { type: 'pre', text: 'const a = **b** * [c](javascript:x);\n  indented' },
        p(text('after')),
      ]);
    });

    it('runs an unclosed fence to the end and reads ``` on one line as a code span', () => {
      expect(parseMarkdown('```\na\n\nb')).to.deep.equal([{ type: 'pre', text: 'a\n\nb' }]);
      expect(parseMarkdown('```x```')).to.deep.equal([p(code('x'))]);
    });

    it('reads bulleted lists with any marker', () => {
      expect(parseMarkdown('Options:\n- **one**\n* two\n+ three')).to.deep.equal([
        p(text('Options:')),
        { type: 'ul', items: [[strong(text('one'))], [text('two')], [text('three')]] },
      ]);
    });

    it('reads numbered lists and keeps their start', () => {
      expect(parseMarkdown('3. c\n4) d\n\n5. e')).to.deep.equal([
        { type: 'ol', start: 3, items: [[text('c')], [text('d')], [text('e')]] },
      ]);
    });

    it('continues an item with an indented line and ends the list otherwise', () => {
      expect(parseMarkdown('- a\n  more\n  - nested\nafter')).to.deep.equal([
        { type: 'ul', items: [[text('a'), br, text('more')], [text('nested')]] },
        p(text('after')),
      ]);
    });

    it('starts a new list when bullets switch to numbers', () => {
      expect(parseMarkdown('- a\n1. b').map(b => b.type)).to.deep.equal(['ul', 'ol']);
    });

    it('does not read emphasis, numbers or rules as list items', () => {
      expect(parseMarkdown('*not a list*')).to.deep.equal([p(em(text('not a list')))]);
      expect(parseMarkdown('It rose by\n14. percent')).to.deep.equal([p(text('It rose by'), br, text('14. percent'))]);
      expect(parseMarkdown('-5 degrees\n1.5 litres')).to.deep.equal([p(text('-5 degrees'), br, text('1.5 litres'))]);
    });
  });

  describe('hostile input', () => {
    it('never throws on odd strings', () => {
      const odd = ['\\', '`', '``', '[', ']', '](', '[](', '[]()', '*', '_', '~~', '\u0000', '\ud800', 'http://', '1.', '-', '```', '\r', '\n\n'];
      for (const s of odd) expect(() => parseMarkdown(s), JSON.stringify(s)).not.to.throw();
    });

    it('never throws and only ever links to allowed schemes, whatever the mix', () => {
      const pieces = ['*', '**', '_', '__', '~~', '`', '```', '[', ']', '(', ')', '](', '\\', '\n', '\n\n', ' ', 'a', '- ', '1. ',
        'https://x.com', 'javascript:alert(1)', 'data:text/html,x', '//evil.com', 'mailto:a@b.c', '<img src=x onerror=alert(1)>'];
      let seed = 7;
      const random = (n: number) => (seed = (seed * 48271) % 2147483647) % n;
      for (let run = 0; run < 2000; run++) {
        const source = Array.from({ length: 1 + random(30) }, () => pieces[random(pieces.length)]).join('');
        const blocks = parseMarkdown(source);
        for (const block of blocks) {
          const lines = block.type === 'p' ? [block.children] : block.type === 'pre' ? [] : block.items;
          for (const line of lines) {
            for (const [node] of walk(line)) {
              if (node.type === 'a') expect(new URL(node.href).protocol, source).to.be.oneOf(['https:', 'mailto:']);
            }
          }
        }
      }
    });

    it('caps nesting depth', () => {
      const deep = '*_'.repeat(5000) + 'x' + '_*'.repeat(5000);
      const brackets = '['.repeat(10_000) + 'x' + '](https://x.com)'.repeat(10_000);
      for (const source of [deep, brackets, '*'.repeat(10_000), '['.repeat(10_000), '**a'.repeat(5000)]) {
        const blocks = parseMarkdown(source);
        expect(blocks).to.have.length(1);
        const children = (blocks[0] as Extract<MdBlock, { type: 'p' }>).children;
        const depth = Math.max(0, ...[...walk(children)].map(([, d]) => d));
        expect(depth).to.be.at.most(9);
      }
      const nested = inline('*a _b ~~c **d**~~_*');
      expect(nested).to.deep.equal([em(text('a '), em(text('b '), del(text('c '), strong(text('d')))))]);
    });

    it('gets through 100 kB of marker noise and a 10 kB line', () => {
      const chars = '*_~[]()`\\h \n';
      let seed = 1;
      const random = () => ((seed = (seed * 48271) % 2147483647) / 2147483647);
      const noise = Array.from({ length: 100_000 }, () => chars[Math.floor(random() * chars.length)]).join('');
      expect(parseMarkdown(noise).length).to.be.greaterThan(0);

      const line = '*_~['.repeat(2500);
      const blocks = parseMarkdown(line);
      expect(blocks).to.have.length(1);
      const children = (blocks[0] as Extract<MdBlock, { type: 'p' }>).children;
      // A few markers pair up within the depth cap; everything else stays as text.
      expect(allText(children).length).to.be.within(9900, line.length);
      expect(Math.max(...[...walk(children)].map(([, d]) => d))).to.be.at.most(9);

      for (const source of ['[a](b'.repeat(20_000), 'https://'.repeat(10_000), '`a'.repeat(5000) + '``'.repeat(5000), 'a_'.repeat(50_000)]) {
        expect(parseMarkdown(source)).to.have.length(1);
      }
    });
  });
});
