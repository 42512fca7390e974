/** Where a deployment's session is kept in `localStorage`. */
export const sessionKey = (deploymentId: string): string => `genesys-chat:${deploymentId.trim()}`;

/**
 * Whether a conversation may be going on for this visitor: something is stored for the deployment.
 * Read without parsing, by the part of the widget that every page loads.
 */
export function hasStoredSession(deploymentId: string | undefined): boolean {
  if (!deploymentId) return false;
  try {
    return localStorage.getItem(sessionKey(deploymentId)) !== null;
  } catch {
    return false;
  }
}
