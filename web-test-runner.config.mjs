import { defaultReporter } from '@web/test-runner';
import { chromeLauncher } from '@web/test-runner-chrome';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { startSimulator } from './simulator/simulator.mjs';
import { chromiumArgs, chromiumPath } from './scripts/chromium.mjs';
import { summaryReporter } from './scripts/summary-reporter.mjs';
import { faultSummary } from './scripts/fault-summary.mjs';
import { mockSocketPlugin } from './scripts/mock-socket-plugin.mjs';
import { emulationPlugin } from './scripts/emulation-plugin.mjs';
import { strictCspMiddleware } from './scripts/strict-csp.mjs';
import { classicScriptPlugin } from './scripts/classic-script-plugin.mjs';

/** Starts one Guest API simulator for the run and tells the test pages where it is (`GET /__simulator`). */
function simulatorPlugin() {
  let simulator;
  return {
    name: 'guest-api-simulator',
    async serverStart() {
      simulator = await startSimulator({ host: '127.0.0.1', port: 0, quiet: true });
    },
    async serverStop() {
      await simulator?.close();
    },
    serve(context) {
      if (context.path === '/__simulator') {
        return { body: JSON.stringify({ origin: simulator.origin }), type: 'application/json' };
      }
      return undefined;
    },
  };
}

const group = process.env.TEST_GROUP;
const faults = faultSummary();
// `npm run test:faults`: the fault scenarios and the hostile-input suites, with their figures.
const FAULT_FILES = ['test/faults/**/*.test.ts', 'test/strict/**/*.test.ts', 'test/element/xss.test.ts'];

export default {
  files: group === 'faults' ? FAULT_FILES : group ? `test/${group}/**/*.test.ts` : 'test/**/*.test.ts',
  nodeResolve: true,
  // Test files under test/strict/ run on a page with a strict CSP and Trusted Types enforced.
  middleware: [strictCspMiddleware()],
  concurrency: 2,
  plugins: [esbuildPlugin({ ts: true, tsconfig: 'tsconfig.json', target: 'es2022' }), mockSocketPlugin(), emulationPlugin(), simulatorPlugin(), classicScriptPlugin(), faults.plugin],
  browsers: [
    chromeLauncher({
      launchOptions: { executablePath: chromiumPath(), args: chromiumArgs },
      // Two files run at once. Tabs of one window hide each other (no animation frames, no scroll
      // events); a browser context of its own gives each page a window of its own, always visible.
      createPage: async ({ browser }) => (await browser.createBrowserContext()).newPage(),
    }),
  ],
  testFramework: { config: { timeout: 10000 } },
  reporters: [defaultReporter(), faults.reporter, summaryReporter()],
  filterBrowserLogs: ({ args }) =>
    !args.some(a => typeof a === 'string' && a.includes('Lit is in dev mode')),
};
