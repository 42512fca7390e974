import { html } from 'lit';
import type { ChatError } from '../../machine/chat.types.js';

/**
 * What a refused connection most likely means, said once the rest is known: config.json was found, so the
 * deployment exists, and the Guest API still refused this page's socket before it opened.
 */
function hints(problems: readonly ChatError[]): string[] {
  const codes = new Set(problems.map(p => p.code));
  const found: string[] = [];
  if (codes.has('connection-refused') && !codes.has('deployment-not-found') && !codes.has('invalid-config')) {
    found.push(
      `The deployment exists, but the connection was refused before it opened: add this site (${location.hostname}) to the ` +
        "deployment's Allowed domains, or check that nothing between blocks WebSockets.",
    );
  }
  return found;
}

/**
 * The integrator's panel (`debug`): every problem reported so far, in plain words, newest last. It is
 * English (it speaks to whoever sets the page up) and it is data: messages are text bindings.
 */
export function renderDebug(problems: readonly ChatError[]) {
  const lines = [...problems.map(p => `${p.code}: ${p.message}`), ...hints(problems)];
  // Focusable: it may scroll, and a keyboard must be able to scroll it.
  return html`<section part="debug" class="debug" tabindex="0" aria-label="Chat setup check">
    <h2>Chat setup check</h2>
    ${lines.length
      ? html`<ul>
          ${lines.map(line => html`<li>${line}</li>`)}
        </ul>`
      : html`<p>No problem found so far.</p>`}
  </section>`;
}
