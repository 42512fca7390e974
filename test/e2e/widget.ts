import { fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import '../../src/genesys-chat.js';
import type { GenesysChat } from '../../src/index.js';
import { simulator, type DeploymentOptions } from '../helpers/simulator.js';

/** Drives a real `<genesys-chat>` the way a visitor does: through its visible parts. */
export class Visitor {
  constructor(readonly el: GenesysChat) {}

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

  async openPanel(): Promise<void> {
    (await this.find('launcher')).click();
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

  async endChat(): Promise<void> {
    (await this.find('end-button')).click();
    await this.el.updateComplete;
    (await this.find('confirm-end-button')).click();
    await this.el.updateComplete;
  }
}

/** A widget on the page, talking to the simulator over a real WebSocket. */
export async function mountWidget(deploymentId: string, wsUrl: string, attributes: { endTimeout?: number } = {}) {
  const el = await fixture<GenesysChat>(html`
    <genesys-chat deployment-id=${deploymentId} endpoint=${wsUrl} end-timeout=${String(attributes.endTimeout ?? 10000)}></genesys-chat>
  `);
  return new Visitor(el);
}

/** A new simulator deployment, and a visitor who opened the widget and is connected to it. */
export async function startChat(options: DeploymentOptions = {}, attributes: { endTimeout?: number } = {}) {
  const sim = await simulator();
  const { deploymentId } = await sim.createDeployment(options);
  const visitor = await mountWidget(deploymentId, sim.wsUrl, attributes);
  const connected = oneEvent(visitor.el, 'genesys-chat-connected');
  await visitor.openPanel();
  await connected;
  return { sim, deploymentId, visitor };
}
