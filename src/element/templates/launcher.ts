import { html, nothing, type TemplateResult } from 'lit';
import type { LauncherStrings } from '../../i18n/launcher-strings.js';
import { plural } from '../../i18n/format.js';

const chatIcon = html`<svg class="icon" aria-hidden="true" viewBox="0 0 24 24" width="24" height="24">
  <path fill="currentColor" d="M4 3h16a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2z" />
</svg>`;

/**
 * The floating button that opens and minimises the panel, with the unread count while minimised.
 * `lang`: the language of `t` (its plural forms), once the widget's language is known.
 */
export function renderLauncher(t: LauncherStrings, opened: boolean, unread: number, onClick: (event: Event) => void, lang?: string): TemplateResult {
  return html`<button
    lang=${lang ?? nothing}
    id="launcher"
    part="launcher"
    class="launcher"
    type="button"
    aria-expanded=${opened ? 'true' : 'false'}
    aria-controls="panel"
    @click=${onClick}
  >
    ${chatIcon}<span class="visually-hidden">${t.launcherLabel}</span>
    ${unread > 0 && !opened
      ? html`<span part="badge" class="badge"
          ><span aria-hidden="true">${unread}</span><span class="visually-hidden">${plural(t.unreadMessages, lang, unread, { count: unread })}</span></span
        >`
      : nothing}
  </button>`;
}
