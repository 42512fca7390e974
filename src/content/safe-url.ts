import { isLoopback } from '../protocol/ids.js';

/**
 * URLs from the network are untrusted: only absolute URLs with these schemes ever reach an `href` or
 * `src`. Anything else (`javascript:`, `data:`, `vbscript:`, relative paths, garbage) is dropped.
 */
const LINK_SCHEMES = new Set(['http:', 'https:', 'mailto:', 'tel:']);
const MEDIA_SCHEMES = new Set(['http:', 'https:']);

function parse(raw: unknown, schemes: ReadonlySet<string>, check: (url: URL) => boolean = () => true): string | undefined {
  if (typeof raw !== 'string' || raw.length > 4096) return undefined;
  // Control characters and whitespace inside a scheme are how filters get tricked ("java\tscript:").
  const text = raw.trim();
  if (!text || /[\u0000-\u001f\u007f]/.test(text)) return undefined;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return undefined;
  }
  return schemes.has(url.protocol) && check(url) ? url.href : undefined;
}

/** Pictures and files load by themselves: over http only from this machine, where nobody can change them on the way. */
const secureOrLocal = (url: URL): boolean => url.protocol === 'https:' || isLoopback(url.hostname);

/** A link target safe to put in `href`: http, https, mailto or tel; otherwise `undefined`. */
export const safeLinkUrl = (raw: unknown): string | undefined => parse(raw, LINK_SCHEMES);

/** An image or file URL safe to put in `src` or a download link: https (http from this machine); otherwise `undefined`. */
export const safeMediaUrl = (raw: unknown): string | undefined => parse(raw, MEDIA_SCHEMES, secureOrLocal);
