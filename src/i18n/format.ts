/**
 * `pattern` with each `{key}` replaced by `values[key]`; placeholders with no value are left as they are.
 * @example fill('{index} of {count}', { index: 2, count: 3 }) // '2 of 3'
 */
export const fill = (pattern: string, values: Readonly<Record<string, string | number>>): string =>
  pattern.replace(/\{(\w+)\}/g, (match, key: string) => (Object.hasOwn(values, key) ? String(values[key]) : match));

/**
 * A text that depends on a number: one form per `Intl.PluralRules` category the language uses
 * (English: `one`, `other`; Arabic: `zero`, `one`, `two`, `few`, `many`, `other`). `other` is required.
 */
export type PluralForms = { readonly other: string } & { readonly [C in Exclude<Intl.LDMLPluralRule, 'other'>]?: string };

/** A string table entry that is counted: plain text (the same for every number), or forms per plural category. */
export type Countable = string | PluralForms;

const rules = new Map<string, Intl.PluralRules>();

function pluralRules(lang: string | undefined): Intl.PluralRules {
  const key = lang ?? '';
  let found = rules.get(key);
  if (!found) {
    // An invalid tag from the page must not break the launcher: the browser's language decides then.
    try {
      found = new Intl.PluralRules(lang);
    } catch {
      found = new Intl.PluralRules();
    }
    rules.set(key, found);
  }
  return found;
}

/**
 * The form of `entry` for the number `by` in `lang`, with its `{name}` placeholders filled from `values`.
 * @example plural({ one: '{count} unread message', other: '{count} unread messages' }, 'en', 2, { count: 2 }) // '2 unread messages'
 */
export function plural(entry: Countable, lang: string | undefined, by: number, values: Readonly<Record<string, string | number>>): string {
  const form = typeof entry === 'string' ? entry : (entry[pluralRules(lang).select(by)] ?? entry.other);
  return fill(form, values);
}
