/**
 * When a Genesys JWT expires (epoch ms), read from its `exp` claim; undefined when it cannot be read.
 * The token is not verified here (only Genesys can): it only decides when to renew it, so a token that
 * reads wrongly costs at worst an early renewal or a 401, never a decision about access.
 */
export function jwtExpiry(jwt: string): number | undefined {
  const parts = jwt.split('.');
  if (parts.length !== 3 || parts[1]!.length > 8192) return undefined;
  try {
    const claims: unknown = JSON.parse(atob(parts[1]!.replace(/-/g, '+').replace(/_/g, '/')));
    const exp = typeof claims === 'object' && claims !== null ? (claims as Record<string, unknown>)['exp'] : undefined;
    return typeof exp === 'number' && Number.isFinite(exp) && exp > 0 ? exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}
