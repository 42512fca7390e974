// `npm run bench`: bundle size, and the cost of adding a message to small and huge transcripts,
// in the store alone and on screen in Chromium.
import { build } from 'esbuild';
import { readFileSync, mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { gzipSync, brotliCompressSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import puppeteer from 'puppeteer-core';
import { chromiumArgs, chromiumPath } from '../scripts/chromium.mjs';

const SIZES = [100, 1000, 10000];
const kB = bytes => `${(bytes / 1000).toFixed(1)} kB`;

const bundle = readFileSync('dist/genesys-chat.bundle.js');
console.log('\nBundle: dist/genesys-chat.bundle.js (lit + xstate + widget, minified)');
console.table({ raw: kB(bundle.length), gzip: kB(gzipSync(bundle, { level: 9 }).length), brotli: kB(brotliCompressSync(bundle).length) });

const dir = mkdtempSync(join(tmpdir(), 'bench-'));
try {
  const out = join(dir, 'transcript.bench.mjs');
  await build({ entryPoints: ['bench/transcript.bench.ts'], bundle: true, format: 'esm', platform: 'node', outfile: out, logLevel: 'error' });
  const { appendCost } = await import(pathToFileURL(out).href);
  appendCost(1000, 500); // warm-up
  console.log('Transcript store: median µs to insert one message');
  console.table(Object.fromEntries(SIZES.map(size => {
    const { append, outOfOrder } = appendCost(size);
    return [`${size} messages`, { 'append (newest)': append.toFixed(2), 'out of order (middle)': outOfOrder.toFixed(2) }];
  })));
} finally {
  rmSync(dir, { recursive: true, force: true });
}

const browser = await puppeteer.launch({ executablePath: chromiumPath(), args: chromiumArgs, headless: true });
try {
  const page = await browser.newPage();
  await page.setContent('<!doctype html><html lang="en"><body></body></html>');
  await page.addScriptTag({ content: readFileSync('dist/genesys-chat.bundle.js', 'utf8'), type: 'module' });
  await page.addScriptTag({ content: `${readFileSync('bench/render.bench.js', 'utf8')}\nwindow.renderCost = renderCost;`.replace('export async function', 'async function'), type: 'module' });
  await page.waitForFunction(() => customElements.get('genesys-chat') && window.renderCost);
  await page.evaluate(() => window.renderCost(100, 20)); // warm-up
  const rows = {};
  for (const size of SIZES) {
    const result = await page.evaluate((n) => window.renderCost(n, 60), size);
    rows[`${size} messages`] = { 'median ms': result.median.toFixed(2), 'p95 ms': result.p95.toFixed(2), rendered: result.rendered };
  }
  console.log('On screen (Chromium): ms from frame to laid-out message');
  console.table(rows);
} finally {
  await browser.close();
}
