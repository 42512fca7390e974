import { loadLocale as downloadLocale, type LoadedLocale } from '../i18n/load-locale.js';
import { resolveLocale, type LocaleSources } from '../i18n/locale-choice.js';
import { directionOf, matchLocale, type Locale } from '../i18n/locales.js';
import { en, type ChatStrings } from '../i18n/strings.js';
import type { ChatError } from '../machine/chat.types.js';
import type { DeploymentLabels } from '../protocol/deployment-languages.js';

/** The language the widget speaks: its strings, the tag for `lang` and formats, and the direction. */
export interface Language {
  readonly locale: Locale;
  readonly tag: string;
  readonly dir: 'ltr' | 'rtl';
  readonly t: ChatStrings;
}

/** What decides the words: where the language is chosen from, the deployment's labels, the page's overrides. */
export interface LanguageSources extends LocaleSources {
  readonly labels: readonly DeploymentLabels[];
  readonly overrides: Partial<ChatStrings>;
}

/** A language's table could not be had; the widget goes on in the language it showed. */
const localeFailed = (locale: Locale, error: unknown): ChatError => ({
  code: 'load-failed',
  message: `The "${locale}" texts could not be loaded (${error instanceof Error ? error.message : String(error)}); the chat goes on in the language it showed.`,
  recoverable: true,
});

/**
 * Chooses the widget's language and brings its table when first needed. Until the table is there
 * the language shown so far stays (English at first), so a switch never flashes another language.
 */
export class Localizer {
  readonly #changed: () => void;
  readonly #report: (error: ChatError) => void;
  readonly #download: (locale: LoadedLocale) => Promise<ChatStrings>;
  readonly #tables = new Map<Locale, ChatStrings>([['en', en]]);
  readonly #failed = new Set<Locale>();
  #pending?: Promise<void> | undefined;
  #shown: Locale = 'en';
  /** The last answer and what it was made from: the same inputs give the same object (renders compare identity). */
  #last?: { readonly key: readonly unknown[]; readonly language: Language };

  /** `changed`: a table arrived; `report`: one could not be loaded. */
  constructor(changed: () => void, report: (error: ChatError) => void, download = downloadLocale) {
    this.#changed = changed;
    this.#report = report;
    this.#download = download;
  }

  /** Settles when the table being loaded has arrived (or failed); `undefined` when none is loading. */
  get pending(): Promise<void> | undefined {
    return this.#pending;
  }

  language(sources: LanguageSources): Language {
    const wanted = resolveLocale(sources);
    if (!this.#tables.has(wanted.locale)) this.#load(wanted.locale as LoadedLocale);
    const showing = this.#tables.has(wanted.locale) ? wanted : { locale: this.#shown, tag: this.#shown };
    this.#shown = showing.locale;
    const table = this.#tables.get(showing.locale)!;
    const key = [showing.locale, showing.tag, table, sources.labels, sources.overrides];
    if (this.#last && key.every((part, i) => part === this.#last!.key[i])) return this.#last.language;
    // The admin's labels for this language (config.json `customI18nLabels`), under the page's own overrides.
    const labels = sources.labels.find(entry => matchLocale(entry.language) === showing.locale)?.strings;
    const t = { ...en, ...table, ...labels, ...sources.overrides };
    const language = { locale: showing.locale, tag: showing.tag, dir: directionOf(showing.locale), t };
    this.#last = { key, language };
    return language;
  }

  #load(locale: LoadedLocale): void {
    if (this.#failed.has(locale) || this.#pending) return;
    this.#pending = this.#download(locale).then(
      table => {
        this.#tables.set(locale, table);
      },
      (error: unknown) => {
        this.#failed.add(locale);
        this.#report(localeFailed(locale, error));
      },
    ).finally(() => {
      this.#pending = undefined;
      this.#changed();
    });
  }
}
