import { expect } from '@open-wc/testing';
import { createActor, setup, SimulatedClock, type AnyActorRef, type InspectionEvent } from 'xstate';
import { createChatLogic } from '../../src/machine/chat.logic.js';
import { stateOf } from '../../src/machine/chat.state.js';
import type { LinkReport } from '../../src/machine/chat.types.js';
import { linkMachine } from '../../src/machine/link.machine.js';
import { createSocketActor, immediately } from '../../src/transport/socket.js';
import { fakeHttp } from '../helpers/fake-http.js';
import { fakeSockets } from '../helpers/fake-socket.js';
import { agentContent, agentDisconnect, agentMessage, agentTyping, connectionClosed, errorFrame, quickReplies, sessionResponse } from '../helpers/frames.js';
import { manualFrames } from '../helpers/manual-frames.js';

const DEPLOYMENT = '5c0a3f8e-9d2b-4f7e-8a61-3b2d9e4c7f10';
const SOCKET_URL = `wss://webmessaging.example.test/v1?deploymentId=${DEPLOYMENT}`;

/** A chat machine whose socket flushes bursts when the test says, counting the link's events and the snapshots. */
function arrange() {
  const sockets = fakeSockets();
  const frames = manualFrames();
  const reports: LinkReport[] = [];
  const emitted: string[] = [];
  let microsteps = 0;
  let chat: AnyActorRef | undefined;
  const actor = createActor(createChatLogic({ socketFactory: sockets.factory, schedule: frames.schedule, fetcher: fakeHttp().fetcher }), {
    input: { deploymentId: DEPLOYMENT, socketUrl: SOCKET_URL, token: 'token-1' },
    inspect: (event: InspectionEvent) => {
      if (event.type === '@xstate.event' && event.actorRef === chat && event.event.type.startsWith('link.') && event.sourceRef !== chat) {
        reports.push(event.event as LinkReport);
      }
      if (event.type === '@xstate.microstep' && event.actorRef === chat) microsteps++;
    },
  });
  chat = actor;
  actor.on('*', e => void emitted.push(e.type === 'ended' ? `ended by ${e.report.by}` : e.type));
  let snapshots = 0;
  actor.subscribe(() => void snapshots++);
  actor.start();
  return {
    actor,
    sockets,
    frames,
    reports,
    get snapshots() {
      return snapshots;
    },
    emitted,
    get microsteps() {
      return microsteps;
    },
    resetCounts() {
      reports.length = 0;
      emitted.length = 0;
      snapshots = 0;
      microsteps = 0;
    },
    get texts() {
      return [...actor.getSnapshot().context.transcript].map(m => m.text);
    },
    get state() {
      return stateOf(actor.getSnapshot());
    },
  };
}

/** Started, the socket open, the session configured, and the socket quiet again. */
function connected(arranged = arrange()) {
  const t = arranged;
  t.actor.send({ type: 'chat.start' });
  t.sockets.current.open();
  t.sockets.current.deliver(sessionResponse({ newSession: false }));
  t.frames.flush();
  expect(t.state).to.equal('connected');
  t.resetCounts();
  return t;
}

describe('link: a burst of server messages is one event and one snapshot', () => {
  it('shows a lone message at once', () => {
    const t = connected();
    t.sockets.current.deliver(agentMessage('Hello'));
    expect(t.texts).to.deep.equal(['Hello']);
    expect(t.reports.map(r => r.type)).to.deep.equal(['link.frame']);
    expect(t.snapshots).to.equal(1);
  });

  it('turns 1,000 messages back to back into a handful of events, one snapshot each, in order', () => {
    const t = connected();
    const texts = Array.from({ length: 1000 }, (_, i) => `message ${i}`);
    const start = Date.parse('2026-01-01T00:00:00.000Z');
    for (const [i, text] of texts.entries()) {
      t.sockets.current.deliver(agentMessage(text, { id: `m${i}`, time: new Date(start + i).toISOString() }));
      if (i === 500) t.frames.flush();
    }
    t.frames.flush();
    t.frames.flush();
    expect(t.reports.map(r => r.type)).to.deep.equal(['link.frame', 'link.frames', 'link.frames']);
    expect(t.reports.map(r => (r.type === 'link.frames' ? r.frames.length : 1))).to.deep.equal([1, 500, 499]);
    expect(t.snapshots).to.equal(3);
    expect(t.texts).to.deep.equal(texts);
  });

  it('reads the agent messages of a burst in one pass: a few machine steps for 1,000 messages, not one each', () => {
    const t = connected();
    const start = Date.parse('2026-01-01T00:00:00.000Z');
    for (let i = 0; i < 1000; i++) t.sockets.current.deliver(agentMessage(`message ${i}`, { id: `m${i}`, time: new Date(start + i).toISOString() }));
    t.frames.flush();
    t.frames.flush();
    expect(t.texts).to.have.length(1000);
    // The lone first message, then the rest as one run; each a step or two (a raised event is a step of its own).
    expect(t.microsteps).to.be.below(10);
    expect(t.emitted.filter(type => type === 'message')).to.have.length(1000);
  });

  it('reads a mixed burst exactly as it reads the same frames one by one', () => {
    const burst = [
      agentTyping({ isTyping: true, duration: 5000 }, 'Ann'),
      agentMessage('first', { id: 'a1', time: '2026-01-01T00:00:01.000Z', nickname: 'Ann' }),
      agentMessage('first', { id: 'a1', time: '2026-01-01T00:00:01.000Z', nickname: 'Ann' }),
      agentContent(quickReplies('Yes', 'No'), { id: 'q1', time: '2026-01-01T00:00:01.500Z', text: 'Choose' }),
      errorFrame(500, 'Something went wrong'),
      agentMessage('second', { id: 'a2', time: '2026-01-01T00:00:02.000Z' }),
      agentMessage('third', { id: 'a3', time: '2026-01-01T00:00:03.000Z' }),
      agentDisconnect(false),
    ];
    const batched = connected();
    for (const frame of burst) batched.sockets.current.deliver(frame);
    batched.frames.flush();
    batched.frames.flush();
    const single = connected(arrange());
    for (const frame of burst) {
      single.sockets.current.deliver(frame);
      single.frames.flush();
      single.frames.flush();
    }
    expect(batched.reports.map(r => r.type)).to.include('link.frames');
    const view = (t: ReturnType<typeof arrange>) => {
      // When the session came online is the wall clock's, and differs between the two.
      const { transcript, conversation: { onlineAt: _, ...conversation } } = t.actor.getSnapshot().context;
      return { messages: [...transcript].map(m => ({ text: m.text, answered: m.answered })), conversation, emitted: t.emitted, state: t.state };
    };
    expect(view(batched)).to.deep.equal(view(single));
    expect(batched.texts).to.deep.equal(['first', 'Choose', 'second', 'third']);
    expect(batched.emitted).to.deep.equal(['message', 'message', 'error', 'message', 'message', 'ended by agent']);
  });

  it('reads a burst in order: the SessionResponse that makes the link ready, then what follows it', () => {
    const t = arrange();
    t.actor.send({ type: 'chat.start' });
    t.sockets.current.open();
    // A frame no one can read goes at once; the rest of the burst waits for the flush.
    t.sockets.current.deliver('{ not json');
    t.sockets.current.deliver(sessionResponse({ newSession: false }));
    t.sockets.current.deliver(agentMessage('After the SessionResponse'));
    t.resetCounts();
    t.frames.flush();
    expect(t.reports.map(r => r.type)).to.deep.equal(['link.ready', 'link.frame']);
    expect(t.state).to.equal('connected');
    expect(t.texts).to.deep.equal(['After the SessionResponse']);
    // One for the session, one for the frames after it.
    expect(t.snapshots).to.equal(2);
  });

  it('takes a takeover inside a burst in its place: what came before is shown, what comes after is not', () => {
    const t = connected();
    t.sockets.current.deliver(agentMessage('first'));
    t.sockets.current.deliver(agentMessage('second'));
    t.sockets.current.deliver(connectionClosed('signedIn'));
    t.sockets.current.deliver(agentMessage('after the takeover'));
    t.frames.flush();
    expect(t.reports.map(r => r.type)).to.deep.equal(['link.frame', 'link.frames', 'link.failed']);
    const batch = t.reports[1];
    expect(batch?.type === 'link.frames' && batch.frames.map(f => f.class)).to.deep.equal(['StructuredMessage', 'ConnectionClosedEvent']);
    expect(t.texts).to.deep.equal(['first', 'second']);
    expect(t.state).to.equal('error');
    expect(t.actor.getSnapshot().context.error?.code).to.equal('signed-in-elsewhere');
  });
});

describe('link: clock, ids and jitter come from its input', () => {
  it('stamps with `now`, names requests with `newId` and jitters the backoff with `random`', () => {
    const sockets = fakeSockets();
    const reports: LinkReport[] = [];
    const clock = new SimulatedClock();
    let id = 0;
    const parent = setup({
      actors: { link: linkMachine.provide({ actors: { socket: createSocketActor(sockets.factory, { schedule: immediately }) } }) },
    }).createMachine({
      invoke: {
        src: 'link',
        input: { socketUrl: SOCKET_URL, deploymentId: DEPLOYMENT, token: 'token-1', now: () => 42_000, newId: () => `id-${++id}`, random: () => 0 },
      },
      on: { '*': { actions: ({ event }) => void reports.push(event as LinkReport) } },
    });
    createActor(parent, { clock }).start();
    sockets.current.open();
    expect(sockets.current.sent[0]).to.include({ action: 'configureSession', tracingId: 'id-1' });
    sockets.current.deliver(sessionResponse({}, 'id-1'));
    expect(reports.at(-1)).to.include({ type: 'link.ready', at: 42_000 });

    sockets.current.drop(1006);
    expect(sockets.sockets).to.have.length(1);
    // No jitter (random 0): the first reconnection waits half of a second.
    clock.increment(499);
    expect(sockets.sockets).to.have.length(1);
    clock.increment(1);
    expect(sockets.sockets).to.have.length(2);
    sockets.current.open();
    expect(sockets.current.sent[0]).to.include({ tracingId: 'id-2' });
  });
});
