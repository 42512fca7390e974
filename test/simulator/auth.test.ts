import { expect } from '@open-wc/testing';
import { ask } from '../helpers/guest-socket.js';
import type { ServerFrame } from '../helpers/guest-socket.js';
import { pkce } from '../helpers/idp.js';
import { simulator } from '../helpers/simulator.js';
import { auditAndCloseGuests, configured, guest, text } from './support.js';

const REDIRECT = 'https://shop.example.com/callback';

async function rest(path: string, init: RequestInit) {
  const sim = await simulator();
  const response = await fetch(`${sim.origin}/api/v2/webdeployments/token/${path}`, init);
  const body = response.status === 204 ? null : ((await response.json()) as Record<string, unknown>);
  return { status: response.status, body };
}
const post = (path: string, body: unknown) => rest(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

/** A visitor signed in with the code flow and PKCE, and the Genesys tokens it was exchanged for. */
async function signedIn(deploymentId: string, user = 'Jane Doe') {
  const sim = await simulator();
  const { verifier, challenge } = await pkce();
  const { code } = await sim.idpSignIn({ user, redirectUri: REDIRECT, codeChallenge: challenge, codeChallengeMethod: 'S256' });
  const exchanged = await post('oauthcodegrantjwtexchange', { deploymentId, oauth: { code, redirectUri: REDIRECT, codeVerifier: verifier } });
  expect(exchanged.status).to.equal(200);
  return { code: code!, verifier, jwt: String(exchanged.body!['jwt']), refreshToken: String(exchanged.body!['refreshToken']) };
}

async function configureSignedIn(deploymentId: string, jwt: string, token: string = crypto.randomUUID()) {
  const g = await guest(deploymentId);
  const answer = await ask(g, { action: 'configureAuthenticatedSession', token, deploymentId, data: { code: jwt } });
  return { guest: g, token, answer };
}

describe('simulator: signed-in visitors (reference §10)', () => {
  afterEach(auditAndCloseGuests);

  it('says in config.json whether the deployment takes them and lets guests step up', async () => {
    const sim = await simulator();
    const { deploymentId } = await sim.createDeployment({ authEnabled: true, allowSessionUpgrade: true });
    const json = (await (await fetch(`${sim.origin}/webdeployments/v1/deployments/${deploymentId}/config.json`)).json()) as Record<string, unknown>;
    expect(json['auth']).to.deep.equal({ enabled: true, allowSessionUpgrade: true });
  });

  it('exchanges a code with its PKCE verifier once for a JWT and a refresh token, and refuses a wrong verifier or a second use', async () => {
    const sim = await simulator();
    const { deploymentId } = await sim.createDeployment({ authEnabled: true });
    const { code, verifier, jwt, refreshToken } = await signedIn(deploymentId);
    expect(jwt.split('.')).to.have.length(3);
    const claims = JSON.parse(atob(jwt.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/'))) as Record<string, number>;
    expect(claims['exp']! - claims['iat']!).to.equal(900);
    expect(refreshToken).to.have.length.above(20);
    expect((await post('oauthcodegrantjwtexchange', { deploymentId, oauth: { code, redirectUri: REDIRECT, codeVerifier: verifier } })).status).to.equal(400);

    const { challenge } = await pkce();
    const other = await sim.idpSignIn({ redirectUri: REDIRECT, codeChallenge: challenge, codeChallengeMethod: 'S256' });
    const wrong = await post('oauthcodegrantjwtexchange', { deploymentId, oauth: { code: other.code, redirectUri: REDIRECT, codeVerifier: 'x'.repeat(43) } });
    expect(wrong.status).to.equal(400);
    expect(wrong.body!['message']).to.match(/codeVerifier/);
    // A deployment without signed-in visitors takes no exchange.
    const { deploymentId: guestOnly } = await sim.createDeployment();
    expect((await post('oauthcodegrantjwtexchange', { deploymentId: guestOnly, oauth: { code: 'x', redirectUri: REDIRECT } })).status).to.equal(400);
  });

  it('exchanges an id_token with its nonce for a JWT alone, and refuses another nonce', async () => {
    const sim = await simulator();
    const { deploymentId } = await sim.createDeployment({ authEnabled: true });
    const nonce = crypto.randomUUID();
    const { idToken } = await sim.idpSignIn({ responseType: 'id_token', nonce });
    expect((await post('oauthcodegrantjwtexchange', { deploymentId, oauth: { idToken, nonce: 'another' } })).status).to.equal(400);
    const exchanged = await post('oauthcodegrantjwtexchange', { deploymentId, oauth: { idToken, nonce } });
    expect(exchanged.status).to.equal(200);
    expect(Object.keys(exchanged.body!)).to.deep.equal(['jwt']);
  });

  it('configures an authenticated session with the JWT; a guest configure on its token gets 4017', async () => {
    const sim = await simulator();
    const { deploymentId } = await sim.createDeployment({ authEnabled: true });
    const { jwt } = await signedIn(deploymentId);
    const { guest: g, token, answer } = await configureSignedIn(deploymentId, jwt);
    expect(answer).to.deep.include({ class: 'SessionResponse', code: 200 });
    expect(answer.body).to.include({ connected: true, newSession: true });
    g.send(text(token, 'Signed in and writing'));
    expect((await g.next(frame => frame.body?.direction === 'Inbound')).body.text).to.equal('Signed in and writing');

    const downgrade = await guest(deploymentId);
    expect(await ask(downgrade, { action: 'configureSession', token, deploymentId })).to.include({ class: 'string', code: 4017 });
  });

  it('answers an expired or foreign JWT with 401 "User is unauthorized", untagged; a refreshed one works', async () => {
    const sim = await simulator();
    const { deploymentId } = await sim.createDeployment({ authEnabled: true });
    const { jwt, refreshToken } = await signedIn(deploymentId);
    const { jwt: expired } = await sim.expiredJwt(jwt);
    for (const bad of [expired, 'not.a.jwt', undefined]) {
      const { answer } = await configureSignedIn(deploymentId, bad as string);
      expect(answer).to.deep.equal({ type: 'response', class: 'string', code: 401, body: 'User is unauthorized' });
    }
    const refreshed = await post('refresh', { refreshToken, deploymentId });
    expect(refreshed.status).to.equal(200);
    expect(Object.keys(refreshed.body!)).to.deep.equal(['jwt']);
    expect((await configureSignedIn(deploymentId, String(refreshed.body!['jwt']))).answer).to.include({ class: 'SessionResponse' });
    expect((await post('refresh', { refreshToken: 'unknown', deploymentId })).status).to.equal(401);
  });

  it('revokes with the bearer JWT: LogoutEvent to every socket of the user, the sessions forgotten, the login refused after', async () => {
    const sim = await simulator();
    const { deploymentId } = await sim.createDeployment({ authEnabled: true });
    const { jwt, refreshToken } = await signedIn(deploymentId);
    const phone = await configureSignedIn(deploymentId, jwt);
    const laptop = await configureSignedIn(deploymentId, jwt);
    const someoneElse = await configureSignedIn(deploymentId, (await signedIn(deploymentId, 'Sam Smith')).jwt);

    expect((await rest('revoke', { method: 'DELETE', headers: { authorization: 'bearer nonsense' } })).status).to.equal(401);
    expect((await rest('revoke', { method: 'DELETE', headers: { authorization: `bearer ${jwt}` } })).status).to.equal(204);
    for (const device of [phone, laptop]) {
      const logout: ServerFrame = await device.guest.next(frame => frame.class === 'LogoutEvent');
      expect(logout).to.deep.equal({ type: 'message', class: 'LogoutEvent', code: 200, body: {} });
    }
    expect(someoneElse.guest.received.some(frame => frame.class === 'LogoutEvent')).to.equal(false);
    expect((await sim.state()).sessions.map(s => s.token)).to.not.include.members([phone.token, laptop.token]);
    expect((await post('refresh', { refreshToken, deploymentId })).status).to.equal(401);
    expect((await configureSignedIn(deploymentId, jwt)).answer).to.deep.equal({ type: 'response', class: 'string', code: 403, body: 'Session authentication failed' });
  });

  it('steps a guest session up to signed in where the deployment allows it, and starts afresh where it does not', async () => {
    const sim = await simulator();
    for (const allowSessionUpgrade of [true, false]) {
      const { deploymentId } = await sim.createDeployment({ authEnabled: true, allowSessionUpgrade });
      const visitor = await configured(deploymentId);
      const { jwt } = await signedIn(deploymentId);
      const stepped = await ask(visitor.guest, { action: 'configureAuthenticatedSession', token: visitor.token, deploymentId, data: { code: jwt } });
      expect(stepped.body, String(allowSessionUpgrade)).to.include({ connected: true, newSession: !allowSessionUpgrade });
    }
  });

  it('refuses configureAuthenticatedSession where the deployment takes no signed-in visitors', async () => {
    const sim = await simulator();
    const { deploymentId } = await sim.createDeployment();
    const { answer } = await configureSignedIn(deploymentId, 'whatever');
    expect(answer).to.include({ class: 'string', code: 403 });
  });
});
