import { enqueueActions } from 'xstate';
import { frameError } from '../protocol/decode.js';
import { getJwt } from '../protocol/encode.js';
import type { ServerFrame } from '../protocol/frames.js';
import { historyUrl } from '../protocol/history.js';
import { chatSetup } from './chat.setup.js';
import type { ChatContext, HistoryState } from './chat.types.js';
import { chatErrors } from './errors.js';
import { mergeHistory } from './history.js';
import { dropDoubts, inDoubt, settleDoubts } from './outbox.js';
import { resumeOutbox } from './outbox.region.js';

/**
 * The history of a resumed conversation (§2.6): a JWT is asked for over the socket, then a page is
 * fetched with it, newest first; older pages on demand. The first page also settles the visitor's
 * messages in doubt. Owns `context.history`.
 */

/** Nothing loaded, nothing known to be older. */
export const NO_HISTORY: HistoryState = { more: false, nextPage: 1, failed: false };

const isJwt = (context: ChatContext, frame: ServerFrame): boolean =>
  frame.class === 'JwtResponse' && context.history.loading !== undefined && frame.code < 300;

const isJwtRefused = (context: ChatContext, frame: ServerFrame): boolean =>
  frame.tracingId !== undefined && frame.tracingId === context.history.jwtTracingId && !!frameError(frame);

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

/** Loading failed: it can be retried, and messages in doubt go again, as nothing can tell whether they arrived. */
const historyFailed = (why: string) =>
  chatSetup.createAction(
    enqueueActions(({ context, enqueue }) => {
      enqueue.stopChild('history');
      enqueue.assign({ history: { more: context.history.more, nextPage: context.history.nextPage, failed: true } });
      if (inDoubt(context.outbox.messages)) {
        enqueue.assign({ outbox: { ...context.outbox, messages: dropDoubts(context.outbox.messages) } });
        enqueue(resumeOutbox);
      }
      enqueue.emit({ type: 'error', error: chatErrors.historyUnavailable(why) });
    }),
  );

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
      { guard: ({ context, event }) => isJwtRefused(context, event.frame), actions: historyFailed('getJwt was refused') },
    ],
    'history.loaded': {
      actions: enqueueActions(({ context, event, enqueue }) => {
        enqueue.stopChild('history');
        const { page } = event;
        const settling = page.pageNumber === 1 && inDoubt(context.outbox.messages);
        const lines = settling ? settleDoubts({ transcript: context.transcript, messages: context.outbox.messages }, page.entities) : undefined;
        const merged = mergeHistory(
          { transcript: lines?.transcript ?? context.transcript, interactive: context.conversation.interactive, history: context.history },
          page,
          event.at,
        );
        enqueue.assign({
          transcript: merged.transcript,
          history: merged.history,
          conversation: { ...context.conversation, interactive: merged.interactive },
          ...(lines ? { outbox: { ...context.outbox, messages: lines.messages } } : {}),
        });
        if (settling) enqueue(resumeOutbox);
        if (page.rejected > 0) enqueue.emit({ type: 'error', error: chatErrors.badHistoryEntries(page.rejected) });
      }),
    },
    'history.failed': { actions: enqueueActions(({ event, enqueue }) => enqueue(historyFailed(event.message))) },
  },
});
