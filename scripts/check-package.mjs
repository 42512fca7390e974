// What `npm pack` would publish, checked: the files an integrator needs are in it and nothing else is;
// importing only `resolveEndpoint` from it bundles no Lit; its bin starts the simulator and stops.
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const root = fileURLToPath(new URL('../', import.meta.url));
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const problems = [];
const check = (ok, problem) => void (ok || problems.push(problem));

// --- The file list. ---------------------------------------------------------------------------------
const [packed] = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }));
const files = new Set(packed.files.map(f => f.path));

const REQUIRED = [
  'package.json', 'README.md', 'LICENSE', 'CHANGELOG.md', 'custom-elements.json',
  'dist/index.js', 'dist/index.d.ts', 'dist/genesys-chat.js', 'dist/genesys-chat.d.ts',
  'dist/genesys-chat.bundle.js', 'dist/genesys-chat.iife.js', 'dist/cdn/genesys-chat.js',
  'dist/react.d.ts', 'dist/vue.d.ts', 'dist/svelte.d.ts',
  'simulator/README.md', 'simulator/console/index.html',
];
for (const file of REQUIRED) check(files.has(file), `missing from the package: ${file}`);

// Every path package.json points at must be in it.
const targets = (value) => (typeof value === 'string' ? [value] : Object.values(value ?? {}).flatMap(targets));
for (const target of [pkg.main, pkg.module, pkg.types, ...targets(pkg.exports), ...targets(pkg.bin)]) {
  check(files.has(target.replace(/^\.\//, '')), `package.json names ${target}, which is not in the package`);
}

// Only what runs or types: no tests, sources, maps, scripts or benchmarks.
for (const file of files) {
  check(!/^(src|test|bench|scripts|docs|examples|\.ci|node_modules)\//.test(file), `does not belong in the package: ${file}`);
  check(!file.endsWith('.map'), `a source map (its sources are not published): ${file}`);
  check(!/\.tsx?$/.test(file) || /\.d\.ts$/.test(file), `TypeScript source: ${file}`);
}

// The simulator is there for its bin: every module it loads must be packed with it.
const simulatorModules = [...files].filter(f => /^simulator\/[^/]+\.mjs$/.test(f));
for (const file of simulatorModules) {
  const code = readFileSync(join(root, file), 'utf8');
  for (const [, spec] of code.matchAll(/(?:from|import)\s*\(?\s*'(\.[^']+)'/g)) {
    const target = join('simulator', spec).replace(/\\/g, '/');
    check(files.has(target), `${file} imports ${spec}, which is not in the package`);
  }
  check(!/from '(?!node:|ws'|\.)/.test(code), `${file} imports a package that is not a dependency`);
}
check(pkg.dependencies?.ws !== undefined, 'the simulator needs ws as a dependency');

// The published JavaScript names no map it does not carry.
for (const file of files) {
  if (/\.m?js$/.test(file) && file.startsWith('dist/')) {
    check(!readFileSync(join(root, file), 'utf8').includes('sourceMappingURL'), `${file} links a source map`);
  }
}

// --- The package as installed: the real tarball, unpacked into an app's node_modules. ----------------
const work = mkdtempSync(join(tmpdir(), 'genesys-chat-package-'));
let child;
try {
  const tarball = execFileSync('npm', ['pack', '--ignore-scripts', '--pack-destination', work], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim().split('\n').pop();
  const app = join(work, 'app');
  const installed = join(app, 'node_modules', 'genesys-chat');
  mkdirSync(installed, { recursive: true });
  execFileSync('tar', ['-xzf', join(work, tarball), '-C', installed, '--strip-components=1']);
  // Its dependencies come from this checkout (nothing is downloaded).
  for (const dep of ['lit', 'lit-html', 'lit-element', '@lit', 'xstate', 'ws']) {
    symlinkSync(join(root, 'node_modules', dep), join(app, 'node_modules', dep), 'dir');
  }

  // Tree-shaking: an app that imports only resolveEndpoint gets neither Lit nor the element.
  const entry = join(app, 'main.js');
  writeFileSync(entry, "import { resolveEndpoint } from 'genesys-chat';\nconsole.log(resolveEndpoint('mypurecloud.ie'));\n");
  const output = await build({
    root: app,
    configFile: false,
    logLevel: 'silent',
    build: { write: false, minify: false, lib: { entry, formats: ['es'], fileName: 'main' } },
  });
  const code = [output].flat().flatMap(o => o.output).filter(chunk => chunk.type === 'chunk').map(chunk => chunk.code).join('\n');
  check(code.includes('mypurecloud'), 'the tree-shaking build lost resolveEndpoint itself');
  for (const marker of ['lit-html', 'litElementVersions', 'reactiveElementVersions', 'customElements', 'createMachine', 'createActor']) {
    check(!code.includes(marker), `importing only resolveEndpoint bundles "${marker}" (${(code.length / 1024).toFixed(1)} KiB): something in its chunk has side effects`);
  }

  // The bin: started as npx would, it prints where it listens, answers, and stops on SIGTERM.
  const bin = resolve(installed, pkg.bin['genesys-chat-simulator']);
  child = spawn(process.execPath, [bin, '--port', '0', '--quiet'], { cwd: app, stdio: ['ignore', 'pipe', 'inherit'] });
  const origin = await new Promise((resolveOrigin, reject) => {
    const lines = createInterface({ input: child.stdout });
    lines.on('line', line => {
      const match = /Control API:\s+(http:\/\/\S+?)\/sim\/state/.exec(line);
      if (match) resolveOrigin(match[1]);
    });
    child.once('exit', code => reject(new Error(`the bin exited (${code}) before it said where it listens`)));
  });
  const { connectSimulator, DEMO_DEPLOYMENT_ID } = await import(join(installed, 'simulator', 'client.mjs'));
  const sim = connectSimulator(origin);
  check((await sim.deployments()).some(d => d.deploymentId === DEMO_DEPLOYMENT_ID), 'the bin has no demo deployment');
  const agentConsole = await fetch(`${origin}/console`);
  check(agentConsole.ok && (await agentConsole.text()).includes('<html'), `the bin's agent console answered ${agentConsole.status}`);
  const exited = new Promise(resolveExit => child.once('exit', (code, signal) => resolveExit(code ?? signal)));
  child.kill('SIGTERM');
  check((await exited) === 0, 'the bin did not exit cleanly on SIGTERM');
} finally {
  // A check that threw must not leave the simulator holding the process open.
  if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  rmSync(work, { recursive: true, force: true });
}

if (problems.length) {
  console.error(`The package (${files.size} files) has problems:\n${problems.map(p => `  - ${p}`).join('\n')}`);
  process.exit(1);
}
console.log(`package: ${files.size} files, ${(packed.size / 1024).toFixed(0)} KiB packed; resolveEndpoint alone bundles no Lit; the bin starts and stops`);
