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

/** Where a tab keeps whether the panel is open, per deployment: `sessionStorage`, so it follows the visitor's pages, not their other tabs. */
export const openKey = (deploymentId: string): string => `genesys-chat-open:${deploymentId.trim()}`;

/** Whether the panel was open on the site's previous page (or before a reload) in this tab; never with `storage="none"`. */
export function wasOpen(deploymentId: string | undefined, mode: StorageMode): boolean {
  if (!deploymentId || mode === 'none') return false;
  try {
    return sessionStorage.getItem(openKey(deploymentId)) === '1';
  } catch {
    return false;
  }
}

/** Keeps whether the panel is open for the tab's next page; `storage="none"` keeps nothing (and forgets what was kept). */
export function keepOpen(deploymentId: string | undefined, mode: StorageMode, open: boolean): void {
  if (!deploymentId) return;
  try {
    if (open && mode !== 'none') sessionStorage.setItem(openKey(deploymentId), '1');
    else sessionStorage.removeItem(openKey(deploymentId));
  } catch {
    // Storage refused: the panel simply comes back closed.
  }
}
