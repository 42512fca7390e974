// @ts-check
/**
 * The upload endpoint a guest's presigned URL points to (reference §2.7): `PUT /sim/uploads/:id`
 * with the file's bytes, and `GET /sim/uploads/:id` to read them back (the download URL). Genesys
 * uses S3 presigned URLs; the simulator serves both from its own origin. The checks and the
 * UploadSuccessEvent/UploadFailureEvent frames are in `attachments.mjs`.
 */
import { UPLOAD_PATH } from './attachments.mjs';
import { sendJson } from './http.mjs';

/**
 * @typedef {import('./guest-api.mjs').GuestApi} GuestApi
 * @typedef {import('node:http').IncomingMessage} Request
 * @typedef {import('node:http').ServerResponse} Response
 */

/** Pages on any origin upload here, with the headers the PresignedUrlResponse gave them. */
const UPLOAD_CORS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, PUT, OPTIONS',
  'access-control-allow-headers': 'content-type, x-amz-tagging',
};

const UPLOAD_ROUTE = new RegExp(`^${UPLOAD_PATH}([^/]+)$`);

/**
 * The request body, or null when it is longer than `maxBytes`: past that nothing more is kept, but
 * the rest is still read (and dropped), so the client gets to read the answer.
 * @param {Request} req @param {number} maxBytes @returns {Promise<Buffer | null>}
 */
function readBody(req, maxBytes) {
  return new Promise((resolve, reject) => {
    /** @type {Buffer[]} */
    let chunks = [];
    let size = 0;
    req.on('data', (/** @type {Buffer} */ chunk) => {
      size += chunk.length;
      if (size > maxBytes) chunks = [];
      else chunks.push(chunk);
    });
    req.once('end', () => resolve(size > maxBytes ? null : Buffer.concat(chunks)));
    req.once('error', reject);
  });
}

/** @param {string | string[] | undefined} value */
const single = value => (Array.isArray(value) ? value.join(', ') : value);

/** A name safe inside `filename="…"`. @param {string} name */
const quotedName = name => name.replace(/[^\x20-\x7e]|["\\]/g, '_');

/**
 * @param {GuestApi} api
 * @returns {{ handle(req: Request, res: Response, path: string): Promise<boolean> }}
 */
export function uploadsApi(api) {
  /** @param {Request} req @param {Response} res @param {string} id */
  async function put(req, res, id) {
    const limit = api.attachments.uploadLimit(id);
    if (!limit) {
      req.resume();
      return sendJson(res, 404, { error: `no upload ${id}` }, UPLOAD_CORS);
    }
    const { status, message } = api.attachments.receiveUpload(id, {
      tagging: single(req.headers['x-amz-tagging']),
      contentType: single(req.headers['content-type']),
      bytes: await readBody(req, limit.maxBytes),
    });
    sendJson(res, status, status === 200 ? { attachmentId: id } : { error: message }, UPLOAD_CORS);
  }

  /** @param {Request} req @param {Response} res @param {string} id */
  function get(req, res, id) {
    const file = api.attachments.download(id);
    if (!file) return sendJson(res, 404, { error: `no uploaded file ${id}` }, UPLOAD_CORS);
    res.writeHead(200, {
      ...UPLOAD_CORS,
      'content-type': file.fileType,
      'content-length': file.bytes.length,
      'content-disposition': `inline; filename="${quotedName(file.fileName)}"`,
      'cache-control': 'no-store',
      // Only the allowed types (pictures, PDF) get here; never let a browser guess another.
      'x-content-type-options': 'nosniff',
    });
    res.end(req.method === 'HEAD' ? undefined : file.bytes);
  }

  return {
    async handle(req, res, path) {
      const match = UPLOAD_ROUTE.exec(path);
      if (!match) return false;
      const id = String(match[1]);
      if (req.method === 'OPTIONS') {
        // Exposed so a page can read what its preflight was told (the test does).
        res.writeHead(204, {
          ...UPLOAD_CORS,
          'access-control-max-age': '600',
          'access-control-expose-headers': 'access-control-allow-origin, access-control-allow-methods, access-control-allow-headers',
        });
        res.end();
      } else if (req.method === 'PUT') {
        await put(req, res, id);
      } else if (req.method === 'GET' || req.method === 'HEAD') {
        get(req, res, id);
      } else {
        sendJson(res, 405, { error: `${req.method} is not allowed here` }, UPLOAD_CORS);
      }
      return true;
    },
  };
}
