import { and, assign, enqueueActions, fromCallback, sendParent, sendTo, setup } from 'xstate';
import { decodeFrame, frameError, type RejectionReason } from '../protocol/decode.js';
import { closeSession, configureSession, echo, MIN_ECHO_INTERVAL } from '../protocol/encode.js';
import { answersEcho } from '../protocol/frame-rules.js';
import type { ServerFrame, SessionInfo } from '../protocol/frames.js';
import { successorToken, uuid } from '../protocol/ids.js';
import { createSocketActor, type SocketEvent } from '../transport/socket.js';
import type { ChatError, LinkCommand, LinkReport } from './chat.types.js';

/**
 * The link to the Guest API: one socket at a time, a configured session on it, and reconnection
 * with the same token when it drops (§4.2, §4.5). It reports to its parent (the chat machine) and
 * knows nothing about conversations.
 */

export interface LinkInput {
  readonly socketUrl: string;
  readonly deploymentId: string;
  readonly token: string;
  /** The clock (epoch ms) that stamps what the socket reports: `Date.now` by default. */
  readonly now?: () => number;
  /** Makes the tracingIds of the link's requests: `uuid` by default. */
  readonly newId?: () => string;
  /** A number in [0, 1) for the reconnection jitter: `Math.random` by default. */
  readonly random?: () => number;
}

/** Frames decoded but not yet reported, newest first: adding one to a long burst copies nothing. */
interface Unreported {
  readonly frame: ServerFrame;
  readonly at: number;
  readonly before: Unreported | undefined;
}

export interface LinkContext extends Required<LinkInput> {
  /** Reconnection attempts since the link was last ready. */
  readonly attempt: number;
  /** Whether a session has been configured on this link before: a first refusal is a configuration problem. */
  readonly everReady: boolean;
  /** A 4006/4007 is answered with one fresh token; a second one before the session is ready is a failure. */
  readonly tokenRenewed: boolean;
  /** The next configureSession asks for a fresh session (leaving a read-only one, §4.4). */
  readonly startNew: boolean;
  /** Why the token was renewed, until the chat machine has been told. */
  readonly renewedAfter?: 4006 | 4007;
  /** The keep-alive echo waiting for its reply. */
  readonly echoTracingId?: string;
  /** Frames of the message or burst being read that are for the chat machine: they go to it together. */
  readonly unreported?: Unreported;
}

/** One server message read: a `frame` each, then `frames.end` once the message or burst is read. */
type FrameEvent =
  | { readonly type: 'frame'; readonly frame: ServerFrame; readonly at: number }
  | { readonly type: 'frame.rejected'; readonly reason: RejectionReason; readonly detail: string }
  | { readonly type: 'frames.end' };

/** What the browser says about the network and the page (see `environment`). */
type EnvironmentEvent = { readonly type: 'env.online' } | { readonly type: 'env.offline' } | { readonly type: 'env.visible' };

type LinkEvent = LinkCommand | SocketEvent | FrameEvent | EnvironmentEvent;

/**
 * The network coming back, going away, and the page becoming visible again (a tab that slept may
 * hold a dead socket): the link reacts at once instead of waiting for a timer.
 */
export const environment = fromCallback<EnvironmentEvent>(({ sendBack }) => {
  if (typeof window === 'undefined') return () => {};
  const online = () => sendBack({ type: 'env.online' });
  const offline = () => sendBack({ type: 'env.offline' });
  const visible = () => document.visibilityState === 'visible' && sendBack({ type: 'env.visible' });
  window.addEventListener('online', online);
  window.addEventListener('offline', offline);
  document.addEventListener('visibilitychange', visible);
  return () => {
    window.removeEventListener('online', online);
    window.removeEventListener('offline', offline);
    document.removeEventListener('visibilitychange', visible);
  };
});

/** Reconnection attempts before the link gives up (about two minutes with the delays below). */
export const MAX_RECONNECT_ATTEMPTS = 8;
const CONFIGURE_TIMEOUT = 10_000;
/** A connected socket is checked with an echo this often. */
export const KEEPALIVE_INTERVAL = 45_000;
/** An echo unanswered this long means the socket is dead, even if the browser has not noticed. */
export const ECHO_TIMEOUT = 10_000;

/** Tells the chat machine; typed here because the parent's event type is not known to a child. */
const report = <E extends LinkEvent>(build: (args: { context: LinkContext; event: E }) => LinkReport) =>
  sendParent<LinkContext, E, undefined, LinkReport, LinkEvent>(build);

/** Keeps a server frame for the chat machine, which gets the frames of a burst at once (`reportFrames`). */
const reportFrame = assign<LinkContext, Extract<FrameEvent, { type: 'frame' }>, undefined, LinkEvent, never>({
  unreported: ({ context, event }) => ({ frame: event.frame, at: event.at, before: context.unreported }),
});

/**
 * Passes the frames kept so far to the chat machine: one `link.frame`, or one `link.frames` for several,
 * so that a burst is one event and one render there. Before any other report, to keep the order.
 */
const reportFrames = enqueueActions<LinkContext, LinkEvent, undefined, LinkEvent, never, never, never, never, never>(({ context, enqueue }) => {
  if (!context.unreported) return;
  const frames: ServerFrame[] = [];
  let at = context.unreported.at;
  for (let kept: Unreported | undefined = context.unreported; kept; kept = kept.before) {
    frames.push(kept.frame);
    at = kept.at;
  }
  frames.reverse();
  enqueue.assign({ unreported: undefined });
  const passed: LinkReport = frames.length === 1 ? { type: 'link.frame', frame: frames[0]!, at } : { type: 'link.frames', frames, at };
  enqueue.sendParent(passed);
});

const failure = (code: ChatError['code'], message: string, serverCode?: number): ChatError =>
  serverCode === undefined ? { code, message, recoverable: false } : { code, message, recoverable: false, serverCode };

const serverErrorOf = (event: LinkEvent) => (event.type === 'frame' ? frameError(event.frame) : undefined);

export const linkMachine = setup({
  types: {
    input: {} as LinkInput,
    context: {} as LinkContext,
    events: {} as LinkEvent,
  },
  actors: { socket: createSocketActor(), environment },
  actions: {
    readMessages: enqueueActions(({ event, enqueue }) => {
      if (event.type !== 'socket.message' && event.type !== 'socket.messages') return;
      for (const data of event.type === 'socket.message' ? [event.data] : event.data) {
        const decoded = decodeFrame(data);
        enqueue.raise(
          decoded.ok
            ? { type: 'frame', frame: decoded.frame, at: event.at }
            : { type: 'frame.rejected', reason: decoded.reason, detail: decoded.detail },
        );
      }
      enqueue.raise({ type: 'frames.end' });
    }),
  },
  delays: {
    // Exponential backoff with jitter, so that many visitors dropped at once do not return at once.
    backoff: ({ context }) => Math.min(30_000, 1000 * 2 ** context.attempt) * (0.5 + context.random() / 2),
    configureTimeout: CONFIGURE_TIMEOUT,
    minEchoInterval: MIN_ECHO_INTERVAL,
    echoDue: KEEPALIVE_INTERVAL - MIN_ECHO_INTERVAL,
    echoTimeout: ECHO_TIMEOUT,
  },
  guards: {
    isSessionResponse: ({ event }) => event.type === 'frame' && event.frame.class === 'SessionResponse',
    isSessionGone: ({ event }) => {
      const code = serverErrorOf(event)?.code;
      return code === 4006 || code === 4007;
    },
    isError: ({ event }) => serverErrorOf(event) !== undefined,
    canRenewToken: ({ context }) => !context.tokenRenewed,
    refusedBeforeEverOpening: ({ context, event }) =>
      event.type === 'socket.close' && !event.opened && !context.everReady && context.attempt === 0,
    attemptsLeft: ({ context }) => context.attempt < MAX_RECONNECT_ATTEMPTS,
    isEchoReply: ({ context, event }) =>
      event.type === 'frame' && context.echoTracingId !== undefined && answersEcho(event.frame, context.echoTracingId),
    /** The server closes this connection because of another one: reconnecting would only be closed again. */
    isTakenOver: ({ event }) =>
      event.type === 'frame' &&
      event.frame.class === 'ConnectionClosedEvent' &&
      (event.frame.body.reason === 'SessionLimitReached' || event.frame.body.reason === 'signedIn'),
  },
}).createMachine({
  id: 'link',
  context: ({ input }) => ({
    ...input,
    now: input.now ?? Date.now,
    newId: input.newId ?? uuid,
    random: input.random ?? Math.random,
    attempt: 0,
    everReady: false,
    tokenRenewed: false,
    startNew: false,
  }),
  initial: 'connecting',
  invoke: { src: 'environment' },
  on: {
    // Each frame of a burst is read in order by the state the previous one left (raised events are taken
    // in the same macrostep), and what is for the chat machine goes to it together at `frames.end`.
    'socket.message': { actions: 'readMessages' },
    'socket.messages': { actions: 'readMessages' },
    'frames.end': { actions: reportFrames },
    'frame.rejected': {
      actions: [
        reportFrames,
        report<Extract<FrameEvent, { type: 'frame.rejected' }>>(({ event }) => ({
          type: 'link.rejected',
          reason: event.reason,
          detail: event.detail,
        })),
      ],
    },
  },
  states: {
    connecting: {
      invoke: { id: 'socket', src: 'socket', input: ({ context }) => ({ url: context.socketUrl, now: context.now }) },
      initial: 'opening',
      on: {
        'socket.close': [
          {
            // Browsers hide the HTTP status of a refused upgrade; a first connection that never opens
            // is almost always a wrong deployment id or a site missing from the allowed domains.
            guard: 'refusedBeforeEverOpening',
            target: 'failed',
            actions: report(() => ({
              type: 'link.failed',
              error: failure(
                'connection-refused',
                'The Guest API refused the connection. Check deployment-id and region, and that this site is in the deployment\'s allowed domains.',
              ),
            })),
          },
          { target: 'backoff' },
        ],
      },
      states: {
        opening: {
          on: { 'socket.open': 'configuring' },
        },
        configuring: {
          entry: sendTo('socket', ({ context }) => ({
            type: 'socket.send',
            data: JSON.stringify(
              configureSession({
                token: context.token,
                deploymentId: context.deploymentId,
                tracingId: context.newId(),
                startNew: context.startNew,
              }),
            ),
          })),
          after: { configureTimeout: '#link.backoff' },
          on: {
            frame: [
              {
                guard: 'isSessionResponse',
                target: 'ready',
                actions: report<Extract<FrameEvent, { type: 'frame' }>>(({ context, event }) => ({
                  type: 'link.ready',
                  session: event.frame.body as SessionInfo,
                  token: context.token,
                  at: event.at,
                  ...(context.renewedAfter ? { renewedAfter: context.renewedAfter } : {}),
                })),
              },
              {
                // The session expired or is unknown: start a fresh one under a new token, once (§3.2).
                guard: and(['isSessionGone', 'canRenewToken']),
                target: 'configuring',
                reenter: true,
                actions: assign({
                  token: ({ context }) => successorToken(context.token),
                  tokenRenewed: true,
                  renewedAfter: ({ event }) => (serverErrorOf(event)?.code === 4006 ? 4006 : 4007),
                }),
              },
              {
                guard: 'isError',
                target: '#link.failed',
                actions: report(({ event }) => {
                  const error = serverErrorOf(event)!;
                  return {
                    type: 'link.failed',
                    error: failure('session-refused', `configureSession was refused: ${error.code} ${error.message}`, error.code),
                  };
                }),
              },
            ],
          },
        },
        closingSession: {
          // Leaving a read-only session (§4.4): closeSession first, so the session's other tabs let go of
          // it, then configureSession with startNew on this same socket. Without an answer, configure anyway.
          entry: sendTo('socket', ({ context }) => ({
            type: 'socket.send',
            data: JSON.stringify(closeSession({ token: context.token, tracingId: context.newId() })),
          })),
          after: { configureTimeout: 'configuring' },
          on: {
            frame: [
              { guard: 'isSessionResponse', target: 'configuring' },
              { guard: 'isError', target: 'configuring' },
            ],
          },
        },
        ready: {
          entry: assign({ attempt: 0, everReady: true, startNew: false, renewedAfter: undefined, tokenRenewed: false }),
          // Keep-alive (§4.7): browsers cannot send ping frames, so an echo proves the socket still works.
          initial: 'cooling',
          states: {
            cooling: { after: { minEchoInterval: 'due' } },
            due: {
              after: { echoDue: 'probing' },
              on: { 'env.visible': 'probing' },
            },
            // The echo went unanswered: give the socket up as dead (a shared connection is replaced with it), then connect again.
            abandoning: {
              entry: sendTo('socket', { type: 'socket.abandon' }),
              always: {
                target: '#link.connecting',
                reenter: true,
                actions: report(() => ({ type: 'link.lost', code: 1006 })),
              },
            },
            probing: {
              entry: [
                assign({ echoTracingId: ({ context }) => context.newId() }),
                sendTo('socket', ({ context }) => ({
                  type: 'socket.send',
                  data: JSON.stringify(echo({ token: context.token, tracingId: context.echoTracingId! })),
                })),
              ],
              exit: assign({ echoTracingId: undefined }),
              after: { echoTimeout: 'abandoning' },
              on: {
                // The reply is the chat machine's too: it carries the session's new expiry (§4.6).
                frame: { guard: 'isEchoReply', target: 'cooling', actions: reportFrame },
              },
            },
          },
          on: {
            frame: [
              {
                guard: 'isTakenOver',
                target: '#link.failed',
                actions: [
                  reportFrame,
                  reportFrames,
                  report<Extract<FrameEvent, { type: 'frame' }>>(({ event }) => {
                    const reason = event.frame.class === 'ConnectionClosedEvent' ? event.frame.body.reason : undefined;
                    return {
                      type: 'link.failed',
                      error: reason === 'signedIn'
                        ? failure('signed-in-elsewhere', 'The server closed this connection: the visitor signed in elsewhere (ConnectionClosedEvent "signedIn").')
                        : failure('connection-limit', 'The server closed this connection: the session has too many simultaneous connections (ConnectionClosedEvent "SessionLimitReached").'),
                    };
                  }),
                ],
              },
              { actions: reportFrame },
            ],
            'env.offline': {
              target: '#link.backoff',
              actions: report(() => ({ type: 'link.lost', code: 1006 })),
            },
            'link.send': {
              actions: sendTo('socket', ({ event }) => ({ type: 'socket.send', data: JSON.stringify(event.frame) })),
            },
            'link.reconnect': {
              target: '#link.connecting',
              reenter: true,
              actions: report(() => ({ type: 'link.lost', code: 1000 })),
            },
            'link.startNew': { target: 'closingSession', actions: assign({ startNew: true }) },
            'socket.close': {
              target: '#link.backoff',
              actions: report<Extract<SocketEvent, { type: 'socket.close' }>>(({ event }) => ({ type: 'link.lost', code: event.code })),
            },
          },
        },
      },
    },
    backoff: {
      // Back online, or the page is looked at again: try now rather than at the end of the wait.
      on: {
        'env.online': { guard: 'attemptsLeft', target: 'connecting', actions: assign({ attempt: ({ context }) => context.attempt + 1 }) },
        'env.visible': { guard: 'attemptsLeft', target: 'connecting', actions: assign({ attempt: ({ context }) => context.attempt + 1 }) },
      },
      after: {
        backoff: [
          { guard: 'attemptsLeft', target: 'connecting', actions: assign({ attempt: ({ context }) => context.attempt + 1 }) },
          {
            target: 'failed',
            actions: report(() => ({
              type: 'link.failed',
              error: failure('connection-lost', `The connection could not be re-established after ${MAX_RECONNECT_ATTEMPTS} attempts.`),
            })),
          },
        ],
      },
    },
    failed: { type: 'final' },
  },
});
