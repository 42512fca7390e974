#!/usr/bin/env node
// @ts-check
/**
 * The simulator on its own: `genesys-chat-simulator` (the package's bin), `npm run simulator` here.
 * `--port 0` takes a free port; the lines printed at start name it.
 */
import { parseArgs } from 'node:util';
import { DEMO_DEPLOYMENT_ID, startSimulator } from './simulator.mjs';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: process.env.SIMULATOR_PORT ?? '9001' },
    host: { type: 'string', default: '127.0.0.1' },
    quiet: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

if (values.help) {
  console.log('Usage: genesys-chat-simulator [--port 9001] [--host 127.0.0.1] [--quiet]');
  process.exit(0);
}

const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`--port must be a port number, got ${values.port}`);
  process.exit(2);
}

const simulator = await startSimulator({ host: values.host, port, quiet: values.quiet });
console.log(`
  Guest API simulator
    Guest WebSocket:   ${simulator.wsUrl}?deploymentId=${DEMO_DEPLOYMENT_ID}
    Agent console:     ${simulator.origin}/console
    Control API:       ${simulator.origin}/sim/state
    Demo deployment:   ${DEMO_DEPLOYMENT_ID}
`);

for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM'])) {
  process.once(signal, async () => {
    await simulator.close();
    process.exit(0);
  });
}
