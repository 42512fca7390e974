import { expect, fixture, html } from '@open-wc/testing';
import { emulateMedia, sendKeys } from '@web/test-runner-commands';
import { LitElement } from 'lit';
import { readContent } from '../../src/content/read-content.js';
import type { ContentReply, RichContent } from '../../src/content/rich-content.types.js';
import type { MessageContent } from '../../src/protocol/frames.js';
import { contentStyles } from '../../src/element/content.styles.js';
import { renderContent, type ContentView } from '../../src/element/templates/content.js';
import { contentEn } from '../../src/i18n/content-strings.js';

declare global {
  interface Window {
    __contentPwned?: string;
  }
}

/** Rich content in a shadow root with the content styles adopted, as in the widget. */
class ContentHost extends LitElement {
  static override styles = contentStyles;
  static override properties = { content: { attribute: false }, view: { attribute: false } };
  content: readonly RichContent[] = [];
  view!: ContentView;
  override render() {
    return html`<div>${renderContent(this.content, this.view)}</div>`;
  }
}
customElements.define('test-content-host', ContentHost);

interface Mounted {
  el: ContentHost;
  root: ShadowRoot;
  replies: ContentReply[];
  $<E extends Element = HTMLElement>(selector: string): E;
  $$<E extends Element = HTMLElement>(selector: string): E[];
}

async function mount(entries: readonly unknown[], interactive = true): Promise<Mounted> {
  const replies: ContentReply[] = [];
  const view: ContentView = { t: contentEn, messageId: 'm1', interactive, onReply: r => replies.push(r), lang: 'en-GB' };
  const el = await fixture<ContentHost>(html`<test-content-host .content=${readContent(entries as MessageContent[])} .view=${view}></test-content-host>`);
  const root = el.shadowRoot!;
  return {
    el,
    root,
    replies,
    $: <E extends Element>(selector: string) => root.querySelector<E>(selector)!,
    $$: <E extends Element>(selector: string) => [...root.querySelectorAll<E>(selector)],
  };
}

const text = (el: Element) => el.textContent!.replace(/\s+/g, ' ').trim();
const part = (name: string) => `[part~="${name}"]`;

let files = '';
before(async () => {
  const { origin } = (await (await fetch('/__simulator')).json()) as { origin: string };
  files = `${origin}/sim/files`;
});

const quickReplies = (...texts: string[]) => texts.map(t => ({ contentType: 'QuickReply', quickReply: { text: t, payload: `p-${t}` } }));
const card = (title: string, payload = title.toLowerCase()) => ({
  title,
  description: `About ${title}`,
  image: `${files}/sample.png`,
  defaultAction: { type: 'Link', text: 'Open', url: 'https://example.com/plans' },
  actions: [
    { type: 'Postback', text: `Choose ${title}`, payload },
    { type: 'Link', text: 'Read more', url: 'https://example.com/more' },
    { type: 'Link', text: 'Evil', url: 'javascript:window.__contentPwned="link"' },
  ],
});
const cardContent = () => [{ contentType: 'Card', card: card('Premium') }];
const carouselContent = () => [{ contentType: 'Carousel', carousel: { cards: [card('Basic'), card('Team'), card('Enterprise')] } }];
const TIMES = ['2030-01-01T09:00:00Z', '2030-01-02T13:30:00Z'];
const datePickerContent = () => [{
  contentType: 'DatePicker',
  datePicker: { title: 'Book a call back', subtitle: 'Pick a time', imageUrl: `${files}/sample.png`, availableTimes: TIMES.map(dateTime => ({ dateTime, duration: 1800 })) },
}];
const listPickerContent = () => [{
  contentType: 'ListPicker',
  listPicker: {
    receivedMessage: { title: 'What do you need?' },
    sections: [
      { title: 'Topics', multipleSelection: true, items: [{ id: 'a', title: 'Alpha', subtitle: 'First' }, { id: 'b', title: 'Beta' }, { id: 'c', title: 'Gamma' }] },
      { title: 'Urgency', multipleSelection: false, items: [{ id: 'low', title: 'Low' }, { id: 'high', title: 'High', imageUrl: `${files}/sample.png` }] },
    ],
  },
}];
const imageContent = () => [{ contentType: 'Attachment', attachment: { mediaType: 'Image', filename: 'sample.png', mime: 'image/png', url: `${files}/sample.png` } }];
const fileContent = () => [{ contentType: 'Attachment', attachment: { mediaType: 'File', filename: 'brochure.pdf', mime: 'application/pdf', fileSize: 12_345, url: `${files}/brochure.pdf` } }];
const others = () => [
  { contentType: 'ButtonResponse', buttonResponse: { text: 'Yes please', payload: 'yes', type: 'QuickReply' } },
  { contentType: 'PaymentRequest', paymentRequest: { title: 'Pay 10 EUR' } },
  { contentType: 'Form', form: {} },
];

describe('rich content rendering', () => {
  afterEach(() => {
    delete window.__contentPwned;
  });

  describe('quick replies', () => {
    it('renders a named group of buttons; a click replies with the text and payload', async () => {
      const m = await mount(quickReplies('Yes', 'No'));
      const group = m.$('[role="group"]');
      expect(group.getAttribute('aria-label')).to.equal('Suggested replies');
      const buttons = m.$$<HTMLButtonElement>(part('quick-reply'));
      expect(buttons.map(b => [b.type, text(b)])).to.deep.equal([['button', 'Yes'], ['button', 'No']]);
      buttons[1]!.click();
      expect(m.replies).to.deep.equal([{ type: 'QuickReply', text: 'No', payload: 'p-No', messageId: 'm1' }]);
      const box = buttons[0]!.getBoundingClientRect();
      expect(box.width).to.be.at.least(24);
      expect(box.height).to.be.at.least(24);
      await expect(m.el).to.be.accessible();
    });

    it('labels a QuickReplyV2 group with its title, and keeps the title once the replies are gone', async () => {
      const v2 = [{ contentType: 'QuickReplyV2', quickReplyV2: { title: 'Rate us', actions: [{ text: 'Good', payload: 'g' }] } }];
      const m = await mount(v2);
      expect(m.$('[role="group"]').getAttribute('aria-label')).to.equal('Rate us');
      expect(text(m.$('.prompt'))).to.equal('Rate us');
      const answered = await mount(v2, false);
      expect(answered.$$(part('quick-reply'))).to.have.length(0);
      expect(text(answered.$('.rich'))).to.equal('Rate us');
    });

    it('shows no quick replies when not interactive', async () => {
      const m = await mount(quickReplies('Yes', 'No'), false);
      expect(m.$$(part('quick-reply'))).to.have.length(0);
      expect(m.$$('[role="group"]')).to.have.length(0);
      await expect(m.el).to.be.accessible();
    });
  });

  describe('card', () => {
    it('renders title, decorative image, description, safe links and a postback button', async () => {
      const m = await mount(cardContent());
      const article = m.$(`article${part('card')}`);
      expect(m.$$('h1, h2, h3, h4, h5, h6')).to.have.length(0);
      const img = article.querySelector('img')!;
      expect([img.getAttribute('src'), img.alt, img.loading, img.referrerPolicy]).to.deep.equal([`${files}/sample.png`, '', 'lazy', 'no-referrer']);
      const title = article.querySelector<HTMLAnchorElement>('.card-title a')!;
      expect([title.href, title.target, title.rel]).to.deep.equal(['https://example.com/plans', '_blank', 'noopener noreferrer']);
      expect(text(title)).to.equal('Premium (opens in a new tab)');
      expect(text(article.querySelector('.card-text')!)).to.equal('About Premium');

      const links = m.$$<HTMLAnchorElement>(part('card-link'));
      expect(links.map(a => [a.getAttribute('href'), a.target, a.rel])).to.deep.equal([['https://example.com/more', '_blank', 'noopener noreferrer']]);
      const hidden = links[0]!.querySelector('.visually-hidden')!;
      expect(hidden.textContent!.trim()).to.equal('(opens in a new tab)');
      expect(hidden.getBoundingClientRect().width).to.be.at.most(1);
      expect(m.$$('a').every(a => a.getAttribute('href')!.startsWith('https:'))).to.equal(true);
      expect(text(m.$('.rich'))).to.not.contain('Evil');

      const button = m.$<HTMLButtonElement>(part('card-button'));
      expect([button.type, button.disabled, text(button)]).to.deep.equal(['button', false, 'Choose Premium']);
      button.click();
      expect(m.replies).to.deep.equal([{ type: 'Button', text: 'Choose Premium', payload: 'premium', messageId: 'm1' }]);
      await expect(m.el).to.be.accessible();
    });

    it('disables postback buttons when not interactive, and links still work', async () => {
      const m = await mount(cardContent(), false);
      const button = m.$<HTMLButtonElement>(part('card-button'));
      expect(button.disabled).to.equal(true);
      button.click();
      expect(m.replies).to.deep.equal([]);
      expect(m.$$(part('card-link'))).to.have.length(1);
      await expect(m.el).to.be.accessible();
    });

    it('keeps images within the card and no taller than 240px', async () => {
      const m = await mount(cardContent());
      const style = getComputedStyle(m.$('.card-image'));
      expect([style.maxWidth, style.maxHeight]).to.deep.equal(['100%', '240px']);
    });
  });

  describe('carousel', () => {
    const setup = async () => {
      const m = await mount(carouselContent());
      const carousel = m.$('[aria-roledescription="carousel"]');
      const slides = m.$$('[aria-roledescription="slide"]');
      const previous = m.$<HTMLButtonElement>(part('carousel-previous'));
      const next = m.$<HTMLButtonElement>(part('carousel-next'));
      const focused = () => slides.indexOf(m.root.activeElement as HTMLElement);
      const ends = () => [previous.disabled, next.disabled];
      return { m, carousel, slides, previous, next, focused, ends };
    };

    it('renders a labelled carousel of labelled slides, one card each', async () => {
      const { m, carousel, slides, ends } = await setup();
      expect([carousel.getAttribute('role'), carousel.getAttribute('aria-label')]).to.deep.equal(['group', 'Cards']);
      expect(slides.map(s => [s.getAttribute('role'), s.getAttribute('aria-label'), s.tabIndex])).to.deep.equal([
        ['group', '1 of 3', -1],
        ['group', '2 of 3', -1],
        ['group', '3 of 3', -1],
      ]);
      expect(slides.map(s => text(s.querySelector('.card-title')!))).to.deep.equal(['Basic (opens in a new tab)', 'Team (opens in a new tab)', 'Enterprise (opens in a new tab)']);
      expect(getComputedStyle(m.$('.slides')).scrollSnapType).to.contain('x');
      expect(ends()).to.deep.equal([true, false]);
      await expect(m.el).to.be.accessible();
    });

    it('moves focus with Next and Previous, disabling them at the ends', async () => {
      const { m, slides, previous, next, focused, ends } = await setup();
      next.click();
      expect(focused()).to.equal(1);
      expect(ends()).to.deep.equal([false, false]);
      next.click();
      expect(focused()).to.equal(2);
      expect(ends()).to.deep.equal([false, true]);
      previous.click();
      previous.click();
      expect(focused()).to.equal(0);
      expect(ends()).to.deep.equal([true, false]);
      expect(m.root.activeElement).to.equal(slides[0]);
    });

    it('moves with the arrow keys, Home and End', async () => {
      const { m, next, focused, ends } = await setup();
      next.focus();
      await sendKeys({ press: 'ArrowRight' });
      expect(focused()).to.equal(1);
      await sendKeys({ press: 'ArrowRight' });
      expect(focused()).to.equal(2);
      await sendKeys({ press: 'ArrowRight' });
      expect(focused()).to.equal(2);
      expect(ends()).to.deep.equal([false, true]);
      await sendKeys({ press: 'Home' });
      expect(focused()).to.equal(0);
      expect(ends()).to.deep.equal([true, false]);
      await sendKeys({ press: 'End' });
      expect(focused()).to.equal(2);
      await sendKeys({ press: 'ArrowLeft' });
      expect(focused()).to.equal(1);
      expect(ends()).to.deep.equal([false, false]);
      await expect(m.el).to.be.accessible();
    });

    it('scrolls the focused slide into view, at once when reduced motion is asked for', async () => {
      await emulateMedia({ reducedMotion: 'reduce' });
      try {
        const { m, next } = await setup();
        const box = m.$('.slides');
        expect(getComputedStyle(box).scrollBehavior).to.equal('auto');
        next.click();
        next.click();
        const slide = m.$$('.slide')[2]!.getBoundingClientRect();
        const view = box.getBoundingClientRect();
        expect(box.scrollLeft).to.be.above(0);
        expect(slide.left).to.be.at.least(view.left - 1);
        expect(slide.right).to.be.at.most(view.right + 1);
      } finally {
        await emulateMedia({ reducedMotion: 'no-preference' });
      }
    });

    it('makes a card the current slide when focus moves into it', async () => {
      const { m, ends } = await setup();
      m.$$<HTMLButtonElement>(part('card-button'))[2]!.focus();
      expect(ends()).to.deep.equal([false, true]);
    });

    it('shows a single card without navigation, and disabled postbacks when not interactive', async () => {
      const m = await mount([{ contentType: 'Carousel', carousel: { cards: [card('Only')] } }], false);
      expect(m.$$(part('carousel-next'))).to.have.length(0);
      expect(m.$$('[aria-roledescription="slide"]').map(s => s.getAttribute('aria-label'))).to.deep.equal(['1 of 1']);
      expect(m.$<HTMLButtonElement>(part('card-button')).disabled).to.equal(true);
      await expect(m.el).to.be.accessible();
    });
  });

  describe('date picker', () => {
    const format = (iso: string) => new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));

    it('renders a group named by its title with one choice per slot; Send replies with the chosen ISO time', async () => {
      const m = await mount(datePickerContent());
      const group = m.$('fieldset');
      expect(text(group.querySelector('legend')!)).to.equal('Book a call back');
      expect(text(m.$('.picker-text'))).to.equal('Pick a time');
      const options = m.$$<HTMLInputElement>('input[type="radio"]');
      expect(options.map(o => text(o.closest('label')!))).to.deep.equal(TIMES.map(format));
      const send = m.$<HTMLButtonElement>('button.send');
      expect([text(send), send.disabled]).to.deep.equal(['Send', true]);

      options[1]!.click();
      expect(send.disabled).to.equal(false);
      send.click();
      expect(m.replies).to.deep.equal([{ type: 'DatePicker', text: format(TIMES[1]!), payload: TIMES[1], messageId: 'm1' }]);
      await expect(m.el).to.be.accessible();
    });

    it('takes no input when not interactive', async () => {
      const m = await mount(datePickerContent(), false);
      expect(m.$$('input, button').every(e => e.matches(':disabled'))).to.equal(true);
      m.$<HTMLInputElement>('input').click();
      m.$<HTMLButtonElement>('button.send').click();
      expect(m.replies).to.deep.equal([]);
      await expect(m.el).to.be.accessible();
    });
  });

  describe('list picker', () => {
    it('renders a fieldset per section with checkboxes or radios; Send replies with the titles and ids', async () => {
      const m = await mount(listPickerContent());
      expect(text(m.$('.picker-title'))).to.equal('What do you need?');
      const sections = m.$$('fieldset.section');
      expect(sections.map(s => text(s.querySelector('legend')!))).to.deep.equal(['Topics Choose one or more', 'Urgency Choose one']);
      expect(sections.map(s => [...s.querySelectorAll('input')].map(i => i.type))).to.deep.equal([['checkbox', 'checkbox', 'checkbox'], ['radio', 'radio']]);
      const send = m.$<HTMLButtonElement>('button.send');
      expect(send.disabled).to.equal(true);

      const inputs = m.$$<HTMLInputElement>('input');
      inputs[0]!.click();
      inputs[2]!.click();
      inputs[4]!.click();
      expect(send.disabled).to.equal(false);
      send.click();
      expect(m.replies).to.deep.equal([{ type: 'ListPicker', text: 'Alpha, Gamma, High', payload: 'a,c,high', messageId: 'm1' }]);
      await expect(m.el).to.be.accessible();
    });

    it('disables Send again when nothing is chosen', async () => {
      const m = await mount(listPickerContent());
      const box = m.$<HTMLInputElement>('input');
      box.click();
      box.click();
      expect(m.$<HTMLButtonElement>('button.send').disabled).to.equal(true);
    });

    it('takes no input when not interactive', async () => {
      const m = await mount(listPickerContent(), false);
      expect(m.$$('input, button').every(e => e.matches(':disabled'))).to.equal(true);
      await expect(m.el).to.be.accessible();
    });
  });

  describe('attachments', () => {
    it('renders an image as a linked img with a safe src and its name as alt', async () => {
      const m = await mount(imageContent());
      const img = m.$<HTMLImageElement>(part('attachment-image'));
      expect([img.getAttribute('src'), img.alt, img.loading, img.referrerPolicy]).to.deep.equal([`${files}/sample.png`, 'sample.png', 'lazy', 'no-referrer']);
      const link = img.closest('a')!;
      expect([link.getAttribute('href'), link.target, link.rel]).to.deep.equal([`${files}/sample.png`, '_blank', 'noopener noreferrer']);
      await expect(m.el).to.be.accessible();
    });

    it('renders a file as a download link with its size', async () => {
      const m = await mount(fileContent());
      const link = m.$<HTMLAnchorElement>(part('attachment-link'));
      expect([link.getAttribute('href'), link.hasAttribute('download'), link.target, link.rel])
        .to.deep.equal([`${files}/brochure.pdf`, true, '_blank', 'noopener noreferrer']);
      expect(text(link)).to.equal('Download brochure.pdf (12.3 kB) (opens in a new tab)');
      await expect(m.el).to.be.accessible();
      const small = await mount([{ contentType: 'Attachment', attachment: { mediaType: 'File', filename: 'a.txt', fileSize: 611, url: `${files}/a.txt` } }]);
      expect(text(small.$(part('attachment-link')))).to.equal('Download a.txt (611 bytes) (opens in a new tab)');
    });

    it('shows only the name of a file without a safe URL', async () => {
      const m = await mount([{ contentType: 'Attachment', attachment: { mediaType: 'Image', filename: 'x.png', url: 'javascript:window.__contentPwned="img"' } }]);
      expect(m.$$('a, img')).to.have.length(0);
      expect(text(m.$('.rich'))).to.equal('x.png');
    });
  });

  describe('choices and the fallback', () => {
    it('shows a choice as text, and unsupported content with its text', async () => {
      const m = await mount(others());
      expect(text(m.$('.choice'))).to.equal('Yes please');
      const fallbacks = m.$$(part('unsupported-content'));
      expect(fallbacks.map(f => [f.localName, text(f)])).to.deep.equal([
        ['p', "This content can't be shown here. Pay 10 EUR"],
        ['p', "This content can't be shown here."],
      ]);
      await expect(m.el).to.be.accessible();
    });
  });

  describe('hostile strings', () => {
    const evil = '<img src=x onerror="window.__contentPwned=\'x\'"><script>window.__contentPwned="s"</script>';

    it('shows markup from the server as text only', async () => {
      const m = await mount([
        ...quickReplies(evil),
        { contentType: 'Card', card: { title: evil, description: evil, actions: [{ type: 'Postback', text: evil }, { type: 'Link', text: evil, url: 'https://ok.test/' }] } },
        { contentType: 'ListPicker', listPicker: { receivedMessage: { title: evil }, sections: [{ title: evil, items: [{ id: evil, title: evil, subtitle: evil }] }] } },
        { contentType: 'DatePicker', datePicker: { title: evil, subtitle: evil, availableTimes: [{ dateTime: '2030-01-01T09:00:00Z' }] } },
        { contentType: 'Attachment', attachment: { mediaType: 'File', filename: evil, url: 'https://ok.test/f' } },
        { contentType: 'ButtonResponse', buttonResponse: { text: evil } },
        { contentType: evil, [evil]: { title: evil } },
        { contentType: 'Text', text: { body: evil } },
      ]);
      expect(m.$$('script')).to.have.length(0);
      expect(m.$$('img')).to.have.length(0);
      expect(window.__contentPwned).to.equal(undefined);
      expect(m.$(part('quick-reply')).textContent).to.equal(evil);
      expect(m.$('.card-title').textContent).to.equal(evil);
      expect(m.$('.choice').textContent).to.equal(evil);
      expect(m.$$('.unsupported-text').map(e => e.textContent)).to.deep.equal([evil, evil]);

      m.$<HTMLInputElement>('fieldset.section input').click();
      m.$$<HTMLButtonElement>('button.send')[0]!.click();
      expect(m.replies.at(-1)).to.deep.equal({ type: 'ListPicker', text: evil, payload: evil, messageId: 'm1' });
    });
  });

  describe('accessibility of every content type', () => {
    const all: [string, () => unknown[]][] = [
      ['quick replies', () => quickReplies('Yes', 'No')],
      ['card', cardContent],
      ['carousel', carouselContent],
      ['date picker', datePickerContent],
      ['list picker', listPickerContent],
      ['image', imageContent],
      ['file', fileContent],
      ['choice and unsupported', others],
    ];
    for (const interactive of [true, false]) {
      for (const [name, content] of all) {
        it(`${name}, ${interactive ? 'interactive' : 'answered'}`, async () => {
          const m = await mount(content(), interactive);
          await expect(m.el).to.be.accessible();
        });
      }
    }
    it('all together in one message', async () => {
      const m = await mount(all.flatMap(([, content]) => content()));
      await expect(m.el).to.be.accessible();
    });
  });
});
