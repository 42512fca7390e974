import { expect } from '@open-wc/testing';
import { authorizeParams, idpCallback, pkce, signInAtTheIdp, submitSignIn } from '../helpers/idp.js';
import { simulator } from '../helpers/simulator.js';

const exchange = async (origin: string, deploymentId: string, oauth: Record<string, unknown>) =>
  (await fetch(`${origin}/api/v2/webdeployments/token/oauthcodegrantjwtexchange`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ deploymentId, oauth }),
  })).status;

describe('simulator: the identity provider\'s authorization endpoint (code flow with PKCE)', () => {
  it('shows a plain, labelled sign-in page with no script under a strict CSP, the request\'s values kept as text', async () => {
    const sim = await simulator();
    const { deploymentId } = await sim.createDeployment({ authEnabled: true });
    const { challenge } = await pkce();
    const state = '"><script>alert(1)</script>';
    const response = await fetch(`${sim.origin}/sim/idp/authorize?${authorizeParams({ clientId: deploymentId, redirectUri: idpCallback(sim.origin), challenge, state })}`);
    expect(response.status).to.equal(200);
    expect(response.headers.get('content-type')).to.match(/^text\/html/);
    expect(response.headers.get('content-security-policy')).to.match(/default-src 'none'/).and.not.match(/script-src|unsafe/);
    const page = new DOMParser().parseFromString(await response.text(), 'text/html');
    expect(page.querySelectorAll('script').length).to.equal(0);
    const form = page.querySelector('form')!;
    expect(form.getAttribute('method')).to.equal('post');
    expect(page.querySelector('label[for="user"]')?.textContent).to.match(/name/i);
    expect(form.querySelector<HTMLInputElement>('input[name="state"]')!.value).to.equal(state);
    expect([...form.querySelectorAll('button')].map(b => b.textContent)).to.deep.equal(['Sign in', 'Cancel']);
  });

  it('redirects the submitted sign-in to redirect_uri with a code and the state; the code is exchanged only with the S256 verifier', async () => {
    const sim = await simulator();
    const { deploymentId } = await sim.createDeployment({ authEnabled: true });
    const redirectUri = idpCallback(sim.origin);
    const right = await pkce();
    const redirected = await submitSignIn(sim.origin, { clientId: deploymentId, redirectUri, challenge: right.challenge, state: 's-1' }, { redirect: 'manual' });
    expect(redirected.type).to.equal('opaqueredirect');

    const wrong = await signInAtTheIdp(sim.origin, { clientId: deploymentId, redirectUri, challenge: right.challenge, state: 's-2' });
    expect(wrong.get('state')).to.equal('s-2');
    expect(await exchange(sim.origin, deploymentId, { code: wrong.get('code'), redirectUri, codeVerifier: (await pkce()).verifier })).to.equal(400);

    const answer = await signInAtTheIdp(sim.origin, { clientId: deploymentId, redirectUri, challenge: right.challenge, state: 's-3', user: 'Sam Smith' });
    expect(await exchange(sim.origin, deploymentId, { code: answer.get('code'), redirectUri })).to.equal(400);
    const again = await signInAtTheIdp(sim.origin, { clientId: deploymentId, redirectUri, challenge: right.challenge });
    expect(await exchange(sim.origin, deploymentId, { code: again.get('code'), redirectUri, codeVerifier: right.verifier })).to.equal(200);
  });

  it('never redirects to a redirect_uri outside the client\'s allowed sites, nor for an unknown client', async () => {
    const sim = await simulator();
    const { deploymentId } = await sim.createDeployment({ authEnabled: true });
    const { challenge } = await pkce();
    const refused = [
      { clientId: deploymentId, redirectUri: 'https://attacker.example/callback' },
      { clientId: deploymentId, redirectUri: 'javascript:alert(1)' },
      { clientId: crypto.randomUUID(), redirectUri: idpCallback(sim.origin) },
    ];
    for (const form of refused) {
      for (const response of [
        await fetch(`${sim.origin}/sim/idp/authorize?${authorizeParams({ ...form, challenge })}`, { redirect: 'manual' }),
        await submitSignIn(sim.origin, { ...form, challenge }, { redirect: 'manual' }),
      ]) {
        expect(response.type, form.redirectUri).to.equal('cors');
        expect(response.status, form.redirectUri).to.equal(400);
      }
    }
  });

  it('sends a request without an S256 challenge back with invalid_request and no code, and a cancel with access_denied', async () => {
    const sim = await simulator();
    const { deploymentId } = await sim.createDeployment({ authEnabled: true });
    const redirectUri = idpCallback(sim.origin);
    const { challenge } = await pkce();
    for (const form of [{ challenge, method: 'plain' }, { challenge: '' }, { challenge, responseType: 'token' }]) {
      const answer = await signInAtTheIdp(sim.origin, { clientId: deploymentId, redirectUri, state: 'kept', ...form });
      expect(Object.fromEntries(answer), JSON.stringify(form)).to.deep.include({ error: 'invalid_request', state: 'kept' });
      expect(answer.has('code')).to.equal(false);
    }
    const params = authorizeParams({ clientId: deploymentId, redirectUri, challenge, state: 'kept' });
    params.set('cancel', '1');
    const cancelled = new URL((await fetch(`${sim.origin}/sim/idp/authorize`, { method: 'POST', body: params })).url).searchParams;
    expect(Object.fromEntries(cancelled)).to.deep.equal({ error: 'access_denied', state: 'kept' });
  });
});
