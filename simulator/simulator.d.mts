/**
 * The types of `genesys-chat/simulator`: the Guest API simulator started in a Node process, for a test
 * runner's setup (a web-test-runner plugin, Playwright's globalSetup). Node only.
 */

export { DEMO_DEPLOYMENT_ID } from './client.mjs';

export interface SimulatorOptions {
  /** Default `127.0.0.1`. */
  host?: string;
  /** Default 0: a free port, which `port` and `origin` then name. */
  port?: number;
  /** No log lines. */
  quiet?: boolean;
  /** Deployments to create at start: the options of `POST /sim/deployments` (`deploymentId` to fix one). */
  deployments?: import('./client.mjs').DeploymentOptions[];
}

export interface RunningSimulator {
  /** `http://127.0.0.1:PORT`: the control API, the agent console (`/console`), config.json and history. */
  origin: string;
  /** `ws://127.0.0.1:PORT/v1`: the widget's `endpoint`. */
  wsUrl: string;
  port: number;
  close(): Promise<void>;
}

export declare function startSimulator(options?: SimulatorOptions): Promise<RunningSimulator>;
