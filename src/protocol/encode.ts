import type {
  ButtonResponseType,
  CloseSessionFrame,
  ConfigureAuthenticatedSessionFrame,
  ConfigureSessionFrame,
  CustomAttributes,
  DeleteAttachmentFrame,
  EchoFrame,
  GetAttachmentFrame,
  OnAttachmentFrame,
  GetJwtFrame,
  OnMessageFrame,
  OutgoingEvent,
} from './frames.js';

/** What every request needs: the session token, and the id the server echoes back. */
export interface RequestIds {
  readonly token: string;
  readonly tracingId: string;
}

/** Starts or resumes the guest session for `token` (§2.2). */
export function configureSession(
  ids: RequestIds & { readonly deploymentId: string; readonly startNew?: boolean },
): ConfigureSessionFrame {
  const frame: ConfigureSessionFrame = {
    action: 'configureSession',
    token: ids.token,
    deploymentId: ids.deploymentId,
    // As the official SDKs send it: the visitor known by the session token, on the web (§2.2).
    journeyContext: { customer: { id: ids.token, idType: 'cookie' }, customerSession: { id: '', type: 'web' } },
    tracingId: ids.tracingId,
  };
  return ids.startNew ? { ...frame, startNew: true } : frame;
}

/**
 * A signed-in visitor's configure (§10.5): the Genesys auth JWT in `data.code`. No journey context here,
 * as the official SDK no longer sends it in this frame.
 */
export function configureAuthenticatedSession(
  ids: RequestIds & { readonly deploymentId: string; readonly jwt: string; readonly startNew?: boolean },
): ConfigureAuthenticatedSessionFrame {
  const frame: ConfigureAuthenticatedSessionFrame = {
    action: 'configureAuthenticatedSession',
    token: ids.token,
    deploymentId: ids.deploymentId,
    data: { code: ids.jwt },
    tracingId: ids.tracingId,
  };
  return ids.startNew ? { ...frame, startNew: true } : frame;
}

/**
 * The visitor's text, with the ids of uploaded files (§2.4.2); `tracingId` is the local message id, so
 * the Inbound echo can be matched (§2.1).
 */
export function textMessage(
  ids: RequestIds & {
    readonly text: string;
    readonly attachments?: readonly { readonly id: string; readonly mediaType: 'Image' | 'File' }[];
    readonly customAttributes?: CustomAttributes;
  },
): OnMessageFrame {
  const { token, tracingId, text, attachments = [], customAttributes } = ids;
  return {
    action: 'onMessage',
    token,
    tracingId,
    message: {
      type: 'Text',
      text,
      // The schema requires a media type beside the id of the uploaded file (§2.4.2 shows the id alone).
      ...(attachments.length ? { content: attachments.map(attachment => ({ contentType: 'Attachment' as const, attachment })) } : {}),
      ...(customAttributes ? { channel: { metadata: { customAttributes } } } : {}),
    },
  };
}

/**
 * Asks for a URL to upload a file to (§2.7). The id is ours, so the answer and the upload events can
 * be matched to the file; errors come back as JSON (`GenerateUrlError`), as the mobile SDK asks.
 */
export const onAttachment = (
  ids: RequestIds & { readonly attachmentId: string; readonly fileName: string; readonly fileType: string; readonly fileSize: number },
): OnAttachmentFrame => ({
  action: 'onAttachment',
  token: ids.token,
  tracingId: ids.tracingId,
  attachmentId: ids.attachmentId,
  fileName: ids.fileName,
  fileType: ids.fileType,
  fileSize: ids.fileSize,
  errorsAsJson: true,
});

/** Deletes an uploaded file that was not sent (§2.7). */
export const deleteAttachment = (ids: RequestIds & { readonly attachmentId: string }): DeleteAttachmentFrame => ({
  action: 'deleteAttachment',
  token: ids.token,
  tracingId: ids.tracingId,
  attachmentId: ids.attachmentId,
});

/** Asks where an uploaded file can be downloaded; the answer also says that its upload finished (§2.7). */
export const getAttachment = (ids: RequestIds & { readonly attachmentId: string }): GetAttachmentFrame => ({
  action: 'getAttachment',
  token: ids.token,
  tracingId: ids.tracingId,
  attachmentId: ids.attachmentId,
});

/**
 * The visitor's choice of a quick reply, card button, date or list item, sent back as a ButtonResponse
 * (§2.4.3), in the shapes of the official SDK: a card postback as `Structured` with the button's text;
 * a quick reply, a date (time slot) or a list item as `Text` with empty text, the choice in the
 * ButtonResponse alone, with the id of the message it answers.
 */
export function buttonResponse(
  ids: RequestIds & {
    readonly type: ButtonResponseType;
    readonly text: string;
    readonly payload: string;
    readonly originatingMessageId?: string;
    readonly customAttributes?: CustomAttributes;
  },
): OnMessageFrame {
  const { token, tracingId, type, text, payload, originatingMessageId, customAttributes } = ids;
  const response = originatingMessageId ? { text, payload, type, originatingMessageId } : { text, payload, type };
  return {
    action: 'onMessage',
    token,
    tracingId,
    message: {
      type: type === 'Button' ? 'Structured' : 'Text',
      text: type === 'Button' ? text : '',
      content: [{ contentType: 'ButtonResponse', buttonResponse: response }],
      ...(customAttributes ? { channel: { metadata: { customAttributes } } } : {}),
    },
  };
}

function eventMessage(ids: RequestIds, event: OutgoingEvent, customAttributes?: CustomAttributes): OnMessageFrame {
  return {
    action: 'onMessage',
    token: ids.token,
    tracingId: ids.tracingId,
    message: customAttributes
      ? { type: 'Event', events: [event], channel: { metadata: { customAttributes } } }
      : { type: 'Event', events: [event] },
  };
}

/** "The visitor is typing" (send at most every 5 s, §2.4.4). */
export const typing = (ids: RequestIds): OnMessageFrame =>
  eventMessage(ids, { eventType: 'Typing', typing: { type: 'On' } });

/** Presence Join: opens the conversation before the visitor types (auto-start). */
export const join = (ids: RequestIds, customAttributes?: CustomAttributes): OnMessageFrame =>
  eventMessage(ids, { eventType: 'Presence', presence: { type: 'Join' } }, customAttributes);

/** Presence Clear: the supported way for the visitor to end the conversation (§5). */
export const clear = (ids: RequestIds): OnMessageFrame =>
  eventMessage(ids, { eventType: 'Presence', presence: { type: 'Clear' } });

/** No two echoes on one connection closer than this (§4.7: the server may limit them). */
export const MIN_ECHO_INTERVAL = 30_000;

/** The keep-alive request; its reply is never shown (§2.5). */
export const echo = (ids: RequestIds): EchoFrame => ({
  action: 'echo',
  token: ids.token,
  tracingId: ids.tracingId,
  message: { type: 'Text', text: 'ping' },
});

/** A short-lived JWT for the history REST endpoint (§2.6). */
export const getJwt = (ids: RequestIds): GetJwtFrame => ({ action: 'getJwt', token: ids.token, tracingId: ids.tracingId });

/** Closes every connection of the session, to start a new chat from a read-only one (§2.8). */
export const closeSession = (ids: RequestIds): CloseSessionFrame => ({
  action: 'closeSession',
  token: ids.token,
  tracingId: ids.tracingId,
  closeAllConnections: true,
});
