import { expect } from '@open-wc/testing';
import { selectView } from '../../src/element/chat-view.js';
import { settle } from '../helpers/fake-http.js';
import { agentDisconnect, agentTyping, deploymentConfig, errorFrame } from '../helpers/frames.js';
import { arrange } from '../machine/harness.js';

const CONFIG_URL = 'https://api-cdn.example.test/webdeployments/v1/deployments/d/config.json';
const view = (t: ReturnType<typeof arrange>) => selectView(t.actor.getSnapshot());

describe('selectView: what the panel shows of a snapshot', () => {
  it('without a machine: idle, or the error of wrong attributes, which cannot be retried', () => {
    expect(selectView(undefined)).to.include({ state: 'idle', canEnd: false, clearAllowed: true, expiryWarning: false, newConversation: false });
    expect(selectView(undefined).composer).to.equal(undefined);
    const wrong = selectView(undefined, { code: 'invalid-config', message: 'region is missing', recoverable: false });
    expect(wrong.state).to.equal('error');
    expect(wrong.error).to.deep.equal({ code: 'invalid-config', canRetry: false, canGoBack: false });
  });

  it('idle, then connecting and connected: the status line, End offered, a composer with the message limit', () => {
    const t = arrange();
    expect(view(t)).to.include({ state: 'idle', canEnd: false });
    expect(view(t).status).to.equal(undefined);
    t.actor.send({ type: 'chat.start' });
    expect(view(t)).to.include({ state: 'connecting', status: 'connecting', canEnd: true });
    t.accept();
    const connected = view(t);
    expect(connected).to.include({ state: 'connected', status: 'connected', canEnd: true, writable: true, markdown: false });
    expect(connected.composer).to.deep.include({ disabled: false, maxLength: 4000, ready: 0 });
    // No file uploads unless config.json and the session allow them.
    expect(connected.composer!.accept).to.equal(undefined);
    expect(connected.history).to.exist;
  });

  it('ending: the composer is shown but closed, End is no longer offered', () => {
    const t = arrange();
    t.connect();
    t.actor.send({ type: 'chat.end' });
    const ending = view(t);
    expect(ending).to.include({ state: 'ending', status: 'ending', canEnd: false });
    expect(ending.composer!.disabled).to.equal(true);
  });

  it('an end that failed: the error, with Try again and Back to the conversation; End offered again', () => {
    const t = arrange({ maxEndAttempts: 1, endTimeout: 1000 });
    t.connect();
    t.actor.send({ type: 'chat.end' });
    t.clock.increment(1000);
    const failed = view(t);
    expect(failed.state).to.equal('error');
    expect(failed.error).to.deep.equal({ code: 'end-not-acknowledged', canRetry: true, canGoBack: true });
    expect(failed.canEnd).to.equal(true);
    // What the visitor writes meanwhile is kept and goes once the conversation is back.
    expect(failed.composer!.disabled).to.equal(false);
  });

  it('closed: "Start a new conversation", no composer and no history control', () => {
    const t = arrange();
    t.connect();
    t.actor.send({ type: 'chat.end' });
    t.sockets.current.deliver({ type: 'message', class: 'SessionClearedEvent', code: 200, body: {} });
    const closed = view(t);
    expect(closed).to.include({ state: 'closed', status: 'ended', newConversation: true, canEnd: false });
    expect(closed.composer).to.equal(undefined);
    expect(closed.history).to.equal(undefined);
  });

  it('the agent ended it read-only: the status says so, a new conversation instead of the composer, answers not taken', () => {
    const t = arrange();
    t.connect();
    t.sockets.current.deliver(agentDisconnect(true));
    const ended = view(t);
    expect(ended).to.include({ status: 'agentEndedReadOnly', newConversation: true, writable: false, canEnd: false });
    expect(ended.composer).to.equal(undefined);
  });

  it('who is typing, and a notice while the conversation goes on', () => {
    const t = arrange();
    t.connect();
    t.sockets.current.deliver(agentTyping({ type: 'On', duration: 5000 }, 'Ann'));
    expect(view(t).typing).to.deep.equal({ name: 'Ann' });
    t.sockets.current.deliver(errorFrame(5000, 'Something broke'));
    expect(view(t).notice).to.equal('server-error');
  });

  it('a deployment without "conversation clear": End is never offered, and markdown follows config.json', async () => {
    const t = arrange({ configUrl: CONFIG_URL });
    await settle();
    t.http.to('config.json')[0]!.respond(deploymentConfig({ conversationClear: false, markdown: true }));
    await settle();
    t.connect();
    expect(view(t)).to.include({ state: 'connected', canEnd: false, clearAllowed: false, markdown: true });
  });
});
