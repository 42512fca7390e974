import { assign, enqueueActions } from 'xstate';
import { frameError } from '../protocol/decode.js';
import { deleteAttachment } from '../protocol/encode.js';
import type { ServerFrame } from '../protocol/frames.js';
import { chatSetup, sessionKind } from './chat.setup.js';
import type { ChatContext } from './chat.types.js';
import { chatErrors } from './errors.js';
import { receiveUploadFrame, takeFiles, updateUpload, uploadRequests, type Upload } from './uploads.js';

/**
 * The visitor's files (§2.7): checked against what the session accepts, announced with `onAttachment`,
 * put to the URL the server gives, and ready for the next message once the server says it has them.
 * Owns `context.uploads`.
 */

/** What a frame means for the uploads, when it is about one of them. */
export const uploadOutcome = (context: ChatContext, frame: ServerFrame) => receiveUploadFrame(context.uploads, frame, frameError(frame));

/** Asks for what each upload needs from the server: a URL to put it to, or (after a reconnect) whether it arrived. */
export const requestUploads = chatSetup.createAction(
  enqueueActions(({ context, enqueue }) => {
    if (!context.conversation.online) return;
    const { uploads, frames } = uploadRequests(context.token, context.uploads, context.settings.newId);
    for (const frame of frames) enqueue.sendTo('link', { type: 'link.send', frame });
    enqueue.assign({ uploads });
  }),
);

const uploadOf = (context: ChatContext, id: string): Upload | undefined => context.uploads.find(u => u.id === id);

/** The uploads region of a live conversation. */
export const uploadsRegion = chatSetup.createStateConfig({
  on: {
    'chat.attach': {
      guard: 'writable',
      actions: [
        enqueueActions(({ context, event, enqueue }) => {
          const { added, refusals } = takeFiles(context.deployment.config, context.conversation.session, event.files, context.settings.newId);
          for (const error of refusals) enqueue.emit({ type: 'error', error });
          enqueue.assign({ uploads: [...context.uploads, ...added] });
        }),
        requestUploads,
      ],
    },
    // Taking a file back: the server forgets an upload it has (it cannot be sent any more).
    'chat.removeAttachment': {
      actions: enqueueActions(({ context, event, enqueue }) => {
        const upload = uploadOf(context, event.id);
        if (!upload) return;
        enqueue.stopChild(`upload-${upload.id}`);
        enqueue.assign({ uploads: context.uploads.filter(u => u !== upload) });
        const known = upload.status === 'requesting' ? upload.requested : upload.status !== 'failed';
        if (context.conversation.online && known) {
          const frame = deleteAttachment({ token: context.token, tracingId: context.settings.newId(), attachmentId: upload.id });
          enqueue.sendTo('link', { type: 'link.send', frame });
        }
      }),
    },
    'upload.put': {
      actions: enqueueActions(({ context, event, enqueue }) => {
        enqueue.stopChild(`upload-${event.id}`);
        const upload = uploadOf(context, event.id);
        if (upload?.status !== 'uploading') return;
        enqueue.assign({ uploads: updateUpload(context.uploads, event.id, { ...upload, put: true }) });
        // A connection dropped during the PUT: the success event may have gone with it, so ask.
        if (upload.stale) enqueue(requestUploads);
      }),
    },
    'upload.putFailed': {
      actions: enqueueActions(({ context, event, enqueue }) => {
        const upload = uploadOf(context, event.id);
        enqueue.stopChild(`upload-${event.id}`);
        if (!upload) return;
        enqueue.assign({ uploads: updateUpload(context.uploads, event.id, { status: 'failed', refusal: 'network', failure: 'attachment-unavailable' }) });
        enqueue.emit({ type: 'error', error: chatErrors.uploadRefused(upload.name, 'network', event.message) });
      }),
    },
    'link.frame': {
      guard: ({ context, event }) => uploadOutcome(context, event.frame) !== undefined,
      actions: enqueueActions(({ context, event, enqueue }) => {
        const outcome = uploadOutcome(context, event.frame);
        if (!outcome) return;
        enqueue.assign({ uploads: outcome.uploads });
        if (outcome.put) {
          const { upload: u, url, headers } = outcome.put;
          enqueue.spawnChild('upload', { id: `upload-${u.id}`, input: { id: u.id, url, headers, file: u.file, type: u.type } });
        }
        if (outcome.refused) {
          const { upload: u, code, message } = outcome.refused;
          const now = outcome.uploads.find(x => x.id === u.id);
          enqueue.stopChild(`upload-${u.id}`);
          const refusal = now?.status === 'failed' ? now.refusal : 'refused';
          enqueue.emit({ type: 'error', error: chatErrors.uploadRefused(u.name, refusal, `the server answered ${code}: ${message}`, code) });
        }
      }),
    },
    // A new session knows none of the old one's files.
    'link.ready': { guard: ({ event }) => sessionKind(event) === 'new', actions: assign({ uploads: [] }) },
    // Answers in flight are lost with the socket: requests go again, and an upload's verdict is asked for.
    'link.lost': {
      actions: assign({
        uploads: ({ context }) =>
          context.uploads.map((u): Upload =>
            u.status === 'requesting' ? { ...u, requested: false, tracingId: undefined }
            : u.status === 'uploading' ? { ...u, stale: true, tracingId: undefined }
            : u),
      }),
    },
  },
});
