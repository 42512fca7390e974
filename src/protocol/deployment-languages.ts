/**
 * The language settings of a Messenger deployment's config.json (§1.4): the languages it offers, its
 * default, and the labels an admin wrote per language (`customI18nLabels`). Untrusted: anything not
 * of the documented shape is left out, and labels are kept as plain text.
 */

/**
 * Our string keys that a Messenger label sets: the home screen's title and subtitle are the panel's
 * title and its welcome text (shown until the conversation starts). Push notification labels have none.
 */
export const LABEL_KEYS = {
  MessengerHomeHeaderTitle: 'title',
  MessengerHomeHeaderSubTitle: 'emptyTranscript',
  MessengerLauncherButtonText: 'launcherLabel',
} as const;

export type LabelKey = (typeof LABEL_KEYS)[keyof typeof LABEL_KEYS];

/** The labels an admin set for one language. */
export interface DeploymentLabels {
  /** As config.json gives it, e.g. `en-us`. */
  readonly language: string;
  readonly strings: Readonly<Partial<Record<LabelKey, string>>>;
}

export interface DeploymentLanguages {
  /** The languages the deployment offers (`en-us`, `de`, …); empty when it lists none. */
  readonly languages: readonly string[];
  readonly defaultLanguage?: string;
  readonly labels: readonly DeploymentLabels[];
}

/** Longer than any label Messenger's admin takes (its launcher text is limited to 20 characters). */
const MAX_LABEL = 200;
/** Language tags are short; a longer value is not one. */
const MAX_TAG = 35;

const text = (value: unknown, max: number): string | undefined => {
  const trimmed = typeof value === 'string' ? value.trim() : '';
  return trimmed && trimmed.length <= max ? trimmed : undefined;
};
const list = (value: unknown): readonly unknown[] => (Array.isArray(value) ? value : []);
const field = (value: unknown, key: string): unknown =>
  typeof value === 'object' && value !== null && Object.hasOwn(value, key) ? (value as Record<string, unknown>)[key] : undefined;

/** Reads the language settings from a parsed config.json. */
export function readDeploymentLanguages(root: unknown): DeploymentLanguages {
  const defaultLanguage = text(field(root, 'defaultLanguage'), MAX_TAG);
  return {
    languages: list(field(root, 'languages')).flatMap(tag => text(tag, MAX_TAG) ?? []),
    ...(defaultLanguage ? { defaultLanguage } : {}),
    labels: list(field(root, 'customI18nLabels')).flatMap((entry): DeploymentLabels[] => {
      const language = text(field(entry, 'language'), MAX_TAG);
      if (!language) return [];
      const strings: Partial<Record<LabelKey, string>> = {};
      for (const label of list(field(entry, 'localizedLabels'))) {
        const name = field(label, 'key');
        // hasOwn: a key such as `constructor` or `__proto__` names nothing here.
        const key = typeof name === 'string' && Object.hasOwn(LABEL_KEYS, name) ? LABEL_KEYS[name as keyof typeof LABEL_KEYS] : undefined;
        const value = text(field(label, 'value'), MAX_LABEL);
        if (key && value) strings[key] = value;
      }
      return Object.keys(strings).length ? [{ language, strings }] : [];
    }),
  };
}
