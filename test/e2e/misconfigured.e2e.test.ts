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

describe('end to end: the debug panel says what is wrong with the setup', () => {
  it('names the allowed domains when the deployment exists but its socket is refused, and Conversation clear when it is off', async () => {
    const sim = await simulator();
    const original = console.error;
    const warn = console.warn;
    console.error = console.warn = () => {};
    try {
      const { deploymentId } = await sim.createDeployment({ refuseHandshake: true, clearAllowed: false });
      const el = await fixture<GenesysChat>(html`<genesys-chat deployment-id=${deploymentId} endpoint=${sim.wsUrl} storage="none" debug></genesys-chat>`);
      el.open();
      await waitUntil(() => el.state === 'error', `state is ${el.state}`, { timeout: 8000 });
      const debug = () => el.shadowRoot!.querySelector('[part~="debug"]')?.textContent?.replace(/\s+/g, ' ') ?? '';
      await waitUntil(() => debug().includes('connection-refused'), `the debug panel says "${debug()}"`);
      expect(debug()).to.contain(`The deployment exists, but the connection was refused before it opened: add this site (${location.hostname}) to the deployment's Allowed domains`);
      expect(debug()).to.contain('clear-not-supported').and.contain('Conversation clear');
      await expect(el).to.be.accessible();
    } finally {
      console.error = original;
      console.warn = warn;
    }
  });
});
