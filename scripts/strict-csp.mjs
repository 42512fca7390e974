import { randomBytes } from 'node:crypto';

/** Test files under this path run on a page with a strict Content-Security-Policy and Trusted Types enforced. */
export const STRICT_TESTS = '/test/strict/';
const STRICT_PAGE = new RegExp(`"testFile":\\s*"${STRICT_TESTS.replaceAll('/', '\\/')}`);

/**
 * The policy of a strict page: no inline script or style, no eval, nothing from another origin, and
 * Trusted Types required for every DOM sink that parses script or HTML.
 *
 * - `script-src 'self' 'nonce-…'`: test modules come from the test server; the runner's own inline
 *   module scripts (its configuration and console capture) carry the page's nonce.
 * - `style-src 'none'`: Lit's styles are constructable stylesheets (`adoptedStyleSheets`), which no
 *   style-src rule governs, so the widget needs no style source at all.
 * - `connect-src 'self'`: the runner reports results over a WebSocket to its own origin.
 * - `trusted-types lit-html`: lit-html creates its policy, named "lit-html", as soon as it loads in a
 *   browser with Trusted Types; with no policy allowed, loading lit would throw.
 */
export const strictPolicy = nonce =>
  [
    "default-src 'none'",
    `script-src 'self' 'nonce-${nonce}'`,
    "style-src 'none'",
    "img-src 'self'",
    "connect-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "object-src 'none'",
    "require-trusted-types-for 'script'",
    'trusted-types lit-html',
  ].join('; ');

/**
 * Serves the runner page of every test file under `STRICT_TESTS` with the strict policy as a header.
 * The page names its test file in the configuration the runner puts into it; every script tag of that
 * page gets a fresh nonce, and a first inline script records every `securitypolicyviolation` from the
 * start (in `window.__cspViolations`), so a test also sees what was refused while the runner loaded.
 */
export function strictCspMiddleware() {
  return async function strictCsp(ctx, next) {
    await next();
    // The runner's inline scripts are rewritten by the TypeScript plugin on the way (hence a nonce, not a hash).
    if (ctx.path !== '/' || typeof ctx.body !== 'string' || !STRICT_PAGE.test(ctx.body)) return;
    const nonce = randomBytes(18).toString('base64');
    const recorder = `<script>window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', e => window.__cspViolations.push(
  { directive: e.effectiveDirective, blocked: e.blockedURI, sample: e.sample, source: e.sourceFile, line: e.lineNumber }));</script>`;
    const head = ctx.body.indexOf('<head>');
    const at = head === -1 ? 0 : head + '<head>'.length;
    const body = ctx.body.slice(0, at) + recorder + ctx.body.slice(at);
    ctx.body = body.replace(/<script(?=[\s>])/g, `<script nonce="${nonce}"`);
    ctx.set('Content-Security-Policy', strictPolicy(nonce));
    ctx.set('Cache-Control', 'no-store');
    ctx.remove('ETag');
  };
}
