import { adoptStyles, type CSSResultOrNative, type LitElement } from 'lit';
import type { ChatPanel, PanelHost, PanelSource } from './chat-panel.js';
import { loadFailed } from './chat-setup.js';

/**
 * Brings the conversation part of the widget (`chat-panel.ts`, a chunk of its own) when it is first
 * needed, and puts it in the element: its styles, then the panel. A load waits for the element to be
 * in a document; one that fails is reported and tried again on the next call.
 */
export class PanelLoader {
  readonly #host: PanelHost & LitElement & { opened: boolean };
  readonly #styles: CSSResultOrNative;
  readonly #source: PanelSource;
  #panel?: ChatPanel;
  #loading?: Promise<ChatPanel>;
  /** Called when the element is next connected. */
  #connected?: () => void;
  /** `opened()` waits for the panel. */
  #open = false;

  /** `styles`: the element's own, kept when the panel's are added. */
  constructor(host: PanelHost & LitElement & { opened: boolean }, styles: CSSResultOrNative, source: PanelSource) {
    this.#host = host;
    this.#styles = styles;
    this.#source = source;
  }

  /** The panel, once loaded. */
  get panel(): ChatPanel | undefined {
    return this.#panel;
  }

  /** What an update of the element waits for: the panel, then the templates it asked for. */
  get pending(): Promise<unknown> | undefined {
    return this.#panel ? this.#panel.pending : this.#loading;
  }

  /** The element was connected. */
  connected(): void {
    this.#connected?.();
  }

  /** The visitor opened the panel: once loaded, it takes focus. */
  opened(): void {
    if (this.#panel) this.#panel.opened();
    else {
      this.#open = true;
      this.with();
    }
  }

  /** Loads the panel, then does `then` with it; a failure is reported by `load`. */
  with(then?: (panel: ChatPanel) => void): void {
    this.load().then(then, () => {});
  }

  load(): Promise<ChatPanel> {
    if (this.#loading) return this.#loading;
    const host = this.#host;
    const inDocument = host.isConnected && host.renderRoot ? undefined : new Promise<void>(resolve => (this.#connected = resolve));
    const loading = (this.#loading = Promise.all([import('./chat-panel.js'), inDocument]).then(async ([module]) => {
      await module.prepare(this.#source);
      adoptStyles(host.renderRoot as ShadowRoot, [this.#styles, ...module.styles]);
      const panel = (this.#panel = new module.ChatPanel(host, this.#source));
      if (this.#open) panel.opened();
      host.requestUpdate();
      return panel;
    }));
    loading.catch((error: unknown) => {
      // Not shown as open meanwhile; the next call tries again.
      this.#loading = undefined;
      host.opened = false;
      this.#source.report(loadFailed(error));
    });
    return loading;
  }
}
