import type { ChatStrings } from '../i18n/strings.js';
import type { ChatState } from '../machine/chat.state.js';
import type { ChatContext, ChatError, ChatErrorCode } from '../machine/chat.types.js';

const ERROR_TEXT: Readonly<Record<ChatErrorCode, keyof ChatStrings>> = {
  'invalid-config': 'errorInvalidConfig',
  'connection-refused': 'errorConnectionRefused',
  'session-refused': 'errorSessionRefused',
  'connection-lost': 'errorConnectionLost',
  'connection-limit': 'errorConnectionLimit',
  'signed-in-elsewhere': 'errorSignedInElsewhere',
  'clear-not-supported': 'errorClearNotSupported',
  'end-not-acknowledged': 'errorEndNotAcknowledged',
  'rate-limited': 'errorRateLimited',
  'server-error': 'errorServerError',
  'bad-frame': 'errorBadFrame',
  'config-unavailable': 'errorConfigUnavailable',
  'deployment-inactive': 'errorDeploymentInactive',
  'message-timeout': 'errorMessageTimeout',
  'message-too-long': 'errorMessageTooLong',
  'custom-attributes-too-large': 'errorCustomAttributesTooLarge',
  'read-only': 'errorReadOnly',
  'session-expired': 'errorSessionExpired',
  'session-not-found': 'errorSessionNotFound',
  'request-failed': 'errorRequestFailed',
  unauthorized: 'errorUnauthorized',
  'feature-disabled': 'errorFeatureDisabled',
  'not-found': 'errorNotFound',
  'request-timeout': 'errorRequestTimeout',
  'attachment-rejected': 'errorAttachmentRejected',
  'attachment-unavailable': 'errorAttachmentUnavailable',
  'session-downgrade': 'errorSessionDowngrade',
  'history-unavailable': 'errorHistoryUnavailable',
};

/** The visitor-facing text for an error code. */
export const errorText = (code: ChatErrorCode, t: ChatStrings): string => t[ERROR_TEXT[code]];

/** The line the status region announces in each state. */
export function statusText(state: ChatState, t: ChatStrings, context?: Pick<ChatContext, 'conversation'>): string {
  if (context?.conversation.agentEnded && (state === 'connected' || state === 'reconnecting')) {
    return context.conversation.readOnly ? t.agentEndedReadOnly : t.agentEndedSend;
  }
  switch (state) {
    case 'connecting':
      return t.connecting;
    case 'connected':
      return context?.conversation.reconnected ? t.connectedAgain : t.connected;
    case 'reconnecting':
      return t.reconnecting;
    case 'ending':
      return t.ending;
    case 'closed':
      return t.ended;
    case 'idle':
    case 'error':
      return '';
  }
}

/** Whether there is a conversation the visitor can end from here. */
export function canEnd(
  state: ChatState,
  context: Pick<ChatContext, 'ending' | 'conversation' | 'deployment'> | undefined,
): boolean {
  // A deployment without "conversation clear" cannot be ended by the visitor: End is not offered at all.
  if (context && !context.deployment.config.conversationClear) return false;
  // Once the agent ended it there is nothing left to end, until the visitor starts again.
  if (state === 'connecting' || state === 'connected' || state === 'reconnecting') return !context?.conversation.agentEnded;
  return state === 'error' && !!context?.ending.requested;
}

/** Whether an error came from ending, so going back to the conversation makes sense. */
export const isEndFailure = (error: ChatError | undefined, context: Pick<ChatContext, 'ending'> | undefined) =>
  !!context?.ending.requested || error?.code === 'clear-not-supported';

/** Prefixes a log line so integrators can tell where it came from. */
export const logLine = (error: ChatError): string => `<genesys-chat> ${error.code}: ${error.message}`;

const STATES: readonly ChatState[] = ['idle', 'connecting', 'connected', 'reconnecting', 'ending', 'closed', 'error'];

/** Mirrors the state into `:state()` so themes can react without attributes being reflected. */
export function syncStates(internals: ElementInternals, current: ChatState): void {
  for (const s of STATES) {
    try {
      if (s === current) internals.states.add(s);
      else internals.states.delete(s);
    } catch {
      // Engines without CustomStateSet: the `state` property still tells.
    }
  }
}

/** Enter sends; Shift+Enter is a new line; nothing is sent in the middle of an IME composition. */
export const isSendKey = (event: KeyboardEvent): boolean =>
  // keyCode 229: some IMEs report the key that ends a composition after `isComposing` is already false.
  event.key === 'Enter' && !event.shiftKey && !event.isComposing && event.keyCode !== 229;

/** What the error notice shows and offers. */
export function errorView(error: ChatError, t: ChatStrings, context: Pick<ChatContext, 'ending'> | undefined) {
  return {
    text: errorText(error.code, t),
    // Without a running chat (bad configuration) nothing can be retried; a deployment setting cannot be either.
    canRetry: !!context && error.code !== 'clear-not-supported' && error.code !== 'deployment-inactive',
    canGoBack: !!context && isEndFailure(error, context),
  };
}
