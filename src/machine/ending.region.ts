import { assign, emit, enqueueActions, sendTo } from 'xstate';
import { clear } from '../protocol/encode.js';
import { chatSetup, failWith, timeOf } from './chat.setup.js';
import type { ChatInput, EndingState } from './chat.types.js';
import { chatErrors } from './errors.js';

/**
 * The visitor's End (§5): Presence Clear, then the server's acknowledgement (SessionClearedEvent, or
 * ConnectionClosedEvent after a Clear). A timeout, a dropped socket or a rate limit is not an
 * acknowledgement: Clear goes again over a fresh connection, a bounded number of times, and then the
 * failure is reported and can be retried. The intent is persisted, so a reload finishes the end first.
 * Owns `context.ending`.
 */

// The attribute's default lives with the attributes, so the launcher need not load the machine to read it.
export { DEFAULT_END_TIMEOUT } from '../config.js';

/** Clear frames sent for one End before it is reported as failed. */
export const DEFAULT_MAX_END_ATTEMPTS = 3;

/** The ending a page starts with: an End asked for before a reload is finished first. */
export const initialEnding = (input: ChatInput): EndingState => ({ requested: input.endRequested ?? false, attempts: 0 });

/** The visitor asked to end now: the acknowledgement's latency is counted from here. */
export const endAskedAt = chatSetup.createAction(
  assign({ ending: ({ context, event }) => ({ ...context.ending, startedAt: timeOf(context, event) }) }),
);

/** No End under way (or the one under way was given up). */
export const noEnding = chatSetup.createAction(assign({ ending: { requested: false, attempts: 0 } }));

/** The end failed for good this time: say why, and wait in `error` for a retry. */
const failEnd = chatSetup.createAction(
  enqueueActions(({ context, enqueue }) => enqueue(failWith(chatErrors.endNotAcknowledged(context.ending.attempts, context.settings.endTimeout)))),
);

const offline = chatSetup.createAction(assign({ conversation: ({ context }) => ({ ...context.conversation, online: false }) }));

/** The `ending` state of a live conversation: waiting for a connection, Clear sent, or held off by a rate limit. */
export const endingState = chatSetup.createStateConfig({
  id: 'ending',
  tags: 'ending',
  entry: [
    assign({ ending: ({ context }) => ({ ...context.ending, requested: true, attempts: 0 }) }),
    'saveSession',
    // However long the service is away, the End waits for it (and a reload goes on waiting).
    sendTo('link', { type: 'link.persist', value: true }),
  ],
  initial: 'waiting',
  states: {
    waiting: {
      always: { guard: 'online', target: 'clearing' },
      on: {
        // Until the connection is back, the visitor may change their mind (a Clear that reached the server
        // before still ends the conversation, and the SessionClearedEvent then says so).
        'chat.cancelEnd': {
          target: '#chat.live.connection.reconnecting',
          actions: [noEnding, 'saveSession', sendTo('link', { type: 'link.persist', value: false })],
        },
        'link.ready': [{ guard: 'endAttemptsLeft', target: 'clearing' }, { target: '#chat.error', actions: failEnd }],
      },
    },
    clearing: {
      id: 'clearing',
      entry: [
        assign({ ending: ({ context }) => ({ ...context.ending, attempts: context.ending.attempts + 1, tracingId: context.settings.newId() }) }),
        sendTo('link', ({ context }) => ({ type: 'link.send', frame: clear({ token: context.token, tracingId: context.ending.tracingId! }) })),
        emit(({ context }) => ({ type: 'ending' as const, attempt: context.ending.attempts })),
      ],
      after: {
        endTimeout: [
          {
            // No acknowledgement: the socket may be half-dead. Reconnect and send Clear again.
            guard: 'endAttemptsLeft',
            target: 'waiting',
            actions: [offline, sendTo('link', { type: 'link.reconnect' })],
          },
          { target: '#chat.error', actions: failEnd },
        ],
      },
      on: {
        'link.lost': { target: 'waiting' },
        'link.frame': [
          {
            guard: 'isClearAcknowledged',
            target: '#chat.closed',
            actions: emit(({ context, event }) => ({
              type: 'ended' as const,
              report: {
                by: 'customer' as const,
                attempts: context.ending.attempts,
                ...(context.ending.startedAt !== undefined ? { latency: Math.max(0, event.at - context.ending.startedAt) } : {}),
              },
            })),
          },
          {
            guard: 'isClearNotSupported',
            target: '#chat.error',
            // The end cannot happen: drop the intent, so a reload does not try again.
            actions: [noEnding, 'saveSession', failWith(chatErrors.clearNotSupported())],
          },
          { guard: 'isRateLimited', target: 'rateLimited' },
        ],
      },
    },
    rateLimited: {
      after: {
        retryAfter: [
          { guard: 'endAttemptsLeft', target: 'clearing' },
          {
            target: '#chat.error',
            actions: failWith(chatErrors.endRateLimited()),
          },
        ],
      },
      on: { 'link.lost': { target: 'waiting' } },
    },
  },
});
