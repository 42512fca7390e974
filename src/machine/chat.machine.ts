import { assign, cancel, emit, enqueueActions, sendTo, setup } from 'xstate';
import { frameError, isClearNotSupported } from '../protocol/decode.js';
import { clear, textMessage, typing } from '../protocol/encode.js';
import type { ServerFrame } from '../protocol/frames.js';
import { uuid } from '../protocol/ids.js';
import { Transcript, type ChatMessage } from '../transcript/transcript.js';
import type { ChatContext, ChatEmitted, ChatError, ChatEvent, ChatInput } from './chat.types.js';
import { linkMachine } from './link.machine.js';
import { receive } from './receive.js';

/** Default wait for the Clear acknowledgement, ms (attribute `end-timeout`). */
export const DEFAULT_END_TIMEOUT = 10_000;
/** The least time between two of the visitor's Typing events, ms (§2.4.4). */
export const TYPING_INTERVAL = 5000;

/** Clear frames sent for one End before it is reported as failed. */
export const DEFAULT_MAX_END_ATTEMPTS = 3;


const frameOf = (event: ChatEvent): ServerFrame | undefined => (event.type === 'link.frame' ? event.frame : undefined);

const endFailure = (code: 'end-not-acknowledged' | 'clear-not-supported' | 'rate-limited', message: string, serverCode?: number): ChatError =>
  serverCode === undefined ? { code, message, recoverable: false } : { code, message, recoverable: false, serverCode };

/**
 * One Genesys web messaging conversation, from the visitor's side.
 *
 * `idle → live.connecting → live.connected → live.ending → closed`, with `live.reconnecting` when the
 * socket drops and `error` when something needs the visitor. Only `chat.end` leads to `ending`; there
 * the machine sends Presence Clear and calls the conversation over only when the server acknowledges
 * it (SessionClearedEvent, or ConnectionClosedEvent after a Clear). A timeout, a dropped socket or a
 * rate limit is not an acknowledgement: Clear is sent again over a fresh connection, a bounded
 * number of times, and then the failure is reported and can be retried. The intent to end is
 * persisted (`saveSession`), so a reload in the middle finishes the end first; once the end is
 * acknowledged the session is forgotten (`forgetSession`), so later page loads do not reconnect.
 */
export const chatMachine = setup({
  types: {
    input: {} as ChatInput,
    context: {} as ChatContext,
    events: {} as ChatEvent,
    emitted: {} as ChatEmitted,
  },
  actors: { link: linkMachine },
  actions: {
    /** Persists `token` and `endRequested` from the context; the host provides the storage. */
    saveSession: (_args: { context: ChatContext }) => {},
    /** Forgets the persisted session: after an end there is nothing to resume on the next page load. */
    forgetSession: () => {},

    goOnline: enqueueActions(({ event, enqueue }) => {
      if (event.type !== 'link.ready') return;
      // The token may be new (first session, or renewed after 4006/4007): it is stored once the server has it.
      enqueue.assign({ online: true, session: event.session, token: event.token, readOnly: event.session.readOnly === true });
      enqueue('saveSession');
    }),

    emitConnected: emit(({ context }) => ({ type: 'connected' as const, newSession: context.session?.newSession ?? false })),

    /** Shows the visitor's message at once and queues it until the server echoes it. */
    acceptMessage: enqueueActions(({ event, enqueue }) => {
      if (event.type !== 'chat.send') return;
      const message: ChatMessage = {
        id: event.tracingId,
        tracingId: event.tracingId,
        author: 'customer',
        text: event.text,
        time: event.at,
        status: 'sending',
      };
      enqueue.assign({
        // After an agent's end in Send mode, the visitor's next message starts a new conversation.
        agentEnded: false,
        transcript: ({ context }) => context.transcript.insert(message),
        unconfirmed: ({ context }) => [
          ...context.unconfirmed,
          { tracingId: event.tracingId, text: event.text, time: event.at, sent: false },
        ],
      });
      enqueue.emit({ type: 'message', message, direction: 'sent' });
    }),

    /** Puts every queued message that is not on the wire yet on it, oldest first. */
    sendPending: enqueueActions(({ context, enqueue }) => {
      if (!context.online) return;
      for (const u of context.unconfirmed) {
        if (u.sent) continue;
        enqueue.sendTo('link', {
          type: 'link.send',
          frame: textMessage({ token: context.token, tracingId: u.tracingId, text: u.text }),
        });
      }
      enqueue.assign({ unconfirmed: ({ context }) => context.unconfirmed.map(u => (u.sent ? u : { ...u, sent: true })) });
    }),

    /** A dropped socket may have lost what was sent on it: unconfirmed messages go out again, same tracingId. */
    requeueUnconfirmed: assign({
      online: false,
      unconfirmed: ({ context }) => context.unconfirmed.map(u => ({ ...u, sent: false })),
    }),

    receiveFrame: enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== 'link.frame') return;
      const { changes, emitted = [], typingTimer } = receive(context, event.frame, event.at);
      if (typingTimer !== undefined) enqueue.cancel('agentTyping');
      if (typeof typingTimer === 'number') enqueue.raise({ type: 'agent.typingLapsed' }, { id: 'agentTyping', delay: typingTimer });
      if (changes) enqueue.assign(changes);
      for (const e of emitted) enqueue.emit(e);
    }),

    reportEnded: emit(({ context, event }) => ({
      type: 'ended' as const,
      report: {
        by: 'customer' as const,
        attempts: context.endAttempts,
        ...(context.endStartedAt !== undefined && event.type === 'link.frame'
          ? { latency: Math.max(0, event.at - context.endStartedAt) }
          : {}),
      },
    })),

    reportEndedElsewhere: emit({ type: 'ended' as const, report: { by: 'customer' as const, attempts: 0 } }),

    keepError: assign({ error: ({ event }) => (event.type === 'link.failed' ? event.error : undefined) }),

    emitError: emit(({ context }) => ({
      type: 'error' as const,
      error: context.error ?? { code: 'server-error' as const, message: 'Unknown failure', recoverable: false },
    })),

    failEndUnacknowledged: enqueueActions(({ context, enqueue }) => {
      enqueue.assign({
        error: endFailure(
          'end-not-acknowledged',
          `The server did not acknowledge the end of the conversation after ${context.endAttempts} attempts of ${context.endTimeout} ms.`,
        ),
      });
      enqueue('emitError');
    }),
  },
  delays: {
    endTimeout: ({ context }) => context.endTimeout,
    retryAfter: ({ event }) => {
      const error = frameOf(event) && frameError(frameOf(event)!);
      return (error?.retryAfter ?? 1) * 1000;
    },
  },
  guards: {
    endRequested: ({ context }) => context.endRequested,
    readOnly: ({ context }) => context.readOnly,
    writable: ({ context }) => !context.readOnly,
    online: ({ context }) => context.online,
    endAttemptsLeft: ({ context }) => context.endAttempts < context.maxEndAttempts,
    maySendTyping: ({ context, event }) =>
      event.type === 'chat.typing' &&
      context.online &&
      !context.typingRefused &&
      (context.typingSentAt === undefined || event.at - context.typingSentAt >= TYPING_INTERVAL),
    isSessionCleared: ({ event }) => frameOf(event)?.class === 'SessionClearedEvent',
    isClearAcknowledged: ({ event }) => {
      // After a Clear, ConnectionClosedEvent carries no reason and also means "cleared" (§5.3).
      const frameClass = frameOf(event)?.class;
      return frameClass === 'SessionClearedEvent' || frameClass === 'ConnectionClosedEvent';
    },
    isClearNotSupported: ({ event }) => {
      const frame = frameOf(event);
      const error = frame && frameError(frame);
      return !!error && isClearNotSupported(error);
    },
    isRateLimited: ({ event }) => {
      const frame = frameOf(event);
      return !!frame && frameError(frame)?.code === 429;
    },
  },
}).createMachine({
  id: 'chat',
  context: ({ input }) => ({
    deploymentId: input.deploymentId,
    socketUrl: input.socketUrl,
    token: input.token,
    endRequested: input.endRequested ?? false,
    endTimeout: input.endTimeout ?? DEFAULT_END_TIMEOUT,
    maxEndAttempts: input.maxEndAttempts ?? DEFAULT_MAX_END_ATTEMPTS,
    transcript: Transcript.empty,
    unconfirmed: [],
    online: false,
    endAttempts: 0,
    typingRefused: false,
    agentEnded: false,
    readOnly: false,
  }),
  initial: 'idle',
  states: {
    idle: {
      on: {
        'chat.start': [{ guard: 'endRequested', target: 'live.ending' }, { target: 'live' }],
        'chat.send': { target: 'live', actions: 'acceptMessage' },
        'chat.end': 'live.ending',
      },
    },

    live: {
      invoke: {
        id: 'link',
        src: 'link',
        input: ({ context }) => ({ socketUrl: context.socketUrl, deploymentId: context.deploymentId, token: context.token }),
      },
      exit: [assign({ online: false, agentTyping: undefined }), cancel('agentTyping')],
      initial: 'connecting',
      on: {
        'chat.send': { guard: 'writable', actions: ['acceptMessage', 'sendPending'] },
        'chat.startNew': {
          guard: 'readOnly',
          target: '.connecting',
          actions: [
            assign({ transcript: Transcript.empty, unconfirmed: [], readOnly: false, agentEnded: false, online: false }),
            sendTo('link', { type: 'link.startNew' }),
          ],
        },
        'link.frame': [
          // Another tab or device of the same session ended the conversation.
          { guard: 'isSessionCleared', target: 'closed', actions: 'reportEndedElsewhere' },
          { actions: 'receiveFrame' },
        ],
        'link.rejected': {
          actions: emit(({ event }) => ({
            type: 'error' as const,
            error: { code: 'bad-frame' as const, message: `Ignored a frame from the server (${event.reason}): ${event.detail}`, recoverable: true },
          })),
        },
        'link.lost': { actions: 'requeueUnconfirmed' },
        'chat.typing': {
          guard: 'maySendTyping',
          actions: enqueueActions(({ context, event, enqueue }) => {
            const tracingId = uuid();
            enqueue.assign({ typingSentAt: event.at, typingTracingId: tracingId });
            enqueue.sendTo('link', { type: 'link.send', frame: typing({ token: context.token, tracingId }) });
          }),
        },
        'agent.typingLapsed': { actions: assign({ agentTyping: undefined }) },
        'link.failed': { target: 'error', actions: ['keepError', 'emitError'] },
      },
      states: {
        connecting: {
          on: {
            'link.ready': { target: 'connected', actions: ['goOnline', 'sendPending', 'emitConnected'] },
            'chat.end': 'ending',
          },
        },
        connected: {
          on: {
            'link.lost': { target: 'reconnecting', actions: 'requeueUnconfirmed' },
            'chat.end': 'ending',
          },
        },
        reconnecting: {
          on: {
            'link.ready': { target: 'connected', actions: ['goOnline', 'sendPending'] },
            'chat.end': 'ending',
          },
        },
        ending: {
          entry: [
            assign({
              endRequested: true,
              endAttempts: 0,
              endStartedAt: ({ event }) => ('at' in event && typeof event.at === 'number' ? event.at : undefined),
            }),
            'saveSession',
          ],
          initial: 'waiting',
          on: {
            // Nothing typed after End is sent: the composer is closed, and a message could reopen the conversation.
            'chat.send': {},
            'chat.typing': {},
          },
          states: {
            waiting: {
              always: { guard: 'online', target: 'clearing' },
              on: {
                'link.ready': [
                  { guard: 'endAttemptsLeft', target: 'clearing', actions: 'goOnline' },
                  { target: '#chat.error', actions: ['goOnline', 'failEndUnacknowledged'] },
                ],
              },
            },
            clearing: {
              entry: [
                assign({ endAttempts: ({ context }) => context.endAttempts + 1 }),
                sendTo('link', ({ context }) => ({ type: 'link.send', frame: clear({ token: context.token, tracingId: uuid() }) })),
                emit(({ context }) => ({ type: 'ending' as const, attempt: context.endAttempts })),
              ],
              after: {
                endTimeout: [
                  {
                    // No acknowledgement: the socket may be half-dead. Reconnect and send Clear again.
                    guard: 'endAttemptsLeft',
                    target: 'waiting',
                    actions: [assign({ online: false }), sendTo('link', { type: 'link.reconnect' })],
                  },
                  { target: '#chat.error', actions: 'failEndUnacknowledged' },
                ],
              },
              on: {
                'link.lost': { target: 'waiting', actions: assign({ online: false }) },
                'link.frame': [
                  { guard: 'isClearAcknowledged', target: '#chat.closed', actions: 'reportEnded' },
                  {
                    guard: 'isClearNotSupported',
                    target: '#chat.error',
                    actions: [
                      assign({
                        // The end cannot happen: drop the intent, so a reload does not try again.
                        endRequested: false,
                        error: endFailure(
                          'clear-not-supported',
                          'The deployment does not let visitors end conversations: turn on "conversation clear" in its Messenger configuration.',
                          403,
                        ),
                      }),
                      'saveSession',
                      'emitError',
                    ],
                  },
                  { guard: 'isRateLimited', target: 'rateLimited' },
                  { actions: 'receiveFrame' },
                ],
              },
            },
            rateLimited: {
              after: {
                retryAfter: [
                  { guard: 'endAttemptsLeft', target: 'clearing' },
                  {
                    target: '#chat.error',
                    actions: [
                      assign({ error: endFailure('rate-limited', 'The server kept rate-limiting the request to end the conversation.', 429) }),
                      'emitError',
                    ],
                  },
                ],
              },
              on: { 'link.lost': { target: 'waiting', actions: assign({ online: false }) } },
            },
          },
        },
      },
    },

    closed: {
      entry: [assign({ endRequested: false, unconfirmed: [] }), 'forgetSession'],
      on: {
        'chat.startNew': {
          // The server deleted the cleared session: the same token now starts a new one (§5.3).
          target: 'live',
          actions: assign({ transcript: Transcript.empty, session: undefined, error: undefined, agentEnded: false, readOnly: false }),
        },
      },
    },

    error: {
      on: {
        'chat.retry': [
          { guard: 'endRequested', target: 'live.ending', actions: assign({ error: undefined }) },
          { target: 'live', actions: assign({ error: undefined }) },
        ],
        'chat.end': { target: 'live.ending', actions: assign({ error: undefined }) },
        // Give up ending (or accept that it cannot happen) and go back to the conversation.
        'chat.cancelEnd': {
          target: 'live',
          actions: [assign({ endRequested: false, error: undefined }), 'saveSession'],
        },
        'chat.send': { actions: 'acceptMessage' },
      },
    },
  },
});
