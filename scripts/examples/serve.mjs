// Serving a built example: its static files over HTTP, or its own server (the server-rendered one),
// on a free port of 127.0.0.1 (a simulator deployment accepts pages from there by default).
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { createInterface } from 'node:readline';

const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript', '.css': 'text/css', '.json': 'application/json', '.svg': 'image/svg+xml' };

/** Serves `root` (a build's output); `/` is its index.html. */
export async function serveStatic(root) {
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    const file = normalize(join(root, path.endsWith('/') ? `${path}index.html` : path));
    const body = file.startsWith(root) ? await readFile(file).catch(() => null) : null;
    res.writeHead(body ? 200 : 404, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
    res.end(body ?? 'not found');
  });
  await new Promise(resolve => server.listen(0, '127.0.0.1', resolve));
  return { origin: `http://127.0.0.1:${server.address().port}`, close: () => new Promise(resolve => server.close(resolve)) };
}

/** Starts `node <script>` in `cwd` on a free port (PORT=0) and resolves once it prints "listening on <origin>". */
export async function serveWith(cwd, script) {
  const child = spawn(process.execPath, [script], { cwd, env: { ...process.env, PORT: '0' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', chunk => (stderr += chunk));
  const stop = () => {
    if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
    return new Promise(resolve => { child.once('exit', resolve); child.kill('SIGTERM'); });
  };
  try {
    const origin = await new Promise((resolve, reject) => {
      createInterface({ input: child.stdout }).on('line', line => {
        const match = /listening on (http:\/\/\S+)/.exec(line);
        if (match) resolve(match[1]);
      });
      child.once('exit', code => reject(new Error(`${script} exited (${code}) before it listened: ${stderr.trim()}`)));
    });
    return { origin, close: stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
