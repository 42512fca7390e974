import { esbuildPlugin } from '@web/dev-server-esbuild';
import { startSimulator } from './simulator/simulator.mjs';

const host = '127.0.0.1';
const port = Number(process.env.PORT ?? 8000);
const simulatorPort = Number(process.env.SIMULATOR_PORT ?? 9001);

/** `npm start`: the local Guest API simulator next to the demo page, so no Genesys account is needed. */
function simulatorPlugin() {
  let simulator;
  return {
    name: 'guest-api-simulator',
    async serverStart() {
      simulator = await startSimulator({ host, port: simulatorPort });
      const demo = `http://${host}:${port}/`;
      process.stdout.write(
        `\n  Demo page (the widget):   ${demo}\n` +
          `  Agent console:            ${simulator.origin}/console\n` +
          `  Guest API simulator:      ${simulator.wsUrl}\n\n`,
      );
    },
    async serverStop() {
      await simulator?.close();
    },
    // The page names the default simulator port; point it at the one actually running.
    transform(context) {
      if (context.path === '/' || context.path === '/index.html') {
        return { body: context.body.replaceAll('127.0.0.1:9001', `${host}:${simulatorPort}`) };
      }
      return undefined;
    },
  };
}

export default {
  hostname: host,
  port,
  nodeResolve: true,
  watch: true,
  appIndex: 'index.html',
  plugins: [esbuildPlugin({ ts: true, tsconfig: 'tsconfig.json', target: 'es2022' }), simulatorPlugin()],
};
