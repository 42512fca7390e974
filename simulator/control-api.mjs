// @ts-check
/**
 * The control API under `/sim/`: what tests and the agent console use to configure deployments,
 * read what guests sent, see conversations, and act as the agent. JSON in, JSON out.
 */
import { OptionError, isDisconnectMode } from './deployments.mjs';
import { Conflict, NotFound } from './guest-api.mjs';
import { CORS_HEADERS, HttpError, readJson, sendError, sendJson } from './http.mjs';
import { isObject } from './requests.mjs';

/**
 * @typedef {import('./guest-api.mjs').GuestApi} GuestApi
 * @typedef {import('node:http').IncomingMessage} Request
 * @typedef {import('node:http').ServerResponse} Response
 * @typedef {(req: Request, res: Response, params: string[]) => Promise<unknown> | unknown} Handler
 */

const SENDER_KEYS = ['nickname', 'firstName', 'lastName', 'image'];

/** @param {unknown} value @returns {import('./frames.mjs').Sender | undefined} */
function readSender(value) {
  if (value === undefined || value === null) return undefined;
  if (!isObject(value) || !Object.entries(value).every(([k, v]) => SENDER_KEYS.includes(k) && typeof v === 'string')) {
    throw new HttpError(400, `from must be an object of strings: ${SENDER_KEYS.join(', ')}`);
  }
  return value;
}

/** @param {unknown} body @returns {Record<string, unknown>} */
function objectBody(body) {
  if (!isObject(body)) throw new HttpError(400, 'body must be a JSON object');
  return body;
}

/**
 * Server-Sent Events: the whole state on every change. The console is a handful of conversations,
 * so resending everything is simpler than diffs and never gets out of step.
 */
class EventStream {
  /** @type {Set<Response>} */
  #clients = new Set();

  /** @param {GuestApi} api */
  constructor(api) {
    this.api = api;
    api.onChange(() => this.#broadcast());
  }

  /** @param {Request} req @param {Response} res */
  open(req, res) {
    res.writeHead(200, {
      ...CORS_HEADERS,
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    res.write(`retry: 1000\ndata: ${JSON.stringify(this.api.state())}\n\n`);
    this.#clients.add(res);
    req.on('close', () => this.#clients.delete(res));
  }

  #broadcast() {
    if (this.#clients.size === 0) return;
    const message = `data: ${JSON.stringify(this.api.state())}\n\n`;
    for (const res of this.#clients) res.write(message);
  }

  closeAll() {
    for (const res of this.#clients) res.end();
    this.#clients.clear();
  }
}

/**
 * @param {GuestApi} api
 * @returns {{ handle(req: Request, res: Response, path: string): Promise<boolean>, close(): void }}
 */
export function controlApi(api) {
  const events = new EventStream(api);

  /** @type {[string, RegExp, Handler][]} */
  const routes = [
    ['POST', /^\/sim\/deployments$/, async (req, res) => sendJson(res, 201, api.createDeployment(objectBody(await readJson(req))))],
    ['GET', /^\/sim\/deployments\/([^/]+)$/, (_req, res, [id]) => sendJson(res, 200, api.deployment(String(id)))],
    ['PATCH', /^\/sim\/deployments\/([^/]+)$/, async (req, res, [id]) =>
      sendJson(res, 200, api.updateDeployment(String(id), objectBody(await readJson(req))))],
    ['POST', /^\/sim\/deployments\/([^/]+)\/release$/, (_req, res, [id]) =>
      sendJson(res, 200, { released: api.release(String(id)) })],
    ['GET', /^\/sim\/deployments\/([^/]+)\/frames$/, (_req, res, [id]) => sendJson(res, 200, api.frames(String(id)))],
    ['GET', /^\/sim\/state$/, (_req, res) => sendJson(res, 200, api.state())],
    ['GET', /^\/sim\/events$/, (req, res) => events.open(req, res)],
    ['GET', /^\/sim\/conversations\/([^/]+)$/, (_req, res, [id]) => sendJson(res, 200, api.conversation(String(id)))],
    ['POST', /^\/sim\/conversations\/([^/]+)\/messages$/, async (req, res, [id]) => {
      const body = objectBody(await readJson(req));
      if (typeof body['text'] !== 'string' || !body['text'].trim()) throw new HttpError(400, 'text must be a non-empty string');
      sendJson(res, 201, api.agentSay(String(id), body['text'], readSender(body['from'])));
    }],
    ['POST', /^\/sim\/conversations\/([^/]+)\/typing$/, async (req, res, [id]) => {
      const body = objectBody(await readJson(req));
      if (typeof body['on'] !== 'boolean') throw new HttpError(400, 'on must be a boolean');
      sendJson(res, 200, api.agentTyping(String(id), body['on']));
    }],
    ['POST', /^\/sim\/conversations\/([^/]+)\/disconnect$/, async (req, res, [id]) => {
      const body = objectBody(await readJson(req));
      const mode = body['mode'];
      if (mode !== undefined && !isDisconnectMode(mode)) throw new HttpError(400, "mode must be 'Send' or 'ReadOnly'");
      sendJson(res, 200, api.agentDisconnect(String(id), readSender(body['from']), mode));
    }],
    ['POST', /^\/sim\/sessions\/([^/]+)\/drop$/, async (req, res, [token]) => {
      const body = objectBody(await readJson(req));
      const code = body['code'] ?? 1006;
      if (typeof code !== 'number') throw new HttpError(400, 'code must be a number');
      sendJson(res, 200, { dropped: api.dropSession(String(token), code) });
    }],
  ];

  return {
    async handle(req, res, path) {
      if (!path.startsWith('/sim/')) return false;
      if (req.method === 'OPTIONS') {
        res.writeHead(204, CORS_HEADERS);
        res.end();
        return true;
      }
      const matching = routes.filter(([, pattern]) => pattern.test(path));
      const route = matching.find(([method]) => method === req.method);
      if (!route) {
        sendError(res, matching.length ? 405 : 404, `${req.method} ${path} is not part of the control API`);
        return true;
      }
      try {
        const params = (route[1].exec(path) ?? []).slice(1).map(p => decodeURIComponent(p));
        await route[2](req, res, params);
      } catch (error) {
        if (res.headersSent) return true;
        if (error instanceof HttpError) sendError(res, error.status, error.message);
        else if (error instanceof OptionError || error instanceof RangeError || error instanceof URIError) sendError(res, 400, error.message);
        else if (error instanceof NotFound) sendError(res, 404, error.message);
        else if (error instanceof Conflict) sendError(res, 409, error.message);
        else {
          console.error('[simulator] control API failed', error);
          sendError(res, 500, 'internal error');
        }
      }
      return true;
    },
    close: () => events.closeAll(),
  };
}
