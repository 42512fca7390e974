import type {
  ButtonResponseType,
  CloseSessionFrame,
  ConfigureSessionFrame,
  CustomAttributes,
  EchoFrame,
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
    tracingId: ids.tracingId,
  };
  return ids.startNew ? { ...frame, startNew: true } : frame;
}

/** The visitor's text; `tracingId` is the local message id, so the Inbound echo can be matched (§2.1). */
export function textMessage(
  ids: RequestIds & { readonly text: string; readonly customAttributes?: CustomAttributes },
): OnMessageFrame {
  const { token, tracingId, text, customAttributes } = ids;
  return {
    action: 'onMessage',
    token,
    tracingId,
    message: customAttributes
      ? { type: 'Text', text, channel: { metadata: { customAttributes } } }
      : { type: 'Text', text },
  };
}

/**
 * The visitor's choice of a quick reply, card button, date or list item, sent back as a ButtonResponse
 * (§2.4.3): quick replies go as `Text` with empty text, card postbacks as `Structured` with the button's text.
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
      type: type === 'QuickReply' ? 'Text' : 'Structured',
      text: type === 'QuickReply' ? '' : text,
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
