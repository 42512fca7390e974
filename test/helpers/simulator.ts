/**
 * The simulator client the package ships (`genesys-chat/simulator-client`), pointed at the simulator the
 * test runner starts for the run (it tells pages where it is: `GET /__simulator`).
 */
import { connectSimulator, type SimulatorClient } from '../../simulator/client.mjs';

export * from '../../simulator/client.mjs';

let located: Promise<string> | undefined;

async function locate(): Promise<string> {
  located ??= fetch('/__simulator').then(async response => {
    if (!response.ok) throw new Error(`the test runner serves no simulator (GET /__simulator: HTTP ${response.status})`);
    const { origin } = (await response.json()) as { origin: string };
    return origin;
  });
  return located;
}

export async function simulator(): Promise<SimulatorClient> {
  return connectSimulator(await locate());
}
