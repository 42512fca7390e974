import { expect } from '@open-wc/testing';
import { TYPING_INTERVAL } from '../../src/machine/chat.machine.js';
import { agentMessage, agentTyping, errorFrame } from '../helpers/frames.js';
import { arrange } from './harness.js';


describe('chat machine: typing', () => {
  it('shows the agent typing for the event\'s duration, then not', () => {
    const t = arrange();
    t.connect();
    t.sockets.current.deliver(agentTyping({ type: 'On', duration: 3000 }, 'Ann'));
    expect(t.context.conversation.agentTyping).to.deep.equal({ name: 'Ann' });
    t.clock.increment(2999);
    expect(t.context.conversation.agentTyping).to.exist;
    t.clock.increment(1);
    expect(t.context.conversation.agentTyping).to.equal(undefined);
  });

  it('renews with each typing event, lapses after 5 s when no duration is given, and ends with Off', () => {
    const t = arrange();
    t.connect();
    t.sockets.current.deliver(agentTyping({ type: 'On' }));
    t.clock.increment(4000);
    t.sockets.current.deliver(agentTyping({ type: 'On' }));
    t.clock.increment(4000);
    expect(t.context.conversation.agentTyping).to.deep.equal({});
    t.clock.increment(1000);
    expect(t.context.conversation.agentTyping).to.equal(undefined);
    t.sockets.current.deliver(agentTyping({ type: 'On' }));
    t.sockets.current.deliver(agentTyping({ type: 'Off' }));
    expect(t.context.conversation.agentTyping).to.equal(undefined);
  });

  it('stops showing the agent typing when their message arrives', () => {
    const t = arrange();
    t.connect();
    t.sockets.current.deliver(agentTyping({ type: 'On', duration: 30_000 }));
    t.sockets.current.deliver(agentMessage('Here you go'));
    expect(t.context.conversation.agentTyping).to.equal(undefined);
    expect(t.messages.map(m => m.text)).to.deep.equal(['Here you go']);
  });

  it('sends the visitor\'s typing at most once every 5 s, and only while connected', () => {
    const t = arrange();
    t.actor.send({ type: 'chat.typing', at: 0 });
    t.connect();
    t.actor.send({ type: 'chat.typing', at: 1000 });
    t.actor.send({ type: 'chat.typing', at: 2000 });
    t.actor.send({ type: 'chat.typing', at: 1000 + TYPING_INTERVAL - 1 });
    t.actor.send({ type: 'chat.typing', at: 1000 + TYPING_INTERVAL });
    const typingFrames = t.sent('onMessage');
    expect(typingFrames).to.have.length(2);
    expect(typingFrames[0]!['message']).to.deep.equal({ type: 'Event', events: [{ eventType: 'Typing', typing: { type: 'On' } }] });
    expect(typingFrames[0]!['tracingId']).to.not.equal(typingFrames[1]!['tracingId']);
  });

  it('stops sending typing when the deployment refuses it, and the chat goes on', () => {
    const t = arrange();
    t.connect();
    t.actor.send({ type: 'chat.typing', at: 0 });
    const tracingId = t.sent('onMessage')[0]!['tracingId'] as string;
    t.sockets.current.deliver(errorFrame(403, 'Turn on the Feature Toggle or fix the configuration.', tracingId));
    expect(t.state).to.equal('connected');
    expect(t.emittedOf('error')[0]!.error).to.include({ recoverable: true, serverCode: 403 });
    t.actor.send({ type: 'chat.typing', at: 60_000 });
    expect(t.sent('onMessage')).to.have.length(1);
  });

  it('sends no typing while ending', () => {
    const t = arrange();
    t.connect();
    t.actor.send({ type: 'chat.end', at: 0 });
    t.actor.send({ type: 'chat.typing', at: 0 });
    expect(t.sent('onMessage').filter(f => JSON.stringify(f).includes('Typing'))).to.have.length(0);
  });
});
