import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** What the controller reads of the visual viewport (`window.visualViewport`). */
export interface ViewportSource extends EventTarget {
  readonly width: number;
  readonly height: number;
  readonly offsetLeft: number;
  readonly offsetTop: number;
}

/** Where the visual viewport comes from; tests put a fake keyboard here. */
export const visualViewportSource = {
  get: (): ViewportSource | null => globalThis.visualViewport ?? null,
};

/** While the panel is open on a phone, the page behind it stays still. A constant rule: nothing from outside goes in. */
const pageLock = new CSSStyleSheet();
pageLock.replaceSync('@media (max-width: 599.98px) { :root { overflow: hidden !important; overscroll-behavior: none !important; } }');

type Host = ReactiveControllerHost & Pick<HTMLElement, 'isConnected'> & { readonly opened: boolean; readonly renderRoot: HTMLElement | DocumentFragment };

const VIEWPORT_EDGES = [
  ['--_vv-left', 'offsetLeft'],
  ['--_vv-top', 'offsetTop'],
  ['--_vv-width', 'width'],
  ['--_vv-height', 'height'],
] as const;

/**
 * Keeps the open panel on the visual viewport: on a phone the on-screen keyboard (and pinch zoom) shrinks
 * or moves what is visible while the layout viewport stays, so a panel sized to the layout viewport
 * would put the composer behind the keyboard. The sizes go into custom properties of a sheet of the
 * panel's own (the phone layout in panel.styles.ts uses them), never into the page's DOM. Listens only
 * while the panel is open: the viewport's events come at most once a frame, and a change only restyles.
 */
export class MobileViewport implements ReactiveController {
  readonly #host: Host;
  readonly #sheet = new CSSStyleSheet();
  readonly #rule: CSSStyleRule;
  #source: ViewportSource | null = null;
  #active = false;

  constructor(host: Host) {
    this.#host = host;
    this.#sheet.replaceSync(':host {}');
    this.#rule = this.#sheet.cssRules[0] as CSSStyleRule;
    host.addController(this);
  }

  hostConnected(): void {
    this.hostUpdated();
  }

  hostUpdated(): void {
    // A removed element may still update (a reply arriving): it no longer holds the page.
    if ((this.#host.opened && this.#host.isConnected) !== this.#active) {
      if (this.#active) this.#stop();
      else this.#start();
    }
  }

  hostDisconnected(): void {
    if (this.#active) this.#stop();
  }

  #start(): void {
    this.#active = true;
    const root = this.#host.renderRoot as ShadowRoot;
    if (!root.adoptedStyleSheets.includes(this.#sheet)) root.adoptedStyleSheets = [...root.adoptedStyleSheets, this.#sheet];
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, pageLock];
    const source = visualViewportSource.get();
    if (!source) return;
    this.#source = source;
    source.addEventListener('resize', this.#sync);
    source.addEventListener('scroll', this.#sync);
    this.#sync();
  }

  #stop(): void {
    this.#active = false;
    document.adoptedStyleSheets = document.adoptedStyleSheets.filter(sheet => sheet !== pageLock);
    this.#source?.removeEventListener('resize', this.#sync);
    this.#source?.removeEventListener('scroll', this.#sync);
    this.#source = null;
    for (const [name] of VIEWPORT_EDGES) this.#rule.style.removeProperty(name);
  }

  readonly #sync = (): void => {
    const source = this.#source;
    if (!source) return;
    for (const [name, key] of VIEWPORT_EDGES) this.#rule.style.setProperty(name, `${source[key]}px`);
  };
}
