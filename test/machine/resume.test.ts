import { expect } from '@open-wc/testing';
import type { StoredSession } from '../../src/session/session-store.js';
import { EXPIRY_STORE_STEP } from '../../src/machine/expiry.region.js';
import { agentMessage, errorFrame, sessionExpired } from '../helpers/frames.js';
import { arrange } from './harness.js';

const stored = (t: ReturnType<typeof arrange>) => t.saved.filter((s): s is StoredSession => s !== null);
const presences = (t: ReturnType<typeof arrange>) =>
  t.sent('onMessage').filter(f => (f['message'] as { events?: { eventType: string }[] } | undefined)?.events?.some(e => e.eventType === 'Presence'));

describe('a page load only resumes', () => {
  it('does not connect for a stored session whose expiry has passed; opening the chat does', () => {
    const t = arrange();
    t.actor.send({ type: 'chat.resume', expiresAt: t.clock.now() - 1 });
    expect(t.sockets.sockets).to.have.length(0);
    expect(t.state).to.equal('idle');
    t.actor.send({ type: 'chat.start' });
    expect(t.sockets.sockets).to.have.length(1);
    t.sockets.current.open();
    expect(t.sent('configureSession')[0]!['token']).to.equal('token-1');
  });

  it('connects for a stored session still alive, or of unknown expiry, or with an End waiting', () => {
    const alive = arrange();
    alive.actor.send({ type: 'chat.resume', expiresAt: alive.clock.now() + 60_000 });
    const unknown = arrange();
    unknown.actor.send({ type: 'chat.resume' });
    const ending = arrange({ endRequested: true });
    ending.actor.send({ type: 'chat.resume', expiresAt: 0 });
    expect([alive, unknown, ending].map(t => t.sockets.sockets.length)).to.deep.equal([1, 1, 1]);
  });

  for (const [name, gone] of [['4006', errorFrame(4006, 'session expired')], ['4007', errorFrame(4007, 'session not found')], ['SessionExpiredEvent', sessionExpired('response')]] as const) {
    it(`makes no session when the resumed one is gone (${name}): idle, quiet, until the visitor opens the chat`, () => {
      const t = arrange();
      t.actor.send({ type: 'chat.resume' });
      t.sockets.current.open();
      t.sockets.current.deliver(gone);
      expect(t.sent('configureSession'), 'a second configureSession').to.have.length(1);
      expect(t.state).to.equal('idle');
      expect(t.errorCodes()).to.deep.equal([]);
      // The next token is a fresh random one, not made from the old one, stored with no live session.
      const next = t.context.token;
      expect(t.saved.at(-1), 'the gone session is not resumed again').to.include({ token: next, expiresAt: 0 });
      expect(next).to.not.equal('token-1');
      expect(next).to.match(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);

      t.actor.send({ type: 'chat.start' });
      t.accept(t.sockets.current, { newSession: true });
      expect(t.sent('configureSession').at(-1)!['token']).to.equal(next);
      expect(t.state).to.equal('connected');
    });
  }

  it('drops words left unsent in a gone session: what is stored expires with the session', () => {
    const t = arrange({ outbox: [{ tracingId: 'w1', text: 'Still there?', time: Date.now() - 4 * 86_400_000, wire: false }] });
    t.actor.send({ type: 'chat.resume' });
    t.sockets.current.open();
    t.sockets.current.deliver(errorFrame(4006, 'session expired'));
    const last = t.saved.at(-1) as StoredSession;
    expect(last.expiresAt, 'stored as dormant').to.equal(0);
    expect(last.outbox).to.equal(undefined);
    expect(t.messages).to.deep.equal([]);

    t.actor.send({ type: 'chat.start' });
    t.accept(t.sockets.current, { newSession: true });
    expect(t.sent('onMessage').map(f => (f['message'] as { text?: string }).text).filter(Boolean)).to.deep.equal([]);
  });

  it('renews a gone session as before once the visitor has opened the chat meanwhile', () => {
    const t = arrange();
    t.actor.send({ type: 'chat.resume' });
    t.actor.send({ type: 'chat.start' });
    t.sockets.current.open();
    t.sockets.current.deliver(errorFrame(4006, 'session expired'));
    expect(t.sent('configureSession')).to.have.length(2);
    expect(presences(t)).to.have.length(0);
  });
});

describe('what is stored expires with the session', () => {
  it('stores the expiry the server announces, and again once activity has moved it by a step', () => {
    const t = arrange();
    const now = t.clock.now();
    t.connect({ durationSeconds: 600, expirationDate: Math.floor(now / 1000) + 600 });
    expect(stored(t).at(-1)!.expiresAt).to.equal((Math.floor(now / 1000) + 600) * 1000);
    const writes = t.saved.length;
    // Activity within the step slides the expiry but writes nothing.
    t.clock.increment(EXPIRY_STORE_STEP / 2);
    t.sockets.current.deliver(agentMessage('one'));
    expect(t.saved.length).to.equal(writes);
    // A step on, one write with the slid expiry.
    t.clock.increment(EXPIRY_STORE_STEP);
    t.sockets.current.deliver(agentMessage('two'));
    expect(t.saved.length).to.equal(writes + 1);
    expect(stored(t).at(-1)!.expiresAt).to.equal(t.clock.now() + 600_000);
  });

  it('writes once for a burst of messages, however many', () => {
    const t = arrange();
    t.connect({ durationSeconds: 600, expirationDate: Math.floor(t.clock.now() / 1000) + 600 });
    const writes = t.saved.length;
    t.clock.increment(EXPIRY_STORE_STEP * 2);
    for (let i = 0; i < 50; i++) t.sockets.current.deliver(agentMessage(`m${i}`));
    expect(t.saved.length).to.equal(writes + 1);
  });
});

describe('signed out by the server', () => {
  it('forgets the session on LogoutEvent: nothing stored, shown or unsent is left, and a new token starts afresh', () => {
    const t = arrange();
    t.connect();
    t.sockets.current.deliver(agentMessage('Hello'));
    t.actor.send({ type: 'chat.send', text: 'Not confirmed yet' });
    t.sockets.current.deliver({ type: 'message', class: 'LogoutEvent', code: 200, body: {} });
    // Closed: nothing starts again until the visitor asks for a new conversation.
    expect(t.state).to.equal('closed');
    expect(t.saved.at(-1)).to.equal(null);
    expect(t.messages).to.deep.equal([]);
    expect(t.context.outbox.messages).to.deep.equal([]);
    expect(t.errorCodes()).to.deep.equal([]);
    expect(t.emittedOf('signedOut')).to.have.length(1);
    expect(t.context.conversation.notice?.code).to.equal('signed-out');
    const next = t.context.token;
    expect(next).to.not.equal('token-1');

    t.actor.send({ type: 'chat.startNew' });
    t.accept(t.sockets.current, { newSession: true });
    expect(t.sent('configureSession').at(-1)!['token']).to.equal(next);
    expect(t.state).to.equal('connected');
  });

  it('forgets it while ending too: there is nothing left to end', () => {
    const t = arrange();
    t.connect();
    t.actor.send({ type: 'chat.end', at: 1 });
    t.sockets.current.deliver({ type: 'message', class: 'LogoutEvent', code: 200, body: {} });
    expect(t.state).to.equal('closed');
    expect(t.context.ending.requested).to.equal(false);
    expect(t.saved.at(-1)).to.equal(null);
  });
});
