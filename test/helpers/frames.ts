/** Server frames as the Guest API sends them, for tests. */

export const sessionResponse = (body: Record<string, unknown> = {}, tracingId?: string) => ({
  type: 'response',
  class: 'SessionResponse',
  code: 200,
  body: { connected: true, newSession: true, readOnly: false, maxCustomDataBytes: 2048, ...body },
  ...(tracingId ? { tracingId } : {}),
});

export const inboundEcho = (text: string, tracingId: string, id: string = crypto.randomUUID(), time = new Date().toISOString()) => ({
  type: 'message',
  class: 'StructuredMessage',
  code: 200,
  body: { id, type: 'Text', text, direction: 'Inbound', originatingEntity: 'Human', channel: { time, messageId: id } },
  tracingId,
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
