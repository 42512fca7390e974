// The metrics, in the order printed, and the target the widget is held to for each (reported, not asserted).
// Keys are those bench/run.mjs records; a metric without `check` is shown for information. `profile` names
// the profiled step (bench/profile.mjs) whose breakdown is printed when the target is missed.

const atMost = (metric, max) => s => {
  const value = s.median(metric, 'widget');
  return value === undefined ? { why: 'not measured' } : { ok: value <= max, why: `median ${value.toFixed(2)}`, limit: max };
};
/** At most `max` at 10k, and flat: at 10k no more than 1.5 × at 1k. */
const flat = (metric, small, max) => s => {
  const [at1k, at10k] = [s.median(small, 'widget'), s.median(metric, 'widget')];
  if (at10k === undefined) return { why: 'not measured' };
  const ok = at10k <= max && at10k <= 1.5 * at1k;
  return { ok, why: `median ${at10k.toFixed(2)} at 10k, ${at1k.toFixed(2)} at 1k (flat = at 10k ≤ 1.5 × at 1k)`, limit: max };
};
export const METRICS = [
  { key: 'firstRender', label: 'first render: added → painted', unit: 'ms', target: '≤ 10 ms', check: atMost('firstRender', 10), profile: 'firstRender' },
  { key: 'burst', label: '1,000 frames in one write → painted', unit: 'ms', target: '≤ 1.3 × floor', check: s => {
    const [widget, floor] = [s.median('burst', 'widget'), s.median('burst', 'floor')];
    return { ok: widget <= 1.3 * floor, why: `${(widget / floor).toFixed(2)} × the floor`, limit: 1.3 * floor };
  }, profile: 'burst' },
  { key: 'append1kDom', label: 'append one at 1k → in DOM', unit: 'ms', target: '≤ 1 ms', check: atMost('append1kDom', 1), profile: 'append' },
  { key: 'append10kDom', label: 'append one at 10k → in DOM', unit: 'ms', target: '≤ 1 ms, flat', check: flat('append10kDom', 'append1kDom', 1), profile: 'append' },
  { key: 'append1kBusy', label: 'append one at 1k → main thread busy', unit: 'ms', target: '≤ 2.5 ms', check: atMost('append1kBusy', 2.5), profile: 'append' },
  { key: 'append10kBusy', label: 'append one at 10k → main thread busy', unit: 'ms', target: '≤ 2.5 ms, flat', check: flat('append10kBusy', 'append1kBusy', 2.5), profile: 'append' },
  { key: 'jsHeap1k', label: 'JS heap per 1,000 messages (at 1k)', unit: 'MB', target: '≤ 0.8 MB', check: atMost('jsHeap1k', 0.8), profile: 'heap' },
  { key: 'jsHeap10k', label: 'JS heap per 1,000 messages (1k → 10k)', unit: 'MB' },
  { key: 'domHeap1k', label: 'DOM heap per 1,000 messages (at 1k)', unit: 'MB' },
  { key: 'domHeap10k', label: 'DOM heap per 1,000 messages (at 10k)', unit: 'MB', target: '≤ 2 MB', check: atMost('domHeap10k', 2) },
  { key: 'fill10k', label: 'filling 1k → 10k (9 bursts of 1,000)', unit: 's' },
  { key: 'entryGzip', label: 'JS before the chat is opened (entry, gzip)', unit: 'kB', target: '≤ 20 kB', check: atMost('entryGzip', 20) },
  { key: 'totalGzip', label: 'JS in all (static + lazy, gzip)', unit: 'kB' },
  { key: 'endFired', label: 'SessionClearedEvent → ended event fired', unit: 'ms', target: '≤ 2 ms', check: atMost('endFired', 2), profile: 'end' },
  { key: 'endPainted', label: 'SessionClearedEvent → ended painted', unit: 'ms' },
  { key: 'endWork', label: '  the same, less the wait for the frame', unit: 'ms', target: '≤ 2 ms', check: atMost('endWork', 2), profile: 'end' },
  { key: 'endFiredWarm', label: 'a second end on the same page → fired', unit: 'ms' },
  { key: 'endWorkWarm', label: '  the same, less the wait for the frame', unit: 'ms' },
];
