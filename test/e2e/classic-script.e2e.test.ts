import { expect, waitUntil } from '@open-wc/testing';
import type { GenesysChat } from '../../src/index.js';
import { simulator } from '../helpers/simulator.js';

/**
 * The classic-script build (dist/genesys-chat.iife.js), as a CMS pastes it: one `<script src>` without
 * `type="module"` and one tag, on a page of its own, talking to the real simulator.
 */
async function pasted(attributes: string): Promise<{ frame: HTMLIFrameElement; el: GenesysChat }> {
  const frame = document.createElement('iframe');
  frame.srcdoc = `<!doctype html><html lang="en"><body>
    <script src="/__classic/genesys-chat.iife.js"></script>
    <genesys-chat ${attributes}></genesys-chat></body></html>`;
  const loaded = new Promise(resolve => frame.addEventListener('load', resolve, { once: true }));
  document.body.append(frame);
  await loaded;
  const el = frame.contentDocument!.querySelector('genesys-chat') as GenesysChat;
  return { frame, el };
}

describe('end to end: the classic-script build', () => {
  it('defines the element from a script without type="module", converses and ends with Clear', async () => {
    const sim = await simulator();
    const { deploymentId } = await sim.createDeployment();
    const { frame, el } = await pasted(`deployment-id="${deploymentId}" endpoint="${sim.wsUrl}"`);
    try {
      const win = frame.contentWindow as Window & typeof globalThis & { GenesysChat?: unknown };
      expect(win.customElements.get('genesys-chat')).to.be.a('function');
      // The script also names the class, for pages that script it without modules.
      expect(win.GenesysChat).to.have.property('GenesysChat', win.customElements.get('genesys-chat'));
      const launcher = () => el.shadowRoot?.querySelector<HTMLButtonElement>('[part~="launcher"]');
      await waitUntil(launcher, 'no launcher');
      launcher()!.click();
      await waitUntil(() => el.state === 'connected', `never connected (${el.state})`, { timeout: 5000 });
      await waitUntil(() => el.shadowRoot!.querySelector('[part~="input"]'), 'no message field');
      const input = el.shadowRoot!.querySelector<HTMLTextAreaElement>('[part~="input"]')!;
      input.value = 'Pasted into a CMS';
      input.dispatchEvent(new Event('input'));
      el.shadowRoot!.querySelector<HTMLButtonElement>('[part~="send-button"]')!.click();
      await waitUntil(async () => (await sim.state()).conversations.some(c => c.deploymentId === deploymentId && c.messages.length === 1), 'the message never arrived');
      const ended = new Promise(resolve => el.addEventListener('genesys-chat-ended', resolve, { once: true }));
      await el.endConversation();
      await ended;
      expect((await sim.state()).conversations.find(c => c.deploymentId === deploymentId)).to.include({ status: 'ended', endedBy: 'customer' });
    } finally {
      frame.remove();
    }
  });
});
