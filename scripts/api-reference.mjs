// docs/api.md, the API reference, made from custom-elements.json (itself made from the source's JSDoc):
// attributes, properties, methods, events, CSS parts, CSS custom properties, custom states and slots.
// `npm run analyze` writes it; `npm run check:manifest` fails when it is stale.
import { readFileSync, writeFileSync } from 'node:fs';

const OUT = 'docs/api.md';

/** One line of a table cell: Markdown tables end at a line break, and `|` would end the cell. */
const cell = text => (text ?? '').replace(/\s*\n\s*/g, ' ').replace(/\|/g, '\\|').trim();
const code = text => (text ? `\`${text.replace(/`/g, '')}\`` : '');

function table(header, rows) {
  if (!rows.length) return '_None._\n';
  return [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows.map(row => `| ${row.map(cell).join(' | ')} |`)].join('\n') + '\n';
}

/** The reference of every custom element the manifest declares, as Markdown. */
export function apiReference(manifest) {
  const elements = manifest.modules.flatMap(module => (module.declarations ?? []).filter(d => d.customElement && d.tagName));
  const parts = ['# API reference', '', 'Made from [`custom-elements.json`](../custom-elements.json) by `npm run analyze`; do not edit by hand.', ''];
  for (const element of elements) {
    const publicMembers = (element.members ?? []).filter(m => !m.privacy && !m.static && !m.name.startsWith('#'));
    const attributes = element.attributes ?? [];
    const attributeFields = new Set(attributes.map(a => a.fieldName));
    parts.push(`## \`<${element.tagName}>\``, '', cell(element.summary ?? ''), '', element.description ?? '', '');
    parts.push('### Attributes', '', table(['attribute', 'property', 'type', 'default', 'description'],
      attributes.map(a => [code(a.name), code(a.fieldName), code(a.type?.text), code(a.default), a.description]),
    ));
    parts.push('### Properties', '', 'Besides those of the attributes above.', '', table(['property', 'type', 'default', 'description'],
      publicMembers.filter(m => m.kind === 'field' && !attributeFields.has(m.name)).map(m => [code(m.name), code(m.type?.text), code(m.default), m.description]),
    ));
    parts.push('### Methods', '', table(['method', 'returns', 'description'],
      publicMembers.filter(m => m.kind === 'method').map(m => [
        code(`${m.name}(${(m.parameters ?? []).map(p => `${p.name}${p.optional ? '?' : ''}: ${p.type?.text ?? 'unknown'}`).join(', ')})`),
        code(m.return?.type?.text ?? 'void'), m.description,
      ]),
    ));
    parts.push('### Events', '', table(['event', 'type', 'description'], (element.events ?? []).map(e => [code(e.name), code(e.type?.text), e.description])));
    parts.push('### CSS parts', '', table(['part', 'description'], (element.cssParts ?? []).map(p => [code(p.name), p.description])));
    parts.push('### CSS custom properties', '', table(['property', 'default', 'description'], (element.cssProperties ?? []).map(p => [code(p.name), code(p.default), p.description])));
    parts.push('### Custom states', '', 'Match them with `:state()`: `genesys-chat:state(ending) { … }`.', '', table(['state', 'description'], (element.cssStates ?? []).map(s => [code(s.name), s.description])));
    parts.push('### Slots', '', table(['slot', 'description'], (element.slots ?? []).map(s => [code(s.name || '(default)'), s.description])));
  }
  return parts.join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  writeFileSync(OUT, apiReference(JSON.parse(readFileSync('custom-elements.json', 'utf8'))));
}
