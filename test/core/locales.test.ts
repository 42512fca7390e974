import { expect } from '@open-wc/testing';
import { Localizer } from '../../src/element/localizer.js';
import { plural } from '../../src/i18n/format.js';
import { loadLocale as bundleLoadLocale } from '../../src/i18n/load-locale.bundle.js';
import { loadLocale, type LoadedLocale } from '../../src/i18n/load-locale.js';
import { resolveLocale } from '../../src/i18n/locale-choice.js';
import { LOCALES, matchLocale } from '../../src/i18n/locales.js';
import { en, type ChatStrings } from '../../src/i18n/strings.js';
import type { ChatError } from '../../src/machine/chat.types.js';
import { readDeploymentConfig } from '../../src/protocol/deployment-config.js';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map(m => m[1]).sort();

/** The plural categories a language uses for counts a visitor can meet (0 to 100 000). */
function categoriesFor(locale: string): Set<string> {
  const rules = new Intl.PluralRules(locale);
  const found = new Set<string>();
  for (let n = 0; n <= 100_000; n += n < 1000 ? 1 : 997) found.add(rules.select(n));
  return found;
}

/** Every problem of a table against English: missing or unknown keys, placeholders, plural forms. */
function problemsOf(locale: string, table: ChatStrings): string[] {
  const problems: string[] = [];
  const english = en as unknown as Record<string, string | Record<string, string>>;
  const entries = table as unknown as Record<string, string | Record<string, string>>;
  for (const key of Object.keys(english)) if (!Object.hasOwn(entries, key)) problems.push(`${key} is missing`);
  for (const [key, value] of Object.entries(entries)) {
    const reference = english[key];
    if (reference === undefined) {
      problems.push(`${key} is not a key of the English table`);
      continue;
    }
    const expected = placeholders(typeof reference === 'string' ? reference : reference['other']!);
    if (typeof reference === 'string') {
      if (typeof value !== 'string' || !value.trim()) problems.push(`${key} must be text`);
      else if (placeholders(value).join() !== expected.join()) problems.push(`${key} has {${placeholders(value)}} where English has {${expected}}`);
      continue;
    }
    if (typeof value !== 'object') {
      problems.push(`${key} must have plural forms`);
      continue;
    }
    const needed = categoriesFor(locale);
    for (const category of needed) if (!value[category]) problems.push(`${key} lacks the "${category}" form`);
    for (const [category, form] of Object.entries(value)) {
      if (!new Intl.PluralRules(locale).resolvedOptions().pluralCategories.includes(category as Intl.LDMLPluralRule)) {
        problems.push(`${key} has a "${category}" form, which ${locale} does not use`);
      }
      // The forms for zero, one and two may say the number in words instead of {count}.
      const allowed = ['zero', 'one', 'two'].includes(category) ? expected.filter(name => name !== 'count') : expected;
      const has = placeholders(form);
      if (has.join() !== expected.join() && has.join() !== allowed.join()) problems.push(`${key}.${category} has {${has}} where English has {${expected}}`);
    }
  }
  return problems;
}

describe('string tables', () => {
  it('English has every plural form English uses', () => {
    expect(problemsOf('en', en)).to.deep.equal([]);
  });

  for (const locale of LOCALES.filter((l): l is LoadedLocale => l !== 'en')) {
    it(`${locale} is complete: every key, no other, the same placeholders, every plural form`, async () => {
      expect(problemsOf(locale, await loadLocale(locale))).to.deep.equal([]);
    });
  }

  it('the check finds a missing key, an unknown key, a changed placeholder and a missing plural form', async () => {
    const de = await loadLocale('de');
    const { title: _, ...missing } = de;
    const broken = { ...missing, titel: 'Chat', agentTypingNamed: '{nom} schreibt …', unreadMessages: { other: '{count} ungelesen' } };
    expect(problemsOf('de', broken as unknown as ChatStrings)).to.have.members([
      'title is missing',
      'agentTypingNamed has {nom} where English has {name}',
      'unreadMessages lacks the "one" form',
      'titel is not a key of the English table',
    ]);
  });
});

describe('choosing the language', () => {
  it('matches tags to tables: exact, by language, any Portuguese to pt-BR; nothing for others', () => {
    expect(['de', 'de-AT', 'EN-us', 'pt', 'pt-PT', 'pt-br', 'ar-EG', 'ja-JP'].map(matchLocale)).to.deep.equal(['de', 'de', 'en', 'pt-BR', 'pt-BR', 'pt-BR', 'ar', 'ja']);
    expect(['zh', 'klingon!', '', '   ', undefined, 'x'.repeat(50)].map(matchLocale)).to.deep.equal([undefined, undefined, undefined, undefined, undefined, undefined]);
  });

  it('attribute, then the page and the browser among what the deployment offers, then its default, then English', () => {
    const offered = ['en-us', 'fr', 'de'];
    expect(resolveLocale({ attribute: 'ja', offered, page: 'de', browser: ['fr'] })).to.deep.equal({ locale: 'ja', tag: 'ja' });
    expect(resolveLocale({ attribute: 'zz', offered, page: 'de-AT', browser: ['fr'] })).to.deep.equal({ locale: 'de', tag: 'de-AT' });
    expect(resolveLocale({ offered, page: 'nl', browser: ['es', 'fr-CA'] })).to.deep.equal({ locale: 'fr', tag: 'fr-CA' });
    expect(resolveLocale({ offered, defaultLanguage: 'de', page: 'nl', browser: ['es'] })).to.deep.equal({ locale: 'de', tag: 'de' });
    expect(resolveLocale({ offered, page: 'nl', browser: ['es'] })).to.deep.equal({ locale: 'en', tag: 'en' });
    // A deployment that lists no languages (or is not read yet) offers every table.
    expect(resolveLocale({ offered: [], page: 'nl' })).to.deep.equal({ locale: 'nl', tag: 'nl' });
  });
});

describe('plural forms', () => {
  it('picks the form of the number by the rules of the language', () => {
    const forms = en.unreadMessages;
    expect([1, 2].map(n => plural(forms, 'en', n, { count: n }))).to.deep.equal(['1 unread message', '2 unread messages']);
    const arabic = { zero: 'z', one: 'o', two: 't', few: '{count} f', many: '{count} m', other: '{count} x' };
    expect([0, 1, 2, 3, 11, 100].map(n => plural(arabic, 'ar', n, { count: n }))).to.deep.equal(['z', 'o', 't', '3 f', '11 m', '100 x']);
    expect(plural('{count} of {max}', 'ja', 3, { count: 3, max: 9 })).to.equal('3 of 9');
  });
});

describe("the deployment's language settings (config.json)", () => {
  it('reads languages, the default and the labels it has keys for, as plain text; ignores the rest', () => {
    const config = readDeploymentConfig({
      languages: ['en-us', 'de', 42, '', 'x'.repeat(100)],
      defaultLanguage: 'de',
      customI18nLabels: [
        {
          language: 'de',
          localizedLabels: [
            { key: 'MessengerHomeHeaderTitle', value: '  <img src=x onerror=alert(1)>  ' },
            { key: 'MessengerLauncherButtonText', value: 'Fragen?' },
            { key: 'MessengerHomeHeaderSubTitle', value: 'Wie können wir helfen?' },
            { key: 'PushNotificationTitle', value: 'no string of ours' },
            { key: '__proto__', value: 'x' },
            { key: 'constructor', value: 'x' },
            { key: 'MessengerLauncherButtonText', value: 7 },
          ],
        },
        { language: 'fr', localizedLabels: 'not a list' },
        { localizedLabels: [{ key: 'MessengerHomeHeaderTitle', value: 'no language' }] },
        null,
      ],
    });
    expect(config.languages).to.deep.equal(['en-us', 'de']);
    expect(config.defaultLanguage).to.equal('de');
    expect(config.labels).to.deep.equal([{ language: 'de', strings: { title: '<img src=x onerror=alert(1)>', launcherLabel: 'Fragen?', emptyTranscript: 'Wie können wir helfen?' } }]);
  });

  it('has no languages and no labels when config.json says nothing of them', () => {
    const config = readDeploymentConfig({ languages: 'de', customI18nLabels: {} });
    expect([config.languages, config.labels, config.defaultLanguage]).to.deep.equal([[], [], undefined]);
  });
});

describe('a language that cannot be loaded', () => {
  it('the single-file bundle says it carries English only, and where the others are', async () => {
    const error = await bundleLoadLocale('de').then(() => undefined, (e: unknown) => e as Error);
    expect(error?.message).to.match(/carries English only, so "de" is shown in English/).and.match(/dist\/cdn\//).and.match(/strings property/);
  });

  it('is reported once, and the chat goes on in the language it showed', async () => {
    const reports: ChatError[] = [];
    let changes = 0;
    const localizer = new Localizer(() => changes++, error => reports.push(error), bundleLoadLocale);
    const sources = { attribute: 'de', labels: [], overrides: { send: 'Go' } };
    expect(localizer.language(sources).t.title).to.equal('Chat with us');
    await localizer.pending;
    const language = localizer.language(sources);
    expect([language.locale, language.t.title, language.t.send, changes]).to.deep.equal(['en', 'Chat with us', 'Go', 1]);
    expect(localizer.pending).to.equal(undefined);
    expect(reports).to.have.length(1);
    expect(reports[0]).to.include({ code: 'load-failed', recoverable: true });
    expect(reports[0]!.message).to.match(/"de" texts could not be loaded/);
  });
});
