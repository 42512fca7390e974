import { html, type TemplateResult } from 'lit';
import { parseMarkdown, type MdBlock, type MdInline } from '../../content/markdown.js';

// Text and attribute bindings only, so agent text can never become markup; link URLs are already safe.
const inlines = (nodes: readonly MdInline[]): unknown[] => nodes.map(inline);

function inline(node: MdInline): unknown {
  switch (node.type) {
    case 'text':
      return node.text;
    case 'br':
      return html`<br>`;
    case 'code':
      return html`<code>${node.text}</code>`;
    case 'strong':
      return html`<strong>${inlines(node.children)}</strong>`;
    case 'em':
      return html`<em>${inlines(node.children)}</em>`;
    case 'del':
      return html`<del>${inlines(node.children)}</del>`;
    case 'a':
      return html`<a href=${node.href} target="_blank" rel="noopener noreferrer">${inlines(node.children)}</a>`;
  }
}

const items = (list: readonly (readonly MdInline[])[]) => list.map(item => html`<li>${inlines(item)}</li>`);

function block(node: MdBlock): TemplateResult {
  switch (node.type) {
    case 'p':
      return html`<p>${inlines(node.children)}</p>`;
    case 'pre':
      // Focusable so keyboard users can scroll a wide block.
      return html`<pre tabindex="0"><code>${node.text}</code></pre>`;
    case 'ul':
      return html`<ul>${items(node.items)}</ul>`;
    case 'ol':
      return html`<ol start=${node.start}>${items(node.items)}</ol>`;
  }
}

/** Renders parsed markdown blocks as DOM built from Lit templates, without a wrapper. */
export const renderMarkdown = (blocks: readonly MdBlock[]): TemplateResult => html`${blocks.map(block)}`;

/** A message's text parsed as markdown, inside `<div class="md">` (the scope of `markdown.styles.ts`). */
export const renderMarkdownText = (text: string): TemplateResult =>
  html`<div part="markdown" class="md">${renderMarkdown(parseMarkdown(text))}</div>`;
