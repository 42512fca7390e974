// Where the main thread's time goes during one measured step, and what the JS heap holds: the evidence
// printed beside every target the widget misses. A Chromium trace gives the browser's own work (style,
// layout, paint, garbage collection); a CPU profile, mapped through the build's source maps, says whose
// script ran (XState, Lit, the widget's machines, its view, its protocol and transport, the harness).
import { readFileSync, existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { TraceMap, originalPositionFor } from '@jridgewell/trace-mapping';

/**
 * Trace event names, by the kind of browser work they are (first match wins; self time only). Script is
 * not read from the trace (its slices also hold the tools' own work) but from the CPU profile.
 */
const KINDS = [
  ['gc', /GC|garbage|Sweep|Scavenge/i],
  ['style', /Style|UpdateLayoutTree|CSSParser|rebuildLayoutTree/],
  ['layout', /Layout|Shape/],
  ['paint', /Paint|Layerize|Commit|Composit|Raster|UpdateLayer/],
];

/** Whose code a source file is. */
const OWNERS = [
  ['XState', /node_modules\/xstate\//],
  ['Lit', /node_modules\/(lit|lit-html|lit-element|@lit)\//],
  ['protocol+transport', /src\/(protocol|transport)\//],
  ['machines', /src\/(machine|session|auth)\//],
  ['view', /src\//],
  ['harness', /bench\/page\.js/],
  ['floor', /bench\/floor\.js/],
];

const sourceMaps = new Map();
/** The original source of a generated position, through the file's source map when it has one. */
function originalSource(root, url, line, column) {
  const path = url.replace(/^https?:\/\/[^/]+\//, '');
  if (!sourceMaps.has(path)) {
    const map = resolve(root, `${path}.map`);
    sourceMaps.set(path, existsSync(map) ? new TraceMap(readFileSync(map, 'utf8'), resolve(root, path)) : undefined);
  }
  const map = sourceMaps.get(path);
  return (map && originalPositionFor(map, { line: line + 1, column }).source) || path;
}

/** Self time (µs) per kind of browser work on the renderer's main thread, within [from, to] when given (µs). */
function browserWork(events, from = -Infinity, to = Infinity) {
  // Every open page has a renderer main thread: the page's own is the busiest.
  const mains = new Set(events.filter(e => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map(e => e.tid));
  const busy = new Map();
  for (const e of events) if (e.ph === 'X' && mains.has(e.tid)) busy.set(e.tid, (busy.get(e.tid) ?? 0) + e.dur);
  const main = [...busy].sort((a, b) => b[1] - a[1])[0]?.[0];
  const slices = events.filter(e => e.ph === 'X' && e.tid === main && e.dur > 0 && e.ts >= from && e.ts + e.dur <= to).sort((a, b) => a.ts - b.ts || b.dur - a.dur);
  const kinds = Object.fromEntries(KINDS.map(([kind]) => [kind, 0]));
  const stack = [];
  const close = () => {
    const done = stack.pop();
    const kind = KINDS.find(([, pattern]) => pattern.test(done.name))?.[0];
    if (kind) kinds[kind] += done.self;
  };
  for (const slice of slices) {
    while (stack.length && stack.at(-1).end <= slice.ts) close();
    if (stack.length) stack.at(-1).self -= slice.dur;
    stack.push({ name: slice.name, end: slice.ts + slice.dur, self: slice.dur });
  }
  while (stack.length) close();
  return kinds;
}

/** Script time (µs) per owner: native calls count for the nearest caller with a source. */
function scriptOwners(root, profile) {
  const nodes = new Map(profile.nodes.map(node => [node.id, node]));
  const parents = new Map();
  for (const node of profile.nodes) for (const child of node.children ?? []) parents.set(child, node.id);
  const ownerOf = new Map();
  const owner = id => {
    if (ownerOf.has(id)) return ownerOf.get(id);
    const { callFrame } = nodes.get(id);
    let result;
    if (callFrame.url) {
      const source = originalSource(root, callFrame.url, callFrame.lineNumber, callFrame.columnNumber);
      result = OWNERS.find(([, pattern]) => pattern.test(source))?.[0] ?? 'other';
    } else result = parents.has(id) ? owner(parents.get(id)) : 'other';
    ownerOf.set(id, result);
    return result;
  };
  const owners = {};
  profile.samples.forEach((id, i) => {
    const name = nodes.get(id).callFrame.functionName;
    if (name === '(idle)' || name === '(program)' || name === '(root)' || name === '(garbage collector)') return;
    const who = owner(id);
    owners[who] = (owners[who] ?? 0) + profile.timeDeltas[i];
  });
  return owners;
}

/**
 * Runs `act` (which does the step `repeat` times) under a trace and a CPU profile; returns ms per step:
 * `{ kinds: { style, layout, paint, gc }, owners: { XState, Lit, machines, …, harness } }`.
 */
export async function profileStep(root, page, act, repeat = 1, { consoleProfile = false } = {}) {
  const cdp = await page.createCDPSession();
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 50 });
  // With `consoleProfile` the page bounds the step itself (console.profile … profileEnd): the CDP round trips
  // around `act` would also take in what the page does after it (its idle work).
  const fromConsole = consoleProfile && new Promise(resolve => cdp.once('Profiler.consoleProfileFinished', ({ profile }) => resolve(profile)));
  await page.tracing.start({ categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8', 'blink'] });
  if (!consoleProfile) await cdp.send('Profiler.start');
  await act();
  const profile = consoleProfile ? await fromConsole : (await cdp.send('Profiler.stop')).profile;
  const trace = JSON.parse(Buffer.from(await page.tracing.stop()).toString('utf8'));
  await cdp.detach();
  // A CPU profile's time deltas may be negative now and then (samples out of order): a sum is at least 0.
  const perStep = record => Object.fromEntries(Object.entries(record).map(([key, us]) => [key, Math.max(0, us) / 1000 / repeat]));
  const [from, to] = consoleProfile ? [profile.startTime, profile.endTime] : [-Infinity, Infinity];
  return { kinds: perStep(browserWork(trace.traceEvents, from, to)), owners: perStep(scriptOwners(root, profile)) };
}

/** The JS heap split into compiled code (a one-time cost of running a path) and everything else, in bytes. */
export async function heapParts(page) {
  const cdp = await page.createCDPSession();
  await cdp.send('HeapProfiler.collectGarbage');
  let text = '';
  cdp.on('HeapProfiler.addHeapSnapshotChunk', ({ chunk }) => { text += chunk; });
  await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
  await cdp.detach();
  const snapshot = JSON.parse(text);
  const { node_fields: fields, node_types: [types] } = snapshot.snapshot.meta;
  const [type, size] = [fields.indexOf('type'), fields.indexOf('self_size')];
  const parts = { code: 0, data: 0 };
  for (let i = 0; i < snapshot.nodes.length; i += fields.length) {
    const kind = types[snapshot.nodes[i + type]];
    // `native` is Blink's (the DOM heap row counts it); `synthetic` are the snapshot's own roots.
    if (kind === 'native' || kind === 'synthetic') continue;
    parts[kind === 'code' ? 'code' : 'data'] += snapshot.nodes[i + size];
  }
  return parts;
}

const ms = value => (value >= 10 ? value.toFixed(1) : value.toFixed(2));
const listed = record =>
  Object.entries(record)
    .filter(([, value]) => value >= 0.01)
    .sort((a, b) => b[1] - a[1])
    .map(([key, value]) => `${key} ${ms(value)}`)
    .join(', ');

const sum = (record, keys) => keys.reduce((total, key) => total + (record[key] ?? 0), 0);
const OWN = ['machines', 'view', 'protocol+transport', 'other', 'floor'];

/** One line: the contestant's script by owner and the browser's work for it (the harness's script left out). */
export function describeProfile(profile) {
  const { harness, ...owners } = profile.owners;
  const script = sum(owners, Object.keys(owners));
  const total = script + sum(profile.kinds, Object.keys(profile.kinds));
  return `${ms(total)} ms = script ${ms(script)} (${listed(owners) || 'none'}) + ${listed(profile.kinds)}`;
}

/** What a step's profile says, for the widget beside the floor: lines for the verdict. */
export function explainStep(step, widget, floor) {
  if (!widget) return [];
  const lines = [`profile of ${STEPS[step]}, ms per step:`, `  widget: ${describeProfile(widget)}`];
  if (floor) lines.push(`  floor:  ${describeProfile(floor)}`);
  const fixed = sum(widget.owners, ['XState', 'Lit']);
  const own = sum(widget.owners, OWN);
  const browser = sum(widget.kinds, Object.keys(widget.kinds));
  lines.push(
    `  why: the browser's style, layout, paint and GC take ${ms(browser)} ms` +
      (floor ? ` (for the floor: ${ms(sum(floor.kinds, Object.keys(floor.kinds)))} ms, with script ${ms(sum(floor.owners, OWN))} ms)` : '') +
      `; XState and Lit, the stack the design is built on, run ${ms(fixed)} ms of script; the widget's own code ${ms(own)} ms.`,
  );
  return lines;
}

/** What the JS heap per 1,000 messages is made of, for the widget beside the floor. */
export function explainHeap(widget, floor, perThousandAt10k) {
  if (!widget) return [];
  const mb = parts => `${((parts.code + parts.data) / 1e6).toFixed(2)} MB = compiled code ${(parts.code / 1e6).toFixed(2)} + data ${(parts.data / 1e6).toFixed(2)}`;
  return [
    'heap snapshot at 1k, less the empty chat:',
    `  widget: ${mb(widget)}`,
    ...(floor ? [`  floor:  ${mb(floor)}`] : []),
    `  why: compiled code (bytecode and optimised code of the paths the first 1,000 frames run) is paid once per page, whatever ` +
      `the count; the messages themselves hold ${(widget.data / 1e6).toFixed(2)} MB per 1,000` +
      (perThousandAt10k === undefined ? '.' : `, and from 1k to 10k the heap grows ${perThousandAt10k.toFixed(2)} MB per 1,000.`),
  ];
}

const STEPS = {
  firstRender: 'the first render (added → painted)',
  burst: 'a burst of 1,000 frames',
  append: 'an append at 1k (with the two frames after it)',
  end: 'the end (endConversation() → ended painted, Clear and its acknowledgement included)',
};
