import { expect } from '@open-wc/testing';
import { EXPIRY_WARNING_LEAD } from '../../src/machine/expiry.js';
import { agentMessage, echoReply, errorFrame, inboundEcho, sessionExpired } from '../helpers/frames.js';
import { SessionStore } from '../../src/session/session-store.js';
import { manualFrames } from '../helpers/manual-frames.js';
import { arrange, DEPLOYMENT } from './harness.js';

const HOUR = 3600;

describe('chat machine: session expiry', () => {
  it('warns before the inactivity timeout; staying sends an echo whose reply refreshes the expiry', () => {
    const t = arrange();
    const now = Date.now();
    const expirationDate = Math.floor(now / 1000) + HOUR;
    t.connect({ durationSeconds: HOUR, expirationDate });
    // From the whole second the server gives, not from now: up to a second earlier.
    const due = expirationDate * 1000 - EXPIRY_WARNING_LEAD;
    // The warning is armed relative to when the session answered (the frame's arrival time).
    t.clock.increment(due - now - 1000);
    expect(t.context.expiry.warning).to.equal(false);
    t.clock.increment(2000);
    expect(t.context.expiry.warning).to.equal(true);
    t.actor.send({ type: 'chat.stay' });
    const [echo] = t.sent('echo');
    expect(echo).to.deep.include({ action: 'echo', message: { type: 'Text', text: 'ping' } });
    const renewed = Math.floor(now / 1000) + 2 * HOUR;
    t.sockets.current.deliver(echoReply(echo!['tracingId'] as string, HOUR, renewed));
    expect(t.context.expiry.warning).to.equal(false);
    expect(t.context.expiry.due).to.deep.equal({ durationMs: HOUR * 1000, expiresAt: renewed * 1000 });
    // The echo reply is never shown.
    expect(t.messages).to.have.length(0);
  });

  it('counts activity as staying: a message slides the expiry and takes the warning away', () => {
    const t = arrange();
    t.connect({ durationSeconds: 600 });
    t.clock.increment(600_000 - 300_000);
    expect(t.context.expiry.warning).to.equal(true);
    const at = Date.now();
    t.actor.send({ type: 'chat.send', text: 'still here', tracingId: 'm1', at });
    expect(t.context.expiry.warning).to.equal(false);
    expect(t.context.expiry.due!.expiresAt).to.be.at.least(at + 600_000);
  });

  it('counts a burst of agent messages as activity once, read in one pass', () => {
    const frames = manualFrames();
    const t = arrange({}, { schedule: frames.schedule });
    t.connect({ durationSeconds: 600 });
    frames.flush();
    t.clock.increment(600_000 - 300_000);
    expect(t.context.expiry.warning).to.equal(true);
    const at = Date.now();
    for (const text of ['one', 'two', 'three']) t.sockets.current.deliver(agentMessage(text));
    frames.flush();
    expect(t.messages.map(m => m.text)).to.deep.equal(['one', 'two', 'three']);
    expect(t.context.expiry.warning).to.equal(false);
    expect(t.context.expiry.due!.expiresAt).to.be.at.least(at + 600_000);
    // The same messages again are no activity: the expiry stays where they left it.
    const due = t.context.expiry.due;
    t.clock.increment(1000);
    for (const message of t.messages) t.sockets.current.deliver(agentMessage(message.text!, { id: message.id, time: new Date(message.time).toISOString() }));
    frames.flush();
    expect(t.context.expiry.due).to.equal(due);
  });

  for (const [name, frame, code] of [
    ['SessionExpiredEvent (message)', sessionExpired('message'), 'session-expired'],
    ['SessionExpiredEvent (response)', sessionExpired('response'), 'session-expired'],
    ['error 4006', errorFrame(4006, 'session expired error message'), 'session-expired'],
    ['error 4007', errorFrame(4007, 'session not found error message'), 'session-not-found'],
  ] as const) {
    it(`on ${name} starts clean under a new token and says why, keeping unsent words`, () => {
      const t = arrange();
      t.connect();
      t.sockets.current.deliver(agentMessage('Earlier'));
      t.actor.send({ type: 'chat.send', text: 'unanswered', tracingId: 'm1', at: 1 });
      t.sockets.current.deliver(frame);
      expect(t.state).to.equal('idle');
      expect(t.context.token).to.not.equal('token-1');
      expect(t.messages.map(m => m.text)).to.deep.equal(['unanswered']);
      expect(t.context.conversation.notice?.code).to.equal(code);
      expect(t.errorCodes()).to.deep.equal([code]);
      // Stored under the new token with no live session: a page load does not connect for it.
      expect(t.saved.at(-1)).to.include({ token: t.context.token, expiresAt: 0 });
      // The next start is a new session, and what the visitor typed goes to it.
      t.connect({ newSession: true });
      expect(t.sockets.current.sent[0]).to.deep.include({ action: 'configureSession', token: t.context.token });
      t.sockets.current.deliver(inboundEcho('unanswered', 'm1'));
      expect(t.messages[0]).to.include({ status: 'sent' });
    });
  }

  it('reports an End in progress that the expiry made impossible', () => {
    const t = arrange();
    t.connect();
    t.actor.send({ type: 'chat.end', at: 1 });
    t.sockets.current.deliver(sessionExpired());
    const errors = t.emittedOf('error').map(e => e.error);
    expect(errors.some(e => e.code === 'session-expired' && !e.recoverable)).to.equal(true);
    expect(t.context.ending.requested).to.equal(false);
  });

  it('says so when a resumed session had expired and the link started a new one', () => {
    const t = arrange();
    t.actor.send({ type: 'chat.start' });
    t.sockets.current.open();
    const configure = t.sockets.current.sent[0]!;
    t.sockets.current.deliver(errorFrame(4006, 'session expired error message', configure['tracingId'] as string));
    t.sockets.current.deliver({ type: 'response', class: 'SessionResponse', code: 200, body: { connected: true, newSession: true } });
    expect(t.state).to.equal('connected');
    expect(t.context.conversation.notice?.code).to.equal('session-expired');
    expect(t.saved.at(-1)?.token).to.equal(t.context.token);
    expect(t.context.token).to.not.equal('token-1');
  });

  it('goes on under the same new, random token in every tab of the session, agreed through what they store', () => {
    const site = () => {
      // The tabs of one site share their storage.
      const data = new Map<string, string>();
      const store = new SessionStore(DEPLOYMENT, { getItem: k => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v), removeItem: k => void data.delete(k) });
      const tabs = [arrange({}, { successorOf: token => store.successor(token) }), arrange({}, { successorOf: token => store.successor(token) })];
      for (const t of tabs) {
        t.connect();
        t.sockets.current.deliver({ type: 'message', class: 'SessionExpiredEvent', code: 200, body: {} });
      }
      return tabs.map(t => t.context.token);
    };
    const [a, b] = site();
    expect(a).to.not.equal('token-1');
    expect(a).to.equal(b);
    // Not made from the old token: another site with the same old token gets another one.
    const [c] = site();
    expect(c).to.not.equal(a);
    expect(c).to.match(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
