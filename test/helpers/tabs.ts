import { waitUntil } from '@open-wc/testing';
import type { GenesysChat } from '../../src/index.js';
import { Visitor } from '../e2e/widget.js';

/** How long a tab may take to load, connect or hear of another's doing (two pages share two cores). */
export const LONG = { timeout: 30_000, interval: 100 };

/** Another tab of the site: a same-origin frame is a page of its own, with its own widget and scripts. */
export async function openTab(deploymentId: string, wsUrl: string) {
  const frame = document.createElement('iframe');
  frame.title = 'Another tab';
  frame.src = `/test/faults/tab-page.html?deployment=${encodeURIComponent(deploymentId)}&endpoint=${encodeURIComponent(wsUrl)}`;
  document.body.append(frame);
  await waitUntil(() => (frame.contentWindow as (Window & { chat?: GenesysChat }) | null)?.chat?.shadowRoot, 'the other tab never loaded', LONG);
  const el = (frame.contentWindow as Window & { chat: GenesysChat }).chat;
  return { visitor: new Visitor(el), close: () => frame.remove() };
}
