import { expect } from '@open-wc/testing';
import { jwtExpiry } from '../../src/auth/jwt-expiry.js';
import { MIN_RENEWAL_DELAY, RENEW_AHEAD } from '../../src/machine/link.setup.js';
import { fakeAuth, jwtExpiringAt, type FakeAuthOptions } from '../helpers/fake-auth.js';
import { settle } from '../helpers/fake-http.js';
import { sessionResponse } from '../helpers/frames.js';
import { arrange } from './harness.js';

/** Genesys JWTs that live 100 s here: each is due for renewal 40 s after it is given. */
const LIFETIME = 100_000;
const DUE = LIFETIME - RENEW_AHEAD;

/** A signed-in visitor connected on the simulated clock, with JWTs that expire on that clock. */
async function signedIn(options: FakeAuthOptions = {}) {
  const fake = fakeAuth({ lifetime: LIFETIME, now: () => t.clock.now(), ...options });
  const t = arrange({}, { auth: fake.auth });
  t.actor.send({ type: 'chat.start' });
  t.sockets.current.open();
  await settle();
  t.sockets.current.deliver(sessionResponse({ newSession: true }));
  expect(t.state).to.equal('connected');
  return { ...fake, t };
}

const codes = (t: ReturnType<typeof arrange>) => t.sent('configureAuthenticatedSession').map(f => (f['data'] as { code: string }).code);

describe('chat machine: a signed-in visitor\'s JWT is renewed before it expires', () => {
  it('renews it with the refresh token shortly before its exp while the conversation goes on, keeps the new tokens, and a reconnection presents them', async () => {
    const { t, calls, issued } = await signedIn();
    // `exp` is in whole seconds: due a minute before it, to the millisecond.
    const due = jwtExpiry(issued[0]!)! - RENEW_AHEAD - t.clock.now();
    expect(due).to.be.within(DUE - 1000, DUE);
    t.clock.increment(due - 1);
    await settle();
    expect(calls).to.deep.equal(['signIn']);
    t.clock.increment(1);
    await settle();
    expect(calls).to.deep.equal(['signIn', 'refresh jwt-1']);
    // Kept for a reload as the storage setting allows; the live session is not configured again.
    expect(t.saved.at(-1)).to.deep.include({ auth: { jwt: issued[1], refreshToken: 'refresh-1' } });
    expect(codes(t)).to.deep.equal([issued[0]]);
    expect(t.state).to.equal('connected');

    t.sockets.current.drop(1006);
    t.clock.increment(30_000);
    t.sockets.current.open();
    await settle();
    expect(codes(t)).to.deep.equal([issued[0], issued[1]]);
    expect(calls).to.have.length(2);
  });

  it('renews a JWT that expired while the socket was down before configuring with it, rather than earning a 401', async () => {
    const { t, calls, issued } = await signedIn();
    t.sockets.current.drop(1006);
    t.clock.increment(LIFETIME + 1000);
    t.sockets.current.open();
    await settle();
    expect(calls).to.deep.equal(['signIn', 'refresh jwt-1']);
    expect(codes(t)).to.deep.equal([issued[0], issued[1]]);
    t.sockets.current.deliver(sessionResponse());
    expect(t.state).to.equal('connected');
  });

  it('goes on with the conversation when a renewal fails, tries no more, and a later configure signs in afresh', async () => {
    const { t, calls, issued } = await signedIn({ failRefresh: true });
    t.clock.increment(DUE);
    await settle();
    expect(calls).to.deep.equal(['signIn', 'refresh jwt-1']);
    expect(t.state).to.equal('connected');
    expect(t.errorCodes()).to.deep.equal([]);
    t.clock.increment(MIN_RENEWAL_DELAY);
    await settle();
    expect(calls).to.have.length(2);

    // The JWT has expired by the next connection, and its refresh token no longer stands: the page is asked.
    t.sockets.current.drop(1006);
    t.clock.increment(LIFETIME);
    t.sockets.current.open();
    await settle();
    expect(calls).to.deep.equal(['signIn', 'refresh jwt-1', 'refresh jwt-1', 'signIn']);
    expect(codes(t)).to.deep.equal([issued[0], issued[1]]);
  });

  it('schedules nothing for a JWT whose expiry cannot be read, or without a refresh token (an id_token sign-in)', async () => {
    const opaque = await signedIn({ lifetime: undefined });
    opaque.t.clock.increment(50_000);
    await settle();
    expect(opaque.calls).to.deep.equal(['signIn']);

    const idToken = fakeAuth();
    const t = arrange({ tokens: { jwt: jwtExpiringAt('stored', Date.now() + 20_000) } }, { auth: idToken.auth });
    t.actor.send({ type: 'chat.start' });
    t.sockets.current.open();
    await settle();
    t.sockets.current.deliver(sessionResponse());
    t.clock.increment(50_000);
    await settle();
    expect(idToken.calls).to.deep.equal([]);
    expect(codes(t)).to.have.length(1);
  });

  it('reads the expiry only from a well-formed exp claim', () => {
    expect(jwtExpiry(jwtExpiringAt('a', 1_700_000_000_000))).to.equal(1_700_000_000_000);
    const header = btoa('{"alg":"none"}');
    for (const payload of ['not base64 !', btoa('not json'), btoa('{"exp":"1700000000"}'), btoa('{"exp":-1}'), btoa('null'), btoa('[1]')]) {
      expect(jwtExpiry(`${header}.${payload}.sig`), payload).to.equal(undefined);
    }
    expect(jwtExpiry('jwt-1')).to.equal(undefined);
    expect(jwtExpiry(`${header}.${btoa('{"exp":1}')}`)).to.equal(undefined);
  });
});
