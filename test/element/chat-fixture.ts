import { fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { nothing } from 'lit';
import '../../src/genesys-chat.js';
import type { GenesysChat } from '../../src/index.js';
import type { MockServer } from '../helpers/mock-server.js';

/** A `<genesys-chat>` talking to `server`. */
export function mountChat(server: MockServer, options: { open?: boolean; endTimeout?: string; storage?: string; theme?: string } = {}): Promise<GenesysChat> {
  return fixture<GenesysChat>(html`<genesys-chat
    deployment-id=${server.deploymentId}
    endpoint=${server.endpoint}
    end-timeout=${options.endTimeout ?? nothing}
    storage=${options.storage ?? nothing}
    theme=${options.theme ?? nothing}
    ?open=${options.open}
    .socketFactory=${server.socketFactory}
    .fetcher=${server.fetcher}
  ></genesys-chat>`);
}

/** Mounts, opens from the launcher, and waits until the session is ready. */
export async function mountConnected(server: MockServer, options: { theme?: string } = {}): Promise<GenesysChat> {
  const el = await mountChat(server, options);
  const connected = oneEvent(el, 'genesys-chat-connected');
  part(el, 'launcher').click();
  await connected;
  await el.updateComplete;
  return el;
}

/** Connected, with a conversation: the visitor said something, so End chat is offered. */
export async function mountConversing(server: MockServer): Promise<GenesysChat> {
  const el = await mountConnected(server);
  el.send('Hello');
  await el.updateComplete;
  return el;
}

export function part<T extends HTMLElement = HTMLElement>(el: GenesysChat, name: string): T {
  const found = el.shadowRoot!.querySelector<T>(`[part~="${name}"]`);
  if (!found) throw new Error(`part "${name}" is not rendered`);
  return found;
}

export const hasPart = (el: GenesysChat, name: string): boolean => !!el.shadowRoot!.querySelector(`[part~="${name}"]`);

export const parts = (el: GenesysChat, name: string): HTMLElement[] => [
  ...el.shadowRoot!.querySelectorAll<HTMLElement>(`[part~="${name}"]`),
];

/** What the status and error regions say. */
export const statusText = (el: GenesysChat): string =>
  [...parts(el, 'status'), ...parts(el, 'error')].map(p => p.textContent?.trim() ?? '').join(' ');

export const waitForStatus = (el: GenesysChat, pattern: RegExp) =>
  waitUntil(() => pattern.test(statusText(el)), `status never matched ${pattern}: "${statusText(el)}"`);

/** The shown text of each message of a part (`message-customer`, ...). */
export const texts = (el: GenesysChat, name = 'message'): string[] =>
  parts(el, name).map(m => m.querySelector('[data-text]')?.textContent ?? '');

export const focused = (el: GenesysChat): Element | null => el.shadowRoot!.activeElement;

/** Types into the composer and presses a key the way a keyboard does (the event can be cancelled). */
export function typeAndPress(el: GenesysChat, text: string, init: KeyboardEventInit = {}): KeyboardEvent {
  const input = part<HTMLTextAreaElement>(el, 'input');
  input.value = text;
  input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
  const event = new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, composed: true, cancelable: true, ...init });
  input.dispatchEvent(event);
  return event;
}

/** Replaces a console method for one test; call `restore()` in afterEach. */
export function captureConsole(method: 'error' | 'warn') {
  const original = console[method];
  const calls: string[] = [];
  console[method] = (...args: unknown[]) => void calls.push(args.map(String).join(' '));
  return { calls, restore: () => (console[method] = original) };
}
