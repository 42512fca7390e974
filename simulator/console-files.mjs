// @ts-check
/** Serves the agent console (`simulator/console/`): three static files, no build. */
import { readFile } from 'node:fs/promises';

const FILES = new Map([
  ['/console', ['index.html', 'text/html; charset=utf-8']],
  ['/console/', ['index.html', 'text/html; charset=utf-8']],
  ['/console/console.js', ['console.js', 'text/javascript; charset=utf-8']],
  ['/console/console.css', ['console.css', 'text/css; charset=utf-8']],
]);

/** The console renders only with DOM APIs; the policy makes injected markup inert if that ever slips. */
const CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'";

/**
 * @param {import('node:http').IncomingMessage} req @param {import('node:http').ServerResponse} res @param {string} path
 * @returns {Promise<boolean>} whether the request was a console file
 */
export async function serveConsole(req, res, path) {
  if (path === '/') {
    res.writeHead(302, { location: '/console' });
    res.end();
    return true;
  }
  if (path === '/favicon.ico') {
    res.writeHead(204);
    res.end();
    return true;
  }
  const file = FILES.get(path);
  if (!file || (req.method !== 'GET' && req.method !== 'HEAD')) return false;
  const [name, type] = file;
  const body = await readFile(new URL(`./console/${name}`, import.meta.url));
  res.writeHead(200, {
    'content-type': String(type),
    'content-length': body.length,
    'cache-control': 'no-cache',
    'content-security-policy': CSP,
    'x-content-type-options': 'nosniff',
    // Lets tests on the runner's origin fetch the console files to check them.
    'access-control-allow-origin': '*',
  });
  res.end(req.method === 'HEAD' ? undefined : body);
  return true;
}
