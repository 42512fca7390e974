import { createActor, SimulatedClock } from 'xstate';
import type { StoredSession } from '../../src/session/session-store.js';
import { createChatLogic, type ChatCollaborators } from '../../src/machine/chat.logic.js';
import { stateOf } from '../../src/machine/chat.state.js';
import type { ChatEmitted, ChatInput } from '../../src/machine/chat.types.js';
import { fakeHttp } from '../helpers/fake-http.js';
import { fakeSockets, type FakeSocket } from '../helpers/fake-socket.js';
import { immediately } from '../../src/transport/socket.js';
import { sessionResponse } from '../helpers/frames.js';

export const DEPLOYMENT = '5c0a3f8e-9d2b-4f7e-8a61-3b2d9e4c7f10';
export const SOCKET_URL = `wss://webmessaging.example.test/v1?deploymentId=${DEPLOYMENT}`;

/** A chat machine on fake sockets and a simulated clock, with everything it emits and saves recorded. */
export function arrange(input: Partial<ChatInput> = {}, collaborators: Pick<ChatCollaborators, 'successorOf' | 'auth' | 'schedule'> = {}) {
  const sockets = fakeSockets();
  const http = fakeHttp();
  const clock = new SimulatedClock();
  // Server frames carry wall-clock dates (expiry): the simulated clock starts at the wall clock's time.
  clock.set(Date.now());
  const emitted: ChatEmitted[] = [];
  /** Every write of the persisted session; `null` where it was forgotten. */
  const saved: (StoredSession | null)[] = [];
  const actor = createActor(
    createChatLogic({
      socketFactory: sockets.factory,
      // Frames the tests deliver back to back are taken one by one, as they come.
      schedule: immediately,
      fetcher: http.fetcher,
      saveSession: session => saved.push(session),
      forgetSession: () => saved.push(null),
      now: () => clock.now(),
      ...collaborators,
    }),
    {
      input: { deploymentId: DEPLOYMENT, socketUrl: SOCKET_URL, token: 'token-1', ...input },
      clock,
    },
  );
  actor.on('*', event => emitted.push(event));
  actor.start();

  const harness = {
    actor,
    clock,
    sockets,
    http,
    emitted,
    saved,
    get state() {
      return stateOf(actor.getSnapshot());
    },
    get context() {
      return actor.getSnapshot().context;
    },
    get messages() {
      return [...actor.getSnapshot().context.transcript];
    },
    /** Frames of one action sent on every socket so far. */
    sent(action?: string) {
      return sockets.sent.filter(f => action === undefined || f['action'] === action);
    },
    /** Clear frames sent so far. */
    clears() {
      return sockets.sent.filter(isClear);
    },
    /** Codes of the errors emitted so far. */
    errorCodes() {
      return harness.emittedOf('error').map(e => e.error.code);
    },
    emittedOf<T extends ChatEmitted['type']>(type: T) {
      return emitted.filter((e): e is Extract<ChatEmitted, { type: T }> => e.type === type);
    },
    /** Opens the current socket and answers its configureSession. */
    accept(socket: FakeSocket = sockets.current, body: Record<string, unknown> = {}) {
      socket.open();
      socket.deliver(sessionResponse(body));
    },
    /** Starts and connects, from idle. */
    connect(body: Record<string, unknown> = {}) {
      actor.send({ type: 'chat.start' });
      harness.accept(sockets.current, body);
    },
  };
  return harness;
}

export const isClear = (frame: Record<string, unknown>): boolean => {
  const message = frame['message'] as { events?: { presence?: { type?: string } }[] } | undefined;
  return frame['action'] === 'onMessage' && message?.events?.[0]?.presence?.type === 'Clear';
};
