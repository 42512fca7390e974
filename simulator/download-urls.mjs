// @ts-check
/**
 * Download links of the conversation's files expire, as Genesys's presigned URLs do ("typically after
 * 10 minutes", reference §2.7): the sample files the agent sends are served under `/sim/files/` with an
 * `expires` time, refused once it has passed, and `getAttachment` hands out a fresh link.
 */

/** Where the sample files are served. */
export const FILES_PATH = '/sim/files/';

/**
 * The link to a file with a new expiry, `ttlSeconds` from `now`; links elsewhere are left as they are.
 * @param {string} url @param {number} ttlSeconds @param {number} [now]
 */
export function withExpiry(url, ttlSeconds, now = Date.now()) {
  let parsed;
  try {
    parsed = new URL(url);
  } catch {
    return url;
  }
  if (!parsed.pathname.startsWith(FILES_PATH)) return url;
  parsed.searchParams.set('expires', String(now + ttlSeconds * 1000));
  return parsed.href;
}

/** Whether a file request's link has expired. @param {URLSearchParams} query @param {number} [now] */
export function linkExpired(query, now = Date.now()) {
  const expires = query.get('expires');
  return expires !== null && !(Number(expires) > now);
}
