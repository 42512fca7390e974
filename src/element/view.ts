import type { ChatStrings, TextKey } from '../i18n/strings.js';
import type { ChatErrorCode } from '../machine/chat.types.js';

const ERROR_TEXT: Readonly<Record<ChatErrorCode, TextKey>> = {
  'invalid-config': 'errorInvalidConfig',
  'connection-refused': 'errorConnectionRefused',
  'session-refused': 'errorSessionRefused',
  'connection-lost': 'errorConnectionLost',
  'connection-limit': 'errorConnectionLimit',
  'signed-in-elsewhere': 'errorSignedInElsewhere',
  'signed-out': 'errorSignedOut',
  'sign-in-failed': 'errorSignInFailed',
  'clear-not-supported': 'errorClearNotSupported',
  'end-not-acknowledged': 'errorEndNotAcknowledged',
  'rate-limited': 'errorRateLimited',
  'server-error': 'errorServerError',
  'bad-frame': 'errorBadFrame',
  'load-failed': 'errorLoadFailed',
  'config-unavailable': 'errorConfigUnavailable',
  'deployment-inactive': 'errorDeploymentInactive',
  'deployment-not-found': 'errorDeploymentNotFound',
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
