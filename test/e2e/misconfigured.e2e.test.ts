import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../src/genesys-chat.js';
import type { GenesysChat } from '../../src/index.js';
import { simulator } from '../helpers/simulator.js';

describe('end to end: a deployment id that does not exist', () => {
  it('shows visitors no launcher, takes no words, and tells the integrator why', async () => {
    const sim = await simulator();
    const errors: string[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => void errors.push(args.map(String).join(' '));
    try {
      // A well-formed id the simulator (as Genesys) does not know: config.json answers 404.
      const el = await fixture<GenesysChat>(html`<genesys-chat deployment-id=${crypto.randomUUID()} endpoint=${sim.wsUrl} storage="none"></genesys-chat>`);
      await waitUntil(() => el.state === 'error', `state is ${el.state}`, { timeout: 8000 });
      await el.updateComplete;
      expect(el.shadowRoot!.querySelector('[part~="launcher"]')).to.equal(null);
      expect(errors.join('\n')).to.contain('deployment-not-found').and.contain('answered 404');
      el.open();
      await el.updateComplete;
      expect(el.shadowRoot!.querySelector('[part~="input"]')).to.equal(null);
      expect(el.shadowRoot!.querySelector('[part~="error"]')!.textContent).to.contain('Chat is unavailable.');
    } finally {
      console.error = original;
    }
  });
});
