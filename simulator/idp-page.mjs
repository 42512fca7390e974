// @ts-check
/**
 * The stand-in identity provider's authorization endpoint (OAuth 2.0 code flow with PKCE, RFC 6749
 * §4.1, RFC 7636): `GET /sim/idp/authorize?…` shows a sign-in page, and posting it redirects to the
 * `redirect_uri` with a single-use `code` bound to the S256 challenge (issued by `Auth.signIn`, so only
 * the matching verifier exchanges it). The client is a deployment (`client_id` is its id), and its
 * redirect URIs are the sites of its allowed domains. The page has no script and one hashed style, so
 * it works under its own strict CSP.
 */
import { createHash } from 'node:crypto';
import { originAllowed } from './deployment-options.mjs';

/**
 * @typedef {import('./guest-api.mjs').GuestApi} GuestApi
 * @typedef {import('node:http').IncomingMessage} Request
 * @typedef {import('node:http').ServerResponse} Response
 * @typedef {{ clientId: string, redirectUri: URL, state: string, challenge: string }} AuthorizeRequest
 */

export const AUTHORIZE_PATH = '/sim/idp/authorize';
/** Where a caller that cannot read a redirect's Location (a browser's fetch) can send one: it echoes the answer as JSON. */
export const CALLBACK_PATH = '/sim/idp/callback';

const STYLE = 'body{font:1rem/1.5 system-ui,sans-serif;max-width:24rem;margin:3rem auto;padding:0 1rem}'
  + 'label,input,button{display:block;font:inherit;margin:.25rem 0}input{width:100%;box-sizing:border-box;padding:.4rem}'
  + 'button{padding:.4rem 1rem;margin-top:.75rem}';
const STYLE_HASH = createHash('sha256').update(STYLE).digest('base64');
/** A base64url S256 challenge is 43 characters; RFC 7636 allows 43 to 128 for a verifier's alphabet. */
const CHALLENGE = /^[A-Za-z0-9_-]{43,128}$/;
const MAX_FORM_BYTES = 16 * 1024;
/** The page is the simulator's to show and holds nothing secret: test pages may read its answers. */
const CORS = { 'access-control-allow-origin': '*', 'access-control-expose-headers': 'content-security-policy' };

/** @param {string} text */
const escapeHtml = text => text.replace(/[&<>"']/g, c => `&#${c.charCodeAt(0)};`);

/** @param {Request} req @returns {Promise<URLSearchParams>} */
async function readForm(req) {
  /** @type {Buffer[]} */
  const chunks = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size > MAX_FORM_BYTES) throw new RangeError('form too large');
    chunks.push(chunk);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

/**
 * @param {Response} res @param {number} status @param {string} title @param {string} body HTML, escaped by the caller
 * @param {string} [formAction] where the page's form may post and be redirected to
 */
function sendPage(res, status, title, body, formAction = "'none'") {
  res.writeHead(status, {
    ...CORS,
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    'content-security-policy': `default-src 'none'; style-src 'sha256-${STYLE_HASH}'; form-action ${formAction}; frame-ancestors 'none'; base-uri 'none'`,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
  });
  res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">`
    + `<title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body><main><h1>${escapeHtml(title)}</h1>${body}</main></body></html>`);
}

/** @param {Response} res @param {URL} to */
function redirect(res, to) {
  res.writeHead(303, { ...CORS, location: to.href, 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' });
  res.end();
}

/** `redirectUri` with the answer's parameters added to its own. @param {URL} redirectUri @param {Record<string, string>} params */
function answerAt(redirectUri, params) {
  const to = new URL(redirectUri);
  for (const [name, value] of Object.entries(params)) if (value) to.searchParams.set(name, value);
  return to;
}

/** @param {GuestApi} api */
export function idpPage(api) {
  /**
   * The authorization request, checked: a client and redirect URI that fail are answered here (an error
   * page, never a redirect to a URI nobody registered); other faults go back to the client as `error`.
   * @param {URLSearchParams} params
   * @returns {{ page: string } | { error: string, to: URL } | { request: AuthorizeRequest }}
   */
  function check(params) {
    const clientId = params.get('client_id') ?? '';
    const deployment = api.deployments.list().find(d => d.deploymentId === clientId);
    if (!deployment) return { page: 'client_id names no client of this identity provider (a deployment id).' };
    let redirectUri;
    try {
      redirectUri = new URL(params.get('redirect_uri') ?? '');
    } catch {
      return { page: 'redirect_uri must be a URL.' };
    }
    if (!/^https?:$/.test(redirectUri.protocol) || redirectUri.hash || !originAllowed(deployment.allowedDomains, redirectUri.origin)) {
      return { page: 'redirect_uri is not registered for this client (its site must be one of the deployment\u2019s allowed domains).' };
    }
    const state = params.get('state') ?? '';
    const challenge = params.get('code_challenge') ?? '';
    const fail = (/** @type {string} */ description) => ({ error: description, to: answerAt(redirectUri, { error: 'invalid_request', error_description: description, state }) });
    if (params.get('response_type') !== 'code') return fail('response_type must be code');
    if (!CHALLENGE.test(challenge)) return fail('code_challenge is required (PKCE)');
    if (params.get('code_challenge_method') !== 'S256') return fail('code_challenge_method must be S256');
    return { request: { clientId, redirectUri, state, challenge } };
  }

  /** @param {Response} res @param {AuthorizeRequest} request */
  function signInPage(res, request) {
    const hidden = Object.entries({
      response_type: 'code', client_id: request.clientId, redirect_uri: request.redirectUri.href, state: request.state,
      code_challenge: request.challenge, code_challenge_method: 'S256',
    }).map(([name, value]) => `<input type="hidden" name="${name}" value="${escapeHtml(value)}">`).join('');
    sendPage(res, 200, 'Sign in', `<p>The simulator\u2019s identity provider: sign in as anyone, no password.</p>`
      + `<p>Returning to <strong>${escapeHtml(request.redirectUri.origin)}</strong>.</p>`
      + `<form method="post" action="${AUTHORIZE_PATH}">${hidden}`
      + `<label for="user">Your name</label><input id="user" name="user" value="Jane Doe" autocomplete="name" required maxlength="100">`
      + `<button type="submit">Sign in</button><button type="submit" name="cancel" value="1" formnovalidate>Cancel</button></form>`,
    `'self' ${request.redirectUri.origin}`);
  }

  /** @param {Response} res @param {URLSearchParams} params @param {boolean} submitted */
  function authorize(res, params, submitted) {
    const checked = check(params);
    if ('page' in checked) return sendPage(res, 400, 'This sign-in cannot be used', `<p>${escapeHtml(checked.page)}</p>`);
    if ('error' in checked) return redirect(res, checked.to);
    const { request } = checked;
    if (!submitted) return signInPage(res, request);
    if (params.get('cancel')) return redirect(res, answerAt(request.redirectUri, { error: 'access_denied', state: request.state }));
    const answer = api.auth.signIn({ user: params.get('user'), redirectUri: request.redirectUri.href, codeChallenge: request.challenge, codeChallengeMethod: 'S256' });
    const code = answer.status === 200 ? /** @type {{ code: string }} */ (answer.body).code : '';
    redirect(res, answerAt(request.redirectUri, code ? { code, state: request.state } : { error: 'server_error', state: request.state }));
  }

  return {
    /** @param {Request} req @param {Response} res @param {URL} url @returns {Promise<boolean>} */
    async handle(req, res, url) {
      if (url.pathname === CALLBACK_PATH && req.method === 'GET') {
        res.writeHead(200, { ...CORS, 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
        res.end(JSON.stringify(Object.fromEntries(url.searchParams)));
        return true;
      }
      if (url.pathname !== AUTHORIZE_PATH) return false;
      if (req.method === 'GET') authorize(res, url.searchParams, false);
      else if (req.method === 'POST') {
        const form = await readForm(req).catch(() => null);
        if (form) authorize(res, form, true);
        else sendPage(res, 413, 'This sign-in cannot be used', '<p>The form is too large.</p>');
      }
      else sendPage(res, 405, 'Method not allowed', `<p>${escapeHtml(String(req.method))} is not allowed here.</p>`);
      return true;
    },
  };
}
