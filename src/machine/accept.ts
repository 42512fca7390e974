import { assign, enqueueActions } from 'xstate';
import type { ContentReply } from '../content/rich-content.types.js';
import { chatSetup } from './chat.setup.js';
import type { ChatContext } from './chat.types.js';
import { chatErrors } from './errors.js';
import { afterActivity, armExpiry } from './expiry.region.js';
import { pendingMessage, queued, type Draft } from './outbox.js';
import { ready } from './uploads.js';

/**
 * Taking the visitor's message (in `idle`, `live` or `error`): shown at once as "Sending…", queued in
 * the outbox, the files it carries out of the tray, the inactivity timeout slid. Sending it is the
 * outbox's (outbox.region.ts).
 */

/** The message a `chat.send` makes: the text and every file ready in the tray. */
export const sendDraft = (context: ChatContext, event: { text: string; tracingId?: string; at?: number }): Draft => ({
  tracingId: event.tracingId ?? context.settings.newId(),
  text: event.text,
  at: event.at ?? context.settings.now(),
  attachments: ready(context.uploads).map(u => ({ id: u.id, name: u.name, type: u.type, size: u.size, ...(u.downloadUrl ? { url: u.downloadUrl } : {}) })),
});

/** The message a `chat.reply` makes: the choice. */
export const replyDraft = (context: ChatContext, event: { reply: ContentReply; tracingId?: string; at?: number }): Draft => ({
  tracingId: event.tracingId ?? context.settings.newId(),
  text: event.reply.text,
  at: event.at ?? context.settings.now(),
  reply: event.reply,
});

/**
 * Takes the visitor's message: shown at once (answering the quick replies on offer), queued for the
 * wire, its files out of the tray, and the session's inactivity timeout slid.
 */
export function accepted(context: ChatContext, draft: Draft): Pick<ChatContext, 'transcript' | 'conversation' | 'outbox' | 'uploads' | 'expiry'> {
  const u = queued(draft);
  const message = pendingMessage(u);
  let { transcript } = context;
  const { interactive } = context.conversation;
  const offered = interactive && transcript.find(interactive.id, interactive.time);
  if (offered) transcript = transcript.replace(offered.id, offered.time, { ...offered, answered: true });
  const sent = new Set(draft.attachments?.map(a => a.id));
  return {
    transcript: transcript.insert(message),
    // After an agent's end in Send mode, the visitor's next message starts a new conversation.
    conversation: { ...context.conversation, agentEnded: false, interactive: undefined, notice: undefined, lastAccepted: { tracingId: u.tracingId, time: u.time } },
    outbox: { ...context.outbox, messages: [...context.outbox.messages, u] },
    // Files that went with the message leave the tray; those still uploading wait for the next one.
    uploads: context.uploads.filter(f => !sent.has(f.id)),
    expiry: afterActivity(context.expiry, draft.at) ?? context.expiry,
  };
}

/** Tells the page about the message just accepted, and keeps it. */
export const announceAccepted = chatSetup.createAction(
  enqueueActions(({ context, enqueue }) => {
    const last = context.conversation.lastAccepted;
    const message = last && context.transcript.find(last.tracingId, last.time);
    if (context.expiry.due) enqueue(armExpiry);
    if (message) enqueue.emit({ type: 'message', message, direction: 'sent' });
    enqueue('saveSession');
  }),
);

/** `chat.send` wherever it is taken (idle, live, error): nothing to send is ignored, too long is refused. */
const sending = chatSetup.createStateConfig({
  on: {
    'chat.send': [
      { guard: ({ context, event }) => !event.text.trim() && ready(context.uploads).length === 0 },
      {
        guard: ({ context, event }) => event.text.length > context.settings.maxMessageLength,
        actions: enqueueActions(({ context, event, enqueue }) => {
          const error = chatErrors.messageTooLong(event.text.length, context.settings.maxMessageLength);
          enqueue.assign({ conversation: { ...context.conversation, notice: error } });
          enqueue.emit({ type: 'error', error });
        }),
      },
    ],
  },
});

/** The `chat.send`s that are not taken: empty ones, and those too long (refused, with a notice). */
export const unsendable = sending.on['chat.send'];

/** Takes a `chat.send`: shown, queued, announced. */
export const acceptSend = chatSetup.createStateConfig({
  on: { 'chat.send': { actions: [assign(({ context, event }) => accepted(context, sendDraft(context, event))), announceAccepted] } },
}).on['chat.send'].actions;
