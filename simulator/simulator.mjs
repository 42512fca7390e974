// @ts-check
/**
 * The local Guest API simulator: a fake Genesys Web Messaging server for the demo and the
 * end-to-end tests. One HTTP server carries the guest WebSocket (`/v1?deploymentId=…`), the
 * guest REST endpoints (`config.json`, message history), the guests' upload URLs
 * (`/sim/uploads/…`), the stand-in identity provider's sign-in page (`/sim/idp/authorize`), the control
 * API (`/sim/…`) and the agent console (`/console`).
 */
import http from 'node:http';
import { WebSocket, WebSocketServer } from 'ws';
import { serveConsole } from './console-files.mjs';
import { controlApi } from './control-api.mjs';
import { DEMO_DEPLOYMENT_ID } from './demo-deployment.mjs';
import { GuestApi } from './guest-api.mjs';
import { requestOrigin, sendError } from './http.mjs';
import { idpPage } from './idp-page.mjs';
import { restApi } from './rest-api.mjs';
import { uploadsApi } from './uploads.mjs';

export { DEMO_DEPLOYMENT_ID };

/** Guest frames are small JSON; anything near this is abuse, not chat. */
const MAX_FRAME_BYTES = 1024 * 1024;

/**
 * @typedef {{ origin: string, wsUrl: string, port: number, close(): Promise<void> }} RunningSimulator
 * @typedef {{ host?: string, port?: number, quiet?: boolean, deployments?: Record<string, unknown>[] }} SimulatorOptions
 */

/**
 * A handshake refused the way Genesys refuses one (reference §1.1): HTTP 403, no upgrade (or 503,
 * when the control API makes the deployment refuse connections).
 * @param {import('node:stream').Duplex} socket @param {number} status @param {string} reason
 */
function refuseUpgrade(socket, status, reason) {
  if (socket.writable) {
    socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${reason.length}\r\n\r\n${reason}`);
  }
  socket.destroy();
}

/** @param {SimulatorOptions} [options] @returns {Promise<RunningSimulator>} */
export async function startSimulator({ host = '127.0.0.1', port = 0, quiet = false, deployments = [] } = {}) {
  const log = quiet ? () => {} : (/** @type {string} */ line) => console.log(`[simulator] ${line}`);
  const api = new GuestApi();
  api.deployments.create({ deploymentId: DEMO_DEPLOYMENT_ID, authEnabled: true, allowSessionUpgrade: true });
  for (const options of deployments) {
    if (options['deploymentId'] === DEMO_DEPLOYMENT_ID) api.deployments.update(DEMO_DEPLOYMENT_ID, options);
    else api.deployments.create(options);
  }
  // Known once listening; requests normally name it themselves in their Host header.
  let origin = `http://${host}:${port}`;
  const control = controlApi(api, () => origin);
  const rest = restApi(api, () => origin);
  const uploads = uploadsApi(api);
  const idp = idpPage(api);

  const server = http.createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', 'http://simulator');
      const path = url.pathname;
      // Before the control API: uploads live under /sim/ too, but answer their own CORS preflight.
      if (await uploads.handle(req, res, path)) return;
      // Before the control API too: the identity provider's pages are HTML and forms, not JSON.
      if (await idp.handle(req, res, url)) return;
      if (await control.handle(req, res, path)) return;
      if (rest.handle(req, res, url)) return;
      if (await serveConsole(req, res, path)) return;
      if (path === '/v1') {
        // A plain GET cannot upgrade, but it says whether the handshake would be let through,
        // which a browser test cannot see from a failed WebSocket.
        const deploymentId = url.searchParams.get('deploymentId');
        if (!api.deployments.acceptsHandshake(deploymentId, req.headers.origin)) return sendError(res, 403, 'Forbidden');
        // Asking does not use up one of the refused attempts.
        if (api.connectionFaults.refusesConnections(deploymentId)) return sendError(res, 503, 'Service Unavailable');
        return sendError(res, 426, 'WebSocket upgrade required');
      }
      sendError(res, 404, 'not found');
    } catch (error) {
      console.error('[simulator] HTTP request failed', error);
      if (!res.headersSent) sendError(res, 500, 'internal error');
      else res.end();
    }
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
  server.on('upgrade', (req, socket, head) => {
    socket.on('error', () => {});
    const url = new URL(req.url ?? '/', 'http://simulator');
    if (url.pathname !== '/v1') return refuseUpgrade(socket, 404, 'Not Found');
    const deploymentId = url.searchParams.get('deploymentId');
    if (!api.deployments.acceptsHandshake(deploymentId, req.headers.origin)) {
      log(`handshake refused (403) for deployment ${deploymentId} from ${req.headers.origin ?? 'no Origin'}`);
      return refuseUpgrade(socket, 403, 'Forbidden');
    }
    if (api.connectionFaults.refuseConnection(deploymentId)) {
      log(`handshake refused (503, refuse-connections) for deployment ${deploymentId}`);
      return refuseUpgrade(socket, 503, 'Service Unavailable');
    }
    wss.handleUpgrade(req, socket, head, ws => {
      const connection = api.connect(String(deploymentId), {
        send: text => ws.send(text),
        close: code => ws.close(code),
        terminate: () => ws.terminate(),
        isOpen: () => ws.readyState === WebSocket.OPEN,
      }, requestOrigin(req, origin));
      log(`${connection.id} connected to deployment ${deploymentId}`);
      ws.on('message', data => {
        const text = Array.isArray(data) ? Buffer.concat(data).toString('utf8') : Buffer.from(/** @type {ArrayBuffer} */ (data)).toString('utf8');
        connection.receive(text);
      });
      ws.on('error', error => log(`${connection.id} error: ${error.message}`));
      ws.on('close', code => {
        log(`${connection.id} closed (${code})`);
        connection.closed();
      });
    });
  });

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(undefined);
    });
  });
  const address = server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  const hostPart = host.includes(':') ? `[${host}]` : host;
  origin = `http://${hostPart}:${actualPort}`;
  const wsUrl = `ws://${hostPart}:${actualPort}/v1`;
  log(`listening on ${origin} (guest WebSocket ${wsUrl}, console ${origin}/console)`);

  let closing = /** @type {Promise<void> | undefined} */ (undefined);
  return {
    origin,
    wsUrl,
    port: actualPort,
    close() {
      closing ??= new Promise(resolve => {
        api.dispose();
        control.close();
        for (const ws of wss.clients) ws.terminate();
        wss.close();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
