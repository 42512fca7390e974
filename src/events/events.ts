import type { ChatEmitted, ChatError, ChatErrorCode, EndReport } from '../machine/chat.types.js';
import type { ChatMessage } from '../transcript/transcript.js';

const init: EventInit = { bubbles: true, composed: true };

/** The session is configured: messages can flow. */
export class GenesysChatConnectedEvent extends Event {
  static readonly type = 'genesys-chat-connected';
  readonly detail: { readonly newSession: boolean };

  constructor(newSession: boolean) {
    super(GenesysChatConnectedEvent.type, init);
    this.detail = { newSession };
  }
}

/** A message was sent by the visitor or received from an agent or bot. */
export class GenesysChatMessageEvent extends Event {
  static readonly type = 'genesys-chat-message';
  readonly detail: { readonly message: ChatMessage; readonly direction: 'sent' | 'received' };

  constructor(message: ChatMessage, direction: 'sent' | 'received') {
    super(GenesysChatMessageEvent.type, init);
    this.detail = { message, direction };
  }
}

/** The end of the conversation was requested of the server (`attempt` counts from 1). */
export class GenesysChatEndingEvent extends Event {
  static readonly type = 'genesys-chat-ending';
  readonly detail: { readonly attempt: number };

  constructor(attempt: number) {
    super(GenesysChatEndingEvent.type, init);
    this.detail = { attempt };
  }
}

/** The server acknowledged the end: the conversation is over. */
export class GenesysChatEndedEvent extends Event {
  static readonly type = 'genesys-chat-ended';
  readonly detail: EndReport;

  constructor(report: EndReport) {
    super(GenesysChatEndedEvent.type, init);
    this.detail = report;
  }
}

/** Something failed; `recoverable` says whether the conversation goes on. */
export class GenesysChatErrorEvent extends Event {
  static readonly type = 'genesys-chat-error';
  readonly detail: ChatError;

  constructor(error: ChatError) {
    super(GenesysChatErrorEvent.type, init);
    this.detail = error;
  }
}

/**
 * The visitor was signed out: by `logout()` here, or from another tab or device (LogoutEvent). The
 * session, its tokens and what was stored of it are forgotten.
 */
export class GenesysChatSignedOutEvent extends Event {
  static readonly type = 'genesys-chat-signed-out';

  constructor() {
    super(GenesysChatSignedOutEvent.type, init);
  }
}

/** The error `endConversation()` rejects with. */
export class GenesysChatError extends Error {
  readonly code: ChatErrorCode;
  readonly recoverable: boolean;
  readonly serverCode?: number;

  constructor(error: ChatError) {
    super(error.message);
    this.name = 'GenesysChatError';
    this.code = error.code;
    this.recoverable = error.recoverable;
    if (error.serverCode !== undefined) this.serverCode = error.serverCode;
  }
}

/** The DOM event for something the chat machine emitted. */
export function toDomEvent(emitted: ChatEmitted): Event {
  switch (emitted.type) {
    case 'connected':
      return new GenesysChatConnectedEvent(emitted.newSession);
    case 'message':
      return new GenesysChatMessageEvent(emitted.message, emitted.direction);
    case 'ending':
      return new GenesysChatEndingEvent(emitted.attempt);
    case 'ended':
      return new GenesysChatEndedEvent(emitted.report);
    case 'error':
      return new GenesysChatErrorEvent(emitted.error);
    case 'signedOut':
      return new GenesysChatSignedOutEvent();
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'genesys-chat-connected': GenesysChatConnectedEvent;
    'genesys-chat-message': GenesysChatMessageEvent;
    'genesys-chat-ending': GenesysChatEndingEvent;
    'genesys-chat-ended': GenesysChatEndedEvent;
    'genesys-chat-error': GenesysChatErrorEvent;
    'genesys-chat-signed-out': GenesysChatSignedOutEvent;
  }
}
