import { expect, fixtureCleanup, waitUntil } from '@open-wc/testing';
import type { AuthProof } from '../../src/index.js';
import { openGuest } from '../helpers/guest-socket.js';
import { pkce } from '../helpers/idp.js';
import { simulator } from '../helpers/simulator.js';
import { mountWidget } from './widget.js';

const REDIRECT = `${location.origin}/callback`;

/** The page's side of a sign-in with PKCE, as a site does it: a verifier, its S256 challenge, the code the IdP gives. */
async function signInAtTheIdp(user: string): Promise<AuthProof> {
  const sim = await simulator();
  const { verifier, challenge } = await pkce();
  const { code } = await sim.idpSignIn({ user, redirectUri: REDIRECT, codeChallenge: challenge, codeChallengeMethod: 'S256' });
  return { code: code!, redirectUri: REDIRECT, codeVerifier: verifier };
}

describe('end to end: signed-in visitors', () => {
  it('signs in with a PKCE code, converses in an authenticated session, and is signed out everywhere by a revoke', async () => {
    const sim = await simulator();
    const { deploymentId } = await sim.createDeployment({ authEnabled: true });
    const visitor = await mountWidget(deploymentId, sim.wsUrl);
    // A callback: the widget asks for a proof when it needs one (a code is single-use).
    let asked = 0;
    visitor.el.auth = async () => {
      asked++;
      return signInAtTheIdp('Jane Doe');
    };
    await visitor.openPanel();
    await waitUntil(() => visitor.el.state === 'connected', `never connected: ${JSON.stringify(visitor.heard('genesys-chat-error'))}`);
    expect(asked).to.equal(1);
    await visitor.say('Hello, signed in');
    await waitUntil(async () => (await sim.state()).conversations.some(c => c.deploymentId === deploymentId && c.messages.some(m => m.text === 'Hello, signed in')), 'the message never arrived');

    const frames = await sim.frames(deploymentId);
    const configure = frames.map(f => f.frame).find(f => f?.['action'] === 'configureAuthenticatedSession')!;
    const jwt = (configure['data'] as { code: string }).code;
    expect(jwt.split('.')).to.have.length(3);
    expect(frames.some(f => f.frame?.['action'] === 'configureSession')).to.equal(false);

    // Signed out from another device: the session is forgotten here too.
    const revoked = await fetch(`${sim.origin}/api/v2/webdeployments/token/revoke`, { method: 'DELETE', headers: { authorization: `bearer ${jwt}` } });
    expect(revoked.status).to.equal(204);
    await waitUntil(() => visitor.times('genesys-chat-signed-out') === 1, 'the widget never heard of the sign-out');
    expect(visitor.part('notice')?.textContent).to.match(/signed out/i);
    expect(visitor.el.state).to.equal('closed');
    expect(visitor.parts('message')).to.have.length(0);
    // Nothing signs in again by itself.
    expect(asked).to.equal(1);
    expect(localStorage.getItem(`genesys-chat:${deploymentId}`)).to.equal(null);
  });

  it('takes an id_token with its nonce, and says clearly when a proof cannot be exchanged', async () => {
    const sim = await simulator();
    const { deploymentId } = await sim.createDeployment({ authEnabled: true });
    const nonce = crypto.randomUUID();
    const { idToken } = await sim.idpSignIn({ responseType: 'id_token', nonce });
    const visitor = await mountWidget(deploymentId, sim.wsUrl);
    visitor.el.auth = { idToken: idToken!, nonce };
    await visitor.openPanel();
    await waitUntil(() => visitor.el.state === 'connected', 'never connected with the id_token');

    const refused = await mountWidget((await sim.createDeployment({ authEnabled: true })).deploymentId, sim.wsUrl);
    refused.el.auth = { code: 'not-a-code', redirectUri: REDIRECT };
    await refused.openPanel();
    await waitUntil(() => refused.heard('genesys-chat-error').some(e => e.code === 'sign-in-failed'), 'no sign-in-failed error');
    await refused.waitForStatus(/couldn.t sign you in/i);
    expect(refused.el.state).to.equal('error');
  });

  it('logout() revokes the login at Genesys and forgets the session at once; the visitor\'s other devices are signed out too', async () => {
    const sim = await simulator();
    const { deploymentId } = await sim.createDeployment({ authEnabled: true });
    const proof = await signInAtTheIdp('Jane Doe');
    const visitor = await mountWidget(deploymentId, sim.wsUrl);
    visitor.el.auth = proof;
    await visitor.openPanel();
    await waitUntil(() => visitor.el.state === 'connected', 'never connected');
    // The same login on another device (a bare socket with the same JWT).
    const configure = (await sim.frames(deploymentId)).map(f => f.frame).find(f => f?.['action'] === 'configureAuthenticatedSession')!;
    const device = openGuest(sim.wsUrl, deploymentId);
    device.send({ action: 'configureAuthenticatedSession', token: crypto.randomUUID(), deploymentId, data: configure['data'] });
    expect((await device.next()).class).to.equal('SessionResponse');

    await visitor.el.logout();
    expect(visitor.el.state).to.equal('closed');
    expect(visitor.times('genesys-chat-signed-out')).to.equal(1);
    expect(localStorage.getItem(`genesys-chat:${deploymentId}`)).to.equal(null);
    expect((await device.next(frame => frame.class === 'LogoutEvent')).class).to.equal('LogoutEvent');
    device.close();
  });

  it('resumes signed in after a reload, with the tokens kept as the storage setting allows, without asking the page again', async () => {
    const sim = await simulator();
    const { deploymentId } = await sim.createDeployment({ authEnabled: true });
    let asked = 0;
    const auth = async () => {
      asked++;
      return signInAtTheIdp('Jane Doe');
    };
    const first = await mountWidget(deploymentId, sim.wsUrl);
    first.el.auth = auth;
    await first.openPanel();
    await waitUntil(() => first.el.state === 'connected', 'never connected');
    await first.say('Before the reload');
    await waitUntil(async () => (await sim.state()).conversations.some(c => c.deploymentId === deploymentId && c.messages.length === 1), 'the message never arrived');
    const stored = JSON.parse(localStorage.getItem(`genesys-chat:${deploymentId}`)!) as { auth?: { jwt: string; refreshToken: string } };
    expect(stored.auth?.jwt.split('.')).to.have.length(3);
    expect(stored.auth?.refreshToken).to.be.a('string');
    fixtureCleanup();

    const again = await mountWidget(deploymentId, sim.wsUrl);
    again.el.auth = auth;
    await again.openPanel();
    await waitUntil(() => again.el.state === 'connected', 'never connected after the reload');
    expect(asked).to.equal(1);
    await again.say('After the reload');
    await waitUntil(async () => (await sim.state()).conversations.some(c => c.deploymentId === deploymentId && c.messages.length === 2), 'the second message never reached the same conversation');
    // Whatever reached the server (the tab hub may answer the reloaded page from the session it holds) used that JWT.
    const configures = (await sim.frames(deploymentId)).map(f => f.frame).filter(f => f?.['action'] === 'configureAuthenticatedSession');
    expect(configures.every(f => (f!['data'] as { code: string }).code === stored.auth!.jwt)).to.equal(true);
    expect((await sim.frames(deploymentId)).some(f => f.frame?.['action'] === 'configureSession')).to.equal(false);
  });

  it('steps a guest conversation up when the page signs the visitor in mid-conversation: same token, same conversation', async () => {
    const sim = await simulator();
    const { deploymentId } = await sim.createDeployment({ authEnabled: true, allowSessionUpgrade: true });
    const visitor = await mountWidget(deploymentId, sim.wsUrl);
    await visitor.openPanel();
    await waitUntil(() => visitor.el.state === 'connected', 'never connected as a guest');
    await visitor.say('As a guest');
    await waitUntil(async () => (await sim.state()).conversations.some(c => c.deploymentId === deploymentId && c.messages.length === 1), 'the guest message never arrived');
    const [guestConfigure] = (await sim.frames(deploymentId)).map(f => f.frame).filter(f => f?.['action'] === 'configureSession');

    visitor.el.auth = await signInAtTheIdp('Jane Doe');
    await waitUntil(async () => (await sim.frames(deploymentId)).some(f => f.frame?.['action'] === 'configureAuthenticatedSession'), 'it never configured with the JWT');
    const stepUp = (await sim.frames(deploymentId)).map(f => f.frame).find(f => f?.['action'] === 'configureAuthenticatedSession')!;
    expect(stepUp['token']).to.equal(guestConfigure!['token']);
    await waitUntil(() => visitor.el.state === 'connected', 'not connected after signing in');
    await visitor.say('Signed in now');
    await waitUntil(async () => (await sim.state()).conversations.some(c => c.deploymentId === deploymentId && c.messages.length === 2), 'the two messages are not one conversation');
    expect(visitor.messages('message-customer')).to.deep.equal(['As a guest', 'Signed in now']);
  });
});
