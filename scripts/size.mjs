// What a page downloads to run a JavaScript module, gzipped: the entry with the chunks it imports
// statically (fetched before anything runs), and everything it can ever load (dynamic `import()`
// included). Shared by `npm run bench` and `npm run check:size`.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

/**
 * The widget file a page loads with one `<script type="module">`: the CDN build when there is one,
 * else the single-file bundle. The first of these that exists.
 */
export const WIDGET_ENTRIES = ['dist/cdn/genesys-chat.js', 'dist/genesys-chat.bundle.js'];
export const SINGLE_FILE_BUNDLE = 'dist/genesys-chat.bundle.js';

/** The widget entry that exists, relative to the repository root. */
export function widgetEntry(root = '.') {
  const found = WIDGET_ENTRIES.find(file => existsSync(resolve(root, file)));
  if (!found) throw new Error(`No widget build: none of ${WIDGET_ENTRIES.join(', ')} exists (run npm run build).`);
  return found;
}

// Relative specifiers only: bare ones (`lit`) are resolved by the page's import map, not downloaded from here.
const STATIC = /(?:^|[^\w$.])(?:import|export)\s*(?:[\w$*{}\s,]*?\s*from\s*)?["'](\.{1,2}\/[^"']+)["']/g;
// A minifier may write a dynamic import's specifier as a template literal.
const DYNAMIC = /(?:^|[^\w$.])import\s*\(\s*["'`](\.{1,2}\/[^"'`]+)["'`]\s*\)/g;

const specifiers = (code, pattern) => [...code.matchAll(pattern)].map(match => match[1]);

/** Files reachable from `entry`, following static imports only, or dynamic ones too. */
function reachable(entry, withDynamic) {
  const seen = new Set();
  const visit = file => {
    if (seen.has(file)) return;
    seen.add(file);
    const code = readFileSync(file, 'utf8');
    const next = [...specifiers(code, STATIC), ...(withDynamic ? specifiers(code, DYNAMIC) : [])];
    for (const specifier of next) visit(resolve(dirname(file), specifier));
  };
  visit(resolve(entry));
  return [...seen];
}

const gzipBytes = file => gzipSync(readFileSync(file), { level: 9 }).length;

function sum(files, root) {
  return {
    files: files.map(file => relative(root, file)),
    raw: files.reduce((total, file) => total + readFileSync(file).length, 0),
    gzip: files.reduce((total, file) => total + gzipBytes(file), 0),
  };
}

/** A language's string table: a chunk named for its language tag (`de-…js`, `pt-BR-…js`). */
const LOCALE_CHUNK = /(?:^|\/)(?:[a-z]{2})(?:-[A-Z]{2})?-[\w-]{6,}\.js$/;

/**
 * Sizes in bytes of a module and what it imports. `entry`: the file and its static imports,
 * what a visitor downloads before the module runs. `total`: the most one visitor can download: every
 * file it can load, but of the language tables only the largest (a page shows one language).
 * `locales`: each language table. Each file is gzipped on its own (level 9), as a server sends it.
 */
export function moduleSize(entry, root = '.') {
  const base = resolve(root);
  const all = reachable(resolve(base, entry), true);
  const locales = all.filter(file => LOCALE_CHUNK.test(file)).sort((a, b) => gzipBytes(b) - gzipBytes(a));
  const total = all.filter(file => !LOCALE_CHUNK.test(file) || file === locales[0]);
  return { entry: sum(reachable(resolve(base, entry), false), base), total: sum(total, base), locales: sum(locales, base) };
}

/** The budgets in package.json `sizeBudgets`, in kB (1 kB = 1000 bytes) of gzip. */
export function sizeBudgets(root = '.') {
  const { sizeBudgets: budgets } = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8'));
  return { entryGzipKB: budgets.entryGzipKB, totalGzipKB: budgets.totalGzipKB };
}

export const kB = bytes => `${(bytes / 1000).toFixed(1)} kB`;
