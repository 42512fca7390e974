import { and, enqueueActions, or, setup, stateIn } from 'xstate';
import { frameError, isClearNotSupported } from '../protocol/decode.js';
import { tracingIdOf } from '../protocol/frame-rules.js';
import type { ServerFrame } from '../protocol/frames.js';
import type { ChatState } from './chat.state.js';
import type { ChatContext, ChatEmitted, ChatError, ChatEvent, ChatInput } from './chat.types.js';
import { createConfigActor, createHistoryActor, createUploadActor, noFetch } from './http.actors.js';
import { linkMachine } from './link.machine.js';

const frameOf = (event: ChatEvent): ServerFrame | undefined => (event.type === 'link.frame' ? event.frame : undefined);

/**
 * What every part of the chat machine is built on: its types, the actors it runs, the host's storage
 * (provided by `createChatLogic`), and the checks more than one part makes. Each concern's state
 * config and actions are made from this in its own file.
 */
/** A reasonless ConnectionClosedEvent this soon after the session was configured is the connection cap (ms). */
export const CAP_WINDOW = 5000;

export const chatSetup = setup({
  types: {
    input: {} as ChatInput,
    context: {} as ChatContext,
    events: {} as ChatEvent,
    emitted: {} as ChatEmitted,
    // The public states are tags on the state nodes that are them.
    tags: {} as ChatState,
  },
  actors: {
    link: linkMachine,
    loadConfig: createConfigActor(noFetch),
    fetchHistory: createHistoryActor(noFetch),
    upload: createUploadActor(noFetch),
  },
  actions: {
    /**
     * Persists the token, the End intent, the outbox and when the session expires; the host provides the
     * storage. `dormant`: the stored token has no live session, so a page load does not connect for it.
     */
    saveSession: (_args: { context: ChatContext }, _params?: { readonly dormant?: boolean }) => {},
    /** Forgets the persisted session: after an end there is nothing to resume on the next page load. */
    forgetSession: () => {},
  },
  delays: {
    endTimeout: ({ context }) => context.settings.endTimeout,
    retryAfter: ({ event }) => {
      const frame = frameOf(event);
      return ((frame && frameError(frame)?.retryAfter) ?? 1) * 1000;
    },
  },
  guards: {
    endRequested: ({ context }) => context.ending.requested,
    readOnly: ({ context }) => context.conversation.readOnly,
    online: ({ context }) => context.conversation.online,
    clearDisabled: ({ context }) => !context.deployment.config.conversationClear,
    /** The composer takes input: the session is not read-only and no End is under way. */
    writable: ({ context }) => !context.conversation.readOnly && !context.ending.requested,
    endAttemptsLeft: ({ context }) => context.ending.attempts < context.settings.maxEndAttempts,
    isSessionCleared: ({ event }) => frameOf(event)?.class === 'SessionClearedEvent',
    isLogout: ({ event }) => frameOf(event)?.class === 'LogoutEvent',
    /**
     * The server closes this connection without a reason right after it was configured, while no End
     * is under way: the session has too many connections (§4.3; the official SDK infers "SessionLimitReached"
     * from a reasonless close). Later, a reasonless close is another device leaving the session for a
     * new one, and reconnecting is right.
     */
    isConnectionCapped: ({ context, event }) => {
      const frame = frameOf(event);
      if (frame?.class !== 'ConnectionClosedEvent' || frame.body.reason !== undefined || context.ending.requested) return false;
      const { onlineAt } = context.conversation;
      return onlineAt !== undefined && event.type === 'link.frame' && event.at - onlineAt <= CAP_WINDOW;
    },
    isClearAcknowledged: ({ event }) => {
      // After a Clear, ConnectionClosedEvent carries no reason and also means "cleared" (§5.3); one that
      // names another connection (SessionLimitReached, signedIn) is not about the Clear.
      const frame = frameOf(event);
      if (frame?.class === 'SessionClearedEvent') return true;
      return frame?.class === 'ConnectionClosedEvent' && frame.body.reason !== 'SessionLimitReached' && frame.body.reason !== 'signedIn';
    },
    /**
     * The deployment refuses the Clear: a 403 that says so (§5.2), or one that names the Clear, or one that
     * names nothing, since the Clear is what is in flight while ending (the refusal Genesys was seen to send is untagged).
     */
    isClearNotSupported: ({ context, event }) => {
      const frame = frameOf(event);
      const error = frame && frameError(frame);
      if (!error || error.code !== 403) return false;
      const tracingId = tracingIdOf(frame);
      return isClearNotSupported(error) || tracingId === undefined || tracingId === context.ending.tracingId;
    },
    isRateLimited: ({ event }) => {
      const frame = frameOf(event);
      return !!frame && frameError(frame)?.code === 429;
    },
    /** While Clear awaits its answer, the answer (or a refusal, or a rate limit) is the ending's alone. */
    isClearAnswer: and([stateIn('#clearing'), or(['isClearAcknowledged', 'isClearNotSupported', 'isRateLimited'])]),
  },
});

/** How a configured session came: new, or renewed by the link after 4006/4007 (already started clean), or resumed. */
export const sessionKind = (event: { session: { newSession?: boolean }; renewedAfter?: number }): 'new' | 'renewed' | 'resumed' =>
  event.renewedAfter !== undefined ? 'renewed' : event.session.newSession === true ? 'new' : 'resumed';

/** When something happened: the event's own time when it says, the machine's clock otherwise. */
export const timeOf = (context: ChatContext, event: object): number =>
  'at' in event && typeof event.at === 'number' ? event.at : context.settings.now();

/** A failure that stops the conversation: kept for the `error` state, and reported. */
export const failWith = (error: ChatError) =>
  chatSetup.createAction(
    enqueueActions(({ enqueue }) => {
      enqueue.assign({ error });
      enqueue.emit({ type: 'error', error });
    }),
  );
