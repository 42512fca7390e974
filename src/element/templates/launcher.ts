import { html, nothing, type TemplateResult } from 'lit';
import type { LauncherStrings } from '../../i18n/launcher-strings.js';
import { plural } from '../../i18n/format.js';

const chatIcon = html`<svg class="icon" aria-hidden="true" viewBox="0 0 24 24" width="24" height="24">
  <path fill="currentColor" d="M4 3h16a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2z" />
</svg>`;

const closeIcon = html`<svg class="icon" aria-hidden="true" viewBox="0 0 24 24" width="24" height="24">
  <path stroke="currentColor" stroke-width="2" d="M6 6l12 12M18 6 6 18" />
</svg>`;

/** What the launcher shows besides its own words, once the conversation part has loaded. */
export interface LauncherExtras {
  /** Its name while the panel is open, when it minimises it. */
  readonly closeLabel?: string;
  /** The id of the preview of the newest message, which describes the launcher while it shows. */
  readonly describedBy?: string;
}

/**
 * The floating button that opens and minimises the panel: while the panel is open it is its close
 * control (a cross, named so); while minimised it carries the unread count. `lang`: the language of
 * `t` (its plural forms), once the widget's language is known.
 */
export function renderLauncher(
  t: LauncherStrings,
  opened: boolean,
  unread: number,
  onClick: (event: Event) => void,
  extras: LauncherExtras = {},
  lang?: string,
): TemplateResult {
  return html`<button
    lang=${lang ?? nothing}
    id="launcher"
    part="launcher"
    class="launcher"
    type="button"
    aria-expanded=${opened ? 'true' : 'false'}
    aria-controls="panel"
    aria-describedby=${!opened && extras.describedBy ? extras.describedBy : nothing}
    @click=${onClick}
  >
    ${opened ? closeIcon : chatIcon}<span class="visually-hidden">${opened ? extras.closeLabel ?? t.launcherLabel : t.launcherLabel}</span>
    ${unread > 0 && !opened
      ? html`<span part="badge" class="badge"
          ><span aria-hidden="true">${unread}</span><span class="visually-hidden">${plural(t.unreadMessages, lang, unread, { count: unread })}</span></span
        >`
      : nothing}
  </button>`;
}
