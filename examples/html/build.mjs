// What a site without a bundler hosts: the two pages, and the package's browser files beside them
// (dist/cdn/ for the module, whose chunks load from next to it; the single classic script).
import { cpSync, mkdirSync, rmSync } from 'node:fs';

const from = 'node_modules/genesys-chat/dist';
rmSync('dist', { recursive: true, force: true });
mkdirSync('dist');
for (const page of ['index.html', 'module.html', 'classic.html', 'point-at.js']) cpSync(page, `dist/${page}`);
cpSync(`${from}/cdn`, 'dist/genesys-chat', { recursive: true, filter: file => !file.endsWith('.map') });
cpSync(`${from}/genesys-chat.iife.js`, 'dist/genesys-chat.iife.js');
