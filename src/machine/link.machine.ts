import { and, assign, not, sendParent, sendTo } from 'xstate';
import { closeSession, configureAuthenticatedSession, configureSession } from '../protocol/encode.js';
import type { SessionInfo } from '../protocol/frames.js';
import { uuid } from '../protocol/ids.js';
import type { SocketEvent } from '../transport/socket.js';
import type { LinkReport } from './chat.types.js';
import { chatErrors } from './errors.js';
import { keepAlive } from './link.keepalive.js';
import { jwtRenewal } from './link.renewal.js';
import { linkSetup, MAX_RECONNECT_ATTEMPTS, report, reportFrame, reportFrames, serverErrorOf, type FrameEvent } from './link.setup.js';

export { ECHO_TIMEOUT, KEEPALIVE_INTERVAL, MAX_RECONNECT_ATTEMPTS, type LinkContext, type LinkInput } from './link.setup.js';

/** Connect again, counting the attempt, while attempts are left. */
const retry = { guard: 'attemptsLeft', target: 'connecting', actions: linkSetup.createAction(assign({ attempt: ({ context }) => context.attempt + 1 })) } as const;

/**
 * The link to the Guest API: one socket at a time, a configured session on it, and reconnection
 * with the same token when it drops (§4.2, §4.5). It reports to its parent (the chat machine) and
 * knows nothing about conversations.
 */
export const linkMachine = linkSetup.createMachine({
  id: 'link',
  context: ({ input }) => ({
    ...input,
    now: input.now ?? Date.now,
    newId: input.newId ?? uuid,
    random: input.random ?? Math.random,
    successorOf: input.successorOf ?? (() => (input.newId ?? uuid)()),
    renew: input.renew ?? true,
    persistent: input.persistent ?? false,
    authTries: 0,
    refreshing: false,
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
    'link.mayRenew': { actions: assign({ renew: true }) },
    'link.persist': { actions: assign({ persistent: ({ event }) => event.value }) },
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
              error: chatErrors.connectionRefused(),
            })),
          },
          { target: 'backoff' },
        ],
      },
      states: {
        opening: {
          on: {
            'socket.open': [
              { guard: 'needsSignIn', target: 'authorizing' },
              // A JWT about to expire (the socket was down when it was due): renewed first, rather than refused.
              { guard: 'jwtExpiring', target: 'authorizing', actions: assign({ refreshing: true }) },
              { target: 'configuring' },
            ],
          },
        },
        authorizing: {
          // A signed-in visitor's JWT: from the page's proof, or renewed with the refresh token (§10.2, §10.3).
          invoke: {
            src: 'authorize',
            input: ({ context }) => ({ auth: context.auth!, refresh: context.refreshing, ...(context.tokens ? { tokens: context.tokens } : {}) }),
            onDone: {
              target: 'configuring',
              actions: [
                assign({ tokens: ({ event }) => event.output, authTries: ({ context }) => context.authTries + 1 }),
                sendParent(({ event }): LinkReport => ({ type: 'link.signedIn', tokens: event.output })),
              ],
            },
            onError: [
              // The refresh token no longer stands: the page is asked for a new proof.
              { guard: ({ context }) => context.refreshing, target: 'authorizing', reenter: true, actions: assign({ refreshing: false, tokens: undefined }) },
              {
                target: '#link.failed',
                actions: sendParent(({ event }): LinkReport => ({ type: 'link.failed', error: chatErrors.signInFailed(event.error instanceof Error ? event.error.message : String(event.error)) })),
              },
            ],
          },
        },
        configuring: {
          entry: sendTo('socket', ({ context }) => {
            const ids = { token: context.token, deploymentId: context.deploymentId, tracingId: context.newId(), startNew: context.startNew };
            const frame = context.tokens ? configureAuthenticatedSession({ ...ids, jwt: context.tokens.jwt }) : configureSession(ids);
            return { type: 'socket.send', data: JSON.stringify(frame) };
          }),
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
                  token: ({ context }) => context.successorOf(context.token),
                  tokenRenewed: true,
                  renewedAfter: ({ event }) => (serverErrorOf(event)?.code === 4007 ? 4007 : 4006),
                }),
              },
              // The JWT expired: renew it and configure again. The login no longer stands: sign in afresh.
              { guard: 'isUnauthorized', target: 'authorizing', actions: assign({ refreshing: true }) },
              { guard: 'isSignInRefused', target: 'authorizing', actions: assign({ refreshing: false, tokens: undefined }) },
              {
                // Closed instead of configured: the session is at its cap of connections, or taken by a sign-in
                // elsewhere. Reconnecting would only be closed again.
                guard: 'isConnectionClosed',
                target: '#link.failed',
                actions: report<Extract<FrameEvent, { type: 'frame' }>>(({ event }) => ({
                  type: 'link.failed',
                  error: event.frame.class === 'ConnectionClosedEvent' && event.frame.body.reason === 'signedIn' ? chatErrors.signedInElsewhere() : chatErrors.connectionLimit(),
                })),
              },
              {
                // Only resuming, and the session is gone: nothing is left to resume, and a new one is not ours to make.
                guard: and(['isSessionGone', not('mayRenew')]),
                target: '#link.gone',
                actions: report(({ event }) => ({ type: 'link.gone', code: serverErrorOf(event)?.code === 4007 ? 4007 : 4006 })),
              },
              {
                guard: 'isError',
                target: '#link.failed',
                actions: report(({ event }) => {
                  const error = serverErrorOf(event)!;
                  return { type: 'link.failed', error: chatErrors.sessionRefused(error.code, error.message) };
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
          entry: assign({ attempt: 0, everReady: true, startNew: false, renewedAfter: undefined, tokenRenewed: false, authTries: 0, refreshing: false }),
          type: 'parallel',
          states: { alive: keepAlive, renewal: jwtRenewal },
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
                      error: reason === 'signedIn' ? chatErrors.signedInElsewhere() : chatErrors.connectionLimit(),
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
            // The page signed the visitor in: the same session, configured again with the JWT (step-up, §10.9).
            'link.signIn': { guard: 'canSignIn', target: 'authorizing', actions: assign({ tokens: undefined, refreshing: false }) },
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
      on: { 'env.online': retry, 'env.visible': retry },
      after: {
        backoff: [
          retry,
          {
            target: 'failed',
            actions: report(() => ({
              type: 'link.failed',
              error: chatErrors.connectionLost(MAX_RECONNECT_ATTEMPTS),
            })),
          },
        ],
      },
    },
    failed: { type: 'final' },
    /** The resumed session is gone and was not to be replaced (`renew` false). */
    gone: { type: 'final' },
  },
});
