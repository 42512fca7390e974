import type { StorageMode } from '../config.js';

/** Where a deployment's session is kept, in `localStorage` or `sessionStorage`. */
export const sessionKey = (deploymentId: string): string => `genesys-chat:${deploymentId.trim()}`;

/** The browser storage of a mode; throws where the page may not use it (sandboxed frames, some private modes). */
export const browserStorage = (mode: StorageMode): Storage | undefined =>
  mode === 'local' ? localStorage : mode === 'session' ? sessionStorage : undefined;

/**
 * Whether a conversation may be going on for this visitor: something is stored for the deployment.
 * Read without parsing, by the part of the widget that every page loads.
 */
export function hasStoredSession(deploymentId: string | undefined, mode: StorageMode = 'local'): boolean {
  if (!deploymentId) return false;
  try {
    return browserStorage(mode)?.getItem(sessionKey(deploymentId)) != null;
  } catch {
    return false;
  }
}
