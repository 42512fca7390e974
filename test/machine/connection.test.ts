import { expect } from '@open-wc/testing';
import { decodeFrame } from '../../src/protocol/decode.js';
import { MAX_RECONNECT_ATTEMPTS } from '../../src/machine/link.machine.js';
import { agentMessage, errorFrame, inboundEcho, sessionExpired, sessionResponse } from '../helpers/frames.js';
import { arrange, DEPLOYMENT, SOCKET_URL } from './harness.js';

describe('chat machine: connecting', () => {
  it('stays idle, with no socket, until asked to start', () => {
    const t = arrange();
    expect(t.state).to.equal('idle');
    expect(t.sockets.sockets).to.have.length(0);
  });

  it('opens the socket, configures the session with its token, and is connected on SessionResponse', () => {
    const t = arrange();
    t.actor.send({ type: 'chat.start' });
    expect(t.state).to.equal('connecting');
    expect(t.sockets.current.url).to.equal(SOCKET_URL);

    t.sockets.current.open();
    const [configure] = t.sent('configureSession');
    expect(configure).to.include({ action: 'configureSession', token: 'token-1', deploymentId: DEPLOYMENT });
    expect(configure!['tracingId']).to.be.a('string');

    t.sockets.current.deliver(sessionResponse({ newSession: true }));
    expect(t.state).to.equal('connected');
    expect(t.emittedOf('connected')).to.deep.equal([{ type: 'connected', newSession: true }]);
    expect(t.saved.at(-1)).to.deep.equal({ token: 'token-1', endRequested: false });
  });

  it('reports a resumed session as not new', () => {
    const t = arrange();
    t.connect({ newSession: false });
    expect(t.emittedOf('connected')[0]!.newSession).to.equal(false);
  });

  it('treats a first connection that never opens as refused, and does not retry on its own', () => {
    const t = arrange();
    t.actor.send({ type: 'chat.start' });
    t.sockets.current.drop(1006);
    expect(t.state).to.equal('error');
    expect(t.context.error?.code).to.equal('connection-refused');
    expect(t.emittedOf('error')[0]!.error.code).to.equal('connection-refused');
    t.clock.increment(120_000);
    expect(t.sockets.sockets).to.have.length(1);
  });

  it('retries a refused connection when the visitor asks', () => {
    const t = arrange();
    t.actor.send({ type: 'chat.start' });
    t.sockets.current.drop(1006);
    t.actor.send({ type: 'chat.retry', at: 0 });
    expect(t.state).to.equal('connecting');
    t.accept();
    expect(t.state).to.equal('connected');
  });

  for (const code of [4006, 4007]) {
    it(`answers ${code} with a new token and one more configureSession`, () => {
      const t = arrange();
      t.actor.send({ type: 'chat.start' });
      t.sockets.current.open();
      t.sockets.current.deliver(errorFrame(code, 'session not found error message'));
      const configures = t.sent('configureSession');
      expect(configures).to.have.length(2);
      const newToken = configures[1]!['token'] as string;
      expect(newToken).to.not.equal('token-1');
      expect(newToken).to.match(/^[0-9a-f-]{36}$/);

      t.sockets.current.deliver(sessionResponse());
      expect(t.state).to.equal('connected');
      expect(t.context.token).to.equal(newToken);
      expect(t.saved.at(-1)!.token).to.equal(newToken);
    });
  }

  it('answers a SessionExpiredEvent to configureSession like 4006: a new token, and the visitor is told why', () => {
    const t = arrange();
    t.actor.send({ type: 'chat.start' });
    t.sockets.current.open();
    t.sockets.current.deliver(sessionExpired('response'));
    const configures = t.sent('configureSession');
    expect(configures).to.have.length(2);
    expect(configures[1]!['token']).to.not.equal('token-1');
    t.sockets.current.deliver(sessionResponse());
    expect(t.state).to.equal('connected');
    expect(t.context.conversation.notice?.code).to.equal('session-expired');
  });

  it('fails visibly when the new token is refused too', () => {
    const t = arrange();
    t.actor.send({ type: 'chat.start' });
    t.sockets.current.open();
    t.sockets.current.deliver(errorFrame(4007, 'session not found'));
    t.sockets.current.deliver(errorFrame(4006, 'session expired'));
    expect(t.state).to.equal('error');
    expect(t.context.error).to.include({ code: 'session-refused', serverCode: 4006 });
  });

  it('renews the token again when a later reconnection finds the session gone too', () => {
    const t = arrange();
    t.actor.send({ type: 'chat.start' });
    t.sockets.current.open();
    t.sockets.current.deliver(errorFrame(4006, 'session expired'));
    t.sockets.current.deliver(sessionResponse());
    const second = t.context.token;
    t.sockets.current.drop(1006);
    t.clock.increment(1000);
    t.sockets.current.open();
    t.sockets.current.deliver(errorFrame(4007, 'session not found'));
    t.sockets.current.deliver(sessionResponse());
    expect(t.state).to.equal('connected');
    expect(t.context.token).to.not.equal(second);
    expect(t.context.conversation.notice?.code).to.equal('session-not-found');
  });

  it('shows a refused configureSession (403) as an error', () => {
    const t = arrange();
    t.actor.send({ type: 'chat.start' });
    t.sockets.current.open();
    t.sockets.current.deliver(errorFrame(403, 'Turn on the Feature Toggle or fix the configuration.'));
    expect(t.state).to.equal('error');
    expect(t.context.error).to.include({ code: 'session-refused', serverCode: 403 });
  });

  it('reconnects with the same token after a drop, and says so', () => {
    const t = arrange();
    t.connect();
    t.sockets.current.drop(1006);
    expect(t.state).to.equal('reconnecting');

    t.clock.increment(1000);
    expect(t.sockets.sockets).to.have.length(2);
    t.accept();
    expect(t.state).to.equal('connected');
    const configures = t.sent('configureSession');
    expect(configures.map(f => f['token'])).to.deep.equal(['token-1', 'token-1']);
  });

  it('backs off between attempts and gives up visibly after the bound', () => {
    const t = arrange();
    t.connect();
    t.sockets.current.drop(1001);
    for (let attempt = 0; attempt < MAX_RECONNECT_ATTEMPTS; attempt++) {
      t.clock.increment(30_000);
      expect(t.state, `attempt ${attempt + 1}`).to.equal('reconnecting');
      t.sockets.current.drop(1006);
    }
    t.clock.increment(30_000);
    expect(t.sockets.sockets).to.have.length(MAX_RECONNECT_ATTEMPTS + 1);
    expect(t.state).to.equal('error');
    expect(t.context.error?.code).to.equal('connection-lost');

    t.actor.send({ type: 'chat.retry', at: 0 });
    t.accept();
    expect(t.state).to.equal('connected');
  });

  it('never throws on bad frames, and reports each as a diagnostic', () => {
    const t = arrange();
    t.connect();
    for (const frame of ['not json', '[]', '{"class":"NoSuchClass","code":200,"body":{}}', '{"class":"StructuredMessage","code":200,"body":{"type":"Text"}}', 'null', '{"class":"SessionResponse","body":"x"}']) {
      t.sockets.current.deliver(frame);
    }
    expect(t.state).to.equal('connected');
    expect(t.messages).to.have.length(0);
    expect(t.emittedOf('error').map(e => e.error.code)).to.deep.equal(Array(6).fill('bad-frame'));
  });

  it('closes the socket normally, and sends nothing, when the actor is stopped', () => {
    const t = arrange();
    t.connect();
    const socket = t.sockets.current;
    const sentBefore = t.sockets.sent.length;
    t.actor.stop();
    expect(socket.closedWith).to.equal(1000);
    expect(t.sockets.sent).to.have.length(sentBefore);
  });
});

describe('chat machine: messages', () => {
  it('shows the visitor\'s message at once, sends it with its tracingId, and reconciles the echo', () => {
    const t = arrange();
    t.connect();
    t.actor.send({ type: 'chat.send', text: 'Hello', tracingId: 'local-1', at: 1000 });
    expect(t.messages).to.deep.equal([
      { id: 'local-1', tracingId: 'local-1', author: 'customer', text: 'Hello', time: 1000, status: 'sending' },
    ]);
    expect(t.sent('onMessage')).to.deep.equal([
      { action: 'onMessage', token: 'token-1', tracingId: 'local-1', message: { type: 'Text', text: 'Hello' } },
    ]);
    expect(t.emittedOf('message')[0]).to.deep.include({ direction: 'sent' });

    t.sockets.current.deliver(inboundEcho('Hello', 'local-1', 'server-1', '2026-01-01T00:00:02.000Z'));
    expect(t.messages).to.have.length(1);
    expect(t.messages[0]).to.deep.include({ id: 'server-1', status: 'sent', text: 'Hello', time: Date.parse('2026-01-01T00:00:02.000Z') });
    expect(t.context.outbox.messages).to.have.length(0);
  });

  it('stamps a message sent without a time or tracingId with its own clock and a new id, and says it took it', () => {
    const t = arrange();
    t.connect();
    t.clock.increment(5000);
    t.actor.send({ type: 'chat.send', text: 'Hello' });
    const accepted = t.context.conversation.lastAccepted;
    expect(accepted).to.deep.include({ time: t.clock.now() });
    expect(t.messages[0]).to.deep.include({ tracingId: accepted!.tracingId, time: t.clock.now(), status: 'sending' });
    expect(t.sent('onMessage')[0]).to.include({ tracingId: accepted!.tracingId });

    t.actor.send({ type: 'chat.send', text: '   ' });
    expect(t.context.conversation.lastAccepted).to.equal(accepted);
  });

  it('shows agent and bot messages in time order, with the sender name, once each', () => {
    const t = arrange();
    t.connect();
    const later = agentMessage('second', { id: 'b', time: '2026-01-01T00:00:05.000Z', nickname: 'Ann' });
    const earlier = agentMessage('first', { id: 'a', time: '2026-01-01T00:00:01.000Z', bot: true });
    t.sockets.current.deliver(later);
    t.sockets.current.deliver(earlier);
    t.sockets.current.deliver(later);
    expect(t.messages.map(m => [m.text, m.author, m.senderName])).to.deep.equal([
      ['first', 'bot', undefined],
      ['second', 'agent', 'Ann'],
    ]);
    expect(t.emittedOf('message').map(e => e.direction)).to.deep.equal(['received', 'received']);
  });

  it('shows the visitor\'s messages from another tab of the same session', () => {
    const t = arrange();
    t.connect();
    t.sockets.current.deliver(inboundEcho('from the other tab', 'someone-elses-tracing-id'));
    expect(t.messages.map(m => [m.author, m.text])).to.deep.equal([['customer', 'from the other tab']]);
  });

  it('does not show the keep-alive echo reply or event messages', () => {
    const t = arrange();
    t.connect();
    t.sockets.current.deliver({
      type: 'response', class: 'StructuredMessage', code: 200,
      body: { text: 'ping', type: 'Text', direction: 'Inbound', id: 'x', metadata: { durationSeconds: '10' } },
      tracingId: 'echo-1',
    });
    t.sockets.current.deliver({
      type: 'message', class: 'StructuredMessage', code: 200,
      body: { id: 'y', type: 'Event', direction: 'Outbound', events: [{ eventType: 'Typing', typing: { type: 'On' } }] },
    });
    expect(t.messages).to.have.length(0);
  });

  it('sends messages typed before the session is ready once it is, exactly once, in order', () => {
    const t = arrange();
    t.actor.send({ type: 'chat.send', text: 'one', tracingId: 't1', at: 1 });
    t.actor.send({ type: 'chat.send', text: 'two', tracingId: 't2', at: 2 });
    expect(t.state).to.equal('connecting');
    expect(t.messages.map(m => m.status)).to.deep.equal(['sending', 'sending']);
    t.accept();
    // One at a time: the next goes when the server has echoed the one before.
    expect(t.sent('onMessage').map(f => f['tracingId'])).to.deep.equal(['t1']);
    t.sockets.current.deliver(inboundEcho('one', 't1'));
    expect(t.sent('onMessage').map(f => f['tracingId'])).to.deep.equal(['t1', 't2']);
    t.sockets.current.deliver(sessionResponse());
    expect(t.sent('onMessage')).to.have.length(2);
  });

  it('sends again, with the same tracingId, a message whose echo was lost with the socket', () => {
    const t = arrange();
    t.connect();
    t.actor.send({ type: 'chat.send', text: 'lost?', tracingId: 't1', at: 1 });
    t.sockets.current.drop(1006);
    t.actor.send({ type: 'chat.send', text: 'offline', tracingId: 't2', at: 2 });
    t.clock.increment(1000);
    t.accept();
    expect(t.sockets.current.sent.filter(f => f['action'] === 'onMessage').map(f => f['tracingId'])).to.deep.equal(['t1']);
    t.sockets.current.deliver(inboundEcho('lost?', 't1'));
    expect(t.sockets.current.sent.filter(f => f['action'] === 'onMessage').map(f => f['tracingId'])).to.deep.equal(['t1', 't2']);
    t.sockets.current.deliver(inboundEcho('offline', 't2'));
    expect(t.messages.map(m => [m.text, m.status])).to.deep.equal([['lost?', 'sent'], ['offline', 'sent']]);
  });

  it('marks a message the server rejects as failed, and the conversation goes on', () => {
    const t = arrange();
    t.connect();
    // Within the widget's own limit, but the server's is lower.
    t.actor.send({ type: 'chat.send', text: 'x'.repeat(3000), tracingId: 't1', at: 1 });
    t.sockets.current.deliver(errorFrame(4011, 'message too long', 't1'));
    expect(t.messages[0]!.status).to.equal('failed');
    expect(t.state).to.equal('connected');
    expect(t.emittedOf('error')[0]!.error).to.deep.include({ code: 'message-too-long', serverCode: 4011, recoverable: true });
  });
});

describe('chat machine: a burst of frames', () => {
  it('reads frames that arrived together in one step: every message shown, one snapshot for observers', () => {
    const t = arrange();
    t.connect();
    const start = Date.parse('2026-01-01T00:00:00Z');
    const frames = Array.from({ length: 1000 }, (_, i) => {
      const decoded = decodeFrame(JSON.stringify(agentMessage(`message ${i}`, { id: `a${i}`, time: new Date(start + i * 1000).toISOString() })));
      if (!decoded.ok) throw new Error(decoded.detail);
      return decoded.frame;
    });
    let snapshots = 0;
    const subscription = t.actor.subscribe(() => snapshots++);
    t.actor.send({ type: 'link.frames', frames, at: start });
    subscription.unsubscribe();

    expect(snapshots).to.equal(1);
    expect(t.messages.map(m => m.text)).to.deep.equal(frames.map((_, i) => `message ${i}`));
    expect(t.emittedOf('message')).to.have.length(1000);
    expect(t.state).to.equal('connected');
  });
});
