import type { Locale } from './locales.js';
import type { ChatStrings } from './strings.js';

/** A language other than English: each is a chunk of its own, downloaded only when chosen. */
export type LoadedLocale = Exclude<Locale, 'en'>;

type Table = Promise<{ readonly default: ChatStrings }>;

const TABLES: Readonly<Record<LoadedLocale, () => Table>> = {
  de: () => import('./locales/de.js'),
  fr: () => import('./locales/fr.js'),
  es: () => import('./locales/es.js'),
  nl: () => import('./locales/nl.js'),
  'pt-BR': () => import('./locales/pt-BR.js'),
  ja: () => import('./locales/ja.js'),
  ar: () => import('./locales/ar.js'),
};

/** Downloads the string table of `locale`. */
export const loadLocale = async (locale: LoadedLocale): Promise<ChatStrings> => (await TABLES[locale]()).default;
