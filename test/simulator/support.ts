/** Shared steps of the simulator tests: configured guests, state over SSE, and the frame audit. */
import { expect } from '@open-wc/testing';
import { openGuest } from '../helpers/guest-socket.js';
import type { Guest, ServerFrame } from '../helpers/guest-socket.js';
import { serverFrameErrors } from '../helpers/schema.js';
import { simulator, SimulatorError } from '../helpers/simulator.js';
import type { DeploymentOptions, SimState } from '../helpers/simulator.js';

const guests: Guest[] = [];

/** A guest socket that is audited and closed after the test. */
export async function guest(deploymentId: string): Promise<Guest> {
  const sim = await simulator();
  const g = openGuest(sim.wsUrl, deploymentId);
  guests.push(g);
  return g;
}

/** A guest socket with a configured session. */
export async function configured(deploymentId: string, token: string = crypto.randomUUID()) {
  const g = await guest(deploymentId);
  const tracingId = crypto.randomUUID();
  g.send({ action: 'configureSession', token, deploymentId, tracingId });
  const session = await g.next();
  expect(session).to.include({ class: 'SessionResponse', code: 200, tracingId });
  return { guest: g, token, session };
}

export const text = (token: string, value: string, tracingId: string = crypto.randomUUID()) => ({
  action: 'onMessage',
  token,
  tracingId,
  message: { type: 'Text', text: value },
});

export const event = (token: string, ev: Record<string, unknown>, tracingId: string = crypto.randomUUID()) => ({
  action: 'onMessage',
  token,
  tracingId,
  message: { type: 'Event', events: [ev] },
});

export const presence = (token: string, type: 'Join' | 'Clear', tracingId?: string) =>
  event(token, { eventType: 'Presence', presence: { type } }, tracingId);

export const echo = (token: string, tracingId: string = crypto.randomUUID()) => ({
  action: 'echo',
  token,
  tracingId,
  message: { type: 'Text', text: 'ping' },
});

/**
 * Sends an echo and returns every frame that arrived before its reply. The simulator handles a
 * socket's frames in order, so this proves what an earlier request did (or did not) answer.
 */
export async function framesBeforeEcho(g: Guest, token: string): Promise<ServerFrame[]> {
  const tracingId = crypto.randomUUID();
  const before: ServerFrame[] = [];
  g.send(echo(token, tracingId));
  for (;;) {
    const frame = await g.next();
    if (frame.tracingId === tracingId && frame.class === 'StructuredMessage') return before;
    before.push(frame);
  }
}

/** Resolves with the first state pushed on `/sim/events` that satisfies `predicate`. */
export async function stateWhere(predicate: (state: SimState) => boolean, what = 'the expected state'): Promise<SimState> {
  const sim = await simulator();
  return new Promise((resolve, reject) => {
    const source = new EventSource(`${sim.origin}/sim/events`);
    source.addEventListener('message', message => {
      const state = JSON.parse(String(message.data)) as SimState;
      if (predicate(state)) {
        source.close();
        resolve(state);
      }
    });
    source.addEventListener('error', () => {
      if (source.readyState === EventSource.CLOSED) reject(new Error(`the event stream closed before ${what}`));
    });
  });
}

/** Every frame the simulator sent in the test must match Genesys's schema; then the sockets go. */
export async function auditAndCloseGuests(): Promise<void> {
  const all = guests.splice(0);
  for (const g of all) g.close();
  for (const g of all) {
    for (const frame of g.received) {
      expect(await serverFrameErrors(frame), JSON.stringify(frame)).to.deep.equal([]);
    }
  }
}

/**
 * A guest with an open conversation (one customer message, echoed), on a new deployment. Its answers
 * name their requests (`tagAnswers`), so tests can tell which request each answers.
 */
export async function conversationWithGuest(options: DeploymentOptions = {}) {
  const sim = await simulator();
  const { deploymentId } = await sim.createDeployment({ tagAnswers: true, sessionResponse: 'full', ...options });
  const customer = await configured(deploymentId);
  customer.guest.send(text(customer.token, 'I need help'));
  await customer.guest.next();
  const conversation = (await sim.conversationFor(customer.token))!;
  return { sim, deploymentId, ...customer, conversation };
}

/** The frame predicate for one class. */
export const isClass = (cls: string) => (frame: ServerFrame) => frame.class === cls;

/** A guest's answer to buttons (reference §2.4.3): a quick reply is Text with no text, a postback Structured with the button's text. */
export const buttonResponse = (
  token: string,
  answer: { text: string; payload: string; type: 'QuickReply' | 'Button' | 'DatePicker' | 'ListPicker' },
  tracingId: string = crypto.randomUUID(),
) => ({
  action: 'onMessage',
  token,
  tracingId,
  message: {
    type: answer.type === 'QuickReply' ? 'Text' : 'Structured',
    text: answer.type === 'QuickReply' ? '' : answer.text,
    content: [{ contentType: 'ButtonResponse', buttonResponse: answer }],
  },
});

/** A guest's `getJwt`, answered. */
export async function jwtFor(g: Guest, token: string): Promise<{ jwt: string; exp: number }> {
  const tracingId = crypto.randomUUID();
  g.send({ action: 'getJwt', token, tracingId });
  const reply = await g.next(frame => frame.tracingId === tracingId);
  expect(reply).to.include({ type: 'response', class: 'JwtResponse', code: 200 });
  return reply.body as { jwt: string; exp: number };
}

/** The HTTP status with which the control API refused a call (the test fails if it did not refuse). */
export async function refusal(promise: Promise<unknown>): Promise<number> {
  try {
    await promise;
  } catch (error) {
    expect(error).to.be.instanceOf(SimulatorError);
    return (error as SimulatorError).status;
  }
  throw new Error('expected the control API to refuse');
}
