import { expect } from '@open-wc/testing';
import { agentDisconnect, errorFrame, inboundEcho, sessionResponse } from '../helpers/frames.js';
import { arrange } from './harness.js';

describe('chat machine: the agent ends the conversation', () => {
  it('in Send mode, says so and lets the visitor go on: the next message starts a new conversation', () => {
    const t = arrange();
    t.connect();
    t.sockets.current.deliver(agentDisconnect(false));
    expect(t.state).to.equal('connected');
    expect(t.context.conversation).to.include({ agentEnded: true, readOnly: false });
    expect(t.emittedOf('ended')[0]!.report).to.deep.equal({ by: 'agent', attempts: 0, readOnly: false });

    t.actor.send({ type: 'chat.send', text: 'One more thing', tracingId: 't1', at: 1 });
    expect(t.sent('onMessage')).to.have.length(1);
    expect(t.context.conversation.agentEnded).to.equal(false);
  });

  it('in ReadOnly mode, sends nothing more and starts a new session (same token, startNew) when asked', () => {
    const t = arrange();
    t.connect();
    t.sockets.current.deliver(agentDisconnect(true));
    expect(t.context.conversation).to.include({ agentEnded: true, readOnly: true });
    t.actor.send({ type: 'chat.send', text: 'hello?', tracingId: 't1', at: 1 });
    expect(t.sent('onMessage')).to.have.length(0);

    const socket = t.sockets.current;
    t.actor.send({ type: 'chat.startNew' });
    expect(t.state).to.equal('connecting');
    expect(t.messages).to.have.length(0);
    // closeSession first (the session's other tabs let go), then startNew on the same socket (§4.4).
    expect(t.sent('closeSession').at(-1)).to.include({ token: 'token-1', closeAllConnections: true });
    expect(t.sent('configureSession')).to.have.length(1);
    socket.deliver(sessionResponse({ connected: false, readOnly: true }));
    expect(t.sent('configureSession').at(-1)).to.include({ token: 'token-1', startNew: true });
    expect(t.state).to.equal('connecting');
    socket.deliver(sessionResponse({ newSession: true, readOnly: false }));
    expect(t.sockets.current).to.equal(socket);
    expect(t.state).to.equal('connected');
    expect(t.context.conversation).to.include({ readOnly: false, agentEnded: false });

    t.sockets.current.drop(1006);
    t.clock.increment(1000);
    t.accept();
    expect(t.sent('configureSession').at(-1)!['startNew']).to.equal(undefined);
  });

  it('starts the new session even when closeSession goes unanswered', () => {
    const t = arrange();
    t.connect();
    t.sockets.current.deliver(agentDisconnect(true));
    t.actor.send({ type: 'chat.startNew' });
    t.clock.increment(10_000);
    expect(t.sent('configureSession').at(-1)).to.include({ startNew: true });
    t.sockets.current.deliver(sessionResponse({ newSession: true, readOnly: false }));
    expect(t.state).to.equal('connected');
  });

  it('resumes a read-only session as read-only', () => {
    const t = arrange();
    t.connect({ newSession: false, readOnly: true });
    expect(t.context.conversation.readOnly).to.equal(true);
  });

  it('switches to read-only on a 409 instead of failing silently', () => {
    const t = arrange();
    t.connect();
    t.actor.send({ type: 'chat.send', text: 'x', tracingId: 't1', at: 1 });
    t.sockets.current.deliver(errorFrame(409, 'Session is read-only, no new messages allowed', 't1'));
    expect(t.context.conversation.readOnly).to.equal(true);
    expect(t.messages[0]!.status).to.equal('failed');
    expect(t.state).to.equal('connected');
  });

  it('still lets the visitor end a read-only conversation', () => {
    const t = arrange();
    t.connect();
    t.sockets.current.deliver(agentDisconnect(true));
    t.actor.send({ type: 'chat.end', at: 0 });
    expect(t.clears()).to.have.length(1);
    t.sockets.current.deliver(inboundEcho('ignored', 'nobody'));
    expect(t.state).to.equal('ending');
  });
});
