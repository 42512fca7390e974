import { expect, waitUntil } from '@open-wc/testing';
import type { GenesysChat } from '../../src/index.js';
import { en } from '../../src/i18n/strings.js';
import { agentContent, agentMessage, agentTyping, deploymentConfig } from '../helpers/frames.js';
import { reportFaults } from '../helpers/fault-metrics.js';
import { MockServer } from '../helpers/mock-server.js';
import { mountConnected, parts } from './chat-fixture.js';

declare global {
  interface Window {
    __xss?: string;
  }
}

/*
 * Script injection through everything the server can put on screen. Each payload tries to set
 * `window.__xss` to its own id; it goes through the real widget, in every place server text or a
 * server URL is shown, and the DOM it leaves is checked: nothing that runs script, no handlers, no URL
 * other than http(s) (mailto/tel for links), links without an opener, and the payload shown as text.
 */

// ─── Payloads ───────────────────────────────────────────────────────────────────────────────────
// In each template: $S is `window.__xss='<id>'`, $T the same through `top` (for frames and documents
// of their own), $E is $S as decimal HTML entities, $X as hex entities, $U percent-encoded, $B a
// base64 `<script>` document that sets it; ¤ is a literal `$`.

const TEMPLATES: readonly (readonly [id: string, template: string])[] = [
  // Script tags, in casings, encodings and broken forms.
  ['script', '<script>$S</script>'],
  ['script-upper', '<SCRIPT>$S</SCRIPT>'],
  ['script-mixed', '<ScRiPt>$S</sCrIpT>'],
  ['script-src-data', '<script src="data:text/javascript,$S"></script>'],
  ['script-slash-attr', '<script/xss>$S</script>'],
  ['script-type', '<script type="text/javascript">$S</script>'],
  ['script-module', '<script type=module>$S</script>'],
  ['script-double-open', '<<script>$S//<</script>'],
  ['script-unclosed', '<script>$S</script'],
  ['script-nested', '<scr<script>ipt>$S</scr</script>ipt>'],
  ['script-after-title', '</title><script>$S</script>'],
  ['script-after-textarea', '</textarea><script>$S</script>'],
  ['script-after-comment', '--><script>$S</script>'],
  ['script-after-cdata', ']]><script>$S</script>'],
  ['script-quote-breakout', '\'"><script>$S</script>'],
  ['script-null-in-tag', '<scr\u0000ipt>$S</scr\u0000ipt>'],
  ['script-null-before', '\u0000<script>$S</script>'],
  ['script-percent', '%3Cscript%3E$U%3C%2Fscript%3E'],
  ['script-entities', '&lt;script&gt;$S&lt;/script&gt;'],
  ['script-js-escapes', '\\u003cscript\\u003e$S\\u003c/script\\u003e'],
  ['script-utf7', '+ADw-script+AD4-$S+ADw-/script+AD4-'],
  ['script-fullwidth-brackets', '＜script＞$S＜/script＞'],
  ['script-long-s', '<ſcript>$S</ſcript>'],
  ['script-newlines', '<script\n>\n$S\n</script\n>'],
  // Event handlers.
  ['img-onerror', '<img src=x onerror=$S>'],
  ['img-onerror-upper', '<IMG SRC=x ONERROR="$S">'],
  ['img-onerror-entities', '<img src=x onerror="$E">'],
  ['img-onerror-hex-entities', '<img src=x onerror="$X">'],
  ['img-slashes', '<img/src=x/onerror=$S>'],
  ['img-backtick', '<img src=`x`onerror=$S>'],
  ['img-unclosed', '<img src=x onerror=$S//'],
  ['img-quotes-in-src', '<img """><script>$S</script>">'],
  ['img-srcset', '<img srcset=",,,,,x" onerror=$S>'],
  ['img-zero-width-in-handler', '<img src=x on\u200berror=$S>'],
  ['img-rtl-override', '\u202e<img src=x onerror=$S>'],
  ['picture-source', '<picture><source srcset=x><img src=x onerror=$S></picture>'],
  ['svg-onload', '<svg onload=$S>'],
  ['svg-slash-onload', '<svg/onload=$S>'],
  ['svg-script', '<svg><script>$S</script></svg>'],
  ['svg-image-onerror', '<svg><image href=x onerror=$S /></svg>'],
  ['svg-foreign-object', '<svg><foreignObject><img src=x onerror=$S></foreignObject></svg>'],
  ['body-onload', '<body onload=$S>'],
  ['body-slash-onload', '<body/onload=$S>'],
  ['body-onpageshow', '<body onpageshow=$S>'],
  ['iframe-onload', '<iframe onload=$S></iframe>'],
  ['iframe-javascript', '<iframe src="javascript:$T"></iframe>'],
  ['iframe-srcdoc', '<iframe srcdoc="<script>$T</script>"></iframe>'],
  ['iframe-srcdoc-entities', '<iframe srcdoc="&lt;img src=x onerror=$T&gt;"></iframe>'],
  ['iframe-data', '<iframe src="data:text/html,<script>$T</script>"></iframe>'],
  ['details-ontoggle', '<details open ontoggle=$S>'],
  ['video-source-onerror', '<video><source onerror=$S></video>'],
  ['video-onerror', '<video src=x onerror=$S></video>'],
  ['audio-onerror', '<audio src=x onerror=$S></audio>'],
  ['input-autofocus', '<input autofocus onfocus=$S>'],
  ['select-autofocus', '<select autofocus onfocus=$S></select>'],
  ['textarea-autofocus', '<textarea autofocus onfocus=$S></textarea>'],
  ['marquee-onstart', '<marquee onstart=$S>x</marquee>'],
  ['div-onmouseover', '<div onmouseover=$S>hover me</div>'],
  ['a-onclick', '<a onclick=$S>click me</a>'],
  ['button-formaction', '<form><button formaction="javascript:$S">x</button></form>'],
  ['form-action', '<form action="javascript:$S"><input type=submit></form>'],
  ['isindex', '<isindex action="javascript:$S" type=image>'],
  ['object-javascript', '<object data="javascript:$T"></object>'],
  ['object-data-html', '<object data="data:text/html,<script>$T</script>"></object>'],
  ['embed-javascript', '<embed src="javascript:$T">'],
  ['style-onload', '<style onload=$S></style>'],
  ['link-onerror', '<link rel=stylesheet href=x onerror=$S>'],
  // URL schemes, disguised with case, whitespace, control characters, entities and lookalikes.
  ['js-url', 'javascript:$S'],
  ['js-url-mixed-case', 'JaVaScRiPt:$S'],
  ['js-url-leading-space', ' javascript:$S'],
  ['js-url-tab', 'java\tscript:$S'],
  ['js-url-newline', 'java\nscript:$S'],
  ['js-url-carriage-return', 'java\rscript:$S'],
  ['js-url-entity-tab', 'jav&#x09;ascript:$S'],
  ['js-url-decimal-tab', 'jav&#9;ascript:$S'],
  ['js-url-decimal-entities', '&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;$S'],
  ['js-url-hex-entities', '&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;$S'],
  ['js-url-colon-entity', 'javascript&colon;$S'],
  ['js-url-comment', 'javascript:/*https://x.test/*/$S'],
  ['js-url-leading-control', '\u0001javascript:$S'],
  ['js-url-null-before-colon', 'javascript\u0000:$S'],
  ['js-url-null-inside', 'java\u0000script:$S'],
  ['js-url-rtl-override', '\u202ejavascript:$S'],
  ['js-url-zero-width', 'java\u200bscript:$S'],
  ['js-url-leading-zero-width', '\u200bjavascript:$S'],
  ['js-url-bom', '\ufeffjavascript:$S'],
  ['js-url-fullwidth', 'ｊａｖａｓｃｒｉｐｔ:$S'],
  ['js-url-fullwidth-colon', 'javascript\uff1a$S'],
  ['js-url-cyrillic-a', 'j\u0430vascript:$S'],
  ['js-url-dotless-i', 'javascr\u0131pt:$S'],
  ['vbscript-url', 'vbscript:msgbox("$S")'],
  ['vbscript-url-upper', 'VBSCRIPT:$S'],
  ['data-url-html', 'data:text/html,<script>$T</script>'],
  ['data-url-base64', 'data:text/html;base64,$B'],
  ['data-url-upper', 'DATA:text/html,<script>$T</script>'],
  ['data-url-svg', 'data:image/svg+xml,<svg xmlns="http://www.w3.org/2000/svg" onload="$T"/>'],
  ['data-url-leading-space', '  data:text/html,<script>$T</script>'],
  ['blob-url', 'blob:https://x.test/4b6c1c9e-0d7e-4f0a-9d6b-6a3f1f2a7f10'],
  ['protocol-relative-url', '//evil.test/x.js'],
  ['relative-url', '/relative/$U'],
  ['https-url-attribute-breakout', 'https://x.test/"><img src=x onerror=$S>'],
  ['https-url-single-quote-breakout', "https://x.test/'onmouseover='$S'"],
  ['mailto-with-script', 'mailto:a@x.test?body=<script>$S</script>'],
  ['tel-with-script', 'tel:+1<script>$S</script>'],
  // Attribute breakouts.
  ['breakout-double', '"><img src=x onerror=$S>'],
  ['breakout-single', '\'><img src=x onerror=$S>'],
  ['breakout-handler', '" onmouseover="$S" x="'],
  ['breakout-autofocus', '\' autofocus onfocus=\'$S\' x=\''],
  ['breakout-svg', '"><svg/onload=$S>'],
  ['breakout-backtick', '`><img src=x onerror=$S>'],
  ['breakout-span', '</span><img src=x onerror=$S>'],
  ['breakout-block', '</p></div><script>$S</script>'],
  ['breakout-comment', '<!--<img src="--><img src=x onerror=$S//">'],
  ['breakout-cdata', '<![CDATA[<script>$S</script>]]>'],
  // CSS.
  ['css-url-javascript', '<div style="background:url(javascript:$S)">x</div>'],
  ['css-expression', '<div style="width:expression($S)">x</div>'],
  ['css-import', '<style>@import \'javascript:$S\';</style>'],
  ['css-import-data', '<style>@import url("data:text/css,*{x:expression($S)}");</style>'],
  ['css-background', '<style>*{background:url("javascript:$S")}</style>'],
  ['css-link-javascript', '<link rel=stylesheet href="javascript:$S">'],
  ['css-behavior', '<b style="behavior:url(x.htc)">x</b>'],
  // Document-level tricks.
  ['meta-refresh-javascript', '<meta http-equiv="refresh" content="0;url=javascript:$S">'],
  ['meta-refresh-data', '<meta http-equiv="refresh" content="0;url=data:text/html,<script>$T</script>">'],
  ['base-href', '<base href="javascript:$S//">'],
  // SVG animation of href.
  ['svg-animate-href', '<svg><a><animate attributeName=href values="javascript:$S"/><text x=20 y=20>x</text></a></svg>'],
  ['svg-set-href', '<svg><a><set attributeName=href to="javascript:$S"/><text x=20 y=20>x</text></a></svg>'],
  ['svg-animate-onbegin', '<svg><animate onbegin=$S attributeName=x dur=1s>'],
  ['svg-xlink-href', '<svg><a xlink:href="javascript:$S"><text x=20 y=20>x</text></a></svg>'],
  ['svg-use-data', '<svg><use href="data:image/svg+xml,<svg id=\'x\' xmlns=\'http://www.w3.org/2000/svg\'><image href=\'x\' onerror=\'$T\'/></svg>#x"/></svg>'],
  // Templates and mutation XSS.
  ['template', '<template><img src=x onerror=$S></template>'],
  ['noscript-title', '<noscript><p title="</noscript><img src=x onerror=$S>">'],
  ['svg-style-mxss', '<svg></p><style><a id="</style><img src=x onerror=$S>">'],
  ['math-mglyph-mxss', '<math><mtext><table><mglyph><style><img src=x onerror=$S>'],
  ['form-math-mxss', '<form><math><mtext></form><form><mglyph><style></math><img src onerror=$S>'],
  ['xmp-title', '<xmp><p title="</xmp><img src=x onerror=$S>">'],
  ['textarea-img', '<textarea><img src=x onerror=$S></textarea>'],
  ['listing-entities', '<listing>&lt;img src=x onerror=$S&gt;</listing>'],
  // Markdown links, images and autolinks.
  ['md-link-javascript', '[x](javascript:$S)'],
  ['md-link-javascript-upper', '[x](JAVASCRIPT:$S)'],
  ['md-link-javascript-spaces', '[x]( javascript:$S )'],
  ['md-link-javascript-entity', '[x](javascript&#58;$S)'],
  ['md-link-data', '[x](data:text/html,<script>$T</script>)'],
  ['md-link-data-base64', '[x](data:text/html;base64,$B)'],
  ['md-link-vbscript', '[x](vbscript:$S)'],
  ['md-link-tab', '[x](java\tscript:$S)'],
  ['md-link-rtl', '[x](\u202ejavascript:$S)'],
  ['md-link-zero-width', '[x](java\u200bscript:$S)'],
  ['md-link-fullwidth', '[x](ｊａｖａｓｃｒｉｐｔ:$S)'],
  ['md-link-null', '[x](java\u0000script:$S)'],
  ['md-link-markup-label', '[<img src=x onerror=$S>](https://x.test/)'],
  ['md-link-title', '[x](https://x.test/ "onmouseover=$S")'],
  ['md-link-url-breakout', '[x](https://x.test/"onmouseover="$S)'],
  ['md-link-hash-breakout', '[x](#"onclick="$S)'],
  ['md-link-nested', '[[x](javascript:$S)](https://x.test/)'],
  ['md-image-javascript', '![x](javascript:$S)'],
  ['md-image-onerror', '![x" onerror="$S](https://x.test/a.png)'],
  ['md-reference-link', '[x][1]\n\n[1]: javascript:$S'],
  ['md-autolink-javascript', '<javascript:$S>'],
  ['md-autolink-breakout', '<https://x.test/"onmouseover="$S">'],
  ['md-bare-url-markup', 'https://x.test/<img src=x onerror=$S>'],
  ['md-bare-url-breakout', 'http://x.test/"><svg onload=$S>'],
  ['md-link-then-script', '[x](https://x.test/)<script>$S</script>'],
  ['md-strong-img', '**<img src=x onerror=$S>**'],
  ['md-em-svg', '_<svg onload=$S>_'],
  ['md-del-iframe', '~~<iframe src="javascript:$T"></iframe>~~'],
  ['md-code-span', '`<script>$S</script>`'],
  ['md-fence', '```html\n<script>$S</script>\n```'],
  ['md-list', '- <img src=x onerror=$S>\n- [y](javascript:$S)'],
  ['md-html-block', '<div>\n\n<img src=x onerror=$S>\n\n</div>'],
  // Replacement patterns, for text put into a sentence with String.prototype.replace.
  ['replacement-patterns', '¤&¤`¤\'¤¤<img src=x onerror=$S>'],
];

interface Payload {
  readonly id: string;
  readonly text: string;
}

const entities = (s: string, hex: boolean) => [...s].map(c => (hex ? `&#x${c.codePointAt(0)!.toString(16)};` : `&#${c.codePointAt(0)};`)).join('');

function expand(id: string, template: string): string {
  const s = `window.__xss='${id}'`;
  const t = `top.__xss='${id}'`;
  return template
    .replaceAll('$S', s)
    .replaceAll('$T', t)
    .replaceAll('$E', entities(s, false))
    .replaceAll('$X', entities(s, true))
    .replaceAll('$U', encodeURIComponent(s))
    .replaceAll('$B', btoa(`<script>${t}</script>`))
    .replaceAll('¤', '$');
}

const payloads: readonly Payload[] = TEMPLATES.map(([id, template]) => ({ id, text: expand(id, template) }));

// ─── What the DOM may hold ──────────────────────────────────────────────────────────────────────

/** Elements that run script, load documents or styles, or change how the page is read. */
const FORBIDDEN = 'script, iframe, frame, frameset, object, embed, applet, portal, style, meta, link, base, svg, math, template, noscript, xmp, plaintext, set, animate';
/** Everything a message may be built of (text, markdown, rich content). */
const MESSAGE_TAGS = new Set([
  'div', 'span', 'p', 'strong', 'em', 'del', 'code', 'pre', 'br', 'ul', 'ol', 'li', 'a', 'img', 'time', 'button',
  'article', 'form', 'fieldset', 'legend', 'label', 'input',
]);
/** Attributes that take script or a URL the checks below do not vet; none may appear at all. */
const BANNED_ATTRIBUTES = ['srcdoc', 'formaction', 'action', 'srcset', 'xlink:href', 'poster', 'background', 'style', 'data', 'dynsrc', 'lowsrc', 'ping', 'codebase', 'http-equiv', 'is'];
const LINK_SCHEMES = ['http:', 'https:', 'mailto:', 'tel:'];
const MEDIA_SCHEMES = ['http:', 'https:'];

/** What is wrong with `scope` and everything in it, if anything; `ownSvg` are the widget's own icons. */
function problemsIn(scope: ParentNode, options: { message: boolean; ownSvg?: ReadonlySet<Element> }): string[] {
  const problems: string[] = [];
  const elements = [...scope.querySelectorAll('*')];
  if (scope instanceof Element) elements.unshift(scope);
  for (const el of scope.querySelectorAll(FORBIDDEN)) {
    // The header's icons come and go with the conversation (Download transcript); no message is ever there.
    const own = options.ownSvg && ([...options.ownSvg].some(svg => svg === el || svg.contains(el)) || !!el.closest('[part~="header"]'));
    if (!own) problems.push(`<${el.localName}> element`);
  }
  for (const el of elements) {
    const tag = el.localName;
    if (options.message && !MESSAGE_TAGS.has(tag)) problems.push(`<${tag}> in a message`);
    for (const name of el.getAttributeNames()) {
      if (name.startsWith('on')) problems.push(`<${tag} ${name}>`);
      if (BANNED_ATTRIBUTES.includes(name)) problems.push(`<${tag} ${name}="${el.getAttribute(name)?.slice(0, 60)}">`);
    }
    for (const name of ['href', 'src']) {
      const value = el.getAttribute(name);
      if (value === null) continue;
      const schemes = tag === 'a' && name === 'href' ? LINK_SCHEMES : MEDIA_SCHEMES;
      let protocol: string | undefined;
      try {
        protocol = new URL(value).protocol;
      } catch {
        protocol = undefined;
      }
      if (!protocol || !schemes.includes(protocol)) problems.push(`<${tag} ${name}="${value.slice(0, 60)}">`);
    }
    if (el.getAttribute('target') === '_blank') {
      const rel = (el.getAttribute('rel') ?? '').split(/\s+/);
      if (!rel.includes('noopener') || !rel.includes('noreferrer')) problems.push(`<${tag} target=_blank rel="${el.getAttribute('rel')}">`);
    }
  }
  return problems;
}

/** Names of the elements that look like tags in `text`: shown as text, they stay in the text. */
const tagsIn = (text: string) => text.match(/<\/?[a-zA-Z][a-zA-Z0-9]*/g) ?? [];

// ─── Delivery ───────────────────────────────────────────────────────────────────────────────────

let clock = Date.parse('2026-03-01T09:00:00.000Z');
/** Channel fields of the next message: its own id and a time after every earlier one, so it is the last shown. */
const next = () => ({ id: crypto.randomUUID(), time: new Date((clock += 1000)).toISOString() });

interface Widget {
  readonly el: GenesysChat;
  readonly server: MockServer;
  readonly root: ShadowRoot;
  readonly ownSvg: ReadonlySet<Element>;
}

async function mount(markdown: boolean): Promise<Widget> {
  const server = new MockServer({ config: deploymentConfig({ markdown }) });
  const el = await mountConnected(server);
  const root = el.shadowRoot!;
  if (markdown) {
    // The deployment's settings arrive on their own: markdown is on once a message renders as markdown.
    server.sendToAll(agentMessage('**ready**', next()));
    await waitUntil(() => root.querySelector('.md strong'), 'markdown never turned on');
  }
  const ownSvg = new Set(root.querySelectorAll('svg'));
  const widget = { el, server, root, ownSvg };
  expect(problemsIn(root, { message: false, ownSvg }), 'the widget before any payload').to.deep.equal([]);
  return widget;
}

/** The widget takes server messages that follow each other closely once per animation frame: this one shows by the next. */
const shownSoon = async (w: Widget) => {
  await new Promise(requestAnimationFrame);
  await w.el.updateComplete;
};

/**
 * Sends one frame carrying `payload` (mock-socket delivers it at once), then checks the message it
 * made, the newest, and that nothing ran. Returns what is wrong, each problem named after the payload.
 */
async function deliver(
  w: Widget,
  payload: Payload,
  frame: object,
  checkText: (message: HTMLElement) => string[],
): Promise<string[]> {
  const before = parts(w.el, 'message').length;
  w.server.sendToAll(frame);
  await shownSoon(w);
  const messages = parts(w.el, 'message');
  if (messages.length !== before + 1) return [`${payload.id}: no message was shown (${messages.length - before} new)`];
  const message = messages.at(-1)!;
  const problems = [
    ...problemsIn(message, { message: true }),
    ...checkText(message),
    ...(window.__xss !== undefined ? [`window.__xss is ${JSON.stringify(window.__xss)}`] : []),
  ];
  return problems.map(p => `${payload.id}: ${p}`);
}

/** Every payload through one path into the widget; fails with the list of payloads that got through. */
async function everyPayload(w: Widget, send: (p: Payload) => Promise<string[]>): Promise<void> {
  const problems: string[] = [];
  for (const payload of payloads) problems.push(...(await send(payload)));
  await w.el.updateComplete;
  problems.push(...problemsIn(w.root, { message: false, ownSvg: w.ownSvg }).map(p => `(widget) ${p}`));
  if (window.__xss !== undefined) problems.push(`${window.__xss}: the payload ran`);
  // For the run's security figures: every payload tried, and how many got anything through.
  const through = new Set(problems.map(p => p.slice(0, p.indexOf(':'))));
  await reportFaults({ payloadsTried: payloads.length, payloadsExecuted: through.size });
  expect(problems).to.deep.equal([]);
}

const textOf = (el: Element | null | undefined) => el?.textContent ?? '';
/** `expected` and `actual` differ: say how, briefly. */
const differs = (what: string, actual: string, expected: string) =>
  actual === expected ? [] : [`${what} shows ${JSON.stringify(actual.slice(0, 80))}, not ${JSON.stringify(expected.slice(0, 80))}`];
/** The trimmed payload, as the content reader keeps server text. */
const shown = (p: Payload) => p.text.trim();

// ─── Tests ──────────────────────────────────────────────────────────────────────────────────────

describe('<genesys-chat> against script injection', function () {
  // Each test walks every payload through the widget, a frame or two each: slow machines need the room.
  this.timeout(60_000);

  afterEach(() => {
    delete window.__xss;
  });

  it(`has at least 100 payloads, each with its own id`, () => {
    expect(payloads.length).to.be.at.least(100);
    expect(new Set(payloads.map(p => p.id)).size).to.equal(payloads.length);
    for (const p of payloads) expect(p.text, p.id).to.not.match(/\$[STEXUB]/);
  });

  it('shows agent text as text with markdown on: no markup, only safe links', async () => {
    const w = await mount(true);
    await everyPayload(w, p =>
      deliver(w, p, agentMessage(p.text, next()), message => {
        const text = message.querySelector('[data-text]');
        const md = text?.querySelector('.md');
        if (!md) return ['no markdown block'];
        // A tag in a link destination that is dropped goes with it; everywhere else it stays as text.
        const expected = p.text.includes('](') ? [] : tagsIn(p.text);
        return expected.filter(tag => !textOf(md).includes(tag)).map(tag => `"${tag}" is not shown as text`);
      }),
    );
  });

  it('shows agent text exactly as sent with markdown off', async () => {
    const w = await mount(false);
    await everyPayload(w, p =>
      deliver(w, p, agentMessage(p.text, next()), message => {
        const text = message.querySelector('[data-text]');
        return [...(text?.children.length ? ['markup in the text'] : []), ...differs('the text', textOf(text), p.text)];
      }),
    );
  });

  it("shows the sender's name as text, in the message and the typing line, and only a safe avatar", async () => {
    const w = await mount(true);
    await everyPayload(w, async p => {
      const problems = await deliver(
        w,
        p,
        agentContent([], { ...next(), text: 'Hello', bot: false, from: { nickname: p.text, image: p.text } }),
        message => [
          ...differs('the sender', textOf(message.querySelector('.sender')), shown(p)),
          ...(message.querySelector('img') && !message.querySelector('img[part~="avatar"]') ? ['an image other than the avatar'] : []),
        ],
      );
      w.server.sendToAll(agentTyping({ type: 'On', duration: 5000 }, p.text));
      await shownSoon(w);
      const typing = parts(w.el, 'typing')[0];
      return [
        ...problems,
        ...(typing?.children.length ? [`${p.id}: markup in the typing line`] : []),
        ...differs(`${p.id}: the typing line`, textOf(typing), en.agentTypingNamed.split('{name}').join(shown(p))),
      ];
    });
  });

  it('shows quick replies and their prompt as text', async () => {
    const w = await mount(true);
    await everyPayload(w, p =>
      deliver(
        w,
        p,
        agentContent(
          [
            { contentType: 'QuickReplyV2', quickReplyV2: { title: p.text, actions: [{ text: p.text, payload: p.text }] } },
            { contentType: 'QuickReply', quickReply: { text: p.text, payload: p.text, action: 'Message' } },
          ],
          { ...next(), text: p.text },
        ),
        message => {
          const replies = [...message.querySelectorAll('[part~="quick-reply"]')];
          return [
            ...differs('the prompt', textOf(message.querySelector('.prompt')), shown(p)),
            ...(replies.length === 2 ? [] : [`${replies.length} quick replies`]),
            ...replies.flatMap(r => differs('a quick reply', textOf(r), shown(p))),
          ];
        },
      ),
    );
  });

  const card = (p: Payload) => ({
    title: p.text,
    description: p.text,
    image: p.text,
    defaultAction: { type: 'Link', text: p.text, url: p.text },
    actions: [
      { type: 'Link', text: p.text, url: p.text },
      { type: 'Link', url: p.text },
      { type: 'Postback', text: p.text, payload: p.text },
    ],
  });
  const checkCard = (p: Payload, c: Element) => [
    ...(textOf(c.querySelector('.card-title')).startsWith(shown(p)) ? [] : ['the card title is not its text']),
    ...differs('the card text', textOf(c.querySelector('.card-text')), shown(p)),
    ...differs('the card button', textOf(c.querySelector('[part~="card-button"]')), shown(p)),
    ...[...c.querySelectorAll('[part~="card-link"]')].flatMap(a =>
      a.getAttribute('href') === new URL(shown(p)).href ? [] : [`a card link to ${a.getAttribute('href')}`],
    ),
  ];

  it('shows cards as text, with only safe images and links', async () => {
    const w = await mount(true);
    await everyPayload(w, p =>
      deliver(w, p, agentContent([{ contentType: 'Card', card: card(p) }], next()), message => {
        const c = message.querySelector('[part~="card"]');
        return c ? checkCard(p, c) : ['no card'];
      }),
    );
  });

  it('shows carousels as text, with only safe images and links', async () => {
    const w = await mount(true);
    await everyPayload(w, p =>
      deliver(w, p, agentContent([{ contentType: 'Carousel', carousel: { cards: [card(p), card(p)] } }], next()), message => {
        const cards = [...message.querySelectorAll('[part~="carousel"] [part~="card"]')];
        return cards.length === 2 ? cards.flatMap(c => checkCard(p, c)) : [`${cards.length} cards in the carousel`];
      }),
    );
  });

  it('shows list pickers as text, with only safe images', async () => {
    const w = await mount(true);
    await everyPayload(w, p =>
      deliver(
        w,
        p,
        agentContent(
          [
            {
              contentType: 'ListPicker',
              listPicker: {
                receivedMessage: { title: p.text, subtitle: p.text },
                replyMessage: { title: p.text },
                sections: [{ title: p.text, multipleSelection: true, items: [{ id: p.text, title: p.text, subtitle: p.text, imageUrl: p.text }] }],
              },
            },
          ],
          next(),
        ),
        message => {
          const list = message.querySelector('[part~="list-picker"]');
          if (!list) return ['no list picker'];
          return [
            ...differs('the title', textOf(list.querySelector('.picker-title')), shown(p)),
            ...differs('the subtitle', textOf(list.querySelector('.picker-text')), shown(p)),
            ...differs('the section title', textOf(list.querySelector('.section-title')), shown(p)),
            ...differs('the item', textOf(list.querySelector('.item-text')), shown(p) + shown(p)),
            ...differs('the item subtitle', textOf(list.querySelector('.item-subtitle')), shown(p)),
            ...differs('the item value', list.querySelector('input')?.value ?? '', p.text),
          ];
        },
      ),
    );
  });

  it('shows date pickers as text, with only safe images', async () => {
    const w = await mount(true);
    await everyPayload(w, p =>
      deliver(
        w,
        p,
        agentContent(
          [
            {
              contentType: 'DatePicker',
              datePicker: { title: p.text, subtitle: p.text, imageUrl: p.text, availableTimes: [{ dateTime: '2026-03-02T10:00:00Z', duration: 1800 }] },
            },
          ],
          next(),
        ),
        message => {
          const date = message.querySelector('[part~="date-picker"]');
          if (!date) return ['no date picker'];
          return [
            ...differs('the title', textOf(date.querySelector('.picker-title')), shown(p)),
            ...differs('the subtitle', textOf(date.querySelector('.picker-text')), shown(p)),
          ];
        },
      ),
    );
  });

  it('shows attachment names as text, with only safe URLs', async () => {
    const w = await mount(true);
    await everyPayload(w, p =>
      deliver(
        w,
        p,
        agentContent(
          [
            { contentType: 'Attachment', attachment: { mediaType: 'Image', url: p.text, filename: p.text, mime: 'image/png' } },
            { contentType: 'Attachment', attachment: { mediaType: 'File', url: p.text, filename: p.text, fileSize: 10 } },
            { contentType: 'Attachment', attachment: { mediaType: 'File', url: 'https://files.example.test/report.pdf', filename: p.text } },
            { contentType: 'Attachment', attachment: { mediaType: 'Video', url: p.text } },
          ],
          next(),
        ),
        message => {
          // One element per attachment shown, in order; the video has no name and shows only with a safe URL.
          const [image, file, named] = [...(message.querySelector('.rich')?.children ?? [])];
          const imageText = image?.matches('a.image-link') ? (image.querySelector('img')?.alt ?? '') : textOf(image);
          return [
            ...differs('the image name', imageText, shown(p)),
            ...(textOf(file).includes(shown(p)) ? [] : ['the file name is not its text']),
            ...(textOf(named).includes(shown(p)) ? [] : ['the linked file name is not its text']),
            ...(named?.getAttribute('href') === 'https://files.example.test/report.pdf' ? [] : ['the safe file link is missing']),
          ];
        },
      ),
    );
  });

  it('shows content of unknown types through the fallback, as text', async () => {
    const w = await mount(true);
    await everyPayload(w, p => {
      // The content's own key: its type (as far as it is read) with a lower-case first letter.
      const type = p.text.slice(0, 100);
      const key = type.charAt(0).toLowerCase() + type.slice(1);
      return deliver(
        w,
        p,
        agentContent(
          [
            { contentType: p.text, [key]: { title: p.text } },
            { contentType: 'Form', form: { title: p.text } },
            { contentType: 'RichLink', richLink: { text: p.text, url: p.text } },
            { contentType: 'Text', text: { body: p.text } },
          ],
          next(),
        ),
        message => {
          const fallbacks = [...message.querySelectorAll('[part~="unsupported-content"]')];
          return [
            ...(fallbacks.length === 4 ? [] : [`${fallbacks.length} fallbacks`]),
            ...fallbacks.flatMap(f => differs('the fallback', textOf(f.querySelector('.unsupported-text')), shown(p))),
          ];
        },
      );
    });
  });
});
