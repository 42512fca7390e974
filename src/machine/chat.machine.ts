import { assign, cancel, emit, enqueueActions, sendTo, setup } from 'xstate';
import { frameError, isClearNotSupported } from '../protocol/decode.js';
import { SAFE_DEPLOYMENT_CONFIG } from '../protocol/deployment-config.js';
import { clear, deleteAttachment, echo, getJwt, join, typing } from '../protocol/encode.js';
import type { ServerFrame } from '../protocol/frames.js';
import { historyUrl } from '../protocol/history.js';
import { successorToken, uuid } from '../protocol/ids.js';
import { Transcript } from '../transcript/transcript.js';
import type { ChatContext, ChatEmitted, ChatError, ChatEvent, ChatInput, HistoryState } from './chat.types.js';
import { chatErrors } from './errors.js';
import { expiryOfSession, slide, warningDelay } from './expiry.js';
import { mergeHistory } from './history.js';
import { createConfigActor, createHistoryActor, createUploadActor, noFetch } from './http.actors.js';
import { linkMachine } from './link.machine.js';
import { accept, attributesToSend, dropDoubts, fail, frameFor, inDoubt, outstanding, requeued, retry, SEND_TIMEOUT, settleDoubts, waiting } from './outbox.js';
import { fromStored } from './outbox-store.js';
import { receive } from './receive.js';
import { ready, receiveUploadFrame, takeFiles, updateUpload, uploadRequests } from './uploads.js';

/** Default wait for the Clear acknowledgement, ms (attribute `end-timeout`). */
export const DEFAULT_END_TIMEOUT = 10_000;
/** The least time between two of the visitor's Typing events, ms (§2.4.4). */
export const TYPING_INTERVAL = 5000;

/** Clear frames sent for one End before it is reported as failed. */
export const DEFAULT_MAX_END_ATTEMPTS = 3;

/** The longest message sent, characters: longer ones are refused before sending (the server says 4011). */
export const DEFAULT_MAX_MESSAGE_LENGTH = 4000;

const NO_HISTORY: HistoryState = { more: false, nextPage: 1, failed: false };

/** When something happened, for events that say so. */
const timeOf = (event: ChatEvent): number => ('at' in event && typeof event.at === 'number' ? event.at : Date.now());

const attributesTooLarge = (size: { bytes: number; max: number }): ChatEmitted => ({
  type: 'error',
  error: {
    code: 'custom-attributes-too-large',
    message: `The custom attributes take ${size.bytes} bytes; the deployment accepts ${size.max} (maxCustomDataBytes). They are not sent; the conversation goes on without them.`,
    recoverable: true,
  },
});

/** The outbox and transcript a page starts with: the visitor's unconfirmed messages from before a reload. */
function restored(outbox: ChatInput['outbox']): Pick<ChatContext, 'transcript' | 'unconfirmed'> {
  const { unconfirmed, messages } = fromStored(outbox ?? []);
  return { unconfirmed, transcript: messages.reduce((t, m) => t.insert(m), Transcript.empty) };
}

/** A history that never comes cannot hold messages in doubt forever: they go again after this long. */
export const SETTLE_TIMEOUT = 10_000;

/** Everything that belongs to one guest session, as it is before the session exists. */
const freshSession = {
  session: undefined,
  expiry: undefined,
  expiryWarning: false,
  stayTracingId: undefined,
  history: NO_HISTORY,
  interactive: undefined,
  attributesSent: undefined,
  attributesRefused: false,
  joinPending: false,
  joinTracingId: undefined,
  agentEnded: false,
  agentTyping: undefined,
  readOnly: false,
  uploads: [],
} satisfies Partial<ChatContext>;


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
  actors: {
    link: linkMachine,
    loadConfig: createConfigActor(noFetch),
    fetchHistory: createHistoryActor(noFetch),
    upload: createUploadActor(noFetch),
  },
  actions: {
    /** Persists `token` and `endRequested` from the context; the host provides the storage. */
    saveSession: (_args: { context: ChatContext }) => {},
    /** Forgets the persisted session: after an end there is nothing to resume on the next page load. */
    forgetSession: () => {},

    goOnline: enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== 'link.ready') return;
      const { session, at, renewedAfter } = event;
      // The stored session was gone (4006/4007) and the link started a new one: what was shown belonged to the old one.
      if (renewedAfter !== undefined) enqueue('startClean');
      const fresh = session.newSession === true || renewedAfter !== undefined;
      enqueue.assign({
        ...(fresh && renewedAfter === undefined ? freshSession : {}),
        online: true,
        session,
        // The token may be new (first session, or renewed after 4006/4007): it is stored once the server has it.
        token: event.token,
        readOnly: session.readOnly === true,
        expiry: expiryOfSession(session, at),
        joinPending: session.newSession === true && session.readOnly !== true,
      });
      enqueue('saveSession');
      // A resumed session has history; after a reconnect the first page fills what was missed meanwhile.
      if (!fresh) enqueue('requestHistory');
      // Messages in doubt are looked for in that history; a new session cannot have them, nor can a missing history.
      if (inDoubt(context.unconfirmed)) {
        if (fresh || !context.apiOrigin) enqueue.assign({ unconfirmed: dropDoubts(context.unconfirmed) });
        else enqueue.raise({ type: 'outbox.settle' }, { id: 'outboxSettle', delay: SETTLE_TIMEOUT });
      }
    }),

    emitConnected: emit(({ context }) => ({ type: 'connected' as const, newSession: context.session?.newSession ?? false })),

    /** Auto-start (§2.4.4): a new session opens the conversation with Presence Join once config.json says so. */
    maybeJoin: enqueueActions(({ context, enqueue }) => {
      if (!context.joinPending || !context.deploymentKnown || !context.online) return;
      enqueue.assign({ joinPending: false });
      if (!context.deployment.autoStart || context.readOnly) return;
      const tracingId = uuid();
      const attributes = attributesToSend(context);
      if ('tooLarge' in attributes) {
        enqueue.assign({ attributesRefused: true });
        enqueue.emit(attributesTooLarge(attributes.tooLarge));
      }
      enqueue.assign({ joinTracingId: tracingId, ...(attributes.send ? { attributesSent: attributes.json } : {}) });
      enqueue.sendTo('link', {
        type: 'link.send',
        frame: join({ token: context.token, tracingId }, attributes.send ? attributes.attributes : undefined),
      });
    }),

    /** Shows the visitor's message (or choice) at once and queues it until the server echoes it. */
    acceptMessage: enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== 'chat.send' && event.type !== 'chat.reply') return;
      const files = event.type === 'chat.send' ? ready(context.uploads) : [];
      const attachments = files.map(u => ({ id: u.id, name: u.name, type: u.type, size: u.size, ...(u.downloadUrl ? { url: u.downloadUrl } : {}) }));
      const draft = event.type === 'chat.send'
        ? { tracingId: event.tracingId, text: event.text, at: event.at, attachments }
        : { tracingId: event.tracingId, text: event.reply.text, at: event.at, reply: event.reply };
      const { changes, message } = accept(context, draft);
      // Files that went with the message leave the tray; those still uploading wait for the next one.
      if (files.length) enqueue.assign({ uploads: context.uploads.filter(u => !files.includes(u)) });
      const expiry = slide(context.expiry, event.at);
      enqueue.assign({ ...changes, ...(expiry ? { expiry, expiryWarning: false } : {}) });
      if (expiry) enqueue('armExpiry');
      enqueue.emit({ type: 'message', message, direction: 'sent' });
      enqueue('saveSession');
    }),

    refuseTooLong: enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== 'chat.send') return;
      const error: ChatError = {
        code: 'message-too-long',
        message: `The message has ${event.text.length} characters; at most ${context.maxMessageLength} are sent. It was not sent.`,
        recoverable: true,
      };
      enqueue.assign({ notice: error });
      enqueue.emit({ type: 'error', error });
    }),

    /** Puts every queued message that is not on the wire yet on it, oldest first. */
    sendPending: enqueueActions(({ context, enqueue }) => {
      // One message on the wire at a time: the server then receives them in the order they were
      // typed, even when it refuses one for a while (429) or the socket drops in between. Nothing
      // overtakes a message the server may already have.
      if (!context.online || context.throttled || inDoubt(context.unconfirmed) || outstanding(context.unconfirmed)) return;
      const [u] = waiting(context.unconfirmed);
      if (!u) return;
      const check = attributesToSend(context);
      if ('tooLarge' in check) {
        enqueue.assign({ attributesRefused: true });
        enqueue.emit(attributesTooLarge(check.tooLarge));
      }
      if (check.send) enqueue.assign({ attributesSent: check.json });
      enqueue.sendTo('link', { type: 'link.send', frame: frameFor(context.token, u, check.send ? check.attributes : undefined) });
      enqueue.assign({
        unconfirmed: ({ context }) =>
          context.unconfirmed.map(x => (x.tracingId === u.tracingId ? { ...x, sent: true, ...(check.send ? { withAttributes: true } : {}) } : x)),
      });
      enqueue('watchOutbox');
      enqueue('saveSession');
    }),

    /** The doubts are settled: what is left goes out, in order. */
    resumeOutbox: enqueueActions(({ enqueue }) => {
      enqueue.cancel('outboxSettle');
      enqueue('sendPending');
      enqueue('saveSession');
    }),

    /** With messages on the wire, an echo is due: without one for SEND_TIMEOUT they are shown as failed. */
    watchOutbox: enqueueActions(({ context, enqueue }) => {
      enqueue.cancel('outboxStall');
      if (outstanding(context.unconfirmed)) enqueue.raise({ type: 'outbox.stalled' }, { id: 'outboxStall', delay: SEND_TIMEOUT });
    }),

    failStalled: enqueueActions(({ context, enqueue }) => {
      const stalled = context.unconfirmed.filter(u => u.sent && !u.failed);
      if (stalled.length === 0) return;
      let changes: Partial<ChatContext> = {};
      for (const u of stalled) {
        const next = { ...context, ...changes } as ChatContext;
        changes = { ...changes, ...fail(next, next.unconfirmed.find(x => x.tracingId === u.tracingId)!, 'message-timeout') };
      }
      enqueue.assign(changes);
      enqueue.emit({
        type: 'error',
        error: { code: 'message-timeout', message: `${stalled.length} message(s) got no echo from the server within ${SEND_TIMEOUT} ms; they can be sent again.`, recoverable: true },
      });
      enqueue('saveSession');
    }),

    resend: enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== 'chat.resend') return;
      const changes = retry(context, event.tracingId);
      if (changes) enqueue.assign(changes);
      enqueue('saveSession');
    }),

    /** A dropped socket may have lost what was sent on it: unconfirmed messages go out again, same tracingId. */
    requeueUnconfirmed: enqueueActions(({ enqueue }) => {
      enqueue.cancel('outboxStall');
      enqueue.assign({
        online: false,
        // What was on the wire may have reached the server: it is in doubt until the history says.
        unconfirmed: ({ context }) => context.unconfirmed.map(u => (u.failed || !u.sent ? u : { ...u, sent: false, doubt: true })),
        // Answers in flight are lost with the socket: requests go again, and an upload's verdict is asked for.
        uploads: ({ context }) =>
          context.uploads.map(u =>
            u.status === 'requesting' ? { ...u, requested: false, tracingId: undefined }
            : u.status === 'uploading' ? { ...u, stale: true, tracingId: undefined }
            : u),
      });
    }),

    receiveFrame: enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== 'link.frame') return;
      // The steps of the visitor's uploads (§2.7) are theirs alone.
      const upload = receiveUploadFrame(context.uploads, event.frame, frameError(event.frame));
      if (upload) {
        enqueue.assign({ uploads: upload.uploads });
        if (upload.put) {
          const { upload: u, url, headers } = upload.put;
          enqueue.spawnChild('upload', { id: `upload-${u.id}`, input: { id: u.id, url, headers, file: u.file, type: u.type } });
        }
        if (upload.refused) {
          const { upload: u, code, message } = upload.refused;
          const refusal = upload.uploads.find(x => x.id === u.id)?.refusal ?? 'refused';
          enqueue.stopChild(`upload-${u.id}`);
          enqueue.emit({ type: 'error', error: chatErrors.uploadRefused(u.name, refusal, `the server answered ${code}: ${message}`, code) });
        }
        return;
      }
      const outcome = receive(context, event.frame, event.at);
      const { changes, emitted = [], typingTimer } = outcome;
      if (typingTimer !== undefined) enqueue.cancel('agentTyping');
      if (typeof typingTimer === 'number') enqueue.raise({ type: 'agent.typingLapsed' }, { id: 'agentTyping', delay: typingTimer });
      if (changes) enqueue.assign(changes);
      for (const e of emitted) enqueue.emit(e);
      if (outcome.resumeAfter !== undefined) {
        enqueue.cancel('outboxResume');
        enqueue.raise({ type: 'outbox.resume' }, { id: 'outboxResume', delay: outcome.resumeAfter });
      }
      if (changes?.unconfirmed) {
        enqueue('watchOutbox');
        enqueue('saveSession');
        // An echo or a refusal frees the wire for the next message.
        enqueue('sendPending');
      }
      if (outcome.sendPending) enqueue('sendPending');
      if (changes?.joinPending) enqueue('maybeJoin');
      if (outcome.expiry) enqueue('armExpiry');
      if (outcome.sessionGone) enqueue.raise({ type: 'session.gone', code: outcome.sessionGone });
    }),

    /** Re-arms the "session expires soon" warning for the current expiry. */
    armExpiry: enqueueActions(({ context, event, enqueue }) => {
      enqueue.cancel('expiryWarning');
      if (!context.expiry) return;
      enqueue.raise({ type: 'session.expiring' }, { id: 'expiryWarning', delay: warningDelay(context.expiry, timeOf(event)) });
    }),

    stay: enqueueActions(({ context, enqueue }) => {
      if (!context.online) return;
      const tracingId = uuid();
      enqueue.assign({ stayTracingId: tracingId });
      enqueue.sendTo('link', { type: 'link.send', frame: echo({ token: context.token, tracingId }) });
    }),

    /** Takes the files the session accepts into the tray and asks where to upload them; says why the others were not taken. */
    /** Takes the files the session accepts into the tray and asks where to upload them; says why the others were not taken. */
    attachFiles: enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== 'chat.attach') return;
      const { added, refusals } = takeFiles(context.deployment, context.session, event.files);
      for (const error of refusals) enqueue.emit({ type: 'error', error });
      enqueue.assign({ uploads: [...context.uploads, ...added] });
      enqueue('requestUploads');
    }),

    /** Asks for what each upload needs from the server: a URL to put it to, or (after a reconnect) whether it arrived. */
    requestUploads: enqueueActions(({ context, enqueue }) => {
      if (!context.online) return;
      const { uploads, frames } = uploadRequests(context.token, context.uploads);
      for (const frame of frames) enqueue.sendTo('link', { type: 'link.send', frame });
      enqueue.assign({ uploads });
    }),

    uploadPut: enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== 'upload.put') return;
      enqueue.stopChild(`upload-${event.id}`);
      enqueue.assign({ uploads: updateUpload(context.uploads, event.id, { put: true }) });
      // A connection dropped during the PUT: the success event may have gone with it, so ask.
      if (context.uploads.find(u => u.id === event.id)?.stale) enqueue('requestUploads');
    }),

    uploadPutFailed: enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== 'upload.putFailed') return;
      const upload = context.uploads.find(u => u.id === event.id);
      enqueue.stopChild(`upload-${event.id}`);
      if (!upload) return;
      enqueue.assign({ uploads: updateUpload(context.uploads, event.id, { status: 'failed', refusal: 'network', failure: 'attachment-unavailable' }) });
      enqueue.emit({ type: 'error', error: chatErrors.uploadRefused(upload.name, 'network', event.message) });
    }),

    /** Takes a file back: the server forgets an upload it has (it cannot be sent any more). */
    removeUpload: enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== 'chat.removeAttachment') return;
      const upload = context.uploads.find(u => u.id === event.id);
      if (!upload) return;
      enqueue.stopChild(`upload-${upload.id}`);
      enqueue.assign({ uploads: context.uploads.filter(u => u !== upload) });
      if (context.online && upload.status !== 'failed' && (upload.requested || upload.status !== 'requesting')) {
        enqueue.sendTo('link', { type: 'link.send', frame: deleteAttachment({ token: context.token, tracingId: uuid(), attachmentId: upload.id }) });
      }
    }),

    /** The guest session is gone: a new token, an empty transcript (but the visitor's unsent words), and why. */
    startClean: enqueueActions(({ context, event, enqueue }) => {
      const code = event.type === 'session.gone' ? event.code : event.type === 'link.ready' && event.renewedAfter === 4007 ? 'session-not-found' : 'session-expired';
      const error: ChatError = {
        code,
        message: code === 'session-expired'
          ? 'The guest session expired (inactivity); a new one starts under a new token.'
          : 'The server no longer knows the guest session; a new one starts under a new token.',
        recoverable: true,
      };
      const kept = context.unconfirmed.map(requeued);
      let transcript = Transcript.empty;
      for (const u of kept) {
        const shown = context.transcript.find(u.tracingId, u.time);
        if (shown) transcript = transcript.insert({ ...shown, status: 'sending' });
      }
      enqueue.cancel('expiryWarning');
      enqueue.cancel('outboxStall');
      const gone = event.type === 'session.gone';
      if (gone && context.endRequested) {
        // An End in progress cannot finish in a session that no longer exists: say so rather than drop it.
        enqueue.emit({ type: 'error', error: { code, message: `${error.message} The end of the conversation was not acknowledged before that.`, recoverable: false } });
      }
      // (When the link renewed the token itself, it already has the new one and any End goes on in the new session.)
      enqueue.assign({ ...freshSession, transcript, unconfirmed: kept, online: false, notice: error, ...(gone ? { token: successorToken(context.token), endRequested: false } : {}) });
      // Nothing to resume on the next page load; the new token is stored once the server has it.
      if (gone) enqueue('forgetSession');
      enqueue.emit({ type: 'error', error });
    }),

    /** Asks for a JWT, then for a page of history with it (§2.6). */
    requestHistory: enqueueActions(({ context, event, enqueue }) => {
      if (context.history.loading !== undefined || !context.online) return;
      const tracingId = uuid();
      const page = event.type === 'chat.loadEarlier' ? context.history.nextPage : 1;
      enqueue.assign({ history: { ...context.history, loading: page, jwtTracingId: tracingId } });
      enqueue.sendTo('link', { type: 'link.send', frame: getJwt({ token: context.token, tracingId }) });
    }),

    fetchHistoryPage: enqueueActions(({ context, event, enqueue }) => {
      const page = context.history.loading;
      if (event.type !== 'link.frame' || event.frame.class !== 'JwtResponse' || page === undefined) return;
      enqueue.stopChild('history');
      if (!context.apiOrigin) {
        enqueue.raise({ type: 'history.failed', message: 'No REST origin is known for this endpoint.' });
        return;
      }
      enqueue.spawnChild('fetchHistory', {
        id: 'history',
        input: { url: historyUrl(context.apiOrigin, page), jwt: event.frame.body.jwt, page },
      });
    }),

    applyHistory: enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== 'history.loaded') return;
      enqueue.stopChild('history');
      const settling = event.page.pageNumber === 1 && inDoubt(context.unconfirmed);
      const settled = settling ? { ...context, ...settleDoubts(context, event.page.entities) } : context;
      enqueue.assign({ ...(settling ? { unconfirmed: settled.unconfirmed } : {}), ...mergeHistory(settled, event.page, event.at) });
      if (settling) enqueue('resumeOutbox');
      if (event.page.rejected > 0) {
        enqueue.emit({ type: 'error', error: { code: 'bad-frame', message: `Ignored ${event.page.rejected} malformed history entries.`, recoverable: true } });
      }
    }),

    historyFailed: enqueueActions(({ context, event, enqueue }) => {
      const message = event.type === 'history.failed' ? event.message : 'getJwt was refused';
      enqueue.stopChild('history');
      enqueue.assign({ history: { more: context.history.more, nextPage: context.history.nextPage, failed: true } });
      // Without history to check, messages in doubt go again (with their tracingId).
      if (inDoubt(context.unconfirmed)) {
        enqueue.assign({ unconfirmed: dropDoubts(context.unconfirmed) });
        enqueue('resumeOutbox');
      }
      enqueue.emit({ type: 'error', error: { code: 'history-unavailable', message: `Earlier messages could not be loaded: ${message}`, recoverable: true } });
    }),

    applyConfig: enqueueActions(({ event, enqueue }) => {
      if (event.type !== 'config.loaded') return;
      const { config } = event;
      enqueue.stopChild('config');
      enqueue.assign({ deployment: config, deploymentKnown: true });
      if (!config.conversationClear) {
        enqueue.emit({
          type: 'error',
          error: {
            code: 'clear-not-supported',
            message: 'The deployment does not let visitors end conversations, so End chat is not offered. Turn on "Conversation clear" in the Messenger configuration (Apps > Conversations) to offer it.',
            recoverable: true,
          },
        });
      }
      enqueue('maybeJoin');
    }),

    configFailed: enqueueActions(({ event, enqueue }) => {
      enqueue.stopChild('config');
      enqueue.assign({ deploymentKnown: true });
      enqueue.emit({
        type: 'error',
        error: {
          code: 'config-unavailable',
          message: `The deployment's config.json could not be read (${event.type === 'config.failed' ? event.message : 'unknown'}); using safe defaults: End offered, no auto-start, no markdown, no uploads.`,
          recoverable: true,
        },
      });
      enqueue('maybeJoin');
    }),

    refuseEnd: emit({
      type: 'error' as const,
      error: {
        code: 'clear-not-supported' as const,
        message: 'End was asked for, but the deployment does not let visitors end conversations (Messenger setting "Conversation clear").',
        recoverable: true,
      },
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
    clearDisabled: ({ context }) => !context.deployment.conversationClear,
    nothingToSend: ({ context, event }) => event.type === 'chat.send' && !event.text.trim() && ready(context.uploads).length === 0,
    tooLong: ({ context, event }) => event.type === 'chat.send' && event.text.length > context.maxMessageLength,
    endAttemptsLeft: ({ context }) => context.endAttempts < context.maxEndAttempts,
    maySendTyping: ({ context, event }) =>
      event.type === 'chat.typing' &&
      context.online &&
      context.deployment.userTyping &&
      !context.typingRefused &&
      (context.typingSentAt === undefined || event.at - context.typingSentAt >= TYPING_INTERVAL),
    isSessionCleared: ({ event }) => frameOf(event)?.class === 'SessionClearedEvent',
    isClearAcknowledged: ({ event }) => {
      // After a Clear, ConnectionClosedEvent carries no reason and also means "cleared" (§5.3); one that
      // names another connection (SessionLimitReached, signedIn) is not about the Clear.
      const frame = frameOf(event);
      if (frame?.class === 'SessionClearedEvent') return true;
      return frame?.class === 'ConnectionClosedEvent' && frame.body.reason !== 'SessionLimitReached' && frame.body.reason !== 'signedIn';
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
    isHistoryJwt: ({ context, event }) => {
      const frame = frameOf(event);
      return frame?.class === 'JwtResponse' && context.history.loading !== undefined && frame.code < 300;
    },
    isHistoryJwtRefused: ({ context, event }) => {
      const frame = frameOf(event);
      return !!frame && frame.tracingId !== undefined && frame.tracingId === context.history.jwtTracingId && !!frameError(frame);
    },
    mayLoadEarlier: ({ context }) => context.history.more || context.history.failed,
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
    maxMessageLength: input.maxMessageLength ?? DEFAULT_MAX_MESSAGE_LENGTH,
    ...(input.configUrl ? { configUrl: input.configUrl } : {}),
    ...(input.apiOrigin ? { apiOrigin: input.apiOrigin } : {}),
    ...(input.customAttributes ? { customAttributes: input.customAttributes } : {}),
    ...restored(input.outbox),
    online: false,
    endAttempts: 0,
    typingRefused: false,
    deployment: SAFE_DEPLOYMENT_CONFIG,
    deploymentKnown: !input.configUrl,
    throttled: false,
    reconnected: false,
    ...freshSession,
  }),
  // config.json decides what is offered (End, typing, auto-start, markdown): read it as soon as the widget exists.
  entry: enqueueActions(({ context, enqueue }) => {
    if (context.configUrl) enqueue.spawnChild('loadConfig', { id: 'config', input: { url: context.configUrl } });
  }),
  on: {
    'config.loaded': [
      {
        // An inactive deployment takes no conversations; an End already asked for is still finished.
        guard: ({ context, event }) => !event.config.active && !context.endRequested,
        target: '.error',
        actions: [
          'applyConfig',
          assign({
            error: {
              code: 'deployment-inactive',
              message: 'The deployment is inactive (config.json status "Inactive", or Messenger disabled): no conversation is started.',
              recoverable: false,
            },
          }),
          'emitError',
        ],
      },
      { actions: 'applyConfig' },
    ],
    'config.failed': { actions: 'configFailed' },
    'chat.dismissNotice': { actions: assign({ notice: undefined }) },
    'chat.attributes': { actions: assign({ customAttributes: ({ event }) => event.attributes }) },
  },
  initial: 'idle',
  states: {
    idle: {
      on: {
        'chat.start': [{ guard: 'endRequested', target: 'live.ending' }, { target: 'live' }],
        'chat.send': [{ guard: 'nothingToSend' }, { guard: 'tooLong', actions: 'refuseTooLong' }, { target: 'live', actions: 'acceptMessage' }],
        'chat.end': [{ guard: 'clearDisabled', actions: 'refuseEnd' }, { target: 'live.ending' }],
      },
    },

    live: {
      invoke: {
        id: 'link',
        src: 'link',
        input: ({ context }) => ({ socketUrl: context.socketUrl, deploymentId: context.deploymentId, token: context.token }),
      },
      exit: [
        assign({ online: false, agentTyping: undefined }),
        cancel('agentTyping'),
        cancel('expiryWarning'),
        cancel('outboxStall'),
        cancel('outboxSettle'),
      ],
      initial: 'connecting',
      on: {
        'chat.send': [
          { guard: 'nothingToSend' },
          { guard: 'tooLong', actions: 'refuseTooLong' },
          { guard: 'writable', actions: ['acceptMessage', 'sendPending'] },
        ],
        'chat.attach': { guard: 'writable', actions: 'attachFiles' },
        'chat.removeAttachment': { actions: 'removeUpload' },
        'upload.put': { actions: 'uploadPut' },
        'upload.putFailed': { actions: 'uploadPutFailed' },
        'chat.reply': { guard: 'writable', actions: ['acceptMessage', 'sendPending'] },
        'chat.resend': { guard: 'writable', actions: ['resend', 'sendPending'] },
        'chat.loadEarlier': { guard: 'mayLoadEarlier', actions: 'requestHistory' },
        'chat.stay': { actions: 'stay' },
        'chat.startNew': {
          guard: 'readOnly',
          target: '.connecting',
          actions: [
            assign({ ...freshSession, transcript: Transcript.empty, unconfirmed: [], online: false }),
            sendTo('link', { type: 'link.startNew' }),
          ],
        },
        'link.frame': [
          // Another tab or device of the same session ended the conversation.
          { guard: 'isSessionCleared', target: 'closed', actions: 'reportEndedElsewhere' },
          { guard: 'isHistoryJwt', actions: 'fetchHistoryPage' },
          { guard: 'isHistoryJwtRefused', actions: 'historyFailed' },
          { actions: 'receiveFrame' },
        ],
        'history.loaded': { actions: 'applyHistory' },
        'history.failed': { actions: 'historyFailed' },
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
        'session.expiring': { guard: 'online', actions: assign({ expiryWarning: true }) },
        'outbox.stalled': { actions: ['failStalled', 'sendPending'] },
        'outbox.settle': { actions: [assign({ unconfirmed: ({ context }) => dropDoubts(context.unconfirmed) }), 'resumeOutbox'] },
        'outbox.resume': { actions: [assign({ throttled: false }), 'sendPending'] },
        'session.gone': { target: 'idle', actions: 'startClean' },
        'link.failed': { target: 'error', actions: ['keepError', 'emitError'] },
      },
      states: {
        connecting: {
          on: {
            'link.ready': {
              target: 'connected',
              actions: [assign({ reconnected: false }), 'goOnline', 'maybeJoin', 'sendPending', 'requestUploads', 'armExpiry', 'emitConnected'],
            },
            'chat.end': [{ guard: 'clearDisabled', actions: 'refuseEnd' }, { target: 'ending' }],
          },
        },
        connected: {
          on: {
            'link.lost': { target: 'reconnecting', actions: 'requeueUnconfirmed' },
            'chat.end': [{ guard: 'clearDisabled', actions: 'refuseEnd' }, { target: 'ending' }],
          },
        },
        reconnecting: {
          on: {
            'link.ready': {
              target: 'connected',
              actions: [assign({ reconnected: true }), 'goOnline', 'maybeJoin', 'sendPending', 'requestUploads', 'armExpiry'],
            },
            'chat.end': [{ guard: 'clearDisabled', actions: 'refuseEnd' }, { target: 'ending' }],
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
            'chat.attach': {},
            'chat.reply': {},
            'chat.resend': {},
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
          actions: assign({ ...freshSession, transcript: Transcript.empty, error: undefined, notice: undefined }),
        },
      },
    },

    error: {
      on: {
        'chat.retry': [
          { guard: 'endRequested', target: 'live.ending', actions: assign({ error: undefined }) },
          { target: 'live', actions: assign({ error: undefined }) },
        ],
        'chat.end': [{ guard: 'clearDisabled', actions: 'refuseEnd' }, { target: 'live.ending', actions: assign({ error: undefined }) }],
        // Give up ending (or accept that it cannot happen) and go back to the conversation.
        'chat.cancelEnd': {
          target: 'live',
          actions: [assign({ endRequested: false, error: undefined }), 'saveSession'],
        },
        'chat.send': [{ guard: 'nothingToSend' }, { guard: 'tooLong', actions: 'refuseTooLong' }, { actions: 'acceptMessage' }],
      },
    },
  },
});
