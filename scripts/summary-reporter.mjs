/**
 * A wtr reporter that ends the run with one plain line, `tests: N passed, N failed`, so that
 * CI can count the tests without parsing wtr's own summary.
 */
export function summaryReporter() {
  return {
    onTestRunFinished({ sessions }) {
      let passed = 0;
      let failed = 0;
      const walk = suite => {
        for (const test of suite.tests) {
          if (test.skipped) continue;
          if (test.passed) passed += 1;
          else failed += 1;
        }
        for (const child of suite.suites) walk(child);
      };
      for (const session of sessions) {
        if (session.testResults) walk(session.testResults);
        // A file that failed to load has no results: count it as one failure rather than zero tests.
        else if (!session.passed) failed += 1;
        if (session.testResults && !session.passed && session.errors?.length) failed += session.errors.length;
      }
      // Printed after wtr's own output has flushed.
      process.on('exit', () => process.stdout.write(`\ntests: ${passed} passed, ${failed} failed\n`));
    },
  };
}
