import { and, assign, cancel, enqueueActions, not } from 'xstate';
import { join } from '../protocol/encode.js';
import { Transcript } from '../transcript/transcript.js';
import { chatSetup, sessionKind } from './chat.setup.js';
import type { ChatInput, OutboxState } from './chat.types.js';
import { chatErrors } from './errors.js';
import { acceptSend, accepted, announceAccepted, replyDraft, unsendable } from './accept.js';
import { attributesAfter, attributesToSend, dropDoubts, fail, frameFor, inDoubt, outstanding, retry, SEND_TIMEOUT, settleDoubts, waiting } from './outbox.js';
import { fromStored } from './outbox-store.js';
import { receiveOwn } from './receive-own.js';

/**
 * Delivery of the visitor's messages (§2.4): shown at once, put on the wire one at a time and in order,
 * confirmed by the server's echo, failed (and retried by the visitor) when refused or never echoed,
 * and held "in doubt" across a dropped connection until the history says whether they arrived.
 * Owns `context.outbox`.
 */

/** A history that never comes cannot hold messages in doubt forever: they go again after this long. */
export const SETTLE_TIMEOUT = 10_000;

/** The outbox and transcript a page starts with: the visitor's unconfirmed messages from before a reload. */
export function restoredOutbox(input: ChatInput): { outbox: OutboxState; transcript: Transcript } {
  const { unconfirmed, messages } = fromStored(input.outbox ?? []);
  return {
    outbox: {
      messages: unconfirmed,
      throttled: false,
      attributes: { refused: false, ...(input.customAttributes ? { custom: input.customAttributes } : {}) },
      join: { pending: false },
    },
    transcript: messages.reduce((t, m) => t.insert(m), Transcript.empty),
  };
}

/** The outbox of a new session: the messages stay, what the old session knew of the attributes and Join does not. */
export const freshOutbox = (outbox: OutboxState): OutboxState => ({
  ...outbox,
  attributes: { refused: false, ...(outbox.attributes.custom ? { custom: outbox.attributes.custom } : {}) },
  join: { pending: false, ...(outbox.join.held ? { held: true } : {}) },
});

/** Join waits for the visitor: the session was resumed at page load. */
export const holdJoin = chatSetup.createAction(
  assign({ outbox: ({ context }) => ({ ...context.outbox, join: { ...context.outbox.join, held: true } }) }),
);

/** The visitor asked for the conversation before it went live: a Join is not held back. */
export const unholdJoin = chatSetup.createAction(
  assign({ outbox: ({ context }) => ({ ...context.outbox, join: { pending: context.outbox.join.pending, ...(context.outbox.join.tracingId ? { tracingId: context.outbox.join.tracingId } : {}) } }) }),
);

/**
 * The visitor asked for the conversation (opened the chat, or wrote): a pending Join may go, and a
 * session found gone may be replaced by a fresh one.
 */
export const releaseJoin = chatSetup.createAction(
  enqueueActions(({ context, enqueue }) => {
    const { join } = context.outbox;
    if (!join.held) return;
    enqueue(unholdJoin);
    enqueue.sendTo('link', { type: 'link.mayRenew' });
  }),
);

/** With messages on the wire, an echo is due: without one for SEND_TIMEOUT they are shown as failed. */
export const watchOutbox = chatSetup.createAction(
  enqueueActions(({ context, enqueue }) => {
    enqueue.cancel('outboxStall');
    if (outstanding(context.outbox.messages)) enqueue.raise({ type: 'outbox.stalled' }, { id: 'outboxStall', delay: SEND_TIMEOUT });
  }),
);

/** Puts the next queued message on the wire, with the custom attributes when they are due. */
export const sendPending = chatSetup.createAction(
  enqueueActions(({ context, enqueue }) => {
    const { outbox } = context;
    // One message on the wire at a time: the server then receives them in the order they were
    // typed, even when it refuses one for a while (429) or the socket drops in between. Nothing
    // overtakes a message the server may already have.
    if (!context.conversation.online || outbox.throttled || inDoubt(outbox.messages) || outstanding(outbox.messages)) return;
    const [u] = waiting(outbox.messages);
    if (!u) return;
    const check = attributesToSend(outbox, context.conversation.session);
    if ('tooLarge' in check) enqueue.emit({ type: 'error', error: chatErrors.attributesTooLarge(check.tooLarge) });
    enqueue.sendTo('link', { type: 'link.send', frame: frameFor(context.token, u, check.send ? check.attributes : undefined) });
    enqueue.assign({
      outbox: {
        ...outbox,
        attributes: attributesAfter(outbox.attributes, check),
        messages: outbox.messages.map(x => (x === u ? { ...x, state: { kind: 'sent' }, ...(check.send ? { withAttributes: true } : {}) } : x)),
      },
    });
    enqueue(watchOutbox);
    enqueue('saveSession');
  }),
);

/** The doubts are settled: what is left goes out, in order. */
export const resumeOutbox = chatSetup.createAction(
  enqueueActions(({ enqueue }) => {
    enqueue.cancel('outboxSettle');
    enqueue(sendPending);
    enqueue('saveSession');
  }),
);

/** Auto-start (§2.4.4): a new session opens the conversation with Presence Join once config.json says so. */
export const maybeJoin = chatSetup.createAction(
  enqueueActions(({ context, enqueue }) => {
    const { outbox } = context;
    if (!outbox.join.pending || outbox.join.held || !context.deployment.known || !context.conversation.online) return;
    if (!context.deployment.config.autoStart || context.conversation.readOnly) {
      enqueue.assign({ outbox: { ...outbox, join: { pending: false } } });
      return;
    }
    const tracingId = context.settings.newId();
    const check = attributesToSend(outbox, context.conversation.session);
    if ('tooLarge' in check) enqueue.emit({ type: 'error', error: chatErrors.attributesTooLarge(check.tooLarge) });
    enqueue.assign({
      outbox: {
        ...outbox,
        join: { pending: false, tracingId },
        attributes: attributesAfter(outbox.attributes, check),
      },
    });
    enqueue.sendTo('link', { type: 'link.send', frame: join({ token: context.token, tracingId }, check.send ? check.attributes : undefined) });
  }),
);

/** Messages in doubt go again as they are: no history can tell whether they arrived. */
export const dropOutboxDoubts = chatSetup.createAction(
  assign({ outbox: ({ context }) => ({ ...context.outbox, messages: dropDoubts(context.outbox.messages) }) }),
);

/** The outbox region of a live conversation. */
export const outboxRegion = chatSetup.createStateConfig({
  exit: [cancel('outboxStall'), cancel('outboxSettle')],
  on: {
    'chat.start': { actions: [releaseJoin, maybeJoin] },
    'chat.send': [
      ...unsendable,
      { guard: 'writable', actions: [releaseJoin, maybeJoin, ...acceptSend, sendPending] },
    ],
    'chat.reply': {
      guard: 'writable',
      actions: [assign(({ context, event }) => accepted(context, replyDraft(context, event))), announceAccepted, sendPending],
    },
    'chat.resend': {
      guard: 'writable',
      actions: [
        enqueueActions(({ context, event, enqueue }) => {
          const lines = retry({ transcript: context.transcript, messages: context.outbox.messages }, event.tracingId);
          if (lines) enqueue.assign({ transcript: lines.transcript, outbox: { ...context.outbox, messages: lines.messages } });
          enqueue('saveSession');
        }),
        sendPending,
      ],
    },
    'outbox.stalled': {
      actions: [
        enqueueActions(({ context, enqueue }) => {
          const stalled = context.outbox.messages.filter(u => u.state.kind === 'sent');
          if (stalled.length === 0) return;
          const lines = stalled.reduce((l, u) => fail(l, u, 'message-timeout'), { transcript: context.transcript, messages: context.outbox.messages });
          enqueue.assign({ transcript: lines.transcript, outbox: { ...context.outbox, messages: lines.messages } });
          enqueue.emit({ type: 'error', error: chatErrors.messageTimeout(stalled.length, SEND_TIMEOUT) });
          enqueue('saveSession');
        }),
        sendPending,
      ],
    },
    'link.frame': {
      guard: and([not('isClearAnswer'), ({ context, event }) => !!receiveOwn(context, event.frame, event.at)]),
      actions: enqueueActions(({ context, event, enqueue }) => {
        const outcome = receiveOwn(context, event.frame, event.at);
        if (!outcome) return;
        const { lines } = outcome;
        enqueue.assign({
          ...(lines ? { transcript: lines.transcript } : {}),
          outbox: { ...context.outbox, ...outcome.outbox, ...(lines ? { messages: lines.messages } : {}) },
        });
        for (const e of outcome.emitted ?? []) enqueue.emit(e);
        if (outcome.resumeAfter !== undefined) {
          enqueue.cancel('outboxResume');
          enqueue.raise({ type: 'outbox.resume' }, { id: 'outboxResume', delay: outcome.resumeAfter });
        }
        if (lines) {
          enqueue(watchOutbox);
          enqueue('saveSession');
        }
        // An echo or a refusal frees the wire for the next message.
        if (lines || outcome.sendPending) enqueue(sendPending);
        if (outcome.rejoin) enqueue(maybeJoin);
      }),
    },
    'link.ready': {
      actions: enqueueActions(({ context, event, enqueue }) => {
        const kind = sessionKind(event);
        const outbox = kind === 'new' ? freshOutbox(context.outbox) : context.outbox;
        // Auto-start (§2.4.4) opens a new session with Join, once config.json says whether to.
        enqueue.assign({ outbox: { ...outbox, join: { ...outbox.join, pending: event.session.newSession === true && event.session.readOnly !== true } } });
        // Messages in doubt are looked for in the history; a new session cannot have them, nor can a missing history.
        if (!inDoubt(outbox.messages)) return;
        if (kind !== 'resumed' || !context.settings.apiOrigin) enqueue(dropOutboxDoubts);
        else enqueue.raise({ type: 'outbox.settle' }, { id: 'outboxSettle', delay: SETTLE_TIMEOUT });
      }),
    },
    // The newest page of history says which messages in doubt the server has.
    'history.loaded': {
      guard: ({ context, event }) => event.page.pageNumber === 1 && inDoubt(context.outbox.messages),
      actions: [
        enqueueActions(({ context, event, enqueue }) => {
          const lines = settleDoubts({ transcript: context.transcript, messages: context.outbox.messages }, event.page.entities);
          enqueue.assign({ transcript: lines.transcript, outbox: { ...context.outbox, messages: lines.messages } });
        }),
        resumeOutbox,
      ],
    },
    // Without history to check, messages in doubt go again (with their tracingId).
    'history.failed': { guard: ({ context }) => inDoubt(context.outbox.messages), actions: [dropOutboxDoubts, resumeOutbox] },
    'outbox.settle': { actions: [dropOutboxDoubts, resumeOutbox] },
    'outbox.resume': { actions: [assign({ outbox: ({ context }) => ({ ...context.outbox, throttled: false }) }), sendPending] },
    'link.lost': {
      actions: [
        cancel('outboxStall'),
        // What was on the wire may have reached the server: it is in doubt until the history says.
        assign({
          outbox: ({ context }) => ({
            ...context.outbox,
            messages: context.outbox.messages.map(u => (u.state.kind === 'sent' ? { ...u, state: { kind: 'doubt' } } : u)),
          }),
        }),
      ],
    },
  },
});
