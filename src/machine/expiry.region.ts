import { assign, cancel, enqueueActions } from 'xstate';
import { echo } from '../protocol/encode.js';
import { chatSetup, sessionKind, timeOf } from './chat.setup.js';
import type { ExpiryState } from './chat.types.js';
import { expiryAfter, expiryOfSession, slide, touchesExpiry, warningDelay } from './expiry.js';

/**
 * The session's inactivity timeout (§4.6): the server says when the session expires, activity slides it,
 * the visitor is warned before it and may stay (an echo). Owns `context.expiry`.
 */

/** A session whose expiry is not known yet. */
export const NO_EXPIRY: ExpiryState = { warning: false };

/** The expiry after activity at `at`, or nothing when no expiry is known. */
export const afterActivity = (expiry: ExpiryState, at: number): ExpiryState | undefined => {
  const due = slide(expiry.due, at);
  return due && { ...expiry, due, warning: false };
};

/** Re-arms the "session expires soon" warning for the current expiry. */
export const armExpiry = chatSetup.createAction(
  enqueueActions(({ context, event, enqueue }) => {
    enqueue.cancel('expiryWarning');
    const { due } = context.expiry;
    if (due) enqueue.raise({ type: 'session.expiring' }, { id: 'expiryWarning', delay: warningDelay(due, timeOf(context, event)) });
  }),
);

/**
 * Stored expiry may lag behind the real one by this much: activity slides the expiry with every
 * message, and storage is written once a minute of it, not once a message. A stored expiry that has
 * passed only means a page load waits for the visitor before connecting.
 */
export const EXPIRY_STORE_STEP = 60_000;

/** Stores the session again when its expiry moved by a step or more (or back: a new session). */
const storeExpiry = chatSetup.createAction(
  enqueueActions(({ context, enqueue }) => {
    const expiresAt = context.expiry.due?.expiresAt;
    const stored = context.expiry.stored;
    if (expiresAt === undefined || (stored !== undefined && expiresAt >= stored && expiresAt - stored < EXPIRY_STORE_STEP)) return;
    enqueue.assign({ expiry: { ...context.expiry, stored: expiresAt } });
    enqueue('saveSession');
  }),
);

/** The expiry region of a live conversation. */
export const expiryRegion = chatSetup.createStateConfig({
  exit: cancel('expiryWarning'),
  on: {
    'link.frame': {
      // Decided before the other regions read the frame: by then the message is in the transcript.
      guard: ({ context, event }) => touchesExpiry(context, event.frame, event.at),
      actions: enqueueActions(({ context, event, enqueue }) => {
        const expiry = expiryAfter(context.expiry, event.frame, event.at);
        if (!expiry) return;
        enqueue.assign({ expiry });
        if (expiry.due !== context.expiry.due) enqueue(armExpiry);
        enqueue(storeExpiry);
      }),
    },
    // A run of agent frames: activity, when one of them is a message new to the transcript.
    'link.received': {
      guard: ({ context, event }) => event.frames.some(frame => touchesExpiry(context, frame, event.at)),
      actions: enqueueActions(({ context, event, enqueue }) => {
        const expiry = afterActivity(context.expiry, event.at);
        if (!expiry) return;
        enqueue.assign({ expiry });
        enqueue(armExpiry);
        enqueue(storeExpiry);
      }),
    },
    'link.ready': {
      actions: [
        assign({
          expiry: ({ context, event }) => ({ ...(sessionKind(event) === 'new' ? NO_EXPIRY : context.expiry), due: expiryOfSession(event.session, event.at) }),
        }),
        storeExpiry,
      ],
    },
    'session.expiring': { guard: 'online', actions: assign({ expiry: ({ context }) => ({ ...context.expiry, warning: true }) }) },
    'chat.stay': {
      guard: 'online',
      actions: enqueueActions(({ context, enqueue }) => {
        const tracingId = context.settings.newId();
        enqueue.assign({ expiry: { ...context.expiry, stayTracingId: tracingId } });
        enqueue.sendTo('link', { type: 'link.send', frame: echo({ token: context.token, tracingId }) });
      }),
    },
  },
});
