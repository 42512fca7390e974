// A page rendered on the server, no framework: Lit SSR draws <genesys-chat> with its launcher into the
// HTML (a declarative shadow root), so the launcher shows before any script runs; src/client.js then
// hydrates it. Importing the element in Node works because it touches no `window` when imported.
import { render } from '@lit-labs/ssr';
import { collectResult } from '@lit-labs/ssr/lib/render-result.js';
import { html } from 'lit';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join, normalize } from 'node:path';
import 'genesys-chat/genesys-chat.js';

const DEMO_DEPLOYMENT_ID = '5c0a3f8e-9d2b-4f7e-8a61-3b2d9e4c7f10';
const assets = join(import.meta.dirname, 'dist');
const TYPES = { '.js': 'text/javascript', '.css': 'text/css' };

/** The page for one request: what the server knows (here the query) goes into the tag's attributes. */
async function page(query) {
  const deploymentId = query.get('deploymentId') ?? DEMO_DEPLOYMENT_ID;
  const endpoint = query.get('endpoint') ?? 'ws://127.0.0.1:9001/v1';
  // Lit escapes the attribute values.
  const chat = await collectResult(render(html`<genesys-chat deployment-id=${deploymentId} endpoint=${endpoint}></genesys-chat>`));
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>genesys-chat rendered on the server</title>
    <script type="module" src="/client.js"></script>
  </head>
  <body>
    <h1>genesys-chat rendered on the server</h1>
    <p id="status" role="status">Chat not ended</p>
    ${chat}
  </body>
</html>`;
}

const server = createServer(async (req, res) => {
  const url = new URL(req.url, 'http://localhost');
  if (url.pathname === '/') {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    return res.end(await page(url.searchParams));
  }
  const file = normalize(join(assets, url.pathname));
  const body = file.startsWith(assets) ? await readFile(file).catch(() => null) : null;
  res.writeHead(body ? 200 : 404, { 'content-type': TYPES[extname(file)] ?? 'text/plain' });
  res.end(body ?? 'not found');
});

server.listen(Number(process.env.PORT ?? 3000), '127.0.0.1', () => {
  console.log(`listening on http://127.0.0.1:${server.address().port}`);
});
