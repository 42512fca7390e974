// The bench's local server on 127.0.0.1: the repository's files over HTTP (so the widget's lazy
// chunks load from next to it, as from a CDN), the bench pages, a deployment config.json, and a
// minimal Guest API over WebSocket. The page under test orders agent messages through a control socket.
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { randomUUID } from 'node:crypto';
import { WebSocketServer } from 'ws';

const TYPES = { '.js': 'text/javascript', '.mjs': 'text/javascript', '.json': 'application/json', '.html': 'text/html', '.map': 'application/json' };

/** The Messenger settings the widget reads (src/protocol/deployment-config.ts): nothing optional turned on. */
const CONFIG = JSON.stringify({
  id: 'bench', version: '1', status: 'Active', defaultLanguage: 'en-us',
  messenger: {
    enabled: true,
    apps: { conversations: { showAgentTypingIndicator: true, showUserTypingIndicator: true, autoStart: { enabled: false },
      conversationDisconnect: { enabled: true, type: 'Send' }, conversationClear: { enabled: true }, markdown: { enabled: false } } },
    fileUpload: { enableAttachments: false, modes: [] },
  },
});

/** The text of agent message `i`; unique, and no text is part of another ("#1." is not in "#10."). */
export const messageText = i => `Agent message #${i}.`;

const frame = (type, cls, body, tracingId) => JSON.stringify({ type, class: cls, code: 200, body, ...(tracingId ? { tracingId } : {}) });
const expiry = () => ({ durationSeconds: 259200, expirationDate: Math.floor(Date.now() / 1000) + 259200 });
const agentMessage = (i, time) => frame('message', 'StructuredMessage', {
  id: randomUUID(), type: 'Text', text: messageText(i), direction: 'Outbound', originatingEntity: 'Human',
  channel: { time: new Date(time).toISOString(), type: 'Private', from: { nickname: 'Agent' } },
});

/** The Guest API, as far as the widget needs it here: a session, echo, and Presence Clear. */
function answerGuest(ws, data) {
  const request = JSON.parse(data);
  if (request.action === 'configureSession') {
    ws.send(frame('response', 'SessionResponse', { connected: true, newSession: true, readOnly: false, maxCustomDataBytes: 2048, ...expiry() }, request.tracingId));
  } else if (request.action === 'echo') {
    ws.send(frame('response', 'StructuredMessage', { id: randomUUID(), type: 'Text', text: request.message?.text ?? 'ping', direction: 'Inbound',
      metadata: Object.fromEntries(Object.entries(expiry()).map(([k, v]) => [k, String(v)])) }, request.tracingId));
  } else if (request.action === 'onMessage' && request.message?.type === 'Text' && request.message.text) {
    // The visitor's message, echoed as Genesys confirms it (the pictures show it delivered).
    ws.send(frame('message', 'StructuredMessage', { id: randomUUID(), type: 'Text', text: request.message.text, direction: 'Inbound',
      channel: { time: new Date().toISOString() } }, request.tracingId));
  } else if (request.message?.events?.some(event => event.presence?.type === 'Clear')) {
    ws.send(frame('message', 'SessionClearedEvent', {}));
  }
}

/**
 * `pages`: path → HTML. WebSocket paths: `/v1` the Guest API (the widget), `/chat` agent messages only
 * (deep-chat, the floor), `/control` the page's orders: `{ push: n, from: i }` sends agent messages
 * i … i+n-1 to the chat's socket, one `ws.send` each, all in one synchronous loop (one socket write).
 */
export async function startServer({ root, pages }) {
  let chat; // the socket of the chat under test: one page runs at a time
  let clock = Date.UTC(2026, 0, 1);
  const http = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (pages[path]) return send(res, 200, 'text/html', pages[path]);
    if (path === '/config.json') return send(res, 200, 'application/json', CONFIG);
    const file = normalize(join(root, path));
    if (!file.startsWith(root)) return send(res, 403, 'text/plain', 'forbidden');
    try {
      send(res, 200, TYPES[extname(file)] ?? 'application/octet-stream', await readFile(file));
    } catch {
      send(res, 404, 'text/plain', 'not found');
    }
  });
  const wss = new WebSocketServer({ noServer: true });
  http.on('upgrade', (req, socket, head) => wss.handleUpgrade(req, socket, head, ws => {
    const path = new URL(req.url, 'http://x').pathname;
    if (path === '/control') {
      ws.on('message', data => {
        const { push, from } = JSON.parse(data);
        const frames = Array.from({ length: push }, (_, k) => agentMessage(from + k, (clock += 1000)));
        for (const text of frames) chat?.send(text);
      });
      return;
    }
    chat = ws;
    if (path === '/v1') ws.on('message', data => answerGuest(ws, data));
  }));
  await new Promise(resolve => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address();
  return {
    origin: `http://127.0.0.1:${port}`,
    wsOrigin: `ws://127.0.0.1:${port}`,
    close: () => new Promise(resolve => { for (const ws of wss.clients) ws.terminate(); http.close(resolve); }),
  };
}

function send(res, status, type, body) {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
  res.end(body);
}
