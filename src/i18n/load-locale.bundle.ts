import type { LoadedLocale } from './load-locale.js';
import type { ChatStrings } from './strings.js';

/**
 * The single-file bundle's stand-in for `load-locale.ts` (vite.config.ts swaps it in): the bundle
 * is one file by design, so it carries English alone and says so when another language is chosen.
 */
export const loadLocale = (locale: LoadedLocale): Promise<ChatStrings> =>
  Promise.reject(
    new Error(
      `the single-file bundle (genesys-chat.bundle.js) carries English only, so "${locale}" is shown in English: serve the CDN build (dist/cdn/, whose languages load beside it) or give the texts through the strings property`,
    ),
  );
