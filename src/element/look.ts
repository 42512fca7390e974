import type { LauncherPosition, LauncherVisibility } from '../protocol/deployment-config.js';
import { browserStorage } from '../session/session-key.js';

/**
 * How the deployment wants the widget to look on the page (config.json's Messenger settings), as the
 * launcher needs it before the conversation part loads: whether there is a launcher, the brand colour
 * and where it sits. Kept for the site's next page, so a page does not show the launcher in the wrong
 * colour or place, or at all when the deployment is unusable, until config.json has answered again.
 */
export interface Look {
  readonly launcher: LauncherVisibility;
  readonly primaryColor?: string;
  readonly position?: LauncherPosition;
  /** No such deployment, or switched off, or the page set it up wrong: no launcher for visitors. */
  readonly unavailable?: boolean;
}

/** What the element's own attributes say, over the deployment's settings. */
export interface LookAttributes {
  readonly launcher?: string | undefined;
  readonly position?: string | undefined;
  readonly primaryColor?: string | undefined;
}

const key = (deploymentId: string) => `genesys-chat-look:${deploymentId}`;
const COLOUR = /^#[0-9a-f]{3,8}$/i;

/** The look kept by an earlier page of the site, when it is well-formed. */
export function rememberedLook(deploymentId: string | undefined, mode: 'local' | 'session' | 'none'): Look | undefined {
  if (!deploymentId) return undefined;
  try {
    const raw = JSON.parse(browserStorage(mode)?.getItem(key(deploymentId)) ?? 'null') as Partial<Look> | null;
    if (!raw || !['on', 'off', 'on-demand'].includes(raw.launcher as string)) return undefined;
    return {
      launcher: raw.launcher!,
      ...(typeof raw.primaryColor === 'string' && COLOUR.test(raw.primaryColor) ? { primaryColor: raw.primaryColor } : {}),
      ...(raw.position && ['auto', 'left', 'right'].includes(raw.position.side) ? { position: raw.position } : {}),
      ...(raw.unavailable === true ? { unavailable: true } : {}),
    };
  } catch {
    return undefined;
  }
}

/** Keeps the look for the site's next page (not with `storage="none"`). */
export function rememberLook(deploymentId: string, mode: 'local' | 'session' | 'none', look: Look): void {
  try {
    browserStorage(mode)?.setItem(key(deploymentId), JSON.stringify(look));
  } catch {
    // Storage full or refused: the next page shows the default look until config.json answers.
  }
}

/** Whether visitors get a launcher: the attribute wins over the deployment; an unusable chat has none. */
export const showsLauncher = (look: Look | undefined, attributes: LookAttributes): boolean =>
  !look?.unavailable && (attributes.launcher === 'on' || attributes.launcher === 'off' ? attributes.launcher === 'on' : (look?.launcher ?? 'on') === 'on');

/**
 * Puts the look on the host: the brand colour under a site's `--genesys-chat-accent`, the side as a
 * custom state (`left` or `right`; `auto` follows the page's direction), the space to the edges.
 */
export function applyLook(host: HTMLElement, states: CustomStateSet, look: Look | undefined, attributes: LookAttributes): void {
  const colour = attributes.primaryColor?.trim() || look?.primaryColor;
  setProperty(host, '--_brand', colour && CSS.supports('color', colour) ? colour : undefined);
  const side = attributes.position === 'left' || attributes.position === 'right' || attributes.position === 'auto' ? attributes.position : look?.position?.side;
  for (const s of ['left', 'right'] as const) {
    try {
      if (side === s) states.add(s);
      else states.delete(s);
    } catch {
      // Custom states unsupported: the launcher stays on the page's end side.
    }
  }
  setProperty(host, '--_side-space', look?.position?.sideSpace !== undefined ? `${look.position.sideSpace}px` : undefined);
  setProperty(host, '--_bottom-space', look?.position?.bottomSpace !== undefined ? `${look.position.bottomSpace}px` : undefined);
}

function setProperty(host: HTMLElement, name: string, value: string | undefined): void {
  if (value === undefined) host.style.removeProperty(name);
  else if (host.style.getPropertyValue(name) !== value) host.style.setProperty(name, value);
}
