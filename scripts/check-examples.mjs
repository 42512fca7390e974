// The examples as a developer would run them: the package packed once, then each example under
// examples/ installed from that tarball, built with its framework's own tool, served, and opened in
// Chromium, where a visitor chats with the simulator's agent and ends the conversation (scripts/examples/play.mjs).
// `node scripts/check-examples.mjs [name…]` checks some of them. Needs `npm run build` first.
// Examples run one after another: installs and builds are heavy on a small machine, and npm reuses what
// an earlier run installed (only the package itself is installed again, from the new tarball).
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import puppeteer from 'puppeteer-core';
import { connectSimulator } from '../simulator/client.mjs';
import { startSimulator } from '../simulator/simulator.mjs';
import { chromiumArgs, chromiumPath } from './chromium.mjs';
import { playConversation } from './examples/play.mjs';
import { serveStatic, serveWith } from './examples/serve.mjs';

const root = fileURLToPath(new URL('../', import.meta.url));
const examplesDir = join(root, 'examples');
const run = promisify(execFile);

/** Each example: what it is built with (whose installed version is reported), its pages, how it is served. */
const EXAMPLES = [
  { name: 'html', framework: 'genesys-chat', pages: ['module.html', 'classic.html'] },
  { name: 'react', framework: 'react' },
  { name: 'vue', framework: 'vue' },
  { name: 'svelte', framework: 'svelte' },
  { name: 'angular', framework: '@angular/core' },
  { name: 'ssr', framework: '@lit-labs/ssr', server: 'server.mjs' },
];

const wanted = process.argv.slice(2);
const unknown = wanted.filter(name => !EXAMPLES.some(e => e.name === name));
if (unknown.length) {
  console.error(`no such example: ${unknown.join(', ')} (there are ${EXAMPLES.map(e => e.name).join(', ')})`);
  process.exit(2);
}
if (!existsSync(join(root, 'dist', 'genesys-chat.js'))) {
  console.error('dist/ is missing: run `npm run build` first');
  process.exit(2);
}

// The tarball every example's package.json names: "genesys-chat": "file:../genesys-chat.tgz".
const { stdout: packed } = await run('npm', ['pack', '--ignore-scripts', '--pack-destination', examplesDir], { cwd: root });
renameSync(join(examplesDir, packed.trim().split('\n').pop()), join(examplesDir, 'genesys-chat.tgz'));

const simulator = await startSimulator({ port: 0, quiet: true });
const sim = connectSimulator(simulator.origin);
const browser = await puppeteer.launch({ executablePath: chromiumPath(), args: chromiumArgs });
let failed = 0;
try {
  for (const example of EXAMPLES.filter(e => !wanted.length || wanted.includes(e.name))) {
    const started = Date.now();
    let label = example.name;
    try {
      const dir = join(examplesDir, example.name);
      await install(dir);
      label = `${example.name} (${installedVersion(dir, example.framework)})`;
      await step('build', () => run('npm', ['run', 'build'], { cwd: dir, maxBuffer: 64 << 20 }));
      const site = example.server ? await serveWith(dir, example.server) : await serveStatic(join(dir, 'dist'));
      try {
        if (example.server) await renderedOnServer(site.origin);
        for (const page of example.pages ?? ['']) {
          await playConversation(browser, sim, `${site.origin}/${page}`, `Hello from the ${example.name} example ${page}`.trim());
        }
      } finally {
        await site.close();
      }
      const pages = example.pages ? ` (${example.pages.join(', ')})` : '';
      console.log(`ok ${label}${pages}: ended by the customer, on the page and on the simulator (${seconds(started)})`);
    } catch (error) {
      failed++;
      console.log(`FAIL ${label}: ${error.message} (${seconds(started)})`);
    }
  }
} finally {
  await browser.close();
  await simulator.close();
}
process.exit(failed ? 1 : 0);

/** The example's dependencies; the package again from the new tarball (npm would keep the one it has). */
async function install(dir) {
  rmSync(join(dir, 'node_modules', 'genesys-chat'), { recursive: true, force: true });
  await step('npm install', () => run('npm', ['install', '--no-audit', '--no-fund', '--no-package-lock'], { cwd: dir, maxBuffer: 64 << 20 }));
}

function installedVersion(dir, name) {
  return `${name} ${JSON.parse(readFileSync(join(dir, 'node_modules', name, 'package.json'), 'utf8')).version}`;
}

/** The server's HTML itself carries the launcher, in a declarative shadow root: it shows before any script runs. */
async function renderedOnServer(origin) {
  const html = await (await fetch(`${origin}/`)).text();
  if (!/<genesys-chat[^>]*><template shadowroot(mode)?="open"/.test(html) || !html.includes('part="launcher"')) {
    throw new Error('the server sent <genesys-chat> without its launcher rendered');
  }
}

/** Runs a command; a failure says which step failed and the end of what it printed. */
async function step(what, action) {
  try {
    return await action();
  } catch (error) {
    const output = `${error.stdout ?? ''}${error.stderr ?? ''}`.trim().split('\n').slice(-15).join('\n');
    throw new Error(`${what} failed: ${output || error.message}`);
  }
}

function seconds(since) {
  return `${((Date.now() - since) / 1000).toFixed(1)} s`;
}
