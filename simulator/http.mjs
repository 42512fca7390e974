// @ts-check
/** Small HTTP helpers shared by the control API and the console. */

/** The test pages are served from another origin (the test runner), so the control API is open CORS. */
export const CORS_HEADERS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, POST, PATCH, DELETE, OPTIONS',
  'access-control-allow-headers': 'content-type',
  'access-control-max-age': '600',
};

export class HttpError extends Error {
  /** @param {number} status @param {string} message */
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

const MAX_BODY_BYTES = 256 * 1024;

/**
 * The JSON body of a request; an empty body reads as `{}` so `POST …/disconnect` needs none.
 * @param {import('node:http').IncomingMessage} req
 * @param {number} [maxBytes] the largest body taken (413 beyond)
 * @returns {Promise<unknown>}
 */
export async function readJson(req, maxBytes = MAX_BODY_BYTES) {
  /** @type {Buffer[]} */
  const chunks = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size > maxBytes) throw new HttpError(413, 'request body too large');
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8').trim();
  if (!text) return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new HttpError(400, 'request body is not JSON');
  }
}

/**
 * @param {import('node:http').ServerResponse} res @param {number} status @param {unknown} value
 * @param {Record<string, string>} [cors] the CORS headers; the control API's by default
 */
export function sendJson(res, status, value, cors = CORS_HEADERS) {
  const body = JSON.stringify(value);
  res.writeHead(status, { ...cors, 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(body);
}

const HOST = /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/;

/**
 * The simulator's origin as this request reached it (its Host header), so URLs the simulator hands
 * out (config.json's endpoints, attachment links) work from wherever the caller is; `fallback` when
 * the header is missing or odd.
 * @param {import('node:http').IncomingMessage} req @param {string} fallback
 */
export function requestOrigin(req, fallback) {
  const host = req.headers.host;
  return host && HOST.test(host) ? `http://${host}` : fallback;
}

/** @param {import('node:http').ServerResponse} res @param {number} status @param {string} message */
export const sendError = (res, status, message) => sendJson(res, status, { error: message });
