// The README's pictures: the widget from dist/cdn/ on a sample page in headless Chromium, served with the
// bench's local Guest API (it echoes the visitor and pushes agent messages on order). Writes
// docs/screenshots/{launcher,open,dark,mobile,rtl,ended}.png. Run with `npm run screenshots` (it builds first).
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import puppeteer from 'puppeteer-core';
import WebSocket from 'ws';
import { startServer } from '../bench/server.mjs';
import { chromiumArgs, chromiumPath } from './chromium.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'docs/screenshots');

const page = (theme, wsOrigin, origin, lang = 'en') => `<!doctype html>
<html lang="${lang}" dir="${lang === 'ar' ? 'rtl' : 'ltr'}"><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Example shop</title>
<style>
  body { margin: 0; padding: 1.5rem 2rem; font: 1rem/1.5 system-ui, sans-serif; background: #f6f8fa; color: #1f2328; }
  body.dark { background: #0d1117; color: #e6edf3; }
  .card { max-inline-size: 32rem; padding: 1rem 1.25rem; border-radius: 8px; background: rgb(127 127 127 / 0.12); }
</style>
<body class="${theme === 'dark' ? 'dark' : ''}">
<h1>Example shop</h1>
<div class="card"><h2>Order #10423</h2><p>Shipped on Monday; it should arrive within three working days.</p></div>
<genesys-chat deployment-id="5c0a3f8e-9d2b-4f7e-8a61-3b2d9e4c7f10" endpoint="${wsOrigin}/v1"
  config-url="${origin}/config.json" storage="none" theme="${theme}"></genesys-chat>
<script type="module" src="/dist/cdn/genesys-chat.js"></script>
</body></html>`;

// The server looks pages up as they are asked for: they are written once its origin is known.
const pages = {};
const site = await startServer({ root, pages });
for (const theme of ['light', 'dark']) pages[`/${theme}.html`] = page(theme, site.wsOrigin, site.origin);
// Right to left: a page in Arabic (the widget follows the page's language and direction).
pages['/rtl.html'] = page('light', site.wsOrigin, site.origin, 'ar');

const browser = await puppeteer.launch({ executablePath: chromiumPath(), args: chromiumArgs });
try {
  await mkdir(out, { recursive: true });
  await shoot('launcher', 'light', { width: 800, height: 600 }, false);
  await shoot('open', 'light', { width: 800, height: 760 }, true);
  await shoot('dark', 'dark', { width: 800, height: 760 }, true);
  await shoot('mobile', 'light', { width: 390, height: 844, isMobile: true, hasTouch: true, deviceScaleFactor: 2 }, true);
  await shoot('rtl', 'rtl', { width: 800, height: 760 }, true);
  await shoot('ended', 'light', { width: 800, height: 760 }, true, true);
} finally {
  await browser.close();
  await site.close();
}

/** One picture: the page, and with `open` a short conversation in the panel. */
async function shoot(name, theme, viewport, open, end = false) {
  const tab = await browser.newPage();
  await tab.setViewport(viewport);
  await tab.emulateMediaFeatures([{ name: 'prefers-reduced-motion', value: 'reduce' }]);
  await tab.goto(`${site.origin}/${theme}.html`);
  await tab.waitForFunction(() => customElements.get('genesys-chat'));
  if (open) {
    await tab.evaluate(() => document.querySelector('genesys-chat').open());
    await tab.waitForFunction(() => document.querySelector('genesys-chat').state === 'connected');
    const words = theme === 'rtl' ? 'مرحبًا! أين طلبي رقم 10423؟' : 'Hello! Where is my order #10423?';
    await tab.evaluate(text => document.querySelector('genesys-chat').send(text), words);
    await tab.waitForFunction(() => document.querySelector('genesys-chat').shadowRoot.querySelector('[part~="message-customer"]'));
    await agentSays(1);
    await tab.waitForFunction(() => document.querySelector('genesys-chat').shadowRoot.querySelector('[part~="message-agent"]'));
    // The caret blinks: the field keeps focus, without it.
    await tab.evaluate(() => {
      const input = document.querySelector('genesys-chat').shadowRoot.querySelector('[part~="input"]');
      input.style.caretColor = 'transparent';
    });
  }
  if (end) {
    await tab.evaluate(() => document.querySelector('genesys-chat').endConversation());
    await tab.waitForFunction(() => document.querySelector('genesys-chat').state === 'closed');
  }
  await tab.evaluate(() => document.querySelector('genesys-chat').updateComplete);
  await tab.screenshot({ path: join(out, `${name}.png`) });
  await tab.close();
  console.log(`docs/screenshots/${name}.png`);
}

/** Orders the server to send `count` agent messages to the chat. */
async function agentSays(count) {
  const control = new WebSocket(`${site.wsOrigin}/control`);
  await new Promise((resolve, reject) => control.once('open', resolve).once('error', reject));
  control.send(JSON.stringify({ push: count, from: 1 }));
  control.close();
}
