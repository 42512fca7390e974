import { fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { nothing } from 'lit';
import '../../src/genesys-chat.js';
import type { GenesysChat } from '../../src/index.js';
import { simulator, type DeploymentOptions } from '../helpers/simulator.js';

type ChatEventType = 'genesys-chat-connected' | 'genesys-chat-message' | 'genesys-chat-ending' | 'genesys-chat-ended' | 'genesys-chat-error';
type DetailOf<K extends ChatEventType> = GlobalEventHandlersEventMap[K]['detail'];

/** Drives a real `<genesys-chat>` the way a visitor does: through its visible parts. */
export class Visitor {
  /** `events` holds every event the element fired, from before it was added to the page. */
  constructor(
    readonly el: GenesysChat,
    private readonly events: readonly Event[] = [],
  ) {}

  /** The details of the events of one type the element fired so far, oldest first. */
  heard<K extends ChatEventType>(type: K): DetailOf<K>[] {
    return this.events.filter(e => e.type === type).map(e => (e as GlobalEventHandlersEventMap[K]).detail);
  }

  /** How many events of a type the element fired so far (for events without details). */
  times(type: string): number {
    return this.events.filter(e => e.type === type).length;
  }

  part<T extends Element = HTMLElement>(name: string): T | null {
    return this.el.shadowRoot!.querySelector<T>(`[part~="${name}"]`);
  }

  parts(name: string): HTMLElement[] {
    return [...this.el.shadowRoot!.querySelectorAll<HTMLElement>(`[part~="${name}"]`)];
  }

  /** Waits for a part to be rendered, and returns it. */
  async find<T extends HTMLElement = HTMLElement>(name: string, timeout = 5000): Promise<T> {
    await waitUntil(() => this.part(name), `part "${name}" never appeared`, { timeout });
    return this.part<T>(name)!;
  }

  statusText(): string {
    return [...this.parts('status'), ...this.parts('error')].map(p => p.textContent?.trim() ?? '').join(' ');
  }

  async waitForStatus(pattern: RegExp, timeout = 5000): Promise<void> {
    await waitUntil(() => pattern.test(this.statusText()), `status never matched ${pattern}: "${this.statusText()}"`, { timeout });
  }

  /** Opens the panel from the launcher, unless it is open already (left open, it comes back open after a reload). */
  async openPanel(): Promise<void> {
    const launcher = await this.find('launcher');
    if (!this.el.opened) launcher.click();
    await this.el.updateComplete;
  }

  async say(text: string): Promise<void> {
    const input = await this.find<HTMLTextAreaElement>('input');
    input.value = text;
    input.dispatchEvent(new Event('input'));
    (await this.find('send-button')).click();
    await this.el.updateComplete;
  }

  /** Texts of the visible messages of one author part (`message-customer`, `message-agent`, ...). */
  messages(part = 'message'): string[] {
    return this.parts(part).map(m => m.querySelector('[data-text]')?.textContent ?? m.textContent ?? '');
  }

  /** The messages of one author part whose visible text (choices and delivery status included) contains `text`. */
  bubblesWith(text: string, part = 'message'): HTMLElement[] {
    return this.parts(part).filter(m => m.textContent?.includes(text));
  }

  /** Picks files in the attach button's file picker, as the visitor's file dialog would. */
  async attach(...files: File[]): Promise<void> {
    (await this.find('attach-button')).click();
    const input = this.el.shadowRoot!.getElementById('file-input') as HTMLInputElement;
    const picked = new DataTransfer();
    for (const file of files) picked.items.add(file);
    input.files = picked.files;
    input.dispatchEvent(new Event('change'));
    await this.el.updateComplete;
  }

  /** What the tray says about each file waiting to be sent: `[name, status]`. */
  tray(): [string, string][] {
    return this.parts('attachment').map(a => [a.querySelector('.upload-name')!.textContent!, a.querySelector('.upload-status')!.textContent!]);
  }

  async endChat(): Promise<void> {
    (await this.find('end-button')).click();
    await this.el.updateComplete;
    (await this.find('confirm-end-button')).click();
    await this.el.updateComplete;
  }
}

export interface WidgetOptions {
  endTimeout?: number;
  /** The `custom-attributes` attribute: JSON of string values. */
  customAttributes?: string;
  /** Stands in for `fetch` (to watch the HTTP requests); it is set before the element connects. */
  fetcher?: GenesysChat['fetcher'];
}

/** A widget on the page, talking to the simulator over a real WebSocket. */
export async function mountWidget(deploymentId: string, wsUrl: string, attributes: WidgetOptions = {}) {
  const events: Event[] = [];
  const hear = (event: Event) => void events.push(event);
  // Listeners and the fetcher are bound in the template, so they are in place before the element connects
  // (a stored session resumes at once, and configuration problems are reported on the first render).
  const el = await fixture<GenesysChat>(html`
    <genesys-chat
      deployment-id=${deploymentId}
      endpoint=${wsUrl}
      end-timeout=${String(attributes.endTimeout ?? 10000)}
      custom-attributes=${attributes.customAttributes ?? nothing}
      .fetcher=${attributes.fetcher ?? ((url: string, init?: RequestInit) => fetch(url, init))}
      @genesys-chat-connected=${hear}
      @genesys-chat-message=${hear}
      @genesys-chat-ending=${hear}
      @genesys-chat-ended=${hear}
      @genesys-chat-error=${hear}
      @genesys-chat-signed-out=${hear}
    ></genesys-chat>
  `);
  return new Visitor(el, events);
}

/** A new simulator deployment, and a visitor who opened the widget and is connected to it. */
export async function startChat(options: DeploymentOptions = {}, attributes: WidgetOptions = {}) {
  const sim = await simulator();
  const { deploymentId } = await sim.createDeployment(options);
  const visitor = await mountWidget(deploymentId, sim.wsUrl, attributes);
  const connected = oneEvent(visitor.el, 'genesys-chat-connected');
  await visitor.openPanel();
  await connected;
  return { sim, deploymentId, visitor };
}
