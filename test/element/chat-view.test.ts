import { expect } from '@open-wc/testing';
import { selectView } from '../../src/element/chat-view.js';
import { chunkJoins, GROUP_GAP_MS, groupPlaces, sameGroup } from '../../src/element/message-groups.js';
import { CHUNK_SIZE, Transcript, type ChatMessage } from '../../src/transcript/transcript.js';
import { agentMessage } from '../helpers/frames.js';
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

  it('idle, then connecting and connected: the status announced, not shown; a composer with the message limit; no End before anything was said', () => {
    const t = arrange();
    expect(view(t)).to.include({ state: 'idle', canEnd: false, statusShown: false });
    expect(view(t).status).to.equal(undefined);
    t.actor.send({ type: 'chat.start' });
    expect(view(t)).to.include({ state: 'connecting', status: 'connecting', statusShown: false, canEnd: false });
    t.accept();
    const connected = view(t);
    expect(connected).to.include({ state: 'connected', status: 'connected', statusShown: false, canEnd: false, writable: true, markdown: false });
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

  it('End chat is offered once a conversation exists: the visitor wrote, or an agent did', () => {
    const mine = arrange();
    mine.connect();
    expect(view(mine).canEnd).to.equal(false);
    mine.actor.send({ type: 'chat.send', text: 'Hello' });
    expect(view(mine).canEnd).to.equal(true);

    const theirs = arrange();
    theirs.connect();
    theirs.sockets.current.deliver(agentMessage('Welcome', { nickname: 'Sam' }));
    expect(view(theirs).canEnd).to.equal(true);
  });

  it('the status line is shown only when something is wrong or ending: reconnecting yes, connected again no', () => {
    const t = arrange();
    t.connect();
    t.actor.send({ type: 'chat.send', text: 'Hello' });
    t.sockets.current.drop();
    expect(view(t)).to.include({ state: 'reconnecting', status: 'reconnecting', statusShown: true, canEnd: true });
    t.clock.increment(1000);
    t.accept();
    expect(view(t)).to.include({ state: 'connected', status: 'connectedAgain', statusShown: false });
    t.actor.send({ type: 'chat.end' });
    expect(view(t)).to.include({ status: 'ending', statusShown: true });
  });

  it('the agent typing is named after their newest message when the Typing event carries no name', () => {
    const t = arrange();
    t.connect();
    t.sockets.current.deliver(agentTyping({ type: 'On', duration: 5000 }));
    expect(view(t).typing).to.deep.equal({});
    t.sockets.current.deliver(agentMessage('One moment', { nickname: 'Sam' }));
    t.sockets.current.deliver(agentTyping({ type: 'On', duration: 5000 }));
    expect(view(t).typing).to.deep.equal({ name: 'Sam' });
  });
});

describe('message runs: the name once, the time on the last', () => {
  const at = Date.UTC(2030, 0, 1, 9, 0);
  let n = 0;
  const message = (author: ChatMessage['author'], minutes: number, senderName?: string): ChatMessage => ({
    id: `m${n++}`,
    author,
    text: 'x',
    time: at + minutes * 60_000,
    ...(senderName ? { senderName } : {}),
  });

  it('groups one sender within a few minutes; another sender, another name or a pause starts a new run', () => {
    const ann = message('agent', 0, 'Ann');
    expect(sameGroup(ann, message('agent', 1, 'Ann'))).to.equal(true);
    expect(sameGroup(ann, { ...message('agent', 0, 'Ann'), time: ann.time + GROUP_GAP_MS })).to.equal(true);
    expect(sameGroup(ann, { ...message('agent', 0, 'Ann'), time: ann.time + GROUP_GAP_MS + 1 })).to.equal(false);
    expect(sameGroup(ann, message('agent', 1, 'Sam'))).to.equal(false);
    expect(sameGroup(ann, message('customer', 1))).to.equal(false);
    expect(sameGroup(ann, message('bot', 1, 'Ann'))).to.equal(false);
    expect(sameGroup(undefined, ann)).to.equal(false);

    const run = [ann, message('agent', 1, 'Ann'), message('agent', 2, 'Ann'), message('customer', 3), message('agent', 20, 'Ann')];
    expect(groupPlaces(run, false, false)).to.deep.equal(['first', '', 'last', 'first last', 'first last']);
    // At a chunk's edges the neighbours decide.
    expect(groupPlaces(run.slice(0, 2), true, true)).to.deep.equal(['', '']);
  });

  it('a new message joining the run of a full chunk changes only that boundary', () => {
    let transcript = Transcript.empty;
    for (let i = 0; i < CHUNK_SIZE; i++) transcript = transcript.insert(message('agent', i / 100, 'Ann'));
    const before = chunkJoins(transcript.chunks);
    expect(before).to.deep.equal([{ before: false, after: false }]);
    transcript = transcript.insert(message('agent', 1, 'Ann'));
    expect(transcript.chunks).to.have.length(2);
    expect(chunkJoins(transcript.chunks)).to.deep.equal([
      { before: false, after: true },
      { before: true, after: false },
    ]);
    transcript = transcript.insert(message('customer', 2));
    // The chunks' edges are as they were: the first chunk is not rendered again.
    expect(chunkJoins(transcript.chunks)[0]).to.deep.equal({ before: false, after: true });
  });
});
