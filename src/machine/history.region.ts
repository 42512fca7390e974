import { enqueueActions, raise } from 'xstate';
import { frameError } from '../protocol/decode.js';
import { tracingIdOf } from '../protocol/frame-rules.js';
import { getJwt } from '../protocol/encode.js';
import type { ServerFrame } from '../protocol/frames.js';
import { historyUrl } from '../protocol/history.js';
import { chatSetup, sessionKind } from './chat.setup.js';
import type { ChatContext, HistoryState } from './chat.types.js';
import { chatErrors } from './errors.js';
import { mergeHistory } from './history.js';

/**
 * The history of a resumed conversation (§2.6): a JWT is asked for over the socket, then a page is
 * fetched with it, newest first; older pages on demand. (The outbox reads the first page too, for the
 * visitor's messages in doubt.) Owns `context.history`.
 */

/** Nothing loaded, nothing known to be older. */
export const NO_HISTORY: HistoryState = { more: false, nextPage: 1, failed: false };

const isJwt = (context: ChatContext, frame: ServerFrame): boolean =>
  frame.class === 'JwtResponse' && context.history.loading !== undefined && frame.code < 300;

const isJwtRefused = (context: ChatContext, frame: ServerFrame): boolean =>
  context.history.jwtTracingId !== undefined && tracingIdOf(frame) === context.history.jwtTracingId && !!frameError(frame);

/** Whether a frame is one of the history's own (the answer to its getJwt). */
export const isHistoryFrame = (context: ChatContext, frame: ServerFrame): boolean => isJwt(context, frame) || isJwtRefused(context, frame);

/** Asks for a JWT to load `page` with, unless a load is under way or the socket is down. */
const askForPage = (page: (history: HistoryState) => number) =>
  chatSetup.createAction(
    enqueueActions(({ context, enqueue }) => {
      if (context.history.loading !== undefined || !context.conversation.online) return;
      const tracingId = context.settings.newId();
      enqueue.assign({ history: { ...context.history, loading: page(context.history), jwtTracingId: tracingId } });
      enqueue.sendTo('link', { type: 'link.send', frame: getJwt({ token: context.token, tracingId }) });
    }),
  );

/** Loads the newest page: what a resumed session already holds, or what was missed while offline. */
export const requestHistory = askForPage(() => 1);

/** The history region of a live conversation. */
export const historyRegion = chatSetup.createStateConfig({
  on: {
    'chat.loadEarlier': { guard: ({ context }) => context.history.more || context.history.failed, actions: askForPage(h => h.nextPage) },
    'link.frame': [
      {
        guard: ({ context, event }) => isJwt(context, event.frame),
        actions: enqueueActions(({ context, event, enqueue }) => {
          const page = context.history.loading;
          if (event.frame.class !== 'JwtResponse' || page === undefined) return;
          enqueue.stopChild('history');
          const { apiOrigin } = context.settings;
          if (!apiOrigin) {
            enqueue.raise({ type: 'history.failed', message: 'No REST origin is known for this endpoint.' });
            return;
          }
          enqueue.spawnChild('fetchHistory', { id: 'history', input: { url: historyUrl(apiOrigin, page), jwt: event.frame.body.jwt, page } });
        }),
      },
      { guard: ({ context, event }) => isJwtRefused(context, event.frame), actions: raise({ type: 'history.failed', message: 'getJwt was refused' }) },
    ],
    'link.ready': {
      actions: enqueueActions(({ enqueue, event }) => {
        const kind = sessionKind(event);
        if (kind === 'new') enqueue.assign({ history: NO_HISTORY });
        // A resumed session has history; after a reconnect the first page fills what was missed meanwhile.
        if (kind === 'resumed') enqueue(requestHistory);
      }),
    },
    'history.loaded': {
      actions: enqueueActions(({ context, event, enqueue }) => {
        enqueue.stopChild('history');
        const merged = mergeHistory({ transcript: context.transcript, interactive: context.conversation.interactive, history: context.history }, event.page, context.settings.now(), context.deployment.config.bot);
        enqueue.assign({ transcript: merged.transcript, history: merged.history, conversation: { ...context.conversation, interactive: merged.interactive } });
        if (event.page.rejected > 0) enqueue.emit({ type: 'error', error: chatErrors.badHistoryEntries(event.page.rejected) });
      }),
    },
    // Loading failed: it can be retried.
    'history.failed': {
      actions: enqueueActions(({ context, event, enqueue }) => {
        enqueue.stopChild('history');
        enqueue.assign({ history: { more: context.history.more, nextPage: context.history.nextPage, failed: true } });
        enqueue.emit({ type: 'error', error: chatErrors.historyUnavailable(event.message) });
      }),
    },
  },
});
