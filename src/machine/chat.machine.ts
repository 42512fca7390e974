import { assign, emit, enqueueActions, sendTo, stateIn } from 'xstate';
import { initialContext, SYSTEM_CLOCK, type ChatClock } from './chat.context.js';
import { chatSetup, failWith } from './chat.setup.js';
import { deploymentEvents, readDeploymentConfig } from './deployment.js';
import { conversationRegion, forgetGone, forgetSignedOut, startClean, startOver } from './conversation.region.js';
import { endAskedAt, endingState, noEnding } from './ending.region.js';
import { chatErrors } from './errors.js';
import { armExpiry, expiryRegion } from './expiry.region.js';
import { historyRegion } from './history.region.js';
import { isAgentFrame, runsOf } from './receive.js';
import { acceptSend, unsendable } from './accept.js';
import { holdJoin, maybeJoin, unholdJoin, outboxRegion, sendPending } from './outbox.region.js';
import { requestUploads, uploadsRegion } from './uploads.region.js';

export { DEFAULT_END_TIMEOUT, DEFAULT_MAX_END_ATTEMPTS } from './ending.region.js';
export { TYPING_INTERVAL } from './conversation.region.js';
export { SETTLE_TIMEOUT } from './outbox.region.js';
export { DEFAULT_MAX_MESSAGE_LENGTH } from './chat.context.js';

/** On a configured session: open the conversation, send what waits, ask what the uploads need, watch the expiry. */
const whenOnline = [maybeJoin, sendPending, requestUploads, armExpiry] as const;

/** The visitor's End, the same from wherever it is offered (idle, live, error): refused when the deployment takes none. */
const end = chatSetup.createStateConfig({
  on: {
    'chat.end': [
      // Already ending: the Clear under way is the answer.
      { guard: stateIn('#ending') },
      { guard: 'clearDisabled', actions: emit({ type: 'error' as const, error: chatErrors.endRefused() }) },
      { target: '#ending', actions: [assign({ error: undefined }), endAskedAt] },
    ],
  },
}).on['chat.end'];

const reconnected = (value: boolean) =>
  chatSetup.createAction(assign({ conversation: ({ context }) => ({ ...context.conversation, reconnected: value }) }));

/**
 * One Genesys web messaging conversation, from the visitor's side.
 *
 * `idle → live{connecting, connected, reconnecting, ending} → closed`, and `error` when something
 * needs the visitor (each of these is a tag, the public state). Only `chat.end` leads to `ending`, which
 * calls the conversation over only when the server acknowledges the Clear (see ending.region.ts);
 * once it is, the session is forgotten (`forgetSession`), so later page loads do not reconnect.
 * While live, the conversation, the outbox, the uploads, the history and the expiry each run as a
 * region of their own, next to the connection's states.
 */
export const createChatMachine = (clock: ChatClock = SYSTEM_CLOCK) => chatSetup.createMachine({
  id: 'chat',
  context: ({ input }) => initialContext(input, clock),
  // config.json decides what is offered (End, typing, auto-start, markdown): read it as soon as the widget exists.
  entry: readDeploymentConfig,
  on: {
    ...deploymentEvents,
    'chat.dismissNotice': { actions: assign({ conversation: ({ context }) => ({ ...context.conversation, notice: undefined }) }) },
    'chat.attributes': {
      actions: assign({ outbox: ({ context, event }) => ({ ...context.outbox, attributes: { ...context.outbox.attributes, custom: event.attributes } }) }),
    },
    // The visitor signs out: the login ends at Genesys (its other tabs and devices get LogoutEvent), and
    // here at once, whether or not Genesys can be reached.
    'chat.logout': {
      target: '.closed',
      actions: [
        ({ context }) => {
          if (context.settings.auth && context.tokens) context.settings.auth.revoke(context.tokens).catch(() => {});
        },
        forgetSignedOut,
      ],
    },
  },
  initial: 'idle',
  states: {
    idle: {
      tags: 'idle',
      on: {
        // The visitor asks for the conversation: nothing is held back for them any longer.
        'chat.start': [{ guard: 'endRequested', target: '#ending' }, { target: 'live', actions: unholdJoin }],
        'chat.resume': [
          { guard: 'endRequested', target: '#ending' },
          // Expired as far as is known: the visitor's opening of the chat will ask the server.
          { guard: ({ event }) => event.expiresAt !== undefined && event.expiresAt <= clock.now() },
          { target: 'live', actions: holdJoin },
        ],
        'chat.send': [...unsendable, { target: 'live', actions: acceptSend }],
        'chat.end': end,
      },
    },

    live: {
      type: 'parallel',
      invoke: {
        id: 'link',
        src: 'link',
        // The link keeps the machine's time and ids, so a simulated clock governs both.
        input: ({ context }) => ({
          socketUrl: context.settings.socketUrl,
          deploymentId: context.settings.deploymentId,
          token: context.token,
          now: clock.now,
          newId: clock.newId,
          successorOf: context.settings.successorOf,
          ...(context.settings.auth ? { auth: context.settings.auth, ...(context.tokens ? { tokens: context.tokens } : {}) } : {}),
          // Only resuming: a session found gone is left gone until the visitor asks for the conversation.
          renew: !context.outbox.join.held,
          // An End waits for the connection: it is not given up for want of one.
          persistent: context.ending.requested,
        }),
      },
      on: {
        // Frames that arrived together are read in order before anyone looks: a run of agent frames in one
        // pass (a burst of messages is one step, not one per message), any other frame on its own.
        'link.frames': {
          actions: enqueueActions(({ event, enqueue }) => {
            for (const run of runsOf(event.frames, isAgentFrame)) {
              if (run.length > 1) enqueue.raise({ type: 'link.received', frames: run, at: event.at });
              else enqueue.raise({ type: 'link.frame', frame: run[0]!, at: event.at });
            }
          }),
        },
        'link.gone': { target: 'idle', actions: forgetGone },
        // Kept as the storage setting allows, so a reload resumes signed in.
        'chat.signIn': { actions: sendTo('link', { type: 'link.signIn' }) },
        'link.signedIn': { actions: [assign({ tokens: ({ event }) => event.tokens }), 'saveSession'] },
        'session.gone': { target: 'idle', actions: enqueueActions(({ event, enqueue }) => enqueue(startClean(event.code, true))) },
        'link.failed': {
          target: 'error',
          actions: enqueueActions(({ event, enqueue }) => enqueue(failWith(event.error))),
        },
      },
      states: {
        // Regions act on an event they share in this order: each takes a new session (link.ready)
        // before the connection's states send what waits for one.
        conversation: conversationRegion,
        outbox: outboxRegion,
        uploads: uploadsRegion,
        history: historyRegion,
        expiry: expiryRegion,
        connection: {
          initial: 'connecting',
          on: {
            'chat.end': end,
            // Another tab or device of the same session ended the conversation.
            'link.frame': [
              { guard: 'isSessionCleared', target: '#chat.closed', actions: emit({ type: 'ended' as const, report: { by: 'customer' as const, attempts: 0 } }) },
              // Signed out from any device or tab: the session is not this visitor's any more.
              // Closed, not idle: an open panel would start (and sign in) again at once; the visitor chooses to.
              { guard: 'isLogout', target: '#chat.closed', actions: forgetSignedOut },
              // Reconnecting would only be refused again, in a loop: stop, and let the visitor try again later.
              { guard: 'isConnectionCapped', target: '#chat.error', actions: failWith(chatErrors.connectionLimit()) },
            ],
            'chat.startNew': {
              guard: 'readOnly',
              target: '.connecting',
              actions: [
                assign(({ context }) => startOver(context, { online: false })),
                sendTo('link', { type: 'link.startNew' }),
              ],
            },
          },
          states: {
            connecting: {
              tags: 'connecting',
              on: {
                'link.ready': {
                  target: 'connected',
                  actions: [reconnected(false), ...whenOnline, emit(({ context }) => ({ type: 'connected' as const, newSession: context.conversation.session?.newSession ?? false }))],
                },
              },
            },
            connected: {
              tags: 'connected',
              on: { 'link.lost': 'reconnecting' },
            },
            reconnecting: {
              tags: 'reconnecting',
              on: { 'link.ready': { target: 'connected', actions: [reconnected(true), ...whenOnline] } },
            },
            ending: endingState,
          },
        },
      },
    },

    closed: {
      tags: 'closed',
      entry: [noEnding, assign({ outbox: ({ context }) => ({ ...context.outbox, messages: [] }) }), 'forgetSession'],
      on: {
        'chat.startNew': {
          // The server deleted the cleared session: the same token now starts a new one (§5.3).
          target: 'live',
          actions: assign(({ context }) => ({ ...startOver(context, { notice: undefined }), error: undefined })),
        },
      },
    },

    error: {
      tags: 'error',
      on: {
        'chat.retry': [
          { guard: 'endRequested', target: '#ending', actions: [assign({ error: undefined }), endAskedAt] },
          { target: 'live', actions: assign({ error: undefined }) },
        ],
        // Give up ending (or accept that it cannot happen) and go back to the conversation.
        'chat.cancelEnd': { target: 'live', actions: [noEnding, assign({ error: undefined }), 'saveSession'] },
        'chat.send': [...unsendable, { actions: acceptSend }],
        'chat.end': end,
      },
    },
  },
});

/** The chat machine on the system clock. */
export const chatMachine = createChatMachine();
