import { expect } from '@open-wc/testing';
import { ECHO_TIMEOUT, KEEPALIVE_INTERVAL } from '../../src/machine/link.machine.js';
import { CAP_WINDOW } from '../../src/machine/chat.setup.js';
import { MIN_ECHO_INTERVAL } from '../../src/protocol/encode.js';
import { DEAD_SOCKET } from '../../src/transport/socket.js';
import { schemaErrors } from '../helpers/schema.js';
import { arrange } from './harness.js';

const connectionClosed = (reason?: string) => ({
  type: 'message',
  class: 'ConnectionClosedEvent',
  code: 200,
  body: reason ? { reason } : {},
});

/** Makes the page look hidden, then visible again, as a tab coming back from the background does. */
function comeBack() {
  const descriptor = Object.getOwnPropertyDescriptor(Document.prototype, 'visibilityState')!;
  Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'visible' });
  document.dispatchEvent(new Event('visibilitychange'));
  Object.defineProperty(document, 'visibilityState', descriptor);
  delete (document as { visibilityState?: unknown }).visibilityState;
}

/** Lets `ms` pass in steps: SimulatedClock schedules a timer set by a timer from the end of the increment. */
const pass = (t: ReturnType<typeof arrange>, ...steps: number[]) => steps.forEach(ms => t.clock.increment(ms));

describe('chat machine: keeping the connection alive', () => {
  it('checks a quiet connection with an echo every 45 s, never more often than every 30 s, and shows no reply', async () => {
    const t = arrange();
    t.connect();
    pass(t, MIN_ECHO_INTERVAL, KEEPALIVE_INTERVAL - MIN_ECHO_INTERVAL - 1);
    expect(t.sent('echo')).to.have.length(0);
    pass(t, 1);
    const [echo] = t.sent('echo');
    expect(echo).to.include({ token: 'token-1' });
    expect(await schemaErrors('SendEchoRequest', echo)).to.deep.equal([]);
    pass(t, MIN_ECHO_INTERVAL - 1);
    expect(t.sent('echo')).to.have.length(1);
    pass(t, 1, KEEPALIVE_INTERVAL - MIN_ECHO_INTERVAL);
    expect(t.sent('echo')).to.have.length(2);
    expect(t.messages).to.have.length(0);
    expect(t.state).to.equal('connected');
  });

  it('takes an unanswered echo for a dead socket: connects again, and the unconfirmed message goes again', () => {
    const t = arrange();
    t.connect();
    const first = t.sockets.current;
    first.answersEcho = false;
    pass(t, MIN_ECHO_INTERVAL, KEEPALIVE_INTERVAL - MIN_ECHO_INTERVAL);
    t.actor.send({ type: 'chat.send', text: 'Anyone?', tracingId: 'm1', at: 1 });
    pass(t, ECHO_TIMEOUT - 1);
    expect(t.state).to.equal('connected');
    pass(t, 1);
    // Given up as dead, so that a connection shared by several tabs is replaced too.
    expect(first.closedWith).to.equal(DEAD_SOCKET);
    expect(t.sockets.sockets).to.have.length(2);
    t.accept();
    expect(t.state).to.equal('connected');
    expect(t.context.conversation.reconnected).to.equal(true);
    expect(t.sockets.current.sent.filter(f => f['action'] === 'onMessage').map(f => f['tracingId'])).to.deep.equal(['m1']);
  });

  it('takes an echo reply that names no echo for the answer to its own, and keeps the socket', () => {
    const t = arrange();
    t.connect();
    t.sockets.current.tagsEchoReplies = false;
    pass(t, MIN_ECHO_INTERVAL, KEEPALIVE_INTERVAL - MIN_ECHO_INTERVAL);
    expect(t.sent('echo')).to.have.length(1);
    pass(t, ECHO_TIMEOUT);
    expect(t.sockets.sockets).to.have.length(1);
    expect(t.sockets.current.closedWith).to.equal(undefined);
    expect(t.state).to.equal('connected');
  });

  it('probes at once when the page is looked at again after 30 s, not before', () => {
    const t = arrange();
    t.connect();
    pass(t, MIN_ECHO_INTERVAL - 1);
    comeBack();
    expect(t.sent('echo')).to.have.length(0);
    pass(t, 1);
    comeBack();
    expect(t.sent('echo')).to.have.length(1);
  });
});

describe('chat machine: the network going and coming back', () => {
  it('drops to reconnecting when the browser goes offline, and connects at once when it is back online', () => {
    const t = arrange();
    t.connect();
    window.dispatchEvent(new Event('offline'));
    expect(t.state).to.equal('reconnecting');
    expect(t.sockets.sockets[0]!.closedWith).to.equal(1000);
    window.dispatchEvent(new Event('online'));
    expect(t.sockets.sockets).to.have.length(2);
    t.accept();
    expect(t.state).to.equal('connected');
    expect(t.context.conversation.reconnected).to.equal(true);
  });

  it('does not wait out the backoff when the page becomes visible again', () => {
    const t = arrange();
    t.connect();
    t.sockets.current.drop(1006);
    expect(t.state).to.equal('reconnecting');
    expect(t.sockets.sockets).to.have.length(1);
    comeBack();
    expect(t.sockets.sockets).to.have.length(2);
  });
});

describe('chat machine: the server closing the connection for another one', () => {
  for (const [reason, code] of [['SessionLimitReached', 'connection-limit'], ['signedIn', 'signed-in-elsewhere']] as const) {
    it(`stops on ConnectionClosedEvent "${reason}" instead of reconnecting, and Try again connects`, () => {
      const t = arrange();
      t.connect();
      t.sockets.current.deliver(connectionClosed(reason));
      t.sockets.current.drop(1000);
      expect(t.state).to.equal('error');
      expect(t.context.error).to.include({ code, recoverable: false });
      t.clock.increment(10 * 60_000);
      expect(t.sockets.sockets).to.have.length(1);
      t.actor.send({ type: 'chat.retry', at: 1 });
      expect(t.sockets.sockets).to.have.length(2);
    });
  }

  it('stops on a ConnectionClosedEvent without a reason right after connecting: the connection cap, no reconnection loop', () => {
    const t = arrange();
    t.connect();
    t.clock.increment(CAP_WINDOW / 2);
    t.sockets.current.deliver(connectionClosed());
    t.sockets.current.drop(1000);
    expect(t.state).to.equal('error');
    expect(t.context.error).to.include({ code: 'connection-limit' });
    t.clock.increment(10 * 60_000);
    expect(t.sockets.sockets).to.have.length(1);
  });

  it('stops when the server answers configureSession with a ConnectionClosedEvent instead of a session', () => {
    for (const [reason, code] of [[undefined, 'connection-limit'], ['signedIn', 'signed-in-elsewhere']] as const) {
      const t = arrange();
      t.actor.send({ type: 'chat.start' });
      t.sockets.current.open();
      t.sockets.current.deliver(connectionClosed(reason));
      t.sockets.current.drop(1000);
      expect(t.state, String(reason)).to.equal('error');
      expect(t.context.error).to.include({ code });
      t.clock.increment(10 * 60_000);
      expect(t.sockets.sockets).to.have.length(1);
    }
  });

  it('reconnects after a ConnectionClosedEvent without a reason later on (another device left the session for a new one)', () => {
    const t = arrange();
    t.connect();
    t.clock.increment(CAP_WINDOW + 1);
    t.sockets.current.deliver(connectionClosed());
    t.sockets.current.drop(1000);
    expect(t.state).to.equal('reconnecting');
    t.clock.increment(1000);
    t.accept(t.sockets.current, { newSession: false });
    expect(t.state).to.equal('connected');
  });
});
