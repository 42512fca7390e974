import { resolveEndpoint, type Endpoint } from './protocol/endpoint.js';
import { isUuid } from './protocol/ids.js';
import { DEFAULT_END_TIMEOUT } from './machine/chat.machine.js';

/** The element's attributes, as given. */
export interface ConfigAttributes {
  readonly deploymentId: string | null | undefined;
  readonly region: string | null | undefined;
  readonly endpoint: string | null | undefined;
  readonly endTimeout: string | number | null | undefined;
}

/** A valid configuration. */
export interface ChatConfig {
  readonly deploymentId: string;
  readonly endpoint: Endpoint;
  readonly endTimeout: number;
}

/** One thing wrong with the attributes, worded for the integrator. */
export interface ConfigProblem {
  readonly attribute: 'deployment-id' | 'region' | 'endpoint' | 'end-timeout';
  readonly message: string;
}

export type ConfigResult =
  | { readonly ok: true; readonly config: ChatConfig; readonly warnings: readonly ConfigProblem[] }
  | { readonly ok: false; readonly problems: readonly ConfigProblem[] };

const MIN_END_TIMEOUT = 1000;
const MAX_END_TIMEOUT = 120_000;

/**
 * Checks the attributes and turns them into a configuration, or lists every problem at once so an
 * integrator fixes them in one go. A bad `end-timeout` only warns: the default is safe.
 */
export function resolveConfig(attributes: ConfigAttributes): ConfigResult {
  const problems: ConfigProblem[] = [];
  const warnings: ConfigProblem[] = [];
  const deploymentId = (attributes.deploymentId ?? '').trim();
  if (!deploymentId) {
    problems.push({ attribute: 'deployment-id', message: 'deployment-id is missing: copy the deployment id from Admin > Message > Messenger Deployments.' });
  } else if (!isUuid(deploymentId)) {
    problems.push({ attribute: 'deployment-id', message: `deployment-id "${deploymentId}" is not a deployment id (a UUID such as 5c0a3f8e-9d2b-4f7e-8a61-3b2d9e4c7f10).` });
  }
  const resolved = resolveEndpoint({
    region: attributes.region ?? undefined,
    endpoint: attributes.endpoint ?? undefined,
    deploymentId,
  });
  if (!resolved.ok) {
    problems.push({ attribute: resolved.problem === 'invalid-endpoint' ? 'endpoint' : 'region', message: `${resolved.detail}.` });
  }
  let endTimeout = DEFAULT_END_TIMEOUT;
  const rawTimeout = attributes.endTimeout;
  if (rawTimeout !== null && rawTimeout !== undefined && String(rawTimeout).trim() !== '') {
    const value = Number(rawTimeout);
    if (Number.isInteger(value) && value >= MIN_END_TIMEOUT && value <= MAX_END_TIMEOUT) endTimeout = value;
    else {
      warnings.push({
        attribute: 'end-timeout',
        message: `end-timeout "${rawTimeout}" must be a whole number of milliseconds from ${MIN_END_TIMEOUT} to ${MAX_END_TIMEOUT}; using ${DEFAULT_END_TIMEOUT}.`,
      });
    }
  }
  if (problems.length > 0 || !resolved.ok) return { ok: false, problems };
  return { ok: true, config: { deploymentId, endpoint: resolved.endpoint, endTimeout }, warnings };
}
