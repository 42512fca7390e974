import { expect } from '@open-wc/testing';
import { MAX_AUTH_TRIES } from '../../src/machine/link.setup.js';
import { fakeAuth } from '../helpers/fake-auth.js';
import { settle } from '../helpers/fake-http.js';
import { errorFrame, sessionResponse } from '../helpers/frames.js';
import { schemaErrors } from '../helpers/schema.js';
import { arrange } from './harness.js';

const codes = (t: ReturnType<typeof arrange>) => t.sent('configureAuthenticatedSession').map(f => (f['data'] as { code: string }).code);

describe('chat machine: signed-in visitors', () => {
  it('signs in once the socket is open and configures with the JWT (configureAuthenticatedSession, schema-valid)', async () => {
    const { auth, calls } = fakeAuth();
    const t = arrange({}, { auth });
    t.actor.send({ type: 'chat.start' });
    t.sockets.current.open();
    await settle();
    expect(calls).to.deep.equal(['signIn']);
    const [frame] = t.sent('configureAuthenticatedSession');
    expect(frame).to.include({ token: 'token-1' });
    expect(frame!['data']).to.deep.equal({ code: 'jwt-1' });
    expect(t.sent('configureSession')).to.have.length(0);
    expect(await schemaErrors('ConfigureAuthenticatedSessionRequest', frame)).to.deep.equal([]);
    t.sockets.current.deliver(sessionResponse({ newSession: true }));
    expect(t.state).to.equal('connected');

    // A reconnection configures with the JWT it has: no new sign-in.
    t.sockets.current.drop(1006);
    t.clock.increment(60_000);
    t.sockets.current.open();
    await settle();
    expect(codes(t)).to.deep.equal(['jwt-1', 'jwt-1']);
    expect(calls).to.deep.equal(['signIn']);
  });

  it('configures at once with tokens kept from before a reload, and renews them with their refresh token on 401', async () => {
    const { auth, calls } = fakeAuth();
    const t = arrange({ tokens: { jwt: 'stored-jwt', refreshToken: 'stored-refresh' } }, { auth });
    t.actor.send({ type: 'chat.start' });
    t.sockets.current.open();
    await settle();
    expect(calls).to.deep.equal([]);
    expect(codes(t)).to.deep.equal(['stored-jwt']);
    t.sockets.current.deliver(errorFrame(401, 'User is unauthorized'));
    await settle();
    expect(calls).to.deep.equal(['refresh stored-jwt']);
    t.sockets.current.deliver(sessionResponse());
    // The renewed tokens are stored for the next reload.
    expect(t.saved.at(-1)).to.deep.include({ auth: { jwt: 'jwt-1', refreshToken: 'stored-refresh' } });
  });

  it('renews an expired JWT with the refresh token on 401 "User is unauthorized", untagged, and configures again', async () => {
    const { auth, calls } = fakeAuth();
    const t = arrange({}, { auth });
    t.actor.send({ type: 'chat.start' });
    t.sockets.current.open();
    await settle();
    t.sockets.current.deliver(errorFrame(401, 'User is unauthorized'));
    await settle();
    expect(calls).to.deep.equal(['signIn', 'refresh jwt-1']);
    expect(codes(t)).to.deep.equal(['jwt-1', 'jwt-2']);
    t.sockets.current.deliver(sessionResponse());
    expect(t.state).to.equal('connected');
  });

  it('asks the page for a new proof when the refresh fails, or when Genesys says the login no longer stands (403)', async () => {
    const refreshFails = fakeAuth({ failRefresh: true });
    const t = arrange({}, { auth: refreshFails.auth });
    t.actor.send({ type: 'chat.start' });
    t.sockets.current.open();
    await settle();
    t.sockets.current.deliver(errorFrame(401, 'User is unauthorized'));
    await settle();
    expect(refreshFails.calls).to.deep.equal(['signIn', 'refresh jwt-1', 'signIn']);
    expect(codes(t)).to.deep.equal(['jwt-1', 'jwt-2']);

    const revoked = fakeAuth();
    const u = arrange({}, { auth: revoked.auth });
    u.actor.send({ type: 'chat.start' });
    u.sockets.current.open();
    await settle();
    u.sockets.current.deliver(errorFrame(403, 'Session authentication failed'));
    await settle();
    expect(revoked.calls).to.deep.equal(['signIn', 'signIn']);
    u.sockets.current.deliver(sessionResponse());
    expect(u.state).to.equal('connected');
  });

  it('gives up after a bounded number of refused JWTs, and reports a proof that cannot be exchanged', async () => {
    const { auth } = fakeAuth();
    const t = arrange({}, { auth });
    t.actor.send({ type: 'chat.start' });
    t.sockets.current.open();
    for (let i = 0; i <= MAX_AUTH_TRIES; i++) {
      await settle();
      t.sockets.current.deliver(errorFrame(401, 'User is unauthorized'));
    }
    await settle();
    expect(t.state).to.equal('error');
    expect(codes(t)).to.have.length(MAX_AUTH_TRIES);

    const failing = fakeAuth({ failSignIn: true });
    const u = arrange({}, { auth: failing.auth });
    u.actor.send({ type: 'chat.start' });
    u.sockets.current.open();
    await settle();
    expect(u.state).to.equal('error');
    expect(u.context.error).to.include({ code: 'sign-in-failed' });
    expect(u.context.error!.message).to.match(/HTTP 400/);
    expect(u.sent('configureAuthenticatedSession')).to.have.length(0);
  });

  it('explains a 4017: the stored session is a signed-in one, and the page gave no auth', () => {
    const t = arrange();
    t.actor.send({ type: 'chat.start' });
    t.sockets.current.open();
    t.sockets.current.deliver(errorFrame(4017, 'Cannot downgrade an authenticated session'));
    expect(t.state).to.equal('error');
    expect(t.context.error).to.include({ code: 'session-downgrade', serverCode: 4017 });
    expect(t.context.error!.message).to.match(/auth property/);
  });
});
