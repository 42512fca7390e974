import { expect, waitUntil } from '@open-wc/testing';
import type { AuthProof } from '../../src/index.js';
import { idpCallback, pkce, signInAtTheIdp } from '../helpers/idp.js';
import { simulator } from '../helpers/simulator.js';
import { LONG, openTab } from '../helpers/tabs.js';
import { mountWidget } from './widget.js';

/** The site's sign-in, as its page does it: the IdP's authorization endpoint, a PKCE pair, the state checked on return. */
async function signIn(deploymentId: string, user = 'Jane Doe'): Promise<AuthProof> {
  const sim = await simulator();
  const { verifier, challenge } = await pkce();
  const state = crypto.randomUUID();
  const redirectUri = idpCallback(sim.origin);
  const answer = await signInAtTheIdp(sim.origin, { clientId: deploymentId, redirectUri, challenge, state, user });
  expect(answer.get('state')).to.equal(state);
  return { code: answer.get('code')!, redirectUri, codeVerifier: verifier };
}

const stored = (deploymentId: string) => localStorage.getItem(`genesys-chat:${deploymentId}`);
const jwtsConfigured = async (deploymentId: string) =>
  (await (await simulator()).frames(deploymentId)).map(f => f.frame).filter(f => f?.['action'] === 'configureAuthenticatedSession').map(f => (f!['data'] as { code: string }).code);

describe('end to end: a signed-in visitor from sign-in to sign-out', () => {
  it('signs in with the code of the IdP\'s authorization endpoint, converses, renews the JWT once Genesys says it expired, and ends with Clear leaving nothing stored', async () => {
    const sim = await simulator();
    const { deploymentId } = await sim.createDeployment({ authEnabled: true });
    const requests: string[] = [];
    const visitor = await mountWidget(deploymentId, sim.wsUrl, { fetcher: (url, init) => (requests.push(new URL(url).pathname), fetch(url, init)) });
    visitor.el.auth = await signIn(deploymentId);
    await visitor.openPanel();
    await waitUntil(() => visitor.el.state === 'connected', `never connected: ${JSON.stringify(visitor.heard('genesys-chat-error'))}`);
    await visitor.say('Hello, signed in');
    await waitUntil(async () => (await sim.state()).conversations.some(c => c.deploymentId === deploymentId && c.messages.length === 1), 'the message never arrived');

    // The JWT expires at Genesys (the page's clock need not agree), and the connection drops: the widget
    // configures again, is told its JWT is no good, renews it with the refresh token and goes on.
    const [first] = await jwtsConfigured(deploymentId);
    expect((await sim.expireJwts(deploymentId)).logins).to.equal(1);
    const token = (await sim.frames(deploymentId)).map(f => f.frame).find(f => f?.['action'] === 'configureAuthenticatedSession')!['token'] as string;
    await sim.dropSession(token, 1006);
    await waitUntil(async () => (await jwtsConfigured(deploymentId)).length === 3, 'it never configured with a renewed JWT', LONG);
    await waitUntil(() => visitor.el.state === 'connected', 'not connected again', LONG);
    const [, refused, renewed] = await jwtsConfigured(deploymentId);
    expect(refused).to.equal(first);
    expect(renewed).to.not.equal(first);
    expect(requests.filter(path => path.endsWith('/token/refresh'))).to.have.length.of.at.least(1);
    expect(visitor.heard('genesys-chat-error')).to.deep.equal([]);
    await visitor.say('After the renewal');
    await waitUntil(async () => (await sim.state()).conversations.some(c => c.deploymentId === deploymentId && c.messages.length === 2), 'the conversation did not go on');

    await visitor.endChat();
    await waitUntil(() => visitor.times('genesys-chat-ended') === 1, 'never ended', LONG);
    await visitor.waitForStatus(/conversation ended/i);
    expect((await sim.state()).conversations.find(c => c.deploymentId === deploymentId)).to.include({ status: 'ended', endedBy: 'customer' });
    expect(stored(deploymentId)).to.equal(null);
  });

  it('signs the visitor out in every tab when they sign out in one, and nothing stored remains', async () => {
    const sim = await simulator();
    const { deploymentId } = await sim.createDeployment({ authEnabled: true });
    const here = await mountWidget(deploymentId, sim.wsUrl);
    here.el.auth = await signIn(deploymentId);
    await here.openPanel();
    await waitUntil(() => here.el.state === 'connected', 'never connected', LONG);
    await here.say('From this tab');
    await waitUntil(async () => (await sim.state()).conversations.some(c => c.deploymentId === deploymentId && c.messages.length === 1), 'the message never arrived');
    expect(JSON.parse(stored(deploymentId)!)).to.have.property('auth');

    // The site's other tab resumes the signed-in session from what this one stored.
    const other = await openTab(deploymentId, sim.wsUrl);
    let otherSignedOut = 0;
    other.visitor.el.addEventListener('genesys-chat-signed-out', () => otherSignedOut++);
    try {
      await other.visitor.openPanel();
      await waitUntil(() => other.visitor.el.state === 'connected', 'the other tab never connected', LONG);
      await waitUntil(() => other.visitor.messages('message-customer').includes('From this tab'), 'the other tab does not show the conversation', LONG);

      await here.el.logout();
      expect(here.times('genesys-chat-signed-out')).to.equal(1);
      await waitUntil(() => otherSignedOut === 1, 'the other tab was never signed out', LONG);
      await waitUntil(() => other.visitor.el.state === 'closed', 'the other tab is not closed', LONG);
      expect(other.visitor.part('notice')?.textContent).to.match(/signed out/i);
      expect(other.visitor.parts('message')).to.have.length(0);
      expect(here.parts('message')).to.have.length(0);
      expect(stored(deploymentId)).to.equal(null);
      expect((await sim.state()).sessions.filter(s => s.deploymentId === deploymentId)).to.deep.equal([]);
    } finally {
      other.close();
    }
  });
});
