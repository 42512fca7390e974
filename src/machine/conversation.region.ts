import { assign, cancel, emit, enqueueActions } from 'xstate';
import { typing } from '../protocol/encode.js';
import { getAttachment } from '../protocol/encode.js';
import { findAttachment, freshUrlIn, needsFreshUrl, withFreshUrl } from './attachment-urls.js';
import { Transcript } from '../transcript/transcript.js';
import { chatSetup, sessionKind } from './chat.setup.js';
import type { ChatContext, ConversationState } from './chat.types.js';
import { chatErrors } from './errors.js';
import { NO_EXPIRY } from './expiry.region.js';
import { isHistoryFrame, NO_HISTORY } from './history.region.js';
import { requeued } from './outbox.js';
import { freshOutbox } from './outbox.region.js';
import { receive, receiveAll } from './receive.js';
import { uploadOutcome } from './uploads.region.js';

/**
 * The conversation itself: the session the link brings, what the agent says and does (messages,
 * typing, Disconnect), the visitor's typing indicator, and what the visitor is told on the way.
 * Owns `context.conversation`.
 */

/** What a frame, or a run of agent frames read in one pass, does to the conversation: applied. */
const applyReceived = chatSetup.createAction(
  enqueueActions(({ context, event, enqueue }) => {
    const outcome =
      event.type === 'link.received' ? receiveAll(context, event.frames, event.at) : event.type === 'link.frame' ? receive(context, event.frame, event.at) : {};
    const { typingTimer } = outcome;
    if (typingTimer !== undefined) enqueue.cancel('agentTyping');
    if (typeof typingTimer === 'number') enqueue.raise({ type: 'agent.typingLapsed' }, { id: 'agentTyping', delay: typingTimer });
    if (outcome.transcript) enqueue.assign({ transcript: outcome.transcript });
    if (outcome.conversation) enqueue.assign({ conversation: { ...context.conversation, ...outcome.conversation } });
    for (const e of outcome.emitted ?? []) enqueue.emit(e);
    if (outcome.sessionGone) enqueue.raise({ type: 'session.gone', code: outcome.sessionGone });
  }),
);

/** The least time between two of the visitor's Typing events, ms (§2.4.4). */
export const TYPING_INTERVAL = 5000;

/** A conversation before its session exists. */
export const NO_CONVERSATION: ConversationState = { online: false, agentEnded: false, readOnly: false, reconnected: false, typing: { refused: false } };

/** The conversation of a new session: the visitor's notice and typing stay, what the old session said does not. */
const freshConversation = (conversation: ConversationState): ConversationState => ({
  ...conversation,
  session: undefined,
  interactive: undefined,
  agentEnded: false,
  agentTyping: undefined,
  readOnly: false,
});

/** Everything that belongs to one guest session, as it is before the session exists. */
export const freshSession = (context: ChatContext): Pick<ChatContext, 'conversation' | 'outbox' | 'expiry' | 'history' | 'uploads'> => ({
  conversation: freshConversation(context.conversation),
  outbox: freshOutbox(context.outbox),
  expiry: NO_EXPIRY,
  history: NO_HISTORY,
  uploads: [],
});

/** A new conversation under the same token: nothing of the old one is shown, or sent. */
export const startOver = (context: ChatContext, conversation: Partial<ConversationState>): Pick<ChatContext, 'transcript' | 'conversation' | 'outbox' | 'expiry' | 'history' | 'uploads'> => {
  const fresh = freshSession(context);
  return { ...fresh, transcript: Transcript.empty, conversation: { ...fresh.conversation, ...conversation }, outbox: { ...fresh.outbox, messages: [] } };
};

/**
 * The guest session is gone (`gone`: the server said so; otherwise the link already renewed it): a new
 * token, an empty transcript but for the visitor's unsent words, and why.
 */
export const startClean = (code: 'session-expired' | 'session-not-found', gone: boolean) =>
  chatSetup.createAction(
    enqueueActions(({ context, enqueue }) => {
      const error = chatErrors.sessionGone(code);
      const kept = context.outbox.messages.map(requeued);
      let transcript = Transcript.empty;
      for (const u of kept) {
        const shown = context.transcript.find(u.tracingId, u.time);
        if (shown) transcript = transcript.insert({ ...shown, status: 'sending' });
      }
      enqueue.cancel('expiryWarning');
      enqueue.cancel('outboxStall');
      // An End in progress cannot finish in a session that no longer exists: say so rather than drop it.
      if (gone && context.ending.requested) enqueue.emit({ type: 'error', error: chatErrors.sessionGone(code, true) });
      const fresh = freshSession(context);
      enqueue.assign({
        ...fresh,
        transcript,
        conversation: { ...fresh.conversation, online: false, notice: error },
        outbox: { ...fresh.outbox, messages: kept },
        // (When the link renewed the token itself, it already has the new one and any End goes on in the new session.)
        ...(gone ? { token: context.settings.successorOf(context.token), ending: { ...context.ending, requested: false } } : {}),
      });
      // The new token is stored with no live session (a page load does not connect for it), and the
      // site's other tabs, told of the same end, take the same one.
      if (gone) enqueue({ type: 'saveSession', params: { dormant: true } });
      enqueue.emit({ type: 'error', error });
    }),
  );

/**
 * The session resumed at page load is gone and the visitor has not asked for the conversation: back to
 * idle under a new token, quietly (nothing was shown). What was stored expires with the session: words
 * left unsent in it (on an earlier visit, before it lapsed) are not carried into a new conversation.
 * The new token is stored as dormant, so the next page load does not connect for it.
 */
export const forgetGone = chatSetup.createAction(
  enqueueActions(({ context, enqueue }) => {
    const fresh = freshSession(context);
    enqueue.assign({ ...fresh, token: context.settings.successorOf(context.token), transcript: Transcript.empty, outbox: { ...fresh.outbox, messages: [], join: { pending: false } } });
    enqueue({ type: 'saveSession', params: { dormant: true } });
  }),
);

/**
 * The visitor was signed out (LogoutEvent, §10.8, or `logout()`): nothing of the session may stay, here
 * or stored: a new random token, an empty transcript, no unsent words, no tokens, and the visitor told why.
 */
export const forgetSignedOut = chatSetup.createAction(
  enqueueActions(({ context, enqueue }) => {
    enqueue.assign({
      ...startOver(context, { online: false, notice: chatErrors.signedOut() }),
      token: context.settings.successorOf(context.token),
      ending: { requested: false, attempts: 0 },
      tokens: undefined,
    });
    enqueue('forgetSession');
    enqueue.emit({ type: 'signedOut' });
  }),
);

/** The conversation region of a live conversation. */
export const conversationRegion = chatSetup.createStateConfig({
  exit: [assign({ conversation: ({ context }) => ({ ...context.conversation, online: false, agentTyping: undefined }) }), cancel('agentTyping')],
  on: {
    'link.ready': {
      actions: enqueueActions(({ event, enqueue }) => {
        const { session, renewedAfter } = event;
        // The stored session was gone (4006/4007) and the link started a new one: what was shown belonged to the old one.
        if (renewedAfter !== undefined) enqueue(startClean(renewedAfter === 4007 ? 'session-not-found' : 'session-expired', false));
        enqueue.assign(({ context }) => ({
          // The token may be new (first session, or renewed after 4006/4007): it is stored once the server has it.
          token: event.token,
          conversation: {
            ...(sessionKind(event) === 'new' ? freshConversation(context.conversation) : context.conversation),
            online: true,
            onlineAt: event.at,
            session,
            readOnly: session.readOnly === true,
          },
        }));
        enqueue('saveSession');
      }),
    },
    // Requests in flight are lost with the connection: a file may be asked for again.
    'link.lost': { actions: assign({ conversation: ({ context }) => ({ ...context.conversation, online: false, refreshing: {} }) }) },
    'chat.refreshAttachment': {
      guard: ({ context, event }) => {
        const { online, refreshing } = context.conversation;
        if (!online || (refreshing && event.attachmentId in refreshing)) return false;
        const attachment = findAttachment(context.transcript, event.attachmentId);
        return !!attachment && needsFreshUrl(attachment, context.settings.now(), event.force === true);
      },
      actions: enqueueActions(({ context, event, enqueue }) => {
        const tracingId = context.settings.newId();
        const { attachmentId } = event;
        enqueue.assign({ conversation: { ...context.conversation, refreshing: { ...context.conversation.refreshing, [attachmentId]: tracingId } } });
        enqueue.sendTo('link', { type: 'link.send', frame: getAttachment({ token: context.token, tracingId, attachmentId }) });
      }),
    },
    'link.frame': [
      { guard: 'isClearAnswer' },
      {
        // A fresh download URL for a file of the conversation.
        guard: ({ context, event }) => !!freshUrlIn(context.conversation.refreshing ?? {}, event.frame),
        actions: assign(({ context, event }) => {
          const { id, url } = freshUrlIn(context.conversation.refreshing ?? {}, event.frame)!;
          const { [id]: _, ...refreshing } = context.conversation.refreshing ?? {};
          return { transcript: withFreshUrl(context.transcript, id, url, event.at), conversation: { ...context.conversation, refreshing } };
        }),
      },
      // Upload steps, the history's JWT and the visitor's own messages are theirs.
      { guard: ({ context, event }) => isHistoryFrame(context, event.frame) || !!uploadOutcome(context, event.frame) },
      { actions: applyReceived },
    ],
    // A run of agent frames that arrived together: read in one pass, shown in one render.
    'link.received': { actions: applyReceived },
    'link.rejected': { actions: emit(({ event }) => ({ type: 'error' as const, error: chatErrors.badFrame(event.reason, event.detail) })) },
    'chat.typing': {
      guard: ({ context, event }) => {
        const { online, typing: mine } = context.conversation;
        const at = event.at ?? context.settings.now();
        return online && !context.ending.requested && context.deployment.config.userTyping && !mine.refused && (mine.sentAt === undefined || at - mine.sentAt >= TYPING_INTERVAL);
      },
      actions: enqueueActions(({ context, event, enqueue }) => {
        const tracingId = context.settings.newId();
        const sentAt = event.at ?? context.settings.now();
        enqueue.assign({ conversation: { ...context.conversation, typing: { ...context.conversation.typing, sentAt, tracingId } } });
        enqueue.sendTo('link', { type: 'link.send', frame: typing({ token: context.token, tracingId }) });
      }),
    },
    'agent.typingLapsed': { actions: assign({ conversation: ({ context }) => ({ ...context.conversation, agentTyping: undefined }) }) },
  },
});
