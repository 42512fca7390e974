// @ts-check
/**
 * The public REST endpoints a guest widget calls besides the WebSocket (reference §1.3): the
 * deployment's `config.json` and the message history. Genesys serves them from `api-cdn.` and
 * `api.` hosts; the simulator serves both from its own origin.
 */
import { NotFound } from './errors.mjs';
import { HttpError, readJson, requestOrigin, sendJson } from './http.mjs';

/**
 * @typedef {import('./guest-api.mjs').GuestApi} GuestApi
 * @typedef {import('node:http').IncomingMessage} Request
 * @typedef {import('node:http').ServerResponse} Response
 */

const CONFIG_PATH = /^\/webdeployments\/v1\/deployments\/([^/]+)\/config\.json$/;
const HISTORY_PATH = '/api/v2/webmessaging/messages';

/** What a page on any site may call: these methods, with these headers. @param {string} methods @param {string} headers */
const cors = (methods, headers) => ({
  'access-control-allow-origin': '*',
  'access-control-allow-methods': `${methods}, OPTIONS`,
  'access-control-allow-headers': headers,
});

/** config.json is public and fetched without credentials from any page. */
const CONFIG_CORS = cors('GET', 'Content-Type');

/** The history carries a bearer token, so browsers preflight it and must be told Authorization is fine. */
const HISTORY_CORS = cors('GET', 'Authorization, Content-Type');

/** Genesys's token endpoints for signed-in visitors (reference §10.2–§10.4), called from the page. */
const TOKEN_PATHS = {
  '/api/v2/webdeployments/token/oauthcodegrantjwtexchange': 'POST',
  '/api/v2/webdeployments/token/refresh': 'POST',
  '/api/v2/webdeployments/token/revoke': 'DELETE',
};
const TOKEN_CORS = cors('POST, DELETE', 'Authorization, Content-Type');

const DEFAULT_PAGE_SIZE = 25;
const MAX_PAGE_SIZE = 100;

/**
 * A positive integer query parameter, its default when absent, or null when malformed.
 * @param {URLSearchParams} query @param {string} name @param {number} fallback
 */
function positiveInteger(query, name, fallback) {
  const raw = query.get(name);
  if (raw === null || raw === '') return fallback;
  if (!/^\d{1,9}$/.test(raw)) return null;
  const value = Number(raw);
  return value >= 1 ? value : null;
}

/** A path segment as text; a broken escape is kept as it is (and then names no deployment). @param {string} segment */
function safeDecode(segment) {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** @param {Response} res @param {Record<string, string>} cors */
function preflight(res, cors) {
  res.writeHead(204, { ...cors, 'access-control-max-age': '600' });
  res.end();
}

/**
 * @param {GuestApi} api
 * @param {() => string} origin the simulator's own origin, for requests without a usable Host header
 * @returns {{ handle(req: Request, res: Response, url: URL): boolean }}
 */
export function restApi(api, origin) {
  /** @param {Request} req @param {Response} res @param {string} deploymentId */
  function config(req, res, deploymentId) {
    const apiOrigin = requestOrigin(req, origin());
    try {
      const { status, body } = api.deployments.config(deploymentId, { apiOrigin, messagingOrigin: apiOrigin.replace(/^http/, 'ws') });
      sendJson(res, status, body, CONFIG_CORS);
    } catch (error) {
      if (!(error instanceof NotFound)) throw error;
      sendJson(res, 404, { error: `no deployment ${deploymentId}` }, CONFIG_CORS);
    }
  }

  /** @param {Request} req @param {Response} res @param {URLSearchParams} query */
  function history(req, res, query) {
    const match = /^bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
    const pageNumber = positiveInteger(query, 'pageNumber', 1);
    const pageSize = positiveInteger(query, 'pageSize', DEFAULT_PAGE_SIZE);
    const page = match ? api.history.page(String(match[1]), pageNumber ?? 1, Math.min(pageSize ?? DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE)) : null;
    // Authentication is checked before the query, as an API gateway would.
    if (!page) return sendJson(res, 401, { status: 401, code: 'bad.credentials', message: 'Invalid login credentials.' }, HISTORY_CORS);
    if (pageNumber === null || pageSize === null) {
      return sendJson(res, 400, { status: 400, code: 'bad.request', message: 'pageNumber and pageSize must be positive integers' }, HISTORY_CORS);
    }
    sendJson(res, 200, page, HISTORY_CORS);
  }

  /** @param {Request} req @param {Response} res @param {string} path */
  async function token(req, res, path) {
    try {
      const answer = path.endsWith('/revoke')
        ? api.auth.revoke(req.headers.authorization)
        : path.endsWith('/refresh') ? api.auth.refresh(await readJson(req)) : api.auth.exchange(await readJson(req));
      if (answer.status === 204) {
        res.writeHead(204, TOKEN_CORS);
        res.end();
      } else sendJson(res, answer.status, answer.body, TOKEN_CORS);
    } catch (error) {
      sendJson(res, error instanceof HttpError ? error.status : 500, { status: 400, code: 'bad.request', message: error instanceof Error ? error.message : 'bad request' }, TOKEN_CORS);
    }
  }

  return {
    handle(req, res, url) {
      const configMatch = CONFIG_PATH.exec(url.pathname);
      if (configMatch) {
        if (req.method === 'OPTIONS') preflight(res, CONFIG_CORS);
        else if (req.method === 'GET' || req.method === 'HEAD') config(req, res, safeDecode(String(configMatch[1])));
        else sendJson(res, 405, { error: `${req.method} is not allowed here` }, CONFIG_CORS);
        return true;
      }
      const tokenMethod = TOKEN_PATHS[/** @type {keyof typeof TOKEN_PATHS} */ (url.pathname)];
      if (tokenMethod) {
        if (req.method === 'OPTIONS') preflight(res, TOKEN_CORS);
        else if (req.method !== tokenMethod) sendJson(res, 405, { error: `${req.method} is not allowed here` }, TOKEN_CORS);
        else void token(req, res, url.pathname);
        return true;
      }
      if (url.pathname === HISTORY_PATH) {
        if (req.method === 'OPTIONS') preflight(res, HISTORY_CORS);
        else if (req.method === 'GET') history(req, res, url.searchParams);
        else sendJson(res, 405, { error: `${req.method} is not allowed here` }, HISTORY_CORS);
        return true;
      }
      return false;
    },
  };
}
