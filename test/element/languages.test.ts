import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { nothing } from 'lit';
import type { GenesysChat, GenesysChatErrorEvent } from '../../src/index.js';
import type { ChatStrings } from '../../src/i18n/strings.js';
import { deploymentConfig } from '../helpers/frames.js';
import { MockServer } from '../helpers/mock-server.js';
import { captureConsole, part } from './chat-fixture.js';

interface Setup {
  /** The element's `locale` attribute. */
  locale?: string;
  /** `lang` on the element's parent, as a page sets it. */
  pageLang?: string;
  /** config.json's language settings. */
  config?: Record<string, unknown>;
  strings?: Partial<ChatStrings>;
}

/** Mounts inside a `lang` container and opens the panel; `events` collects genesys-chat-error. */
async function mount(setup: Setup = {}) {
  const server = new MockServer({ config: { ...deploymentConfig(), ...setup.config } });
  const events: GenesysChatErrorEvent[] = [];
  const wrapper = await fixture<HTMLElement>(html`<div lang=${setup.pageLang ?? nothing}>
    <genesys-chat
      deployment-id=${server.deploymentId}
      endpoint=${server.endpoint}
      locale=${setup.locale ?? nothing}
      .socketFactory=${server.socketFactory}
      .fetcher=${server.fetcher}
      .strings=${setup.strings ?? {}}
      @genesys-chat-error=${(e: GenesysChatErrorEvent) => events.push(e)}
    ></genesys-chat>
  </div>`);
  const el = wrapper.querySelector('genesys-chat')!;
  const connected = oneEvent(el, 'genesys-chat-connected');
  el.open();
  await connected;
  await el.updateComplete;
  return { el, server, events };
}

const title = (el: GenesysChat) => part(el, 'panel').querySelector('#title')!.textContent;
const launcherName = (el: GenesysChat) => part(el, 'launcher').textContent!.trim();
const showsTitle = (el: GenesysChat, text: string) =>
  waitUntil(() => title(el) === text, `the title stayed "${title(el)}", not "${text}"`);

/** The string tables this page downloaded. */
const tablesRequested = () =>
  performance
    .getEntriesByType('resource')
    .map(entry => /\/i18n\/locales\/([\w-]+)\.ts/.exec(entry.name)?.[1])
    .filter(Boolean);

describe('<genesys-chat> languages', () => {
  let browserLanguages: PropertyDescriptor | undefined;
  /** Makes the browser prefer `languages`, as its settings would. */
  const prefer = (...languages: string[]) => Object.defineProperty(navigator, 'languages', { configurable: true, get: () => languages });
  beforeEach(() => {
    browserLanguages = Object.getOwnPropertyDescriptor(navigator, 'languages');
    prefer('en-US');
  });
  afterEach(() => {
    if (browserLanguages) Object.defineProperty(navigator, 'languages', browserLanguages);
    else delete (navigator as { languages?: unknown }).languages;
  });

  it('speaks the page language when the deployment offers it: panel, launcher and lang', async () => {
    const { el } = await mount({ pageLang: 'de-CH', config: { languages: ['en-us', 'de'], defaultLanguage: 'en-us' } });
    await showsTitle(el, 'Chatten Sie mit uns');
    expect(part(el, 'input').getAttribute('placeholder')).to.equal('Ihre Nachricht');
    expect(part(el, 'panel').getAttribute('lang')).to.equal('de-CH');
    expect(part(el, 'launcher').getAttribute('lang')).to.equal('de-CH');
    expect(part(el, 'panel').getAttribute('dir')).to.equal('ltr');
  });

  it('skips a page language the deployment does not offer for the browser language it does', async () => {
    prefer('nl-BE', 'en-US');
    const { el } = await mount({ pageLang: 'de', config: { languages: ['en-us', 'nl'], defaultLanguage: 'en-us' } });
    await showsTitle(el, 'Chat met ons');
  });

  it("falls back to the deployment's default language when neither the page's nor the browser's is offered", async () => {
    prefer('ja-JP');
    const { el } = await mount({ pageLang: 'de', config: { languages: ['en-us', 'fr'], defaultLanguage: 'fr' } });
    await showsTitle(el, 'Discutez avec nous');
  });

  it('takes the locale attribute over the page, the browser and the deployment, and follows it when changed', async () => {
    prefer('fr-FR');
    const { el } = await mount({ locale: 'es', pageLang: 'de', config: { languages: ['en-us', 'de', 'fr'], defaultLanguage: 'de' } });
    await showsTitle(el, 'Chatee con nosotros');
    el.locale = 'pt-br';
    await el.updateComplete;
    expect(title(el)).to.equal('Converse com a gente');
    expect(el.state).to.equal('connected');
  });

  it('warns about a locale it has no table for, through the invalid-config warning, and chooses as without it', async () => {
    const warnings = captureConsole('warn');
    try {
      const { el, events } = await mount({ locale: 'klingon!', pageLang: 'nl', config: { languages: ['nl'] } });
      await showsTitle(el, 'Chat met ons');
      const warning = events.find(e => e.detail.code === 'invalid-config')?.detail;
      expect(warning?.recoverable).to.equal(true);
      expect(warning?.message).to.match(/locale "klingon!" is not a language of this chat/);
      expect(warnings.calls.some(line => line.includes('locale "klingon!"'))).to.equal(true);
    } finally {
      warnings.restore();
    }
  });

  it('loads a language only when it is chosen, once', async () => {
    const { el } = await mount();
    expect(title(el)).to.equal('Chat with us');
    expect(tablesRequested()).to.not.include('ja');
    el.locale = 'ja';
    await el.updateComplete;
    expect(title(el)).to.equal('チャットでお問い合わせ');
    el.locale = 'en';
    await el.updateComplete;
    expect(title(el)).to.equal('Chat with us');
    el.locale = 'ja';
    await el.updateComplete;
    expect(title(el)).to.equal('チャットでお問い合わせ');
    expect(tablesRequested().filter(name => name === 'ja')).to.have.length(1);
  });

  it("shows the deployment's custom labels for the language, and the strings property over everything", async () => {
    const config = {
      languages: ['en-us', 'de'],
      customI18nLabels: [
        { language: 'en-us', localizedLabels: [{ key: 'MessengerHomeHeaderTitle', value: 'Talk to Acme' }] },
        {
          language: 'de',
          localizedLabels: [
            { key: 'MessengerHomeHeaderTitle', value: 'Acme <b>Hilfe</b>' },
            { key: 'MessengerLauncherButtonText', value: 'Fragen?' },
            { key: 'PushNotificationTitle', value: 'ignored' },
          ],
        },
      ],
    };
    const { el } = await mount({ locale: 'de', config });
    await showsTitle(el, 'Acme <b>Hilfe</b>');
    // Plain text: markup in a label is shown, never parsed.
    expect(part(el, 'panel').querySelector('#title b')).to.equal(null);

    el.strings = { title: 'Hilfe', minimize: 'Zuklappen' };
    await el.updateComplete;
    expect(title(el)).to.equal('Hilfe');
    // While the panel is open the launcher closes it, and is named so.
    expect(launcherName(el)).to.equal('Zuklappen');
    el.minimize();
    await el.updateComplete;
    expect(launcherName(el)).to.equal('Fragen?');
    expect(part(el, 'send-button').textContent).to.equal('Senden');
  });

  it('shows the deployment\'s welcome text (the home screen\'s subtitle label) until something is said; welcome-text and strings win', async () => {
    const config = {
      languages: ['en-us'],
      customI18nLabels: [{ language: 'en-us', localizedLabels: [{ key: 'MessengerHomeHeaderSubTitle', value: 'Hi! Ask us anything about your order.' }] }],
    };
    const { el } = await mount({ config });
    const welcome = () => el.shadowRoot!.querySelector('.empty')?.textContent?.trim();
    await waitUntil(() => welcome() === 'Hi! Ask us anything about your order.', `welcome is "${welcome()}"`);
    el.welcomeText = 'Welcome to Acme support.';
    await el.updateComplete;
    expect(welcome()).to.equal('Welcome to Acme support.');
    el.strings = { emptyTranscript: 'From the strings property.' };
    await el.updateComplete;
    expect(welcome()).to.equal('From the strings property.');
  });

  it('counts unread messages in the plural forms of the language (Arabic: one, two, few)', async () => {
    const { el, server } = await mount({ locale: 'ar' });
    el.minimize();
    await el.updateComplete;
    const badgeName = () => part(el, 'launcher').querySelector('.badge .visually-hidden')?.textContent;
    const said = ['رسالة واحدة غير مقروءة', 'رسالتان غير مقروءتين', '3 رسائل غير مقروءة'];
    for (const expected of said) {
      server.agentSays('مرحبا', 'Ann');
      await waitUntil(() => badgeName() === expected, `the badge said "${badgeName()}", not "${expected}"`);
    }
  });

  it('mirrors for Arabic: dir="rtl" on the host and the panel, the launcher and the controls on the other side', async () => {
    const positions = async (locale: string) => {
      const { el } = await mount({ locale });
      await el.updateComplete;
      await expect(el).to.be.accessible();
      const x = (name: string) => part(el, name).getBoundingClientRect().left;
      // The title starts the header (End chat is offered only once something was said).
      const titleX = el.shadowRoot!.querySelector('#title')!.getBoundingClientRect().left;
      return { el, launcher: x('launcher'), title: titleX, minimize: x('minimize-button'), input: x('input'), send: x('send-button') };
    };
    const en = await positions('en');
    expect(en.el.getAttribute('dir')).to.equal('ltr');
    expect(en.launcher).to.be.above(innerWidth / 2);
    expect(en.minimize).to.be.above(en.title);
    expect(en.send).to.be.above(en.input);

    const ar = await positions('ar');
    expect(ar.el.getAttribute('dir')).to.equal('rtl');
    expect(part(ar.el, 'panel').getAttribute('dir')).to.equal('rtl');
    expect(title(ar.el)).to.equal('تحدث إلينا');
    expect(ar.launcher).to.be.below(innerWidth / 2);
    expect(ar.minimize).to.be.below(ar.title);
    expect(ar.send).to.be.below(ar.input);
  });
});
