import { expect } from '@open-wc/testing';
import { createActor, setup } from 'xstate';
import { createSocketActor, immediately, nextFrame, type FlushScheduler, type SocketEvent } from '../../src/transport/socket.js';
import { fakeSockets } from '../helpers/fake-socket.js';
import { manualFrames } from '../helpers/manual-frames.js';

/** The socket actor under a parent that records what it reports, with a clock that says 1000, 1001, … */
function arrange(schedule: FlushScheduler) {
  const sockets = fakeSockets();
  const events: SocketEvent[] = [];
  let time = 1000;
  const parent = setup({ actors: { socket: createSocketActor(sockets.factory, { schedule }) } }).createMachine({
    invoke: { id: 'socket', src: 'socket', input: { url: 'wss://x.test/', now: () => time++ } },
    on: { '*': { actions: ({ event }) => void events.push(event as SocketEvent) } },
  });
  const actor = createActor(parent).start();
  const socket = sockets.current;
  socket.open();
  events.length = 0;
  time = 1000;
  return { actor, socket, events };
}

const dataOf = (events: readonly SocketEvent[]): unknown[] =>
  events.flatMap(e => (e.type === 'socket.message' ? [e.data] : e.type === 'socket.messages' ? [...e.data] : []));

describe('socket actor: one event per burst', () => {
  it('passes a lone message on at once, stamped by the given clock', () => {
    const frames = manualFrames();
    const { socket, events } = arrange(frames.schedule);
    socket.deliver('one');
    expect(events).to.deep.equal([{ type: 'socket.message', data: 'one', at: 1000 }]);
    // The flush finds nothing more: the socket is quiet again, and the next lone message goes at once too.
    frames.flush();
    expect(frames.pending).to.equal(false);
    socket.deliver('two');
    expect(events.map(e => e.type)).to.deep.equal(['socket.message', 'socket.message']);
  });

  it('collects 1,000 messages back to back into a handful of events, in order', () => {
    const frames = manualFrames();
    const { socket, events } = arrange(frames.schedule);
    const sent = Array.from({ length: 1000 }, (_, i) => `m${i}`);
    for (const [i, data] of sent.entries()) {
      socket.deliver(data);
      // Some arrive in one frame, the rest in the next ones.
      if (i === 400 || i === 800) frames.flush();
    }
    frames.flush();
    frames.flush();
    expect(frames.pending).to.equal(false);
    expect(events.map(e => e.type)).to.deep.equal(['socket.message', 'socket.messages', 'socket.messages', 'socket.messages']);
    expect(dataOf(events)).to.deep.equal(sent);
    // A batch is stamped when its first message arrived.
    expect(events[1]).to.include({ at: 1001 });
  });

  it('delivers what waits before it says the socket closed', () => {
    const frames = manualFrames();
    const { socket, events } = arrange(frames.schedule);
    for (const data of ['a', 'b', 'c']) socket.deliver(data);
    socket.drop(1006);
    expect(events.map(e => e.type)).to.deep.equal(['socket.message', 'socket.messages', 'socket.close']);
    expect(dataOf(events)).to.deep.equal(['a', 'b', 'c']);
    expect(frames.pending).to.equal(false);
  });

  it('cancels the pending flush when it stops', () => {
    const frames = manualFrames();
    const { actor, socket } = arrange(frames.schedule);
    socket.deliver('a');
    socket.deliver('b');
    actor.stop();
    expect(frames.pending).to.equal(false);
  });

  it('passes every message on alone with `immediately`', () => {
    const { socket, events } = arrange(immediately);
    for (const data of ['a', 'b', 'c']) socket.deliver(data);
    expect(events.map(e => e.type)).to.deep.equal(['socket.message', 'socket.message', 'socket.message']);
  });

  it('nextFrame flushes on the next animation frame, and can be cancelled', async () => {
    let flushed = false;
    nextFrame(() => (flushed = true));
    expect(flushed).to.equal(false);
    await new Promise(requestAnimationFrame);
    await new Promise(resolve => setTimeout(resolve));
    expect(flushed).to.equal(true);
    let cancelled = true;
    nextFrame(() => (cancelled = false))();
    await new Promise(requestAnimationFrame);
    expect(cancelled).to.equal(true);
  });
});
