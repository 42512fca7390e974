/**
 * The reliability and security figures of a run: fault scenarios run and passed, messages the
 * visitor sent and how the server received them, hostile payloads tried and run. Tests report
 * their counts with the `fault-metrics` command (test/helpers/fault-metrics.ts); the reporter prints
 * one table at the end of a run that had any.
 */

/** @typedef {{ sent?: number, delivered?: number, duplicated?: number, lost?: number, payloadsTried?: number, payloadsExecuted?: number }} Counts */

export function faultSummary() {
  /** @type {Required<Counts>} */
  const totals = { sent: 0, delivered: 0, duplicated: 0, lost: 0, payloadsTried: 0, payloadsExecuted: 0 };
  let reports = 0;

  const plugin = {
    name: 'fault-metrics',
    /** @param {{ command: string, payload: unknown }} args */
    executeCommand({ command, payload }) {
      if (command !== 'fault-metrics') return undefined;
      const counts = /** @type {Counts} */ (payload ?? {});
      for (const key of /** @type {(keyof Counts)[]} */ (Object.keys(totals))) {
        const value = counts[key];
        if (typeof value === 'number' && Number.isFinite(value) && value >= 0) totals[key] += value;
      }
      reports += 1;
      return true;
    },
  };

  const reporter = {
    /** @param {{ sessions: any[] }} run */
    onTestRunFinished({ sessions }) {
      if (reports === 0) return;
      let run = 0;
      let passed = 0;
      const walk = (/** @type {any} */ suite) => {
        for (const test of suite.tests) {
          if (test.skipped) continue;
          run += 1;
          if (test.passed) passed += 1;
        }
        for (const child of suite.suites) walk(child);
      };
      for (const session of sessions) if (/\/test\/(faults|strict)\/|xss\.test\.ts$/.test(session.testFile) && session.testResults) walk(session.testResults);
      const rows = [
        ['scenarios run', run],
        ['scenarios passed', passed],
        ['messages sent', totals.sent],
        ['messages delivered', totals.delivered],
        ['messages duplicated', totals.duplicated],
        ['messages lost', totals.lost],
        ['payloads tried', totals.payloadsTried],
        ['payloads executed', totals.payloadsExecuted],
      ];
      const width = Math.max(...rows.map(([label]) => String(label).length));
      const table = rows.map(([label, value]) => `  ${String(label).padEnd(width)}  ${String(value).padStart(6)}`).join('\n');
      process.on('exit', () => process.stdout.write(`\nReliability and security\n${table}\n`));
    },
  };

  return { plugin, reporter };
}
