/** Server frames as the Guest API sends them, for tests. */

export const sessionResponse = (body: Record<string, unknown> = {}, tracingId?: string) => ({
  type: 'response',
  class: 'SessionResponse',
  code: 200,
  body: { connected: true, newSession: true, readOnly: false, maxCustomDataBytes: 2048, ...body },
  ...(tracingId ? { tracingId } : {}),
});

/** The Inbound echo of the visitor's text; without a tracingId (`undefined`) as Genesys often sends it (§4.9). */
export const inboundEcho = (text: string, tracingId: string | undefined, id: string = crypto.randomUUID(), time = new Date().toISOString()) => ({
  type: 'message',
  class: 'StructuredMessage',
  code: 200,
  body: { id, type: 'Text', text, direction: 'Inbound', originatingEntity: 'Human', channel: { time, messageId: id } },
  ...(tracingId === undefined ? {} : { tracingId }),
});

export const agentMessage = (text: string, options: { id?: string; time?: string; nickname?: string; bot?: boolean } = {}) => ({
  type: 'message',
  class: 'StructuredMessage',
  code: 200,
  body: {
    id: options.id ?? crypto.randomUUID(),
    type: 'Text',
    text,
    direction: 'Outbound',
    originatingEntity: options.bot ? 'Bot' : 'Human',
    channel: {
      time: options.time ?? new Date().toISOString(),
      type: 'Private',
      ...(options.nickname ? { from: { nickname: options.nickname } } : {}),
    },
  },
});

export const errorFrame = (code: number, body: string, tracingId?: string) => ({
  type: 'response',
  class: 'string',
  code,
  body,
  ...(tracingId ? { tracingId } : {}),
});

export const sessionCleared = () => ({ type: 'message', class: 'SessionClearedEvent', code: 200, body: {} });
export const connectionClosed = (reason?: string) => ({
  type: 'message',
  class: 'ConnectionClosedEvent',
  code: 200,
  body: reason ? { reason } : {},
});
export const clearForbidden = (tracingId?: string) =>
  errorFrame(403, 'Presence events Conversation Clear are not supported', tracingId);
export const tooManyRequests = (retryAfter: number, tracingId?: string) => ({
  type: 'response',
  class: 'TooManyRequestsErrorMessage',
  code: 429,
  body: { retryAfter, errorCode: 4029, errorMessage: 'Message rate too high for this session', name: 'TooManyRequests', message: 'Too many requests' },
  ...(tracingId ? { tracingId } : {}),
});

/** An agent's Typing event (`{ type: 'On', duration }`, or `Off` as some servers send). */
export const agentTyping = (typing: Record<string, unknown>, nickname?: string) => ({
  type: 'message',
  class: 'StructuredMessage',
  code: 200,
  body: {
    id: crypto.randomUUID(),
    type: 'Event',
    direction: 'Outbound',
    channel: { time: new Date().toISOString(), ...(nickname ? { from: { nickname } } : {}) },
    events: [{ eventType: 'Typing', typing }],
  },
});

/** The agent (or bot) ending the conversation: Presence Disconnect, as captured from a real server (§3.5). */
export const agentDisconnect = (readOnly: boolean) => ({
  type: 'message',
  class: 'StructuredMessage',
  code: 200,
  body: {
    type: 'Event',
    direction: 'Outbound',
    id: crypto.randomUUID(),
    channel: { time: new Date().toISOString(), type: 'Private', from: { nickname: 'Robot Friend' }, to: {} },
    events: [{ eventType: 'Presence', presence: { type: 'Disconnect' } }],
    metadata: { readOnly: String(readOnly) },
    originatingEntity: 'Bot',
  },
});

/** An agent's (or bot's) message with rich content (§3.4). */
export const agentContent = (
  content: Record<string, unknown>[],
  options: { id?: string; time?: string; text?: string; bot?: boolean; from?: Record<string, string> } = {},
) => ({
  type: 'message',
  class: 'StructuredMessage',
  code: 200,
  body: {
    id: options.id ?? crypto.randomUUID(),
    type: 'Structured',
    ...(options.text !== undefined ? { text: options.text } : {}),
    direction: 'Outbound',
    originatingEntity: options.bot === false ? 'Human' : 'Bot',
    channel: { time: options.time ?? new Date().toISOString(), type: 'Private', ...(options.from ? { from: options.from } : {}) },
    content,
  },
});

export const quickReplies = (...texts: string[]) =>
  texts.map(text => ({ contentType: 'QuickReply', quickReply: { text, payload: `payload-${text}`, action: 'Message' } }));

/** The Inbound echo of a message the visitor sent with content (a ButtonResponse). */
export const inboundContentEcho = (message: { text?: string; content?: unknown[] }, tracingId: string | undefined, id: string = crypto.randomUUID()) => ({
  type: 'message',
  class: 'StructuredMessage',
  code: 200,
  body: {
    id,
    type: 'Structured',
    text: message.text ?? '',
    direction: 'Inbound',
    originatingEntity: 'Human',
    channel: { time: new Date().toISOString(), messageId: id },
    content: message.content ?? [],
  },
  ...(tracingId === undefined ? {} : { tracingId }),
});

export const jwtResponse = (jwt: string, tracingId?: string, exp = Math.floor(Date.now() / 1000) + 60) => ({
  type: 'response',
  class: 'JwtResponse',
  code: 200,
  body: { jwt, exp },
  ...(tracingId ? { tracingId } : {}),
});

/** The reply to an `echo`, with the refreshed expiry in its metadata (strings, §2.5). */
export const echoReply = (tracingId: string, durationSeconds: number, expirationDate: number) => ({
  type: 'response',
  class: 'StructuredMessage',
  code: 200,
  body: {
    id: crypto.randomUUID(),
    type: 'Text',
    text: 'ping',
    direction: 'Inbound',
    metadata: { durationSeconds: String(durationSeconds), expirationDate: String(expirationDate) },
  },
  tracingId,
});

export const sessionExpired = (type: 'message' | 'response' = 'message') => ({ type, class: 'SessionExpiredEvent', code: 200, body: {} });

/** A config.json (§1.4) with the Messenger settings the widget reads. */
export function deploymentConfig(flags: {
  conversationClear?: boolean;
  typing?: boolean;
  autoStart?: boolean;
  markdown?: boolean;
  disconnect?: 'Send' | 'ReadOnly';
  fileUpload?: boolean;
} = {}) {
  return {
    id: 'config', version: '1', status: 'Active', defaultLanguage: 'en-us',
    messenger: {
      enabled: true,
      apps: {
        conversations: {
          showAgentTypingIndicator: flags.typing ?? true,
          showUserTypingIndicator: flags.typing ?? true,
          autoStart: { enabled: flags.autoStart ?? false },
          conversationDisconnect: { enabled: true, type: flags.disconnect ?? 'Send' },
          conversationClear: { enabled: flags.conversationClear ?? true },
          markdown: { enabled: flags.markdown ?? false },
        },
      },
      fileUpload: { enableAttachments: flags.fileUpload ?? false, modes: [] },
    },
  };
}
