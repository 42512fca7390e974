import type { RequestAction } from './frames.js';

/** What the holder of a shared connection needs to know of a request a tab sends through it. */
export interface RequestSummary {
  readonly action: RequestAction | undefined;
  readonly token: string | undefined;
  readonly tracingId: string | undefined;
  /** configureSession asks for a fresh session (§2.2). */
  readonly startNew: boolean;
  /** closeSession closes the session's other connections too (§2.8). */
  readonly closeAllConnections: boolean;
}

const ACTIONS: ReadonlySet<string> = new Set<RequestAction>([
  'configureSession',
  'configureAuthenticatedSession',
  'onMessage',
  'echo',
  'getJwt',
  'onAttachment',
  'getAttachment',
  'deleteAttachment',
  'closeSession',
  'getConfiguration',
]);

const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/**
 * Reads back a client frame (one the widget encoded itself, so not validated as server frames are).
 * Anything that is not a JSON object reads as a request of no known action.
 */
export function readRequest(data: string): RequestSummary {
  let json: unknown;
  try {
    json = JSON.parse(data);
  } catch {
    json = undefined;
  }
  const frame = typeof json === 'object' && json !== null && !Array.isArray(json) ? (json as Record<string, unknown>) : {};
  const action = text(frame['action']);
  return {
    action: action !== undefined && ACTIONS.has(action) ? (action as RequestAction) : undefined,
    token: text(frame['token']),
    tracingId: text(frame['tracingId']),
    startNew: frame['startNew'] === true,
    closeAllConnections: frame['closeAllConnections'] === true,
  };
}
