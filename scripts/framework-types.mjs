// Writes the JSX / template typings of the package's custom elements for React, Vue and Svelte into dist/,
// from custom-elements.json, so they list exactly the attributes, properties and events the manifest does.
import { readFileSync, writeFileSync } from 'node:fs';

const root = new URL('../', import.meta.url);
const manifest = JSON.parse(readFileSync(new URL('custom-elements.json', root), 'utf8'));
const HEADER = '// Generated from custom-elements.json by scripts/framework-types.mjs: do not edit.\n';

/** Every defined tag with its class declaration. */
function elements() {
  const declarations = new Map();
  for (const module of manifest.modules) {
    for (const declaration of module.declarations ?? []) {
      if (declaration.customElement) declarations.set(`/${module.path.replace(/\.ts$/, '.js')}`, declaration);
    }
  }
  return manifest.modules.flatMap(module => (module.exports ?? [])
    .filter(entry => entry.kind === 'custom-element-definition')
    .map(entry => ({ tag: entry.name, declaration: declarations.get(entry.declaration.module) }))
    .filter(({ declaration }) => declaration !== undefined));
}

const doc = (text, indent = '  ') => (text ? `${indent}/** ${text.replace(/\*\//g, '*\\/').replace(/\s*\n\s*/g, ' ')} */\n` : '');
const key = name => (/^[A-Za-z_$][\w$]*$/.test(name) ? name : `'${name}'`);
const pascal = name => name.replace(/(^|-)([a-z])/g, (_, __, c) => c.toUpperCase());

/**
 * What a template may set on the element. An attribute named like a method (`open`) is left out:
 * React, Vue and Svelte all set a name the element has as a property, which would replace the method.
 */
function settable({ name: className, attributes = [], members = [] }) {
  const isPublic = m => !m.privacy && !m.static && !m.name.startsWith('#');
  const methods = new Set(members.filter(m => m.kind === 'method' && isPublic(m)).map(m => m.name));
  const fields = members.filter(m => m.kind === 'field' && isPublic(m) && !m.readonly);
  const lines = [];
  const named = new Set();
  for (const attribute of attributes) {
    if (methods.has(attribute.name)) continue;
    const field = fields.find(f => f.name === attribute.fieldName);
    // A template sets a name the element has as that property; any other name is an attribute, a string.
    const type = attribute.name === attribute.fieldName ? `${className}['${attribute.fieldName}']`
      : field?.type?.text === 'boolean' ? 'boolean' : 'string';
    lines.push(`${doc(attribute.description ?? field?.description)}  ${key(attribute.name)}?: ${type};`);
    named.add(attribute.name);
  }
  for (const field of fields) {
    if (named.has(field.name)) continue;
    lines.push(`${doc(field.description)}  ${key(field.name)}?: ${className}['${field.name}'];`);
  }
  return lines;
}

/** The event handlers, named the framework's way. */
function handlers({ events = [] }, name) {
  return events.map(event => `${doc(event.description)}  ${key(name(event.name))}?: (event: ${event.type?.text ?? 'Event'}) => void;`);
}

const found = elements();
const imported = [...new Set(found.flatMap(({ declaration }) => [declaration.name, ...(declaration.events ?? []).map(e => e.type?.text).filter(Boolean)]))].sort();
const importLine = `import type { ${imported.join(', ')} } from './index.js';\n`;

function file(frameworkImport, perElement, augmentation) {
  const parts = found.map(({ tag, declaration }) => perElement(tag, declaration));
  return `${HEADER}${frameworkImport}${importLine}\n${parts.map(p => p.types).join('\n')}\n${augmentation(parts.map(p => p.entry).join('\n'))}`;
}

const react = file(
  "import type { DetailedHTMLProps, HTMLAttributes } from 'react';\n",
  (tag, d) => ({
    types: `/** \`<${tag}>\` in JSX (React 19 sets the names the element has as properties and listens for \`on<event-name>\`). */\nexport interface ${d.name}JsxProps extends DetailedHTMLProps<HTMLAttributes<${d.name}>, ${d.name}> {\n${[...settable(d), ...handlers(d, e => `on${e}`)].join('\n')}\n}\n`,
    entry: `      ${key(tag)}: ${d.name}JsxProps;`,
  }),
  entries => `declare module 'react' {\n  namespace JSX {\n    interface IntrinsicElements {\n${entries}\n    }\n  }\n}\n`,
);

const vue = file(
  "import type { DefineComponent } from 'vue';\n",
  (tag, d) => ({
    types: `/** \`<${tag}>\` in Vue templates (\`@${(d.events ?? [])[0]?.name ?? 'event'}\` is \`on${pascal((d.events ?? [])[0]?.name ?? 'event')}\`). */\nexport interface ${d.name}VueProps {\n${[...settable(d), ...handlers(d, e => `on${pascal(e)}`)].join('\n')}\n}\n`,
    entry: `    ${key(tag)}: DefineComponent<${d.name}VueProps>;`,
  }),
  entries => `declare module 'vue' {\n  interface GlobalComponents {\n${entries}\n  }\n}\n`,
);

const svelte = file(
  "import type { HTMLAttributes } from 'svelte/elements';\n",
  (tag, d) => ({
    types: `/** \`<${tag}>\` in Svelte: \`on<event-name>\` (Svelte 5) or \`on:<event-name>\` (Svelte 4). */\nexport interface ${d.name}SvelteProps extends HTMLAttributes<${d.name}> {\n${[...settable(d), ...handlers(d, e => `on${e}`), ...handlers(d, e => `on:${e}`)].join('\n')}\n}\n`,
    entry: `    ${key(tag)}: ${d.name}SvelteProps;`,
  }),
  entries => `declare module 'svelte/elements' {\n  interface SvelteHTMLElements {\n${entries}\n  }\n}\n`,
);

const out = name => new URL(`dist/${name}`, root);
writeFileSync(out('react.d.ts'), react);
writeFileSync(out('vue.d.ts'), vue);
writeFileSync(out('svelte.d.ts'), svelte);
// The entries are types only; this answers a plain `import 'genesys-chat/react'` with nothing.
writeFileSync(out('types-only.js'), 'export {};\n');
console.log(`framework typings: ${found.map(f => `<${f.tag}>`).join(', ')} → dist/react.d.ts, dist/vue.d.ts, dist/svelte.d.ts`);
