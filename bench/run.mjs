// `npm run bench` (after `npm run build`): the widget, deep-chat and a floor element (bench/floor.js)
// side by side in one Chromium, fed by the same local Guest API. Timings are reported, never asserted.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import puppeteer from 'puppeteer-core';
import { chromiumArgs, chromiumPath } from '../scripts/chromium.mjs';
import { SINGLE_FILE_BUNDLE, moduleSize, widgetEntry } from '../scripts/size.mjs';
import { explainHeap, explainStep, heapParts, profileStep } from './profile.mjs';
import { CONTESTANTS, Samples, printTable } from './report.mjs';
import { METRICS } from './targets.mjs';
import { startServer } from './server.mjs';

const ROUNDS = Number(process.env.BENCH_ROUNDS) || 5;
/** Filling to 10k costs the widget ~20 s a round, so the 10k figures come from fewer rounds. */
const ROUNDS_10K = 3;
/** Single-message appends per round and transcript size. */
const APPENDS = 3;
const BURST = 1000;
const DEEP_CHAT = 'node_modules/deep-chat/dist/deepChat.bundle.js';
const SCRIPTS = { widget: widgetEntry(), 'deep-chat': DEEP_CHAT, floor: 'bench/floor.js' };
const MB = 1e6;

const root = resolve(import.meta.dirname, '..');
const samples = new Samples();
const started = Date.now();

// Sizes: what a page downloads, each file gzipped on its own (kB = 1000 bytes).
for (const [name, file] of Object.entries(SCRIPTS)) {
  const size = moduleSize(file, root);
  samples.add('entryGzip', name, size.entry.gzip / 1000);
  samples.add('totalGzip', name, size.total.gzip / 1000);
}
const bundleGzip = moduleSize(SINGLE_FILE_BUNDLE, root).entry.gzip / 1000;

const pageHtml = script => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>bench</title><link rel="icon" href="data:,">
<script type="module" src="/${script}"></script><script type="module" src="/bench/page.js"></script></head><body></body></html>`;
const server = await startServer({ root, pages: Object.fromEntries(Object.entries(SCRIPTS).map(([name, file]) => [`/${name}.html`, pageHtml(file)])) });
const browser = await puppeteer.launch({ executablePath: chromiumPath(), args: chromiumArgs, headless: true, protocolTimeout: 300_000 });
const browserVersion = await browser.version();

/** A fresh page (its own browser context: empty localStorage) with `name` loaded and the harness ready. */
async function openPage(name) {
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  page.on('pageerror', error => console.error(`${name}: page error: ${error.message}`));
  await page.goto(`${server.origin}/${name}.html?contestant=${name}&ws=${encodeURIComponent(server.wsOrigin)}`);
  await page.waitForFunction(() => window.bench);
  const cdp = await page.createCDPSession();
  await cdp.send('Performance.enable');
  return { page, cdp, close: () => context.close() };
}

/** JS heap and Blink's DOM (Oilpan) heap after a full garbage collection, in bytes. */
async function heap(cdp) {
  await cdp.send('HeapProfiler.collectGarbage');
  const usage = await cdp.send('Runtime.getHeapUsage');
  return { js: usage.usedSize, dom: usage.embedderHeapUsedSize };
}

/** Main-thread task time so far, in ms (CDP Performance `TaskDuration`). */
async function taskTime(cdp) {
  const { metrics } = await cdp.send('Performance.getMetrics');
  return metrics.find(metric => metric.name === 'TaskDuration').value * 1000;
}

/** Main-thread time spent from `before` until two frames after `act` resolved. */
async function busy(page, cdp, act) {
  await page.evaluate(() => bench.settle());
  const before = await taskTime(cdp);
  const result = await act();
  await page.evaluate(() => bench.settle());
  return { result, ms: (await taskTime(cdp)) - before };
}

/** The harness's own main-thread time in a `busy` window with no message: the median of three. */
async function harnessTime(page, cdp) {
  const times = [];
  for (let i = 0; i < 3; i++) times.push((await busy(page, cdp, () => page.evaluate(() => bench.frame()))).ms);
  return times.sort((a, b) => a - b)[1];
}

/** One message appended to a chat holding `count`: ms to the DOM, and main-thread ms less the harness's own. */
async function appendOne(page, cdp, count, harness) {
  const { result, ms } = await busy(page, cdp, () => page.evaluate(i => bench.receive(1, i), count));
  return { inDom: result.inDom, busy: ms - harness };
}

/** One contestant's session: first render, a burst of 1,000, appends at 1k, then (some rounds) 10k. */
async function session(name, round) {
  const { page, cdp, close } = await openPage(name);
  try {
    samples.add('firstRender', name, await page.evaluate(() => bench.firstRender()));
    await page.evaluate(() => bench.connect());
    await page.evaluate(() => bench.settle());
    const empty = await heap(cdp);
    samples.add('burst', name, (await page.evaluate(n => bench.receive(n, 0), BURST)).painted);
    const at1k = await heap(cdp);
    samples.add('jsHeap1k', name, (at1k.js - empty.js) / MB);
    samples.add('domHeap1k', name, (at1k.dom - empty.dom) / MB);
    let count = BURST;
    let harness = await harnessTime(page, cdp);
    for (let i = 0; i < APPENDS; i++, count++) {
      const { inDom, busy: ms } = await appendOne(page, cdp, count, harness);
      samples.add('append1kDom', name, inDom);
      samples.add('append1kBusy', name, ms);
    }
    // deep-chat takes minutes to reach 10k (each message it shows costs more the more it holds).
    if (round >= ROUNDS_10K || name === 'deep-chat') return;
    const fillStart = Date.now();
    while (count + BURST <= 10_000 + APPENDS) {
      await page.evaluate((n, from) => bench.receive(n, from), BURST, count);
      count += BURST;
    }
    samples.add('fill10k', name, (Date.now() - fillStart) / 1000);
    const at10k = await heap(cdp);
    samples.add('domHeap10k', name, ((at10k.dom - empty.dom) / MB) * (1000 / count));
    samples.add('jsHeap10k', name, ((at10k.js - at1k.js) / MB) * (1000 / (count - BURST)));
    harness = await harnessTime(page, cdp);
    for (let i = 0; i < APPENDS; i++, count++) {
      const { inDom, busy: ms } = await appendOne(page, cdp, count, harness);
      samples.add('append10kDom', name, inDom);
      samples.add('append10kBusy', name, ms);
    }
  } finally {
    await close();
  }
}

/** The widget ends a 20-message conversation: SessionClearedEvent → `genesys-chat-ended` fired / painted. */
async function ending() {
  const { page, close } = await openPage('widget');
  try {
    await page.evaluate(() => bench.firstRender());
    await page.evaluate(() => bench.connect());
    await page.evaluate(() => bench.receive(20, 0));
    await page.evaluate(() => bench.settle());
    const { fired, painted, work } = await page.evaluate(() => bench.end());
    samples.add('endFired', 'widget', fired);
    samples.add('endPainted', 'widget', painted);
    samples.add('endWork', 'widget', work);
    // The same again on the same page: the code of the path has run (and been compiled) once already.
    await page.evaluate(() => bench.again());
    await page.evaluate(() => bench.receive(20, 20));
    await page.evaluate(() => bench.settle());
    const warm = await page.evaluate(() => bench.end());
    samples.add('endFiredWarm', 'widget', warm.fired);
    samples.add('endWorkWarm', 'widget', warm.work);
  } finally {
    await close();
  }
}

/** Where the time and the heap go, for the widget and the floor: the evidence beside each target missed. */
const PROFILED = ['widget', 'floor'];
const PROFILE_PAGES = 3;
const PROFILE_APPENDS = 10;
const profiles = {};
function addProfile(step, name, profile) {
  const sum = ((profiles[step] ??= {})[name] ??= { kinds: {}, owners: {}, pages: 0 });
  sum.pages++;
  for (const part of ['kinds', 'owners']) for (const [key, value] of Object.entries(profile[part])) sum[part][key] = (sum[part][key] ?? 0) + value;
}
async function profileSession(name) {
  const { page, close } = await openPage(name);
  try {
    addProfile('firstRender', name, await profileStep(root, page, () => page.evaluate(() => bench.firstRender(true)), 1, { consoleProfile: true }));
    await page.evaluate(() => bench.connect());
    await page.evaluate(() => bench.settle());
    const empty = await heapParts(page);
    addProfile('burst', name, await profileStep(root, page, () => page.evaluate(n => bench.receive(n, 0), BURST)));
    const at1k = await heapParts(page);
    ((profiles.heap ??= {})[name] ??= []).push({ code: at1k.code - empty.code, data: at1k.data - empty.data });
    await page.evaluate(() => bench.settle());
    const appends = async () => {
      for (let i = 0; i < PROFILE_APPENDS; i++) {
        await page.evaluate(i => bench.receive(1, i), BURST + i);
        await page.evaluate(() => bench.settle());
      }
    };
    addProfile('append', name, await profileStep(root, page, appends, PROFILE_APPENDS));
  } finally {
    await close();
  }
  if (name !== 'widget') return;
  const ended = await openPage(name);
  try {
    await ended.page.evaluate(() => bench.firstRender());
    await ended.page.evaluate(() => bench.connect());
    await ended.page.evaluate(() => bench.receive(20, 0));
    await ended.page.evaluate(() => bench.settle());
    addProfile('end', name, await profileStep(root, ended.page, () => ended.page.evaluate(() => bench.end())));
  } finally {
    await ended.close();
  }
}

try {
  for (let round = 0; round < ROUNDS; round++) {
    // Each round starts with the next contestant, so none always runs first (or last) on a warm machine.
    const order = [...CONTESTANTS.slice(round % 3), ...CONTESTANTS.slice(0, round % 3)];
    process.stdout.write(`round ${round + 1}/${ROUNDS}: ${order.join(', ')}… `);
    for (const name of order) await session(name, round);
    await ending();
    console.log(`${Math.round((Date.now() - started) / 1000)} s`);
  }
  process.stdout.write(`profiles: ${PROFILE_PAGES} pages each of ${PROFILED.join(', ')}… `);
  for (let i = 0; i < PROFILE_PAGES; i++) for (const name of PROFILED) await profileSession(name);
  console.log(`${Math.round((Date.now() - started) / 1000)} s`);
} finally {
  await browser.close();
  await server.close();
}

const deepChatVersion = JSON.parse(readFileSync(resolve(root, 'node_modules/deep-chat/package.json'), 'utf8')).version;
console.log(`
${browserVersion}; ${ROUNDS} rounds, each a fresh page per contestant, taken in turn (the 10k rows: the first ${ROUNDS_10K} rounds).
  widget     ${SCRIPTS.widget} (+ the chunks it loads); its default socket, shared between tabs (BroadcastChannel + Web Locks)
  deep-chat  ${deepChatVersion}, ${DEEP_CHAT}; its websocket connection, a responseInterceptor maps a frame to { role: 'ai', text }
  floor      bench/floor.js: parse each frame, append one <div>
Filled over the socket: 1k = one write of 1,000 agent frames, 10k = nine more. deep-chat is not filled to 10k: each message
costs it more the more it shows (1k → 2k took it 5 s, 5k → 6k 30 s and more, here), and its history property is no faster.
Cells: median [min–max] over all samples; — = not measured. Clocks start when the frame reaches the page (a message listener
added before the chat's own); first render starts when the element is added, at the start of a frame.
"in DOM": a MutationObserver sees the text. "painted": a task posted from the next animation frame has run (this includes
waiting for the display's next frame, up to 16.7 ms; "less the wait" adds only the frame's own rendering to the time until
the event). "main thread busy": CDP Performance TaskDuration from just before the frame until two frames after its paint,
less the same window with no message (median of three).
Heaps after HeapProfiler.collectGarbage, from Runtime.getHeapUsage, less the connected, empty chat: JS = usedSize (V8),
DOM = embedderHeapUsedSize (Blink's Oilpan heap: nodes, layout objects, styles); MB = 10^6 bytes.
Ending (the widget): a fresh page, 20 messages, endConversation(); the server answers Presence Clear with SessionClearedEvent.
A second end follows on the same page (a new conversation, 20 messages): the path's code has run once, so V8 has compiled it.
Sizes: entry = the file + its static imports, total = + dynamic import(); each file gzipped (level 9); kB = 1000 bytes.
Single-file bundle ${SINGLE_FILE_BUNDLE}: ${bundleGzip.toFixed(1)} kB gzip; deep-chat's module: ${DEEP_CHAT}.
`);
const average = sum => sum && { ...Object.fromEntries(['kinds', 'owners'].map(part => [part, Object.fromEntries(Object.entries(sum[part]).map(([k, v]) => [k, v / sum.pages]))])) };
const averageHeap = list => list && { code: list.reduce((a, p) => a + p.code, 0) / list.length, data: list.reduce((a, p) => a + p.data, 0) / list.length };
const evidence = Object.fromEntries(['firstRender', 'burst', 'append', 'end'].map(step => [step, explainStep(step, average(profiles[step]?.widget), average(profiles[step]?.floor))]));
evidence.heap = explainHeap(averageHeap(profiles.heap?.widget), averageHeap(profiles.heap?.floor), samples.median('jsHeap10k', 'widget'));
printTable(samples, METRICS, evidence);
console.log(`\n${Math.round((Date.now() - started) / 1000)} s in all.`);
