// Turns the samples into one table: median [min–max] per contestant, the widget's ratios to the
// floor and to deep-chat, and a verdict per metric against its target.

export const CONTESTANTS = ['widget', 'deep-chat', 'floor'];

/** Samples by metric key, then contestant. */
export class Samples {
  #data = new Map();
  add(metric, contestant, value) {
    if (!this.#data.has(metric)) this.#data.set(metric, Object.fromEntries(CONTESTANTS.map(c => [c, []])));
    this.#data.get(metric)[contestant].push(value);
  }
  get(metric, contestant) {
    return this.#data.get(metric)?.[contestant] ?? [];
  }
  median(metric, contestant) {
    const values = [...this.get(metric, contestant)].sort((a, b) => a - b);
    if (!values.length) return undefined;
    const middle = values.length >> 1;
    return values.length % 2 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
  }
}

const digits = value => (Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2);
const num = value => value.toFixed(digits(value));

function cell(samples, metric, contestant) {
  const values = samples.get(metric.key, contestant);
  if (!values.length) return '—';
  const median = num(samples.median(metric.key, contestant));
  if (values.length === 1) return median;
  return `${median} [${num(Math.min(...values))}–${num(Math.max(...values))}]`;
}

function ratio(samples, metric, other) {
  const a = samples.median(metric.key, 'widget');
  const b = samples.median(metric.key, other);
  return a === undefined || b === undefined || b === 0 ? '—' : `${(a / b).toFixed(2)}×`;
}

/**
 * Prints the table, then one verdict line per metric that has a target.
 * `metric.check(samples)` returns `{ ok, why }` for the widget; `evidence[metric.profile]` (lines) is printed
 * under the first target missed in each profiled step.
 */
export function printTable(samples, metrics, evidence) {
  const header = ['metric', 'unit', ...CONTESTANTS, 'widget/floor', 'widget/deep-chat', 'target'];
  const rows = metrics.map(metric => [
    metric.label, metric.unit, ...CONTESTANTS.map(c => cell(samples, metric, c)),
    ratio(samples, metric, 'floor'), ratio(samples, metric, 'deep-chat'), metric.target ?? '',
  ]);
  const widths = header.map((_, i) => Math.max(header[i].length, ...rows.map(row => row[i].length)));
  const line = row => row.map((text, i) => (i < 2 ? text.padEnd(widths[i]) : text.padStart(widths[i]))).join('  ');
  console.log(line(header));
  console.log(widths.map(w => '─'.repeat(w)).join('  '));
  for (const row of rows) console.log(line(row));
  console.log('\nVerdict (the widget against each target):');
  const shown = new Set();
  for (const metric of metrics.filter(m => m.check)) {
    const { ok, why, limit } = metric.check(samples);
    // What the floor (parse + append one <div>) takes for the same, on this machine: the least any widget pays,
    // and so what the target leaves for all a real widget does beyond it.
    const floor = samples.median(metric.key, 'floor');
    const left = limit !== undefined && floor !== undefined ? `, which leaves ${num(Math.max(0, limit - floor))} ${metric.unit} above it` : '';
    const allows = ok === false && floor !== undefined ? `; the floor: ${num(floor)} ${metric.unit}${left}` : '';
    console.log(`  ${ok === undefined ? 'n/a ' : ok ? 'MET ' : 'MISS'}  ${metric.label} (${metric.target}): ${why}${allows}`);
    // The profile of the step behind a missed target, once per step: where its time (or heap) goes.
    if (ok === false && evidence?.[metric.profile] && !shown.has(metric.profile)) {
      shown.add(metric.profile);
      for (const line of evidence[metric.profile]) console.log(`          ${line}`);
    }
  }
}
