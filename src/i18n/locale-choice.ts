import { matchLocale, type Locale } from './locales.js';

/** What the language is chosen from, most decisive first. */
export interface LocaleSources {
  /** The element's `locale` attribute. */
  readonly attribute?: string | undefined;
  /** The deployment's `languages` (config.json); `undefined` when not known, or none listed: every table is offered. */
  readonly offered?: readonly string[] | undefined;
  /** The deployment's `defaultLanguage`. */
  readonly defaultLanguage?: string | undefined;
  /** The page's `lang` where the element is. */
  readonly page?: string | undefined;
  /** The browser's languages (`navigator.languages`). */
  readonly browser?: readonly string[] | undefined;
}

/** The chosen table, and the tag that chose it (for dates and times: `de-CH` keeps Swiss formats). */
export interface ResolvedLocale {
  readonly locale: Locale;
  readonly tag: string;
}

/**
 * The language of the widget: the `locale` attribute; else the first of the page's `lang` and the
 * browser's languages that the deployment offers; else the deployment's default language; else English.
 */
export function resolveLocale(sources: LocaleSources): ResolvedLocale {
  const chosen = matchLocale(sources.attribute);
  if (chosen) return { locale: chosen, tag: sources.attribute!.trim() };
  const offered = sources.offered?.length ? new Set(sources.offered.map(matchLocale)) : undefined;
  for (const tag of [sources.page, ...(sources.browser ?? [])]) {
    const locale = matchLocale(tag);
    if (locale && (!offered || offered.has(locale))) return { locale, tag: tag!.trim() };
  }
  const fallback = matchLocale(sources.defaultLanguage);
  return fallback ? { locale: fallback, tag: fallback } : { locale: 'en', tag: 'en' };
}
