import { expect, waitUntil } from '@open-wc/testing';
import { MockServer } from '../helpers/mock-server.js';
import { mountConnected, part, parts } from './chat-fixture.js';

describe('<genesys-chat> session expiry', () => {
  it('warns shortly before an inactive session expires, and Stay in the chat keeps it', async () => {
    // A two-second session: the warning is due halfway (the lead is at most half the session).
    const server = new MockServer({ session: { durationSeconds: 2 } });
    const el = await mountConnected(server);
    await waitUntil(() => parts(el, 'expiry-warning').length === 1, 'the warning never showed', { timeout: 3000 });
    const warning = part(el, 'expiry-warning');
    expect(warning.getAttribute('role')).to.equal('alert');
    expect(warning.textContent).to.contain('inactive');
    await expect(el).to.be.accessible();

    part(el, 'stay-button').click();
    await waitUntil(() => parts(el, 'expiry-warning').length === 0, 'staying did not keep the session');
    expect(server.received.filter(f => f['action'] === 'echo')).to.have.length.at.least(1);
    expect(el.state).to.equal('connected');
  });
});
