import type { ChatErrorCode } from './chat.types.js';

/** The server's error codes (§3.2) and what each means here. */
const SERVER_CODES: Readonly<Record<number, ChatErrorCode>> = {
  400: 'request-failed',
  401: 'unauthorized',
  403: 'feature-disabled',
  404: 'not-found',
  408: 'request-timeout',
  409: 'read-only',
  429: 'rate-limited',
  4000: 'feature-disabled',
  4001: 'attachment-rejected',
  4002: 'attachment-rejected',
  4003: 'attachment-rejected',
  4004: 'attachment-rejected',
  4005: 'attachment-rejected',
  4006: 'session-expired',
  4007: 'session-not-found',
  4008: 'attachment-unavailable',
  4009: 'attachment-unavailable',
  4010: 'attachment-unavailable',
  4011: 'message-too-long',
  4013: 'custom-attributes-too-large',
  4017: 'session-downgrade',
  4020: 'request-failed',
  4029: 'rate-limited',
  5000: 'server-error',
};

/** The error code for a server code from the table of §3.2 (`server-error` for any other). */
export const classifyServerCode = (code: number): ChatErrorCode => SERVER_CODES[code] ?? 'server-error';

/** Failures a retry cannot fix: sending the same message again would fail the same way. */
export const isPermanentMessageFailure = (code: ChatErrorCode): boolean =>
  code === 'message-too-long' || code === 'read-only' || code === 'attachment-unavailable';
