// @ts-check
/**
 * The control API under `/sim/`: what tests and the agent console use to configure deployments,
 * read what guests sent, see conversations, and act as the agent. JSON in, JSON out.
 */
import { OptionError, isDisconnectMode } from './deployment-options.mjs';
import { Conflict, NotFound } from './errors.mjs';
import { MAX_RAW_BYTES } from './failures.mjs';
import { readFaults } from './frame-faults.mjs';
import { CORS_HEADERS, HttpError, readJson, requestOrigin, sendError, sendJson } from './http.mjs';
import { isObject } from './requests.mjs';
import { linkExpired } from './download-urls.mjs';
import { SAMPLE_FILES } from './sample-files.mjs';
import { SAMPLE_KINDS, isSampleKind, sampleMessage } from './samples.mjs';

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

/** More than any real message carries; the cap only stops accidents. */
const MAX_CONTENT_ITEMS = 50;

/**
 * Rich content is passed through as given, so tests can send any swagger `MessageContent`; only
 * the shape every entry shares is checked.
 * @param {unknown} value @returns {Record<string, unknown>[] | undefined}
 */
function readContent(value) {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || value.length > MAX_CONTENT_ITEMS
    || !value.every(entry => isObject(entry) && typeof entry['contentType'] === 'string' && entry['contentType'] !== '')) {
    throw new HttpError(400, `content must be an array of up to ${MAX_CONTENT_ITEMS} objects, each with a string contentType`);
  }
  return value;
}

/** @param {Record<string, unknown>} body @returns {import('./agent.mjs').AgentMessage} */
function readAgentMessage(body) {
  const text = body['text'];
  const content = readContent(body['content']);
  const originatingEntity = body['originatingEntity'] ?? 'Human';
  if (text !== undefined && typeof text !== 'string') throw new HttpError(400, 'text must be a string');
  if (originatingEntity !== 'Human' && originatingEntity !== 'Bot') throw new HttpError(400, "originatingEntity must be 'Human' or 'Bot'");
  if (!(typeof text === 'string' && text.trim()) && !content?.length) throw new HttpError(400, 'text must be a non-empty string, or content a non-empty array');
  const from = readSender(body['from']);
  return {
    ...(text !== undefined ? { text } : {}),
    ...(content?.length ? { content } : {}),
    ...(from ? { from } : {}),
    originatingEntity,
  };
}

/** @param {unknown} value @param {string} name @returns {number | undefined} */
function optionalInteger(value, name) {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value)) throw new HttpError(400, `${name} must be an integer`);
  return value;
}

/** @param {unknown} value @param {string} name @returns {string | undefined} */
function optionalString(value, name) {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw new HttpError(400, `${name} must be a string`);
  return value;
}

/** @param {Request} req @param {Response} res @param {string} name */
function sendSampleFile(req, res, name) {
  const file = SAMPLE_FILES.get(name);
  if (!file) throw new NotFound(`no sample file ${name} (there are ${[...SAMPLE_FILES.keys()].join(', ')})`);
  // As an expired presigned URL: refused, and the client asks for a fresh link (getAttachment).
  if (linkExpired(new URL(req.url ?? '/', 'http://simulator').searchParams)) {
    res.writeHead(403, { 'access-control-allow-origin': '*', 'content-type': 'application/xml' });
    res.end('<?xml version="1.0" encoding="UTF-8"?><Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>');
    return;
  }
  res.writeHead(200, {
    'access-control-allow-origin': '*',
    'content-type': file.mime,
    'content-length': file.bytes.length,
    'content-disposition': `inline; filename="${name}"`,
    'cache-control': 'public, max-age=3600',
    'x-content-type-options': 'nosniff',
  });
  res.end(file.bytes);
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
 * @param {() => string} origin the simulator's own origin, for requests without a usable Host header
 * @returns {{ handle(req: Request, res: Response, path: string): Promise<boolean>, close(): void }}
 */
export function controlApi(api, origin) {
  const events = new EventStream(api);

  /** @type {[string, RegExp, Handler][]} */
  const routes = [
    ['GET', /^\/sim\/deployments$/, (_req, res) => sendJson(res, 200, api.deployments.list())],
    ['POST', /^\/sim\/deployments$/, async (req, res) => sendJson(res, 201, api.deployments.create(objectBody(await readJson(req))))],
    ['GET', /^\/sim\/deployments\/([^/]+)$/, (_req, res, [id]) => sendJson(res, 200, api.deployments.get(String(id)))],
    ['PATCH', /^\/sim\/deployments\/([^/]+)$/, async (req, res, [id]) =>
      sendJson(res, 200, api.deployments.update(String(id), objectBody(await readJson(req))))],
    ['POST', /^\/sim\/deployments\/([^/]+)\/release$/, (_req, res, [id]) =>
      sendJson(res, 200, { released: api.clears.release(String(id)) })],
    ['GET', /^\/sim\/deployments\/([^/]+)\/frames$/, (_req, res, [id]) => sendJson(res, 200, api.deployments.frames(String(id)))],
    ['GET', /^\/sim\/state$/, (_req, res) => sendJson(res, 200, api.state())],
    ['GET', /^\/sim\/events$/, (req, res) => events.open(req, res)],
    ['GET', /^\/sim\/conversations\/([^/]+)$/, (_req, res, [id]) => sendJson(res, 200, api.conversation(String(id)))],
    ['POST', /^\/sim\/conversations\/([^/]+)\/messages$/, async (req, res, [id]) => {
      sendJson(res, 201, api.agent.send(String(id), readAgentMessage(objectBody(await readJson(req)))));
    }],
    ['POST', /^\/sim\/conversations\/([^/]+)\/samples\/([^/]+)$/, async (req, res, [id, kind]) => {
      const body = objectBody(await readJson(req));
      if (!isSampleKind(kind)) throw new HttpError(400, `kind must be one of ${SAMPLE_KINDS.join(', ')}`);
      const from = readSender(body['from']);
      const sample = sampleMessage(kind, requestOrigin(req, origin()));
      sendJson(res, 201, api.agent.send(String(id), { ...sample, ...(from ? { from } : {}) }));
    }],
    ['POST', /^\/sim\/conversations\/([^/]+)\/history$/, async (req, res, [id]) => {
      const body = objectBody(await readJson(req));
      const count = optionalInteger(body['count'], 'count');
      if (count === undefined) throw new HttpError(400, 'count must be an integer');
      sendJson(res, 201, api.history.seed(String(id), count, optionalString(body['text'], 'text')));
    }],
    ['POST', /^\/sim\/conversations\/([^/]+)\/typing$/, async (req, res, [id]) => {
      const body = objectBody(await readJson(req));
      if (typeof body['on'] !== 'boolean') throw new HttpError(400, 'on must be a boolean');
      sendJson(res, 200, api.agent.setTyping(String(id), body['on']));
    }],
    ['POST', /^\/sim\/conversations\/([^/]+)\/disconnect$/, async (req, res, [id]) => {
      const body = objectBody(await readJson(req));
      const mode = body['mode'];
      if (mode !== undefined && !isDisconnectMode(mode)) throw new HttpError(400, "mode must be 'Send' or 'ReadOnly'");
      sendJson(res, 200, api.agent.disconnect(String(id), readSender(body['from']), mode));
    }],
    ['POST', /^\/sim\/sessions\/([^/]+)\/drop$/, async (req, res, [token]) => {
      const body = objectBody(await readJson(req));
      const code = body['code'] ?? 1006;
      if (typeof code !== 'number') throw new HttpError(400, 'code must be a number');
      sendJson(res, 200, { dropped: api.connectionFaults.dropSession(String(token), code) });
    }],
    ['POST', /^\/sim\/sessions\/([^/]+)\/fail-next$/, async (req, res, [token]) => {
      const body = objectBody(await readJson(req));
      const code = optionalInteger(body['code'], 'code');
      if (code === undefined) throw new HttpError(400, 'code must be an integer');
      const text = optionalString(body['body'], 'body');
      const retryAfter = optionalInteger(body['retryAfter'], 'retryAfter');
      const times = optionalInteger(body['times'], 'times');
      sendJson(res, 200, api.failures.failNext(String(token), {
        code,
        ...(text !== undefined ? { body: text } : {}),
        ...(retryAfter !== undefined ? { retryAfter } : {}),
        ...(times !== undefined ? { times } : {}),
      }));
    }],
    ['POST', /^\/sim\/sessions\/([^/]+)\/error$/, async (req, res, [token]) => {
      const body = objectBody(await readJson(req));
      const code = optionalInteger(body['code'], 'code');
      if (code === undefined) throw new HttpError(400, 'code must be an integer');
      sendJson(res, 200, api.failures.pushError(String(token), code, optionalString(body['body'], 'body')));
    }],
    ['POST', /^\/sim\/sessions\/([^/]+)\/expire$/, (_req, res, [token]) => sendJson(res, 200, { expired: api.expiry.expire(String(token)) })],
    ['POST', /^\/sim\/sessions\/([^/]+)\/connection-closed$/, async (req, res, [token]) => {
      const reason = optionalString(objectBody(await readJson(req))['reason'], 'reason');
      sendJson(res, 200, api.connectionFaults.connectionClosed(String(token), reason));
    }],
    ['POST', /^\/sim\/sessions\/([^/]+)\/faults$/, async (req, res, [token]) => {
      sendJson(res, 200, api.frameFaults.set(String(token), readFaults(objectBody(await readJson(req)))));
    }],
    ['DELETE', /^\/sim\/sessions\/([^/]+)\/faults$/, (_req, res, [token]) => sendJson(res, 200, api.frameFaults.clear(String(token)))],
    ['POST', /^\/sim\/sessions\/([^/]+)\/release-frames$/, (_req, res, [token]) => sendJson(res, 200, api.frameFaults.release(String(token)))],
    ['POST', /^\/sim\/sessions\/([^/]+)\/raw$/, async (req, res, [token]) => {
      // JSON escapes can make a string six times its size; the data itself is checked after.
      const body = objectBody(await readJson(req, 6 * MAX_RAW_BYTES + 64 * 1024));
      const data = optionalString(body['data'], 'data');
      const oversize = optionalInteger(body['oversizeBytes'], 'oversizeBytes');
      if ((data === undefined) === (oversize === undefined)) throw new HttpError(400, 'give either data (a string) or oversizeBytes (an integer)');
      sendJson(res, 200, data !== undefined ? api.failures.sendRaw(String(token), data) : api.failures.sendOversize(String(token), /** @type {number} */ (oversize)));
    }],
    ['POST', /^\/sim\/deployments\/([^/]+)\/refuse-connections$/, async (req, res, [id]) => {
      const body = objectBody(await readJson(req));
      const forMs = optionalInteger(body['forMs'], 'forMs');
      const count = optionalInteger(body['count'], 'count');
      sendJson(res, 200, api.connectionFaults.refuseConnections(String(id), {
        ...(forMs !== undefined ? { forMs } : {}),
        ...(count !== undefined ? { count } : {}),
      }));
    }],
    ['DELETE', /^\/sim\/deployments\/([^/]+)\/refuse-connections$/, (_req, res, [id]) => sendJson(res, 200, api.connectionFaults.stopRefusingConnections(String(id)))],
    // The stand-in identity provider: a sign-in gives a code (PKCE S256) or, with a nonce, an id_token.
    ['POST', /^\/sim\/idp\/sign-in$/, async (req, res) => {
      const answer = api.auth.signIn(objectBody(await readJson(req)));
      sendJson(res, answer.status, answer.body);
    }],
    // A test control: the same login's JWT, already expired.
    ['POST', /^\/sim\/auth\/expired-jwt$/, async (req, res) => {
      const jwt = api.auth.expired(String(objectBody(await readJson(req))['jwt'] ?? ''));
      if (!jwt) throw new HttpError(400, 'jwt is not one this simulator issued');
      sendJson(res, 200, { jwt });
    }],
    // A test control: the deployment's JWTs expire now (their refresh tokens still stand).
    ['POST', /^\/sim\/deployments\/([^/]+)\/expire-jwts$/, (_req, res, [id]) => sendJson(res, 200, { logins: api.auth.expireJwts(String(id)) })],
    ['GET', /^\/sim\/files\/([^/]+)$/, (req, res, [name]) => sendSampleFile(req, res, String(name))],
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
