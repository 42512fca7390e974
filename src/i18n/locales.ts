/** The languages the widget has a string table for; English is built in, the others load when chosen. */
export const LOCALES = ['en', 'de', 'fr', 'es', 'nl', 'pt-BR', 'ja', 'ar'] as const;
export type Locale = (typeof LOCALES)[number];

/** Languages written right to left: the panel mirrors for them. */
const RTL: ReadonlySet<Locale> = new Set(['ar']);

/** `rtl` for a language written right to left. */
export const directionOf = (locale: Locale): 'ltr' | 'rtl' => (RTL.has(locale) ? 'rtl' : 'ltr');

/**
 * The table for a language tag: the same tag, else its language (`de-AT` → `de`, `en-us` → `en`;
 * any Portuguese → `pt-BR`, the one Portuguese table). `undefined` for a tag that is not well formed
 * or a language without a table.
 */
export function matchLocale(tag: string | null | undefined): Locale | undefined {
  const trimmed = tag?.trim();
  if (!trimmed) return undefined;
  let canonical: string;
  try {
    [canonical = ''] = Intl.getCanonicalLocales(trimmed);
  } catch {
    return undefined;
  }
  const exact = LOCALES.find(locale => locale.toLowerCase() === canonical.toLowerCase());
  if (exact) return exact;
  const language = canonical.split('-')[0]!.toLowerCase();
  return LOCALES.find(locale => locale.split('-')[0] === language);
}
