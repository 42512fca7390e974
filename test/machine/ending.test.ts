import { expect } from '@open-wc/testing';
import { DEFAULT_END_TIMEOUT, DEFAULT_MAX_END_ATTEMPTS } from '../../src/machine/chat.machine.js';
import {
  agentMessage,
  clearForbidden,
  connectionClosed,
  sessionCleared,
  tooManyRequests,
} from '../helpers/frames.js';
import { MAX_RECONNECT_ATTEMPTS } from '../../src/machine/link.machine.js';
import { arrange } from './harness.js';

const CLEAR_MESSAGE = { type: 'Event', events: [{ eventType: 'Presence', presence: { type: 'Clear' } }] };

/** Every connection attempt, `times` over, is refused (the service is away). */
function serviceAway(t: ReturnType<typeof arrange>, times: number) {
  for (let attempt = 0; attempt < times; attempt++) {
    t.clock.increment(60_000);
    t.sockets.current.drop(1006);
  }
}

function ending(input = {}) {
  const t = arrange(input);
  t.connect();
  t.actor.send({ type: 'chat.end', at: 10_000 });
  return t;
}

describe('chat machine: ending', () => {
  it('sends exactly the Presence Clear event, with a fresh tracingId, and persists the intent first', () => {
    const t = ending();
    expect(t.state).to.equal('ending');
    const clears = t.clears();
    expect(clears).to.have.length(1);
    expect(clears[0]).to.deep.equal({
      action: 'onMessage',
      token: 'token-1',
      tracingId: clears[0]!['tracingId'],
      message: CLEAR_MESSAGE,
    });
    expect(clears[0]!['tracingId']).to.match(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(t.saved.at(-1)).to.deep.equal({ token: 'token-1', endRequested: true });
    expect(t.emittedOf('ending')).to.deep.equal([{ type: 'ending', attempt: 1 }]);
  });

  it('is not over until the server acknowledges', () => {
    const t = ending();
    t.clock.increment(DEFAULT_END_TIMEOUT - 1);
    expect(t.state).to.equal('ending');
    expect(t.emittedOf('ended')).to.have.length(0);
  });

  it('is over on SessionClearedEvent, and reports who ended it and how long the acknowledgement took', () => {
    const t = ending();
    t.sockets.current.deliver(sessionCleared());
    expect(t.state).to.equal('closed');
    const [ended] = t.emittedOf('ended');
    expect(ended!.report.by).to.equal('customer');
    expect(ended!.report.attempts).to.equal(1);
    expect(ended!.report.latency).to.be.a('number').and.to.be.at.least(0);
    // Nothing is left to resume: the next page load must not reconnect to an ended conversation.
    expect(t.saved.at(-1)).to.equal(null);
  });

  it('counts ConnectionClosedEvent after a Clear as the acknowledgement', () => {
    const t = ending();
    t.sockets.current.deliver(connectionClosed());
    expect(t.state).to.equal('closed');
  });

  it('keeps showing what the agent says while waiting', () => {
    const t = ending();
    t.sockets.current.deliver(agentMessage('Bye!'));
    expect(t.state).to.equal('ending');
    expect(t.messages.map(m => m.text)).to.deep.equal(['Bye!']);
  });

  it('sends nothing the visitor types after End', () => {
    const t = ending();
    t.actor.send({ type: 'chat.send', text: 'wait', tracingId: 'late', at: 1 });
    expect(t.sent('onMessage').filter(f => f['tracingId'] === 'late')).to.have.length(0);
  });

  it('reconnects and sends Clear again, with a new tracingId, when the acknowledgement does not come in time', () => {
    const t = ending();
    const first = t.sockets.current;
    t.clock.increment(DEFAULT_END_TIMEOUT);
    expect(t.state).to.equal('ending');
    expect(first.closedWith).to.equal(1000);
    expect(t.sockets.sockets).to.have.length(2);

    t.accept();
    const clears = t.clears();
    expect(clears).to.have.length(2);
    expect(clears[1]!['tracingId']).to.not.equal(clears[0]!['tracingId']);
    expect(t.sockets.current.sent.filter(f => f['action'] === 'onMessage')).to.have.length(1);

    t.sockets.current.deliver(sessionCleared());
    expect(t.state).to.equal('closed');
    expect(t.emittedOf('ended')[0]!.report.attempts).to.equal(2);
  });

  it('honours the end-timeout it was given', () => {
    const t = ending({ endTimeout: 2500 });
    t.clock.increment(2499);
    expect(t.sockets.sockets).to.have.length(1);
    t.clock.increment(1);
    expect(t.sockets.sockets).to.have.length(2);
  });

  it('reports a failure the visitor can retry after the bounded number of unacknowledged attempts', () => {
    const t = ending();
    for (let attempt = 1; attempt < DEFAULT_MAX_END_ATTEMPTS; attempt++) {
      t.clock.increment(DEFAULT_END_TIMEOUT);
      t.accept();
    }
    expect(t.clears()).to.have.length(DEFAULT_MAX_END_ATTEMPTS);
    t.clock.increment(DEFAULT_END_TIMEOUT);
    expect(t.state).to.equal('error');
    expect(t.context.error).to.include({ code: 'end-not-acknowledged' });
    expect(t.emittedOf('error').at(-1)!.error.code).to.equal('end-not-acknowledged');
    expect(t.emittedOf('ended')).to.have.length(0);
    expect(t.saved.at(-1)!.endRequested).to.equal(true);

    t.actor.send({ type: 'chat.retry', at: 99_000 });
    expect(t.state).to.equal('ending');
    t.accept();
    expect(t.clears()).to.have.length(DEFAULT_MAX_END_ATTEMPTS + 1);
    t.sockets.current.deliver(sessionCleared());
    expect(t.state).to.equal('closed');
  });

  it('lets the visitor give up a failed end and go back to the conversation', () => {
    const t = ending({ maxEndAttempts: 1 });
    t.clock.increment(DEFAULT_END_TIMEOUT);
    expect(t.state).to.equal('error');
    t.actor.send({ type: 'chat.cancelEnd' });
    expect(t.saved.at(-1)!.endRequested).to.equal(false);
    t.accept();
    expect(t.state).to.equal('connected');
    expect(t.clears()).to.have.length(1);
  });

  it('sends Clear again over a new connection when the socket drops while waiting', () => {
    const t = ending();
    t.sockets.current.drop(1006);
    expect(t.state).to.equal('ending');
    t.clock.increment(1000);
    t.accept();
    expect(t.clears()).to.have.length(2);
    t.sockets.current.deliver(sessionCleared());
    expect(t.state).to.equal('closed');
  });

  it('waits as long as a 429 says, then sends Clear again', () => {
    const t = ending();
    t.sockets.current.deliver(tooManyRequests(3));
    t.clock.increment(2999);
    expect(t.clears()).to.have.length(1);
    t.clock.increment(1);
    expect(t.clears()).to.have.length(2);
    t.sockets.current.deliver(sessionCleared());
    expect(t.state).to.equal('closed');
  });

  it('explains a deployment that does not allow visitors to end, drops the intent, and lets the chat go on', () => {
    const t = ending();
    t.sockets.current.deliver(clearForbidden(t.clears()[0]!['tracingId'] as string));
    expect(t.state).to.equal('error');
    expect(t.context.error).to.include({ code: 'clear-not-supported', serverCode: 403 });
    expect(t.context.error!.message).to.match(/conversation clear/i);
    expect(t.saved.at(-1)!.endRequested).to.equal(false);
    t.actor.send({ type: 'chat.cancelEnd' });
    t.accept();
    expect(t.state).to.equal('connected');
  });

  it('ends from a dropped connection: End while reconnecting sends Clear once connected again', () => {
    const t = arrange();
    t.connect();
    t.sockets.current.drop(1006);
    t.actor.send({ type: 'chat.end', at: 1 });
    expect(t.clears()).to.have.length(0);
    t.clock.increment(1000);
    t.accept();
    expect(t.clears()).to.have.length(1);
  });

  it('finishes a persisted end first after a reload, before anything else is sent', () => {
    const t = arrange({ endRequested: true });
    t.actor.send({ type: 'chat.start' });
    expect(t.state).to.equal('ending');
    t.accept();
    expect(t.sockets.current.sent.map(f => f['action'])).to.deep.equal(['configureSession', 'onMessage']);
    expect(t.clears()).to.have.length(1);
    t.sockets.current.deliver(sessionCleared());
    expect(t.state).to.equal('closed');
  });

  it('never gives up an End for want of a connection: it keeps trying, across a reload, and completes when the service is back', () => {
    const t = arrange();
    t.connect();
    // The service goes away, and End is pressed meanwhile.
    t.sockets.current.drop(1006);
    t.actor.send({ type: 'chat.end', at: 1 });
    serviceAway(t, MAX_RECONNECT_ATTEMPTS * 2);
    expect(t.sockets.sockets.length).to.be.greaterThan(MAX_RECONNECT_ATTEMPTS * 2);
    expect(t.state).to.equal('ending');
    expect(t.errorCodes()).to.deep.equal([]);
    expect(t.saved.at(-1)).to.include({ endRequested: true });

    // A reload while the service is still away: the first connection never opens, which is no reason to stop.
    const reloaded = arrange({ endRequested: true });
    reloaded.actor.send({ type: 'chat.resume' });
    reloaded.sockets.current.drop(1006);
    serviceAway(reloaded, MAX_RECONNECT_ATTEMPTS * 2);
    expect(reloaded.state).to.equal('ending');
    expect(reloaded.errorCodes()).to.deep.equal([]);
    // The service is back: Clear goes, and the acknowledgement ends it.
    reloaded.clock.increment(60_000);
    reloaded.accept();
    expect(reloaded.clears()).to.have.length(1);
    reloaded.sockets.current.deliver(sessionCleared());
    expect(reloaded.state).to.equal('closed');
  });

  it('lets the visitor give up an End that waits for the connection; the connection is then bounded again', () => {
    const t = arrange();
    t.connect();
    t.sockets.current.drop(1006);
    t.actor.send({ type: 'chat.end', at: 1 });
    t.actor.send({ type: 'chat.cancelEnd' });
    expect(t.state).to.equal('reconnecting');
    expect(t.context.ending.requested).to.equal(false);
    expect(t.saved.at(-1)).to.include({ endRequested: false });
    serviceAway(t, MAX_RECONNECT_ATTEMPTS + 1);
    expect(t.state).to.equal('error');
    expect(t.errorCodes()).to.deep.equal(['connection-lost']);
    expect(t.clears()).to.have.length(0);
  });

  it('shows an end made in another tab of the same session', () => {
    const t = arrange();
    t.connect();
    t.sockets.current.deliver(sessionCleared());
    expect(t.state).to.equal('closed');
    expect(t.clears()).to.have.length(0);
    expect(t.emittedOf('ended')[0]!.report).to.deep.equal({ by: 'customer', attempts: 0 });
  });

  it('starts a new conversation after the end, with the same token and an empty transcript', () => {
    const t = ending();
    t.sockets.current.deliver(agentMessage('old'));
    t.sockets.current.deliver(sessionCleared());
    t.actor.send({ type: 'chat.startNew' });
    expect(t.state).to.equal('connecting');
    expect(t.messages).to.have.length(0);
    t.accept(t.sockets.current, { newSession: true });
    expect(t.state).to.equal('connected');
    expect(t.sent('configureSession').at(-1)!['token']).to.equal('token-1');
  });

  it('never sends Clear for anything but End: drops, reconnects, retries and stopping send none', () => {
    const t = arrange();
    t.connect();
    t.actor.send({ type: 'chat.send', text: 'hi', tracingId: 't', at: 1 });
    t.sockets.current.drop(1001);
    t.clock.increment(1000);
    t.accept();
    t.sockets.current.drop(1006);
    t.clock.increment(2000);
    t.accept();
    t.actor.stop();
    expect(t.clears()).to.have.length(0);
  });
});
