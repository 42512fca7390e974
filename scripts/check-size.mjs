// `npm run check:size`: fails when the widget's gzipped download grows past its budget
// (package.json `sizeBudgets`). Run after `npm run build`.
import { existsSync } from 'node:fs';
import { kB, moduleSize, sizeBudgets, widgetEntry } from './size.mjs';

const entry = widgetEntry();
const size = moduleSize(entry);
const budgets = sizeBudgets();
const checks = [
  { what: 'entry (the file and its static imports)', bytes: size.entry.gzip, files: size.entry.files, budgetKB: budgets.entryGzipKB, key: 'entryGzipKB' },
  { what: 'total (static and dynamic imports, one language table)', bytes: size.total.gzip, files: size.total.files, budgetKB: budgets.totalGzipKB, key: 'totalGzipKB' },
];

let failed = false;
for (const check of checks) {
  const over = check.bytes > check.budgetKB * 1000;
  failed ||= over;
  const line = `${entry} ${check.what}: ${kB(check.bytes)} gzip in ${check.files.length} file(s), budget ${check.budgetKB} kB`;
  if (over) console.error(`Over budget: ${line} (package.json sizeBudgets.${check.key}). Files: ${check.files.join(', ')}`);
  else console.log(`ok  ${line}`);
}
console.log(`    the language tables, each loaded when its language is chosen: ${kB(size.locales.gzip)} gzip in ${size.locales.files.length} file(s)`);
// The single-file builds load everything at once: reported, held to the total's budget.
for (const file of ['dist/genesys-chat.bundle.js', 'dist/genesys-chat.iife.js'].filter(f => existsSync(f))) {
  const bytes = moduleSize(file).entry.gzip;
  const over = bytes > budgets.totalGzipKB * 1000;
  failed ||= over;
  console[over ? 'error' : 'log'](`${over ? 'Over budget: ' : 'ok  '}${file} (one file): ${kB(bytes)} gzip, budget ${budgets.totalGzipKB} kB (the total's)`);
}
process.exit(failed ? 1 : 0);
