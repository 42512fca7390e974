import { frameError } from './decode.js';
import type { ServerFrame, ServerFrameClass, SessionInfo, StructuredMessageFrame } from './frames.js';

/**
 * What the rest of the widget needs to know about a decoded server frame, in one place: the tab relay
 * routes by these rules and the machines react by them, so they never disagree about a frame.
 */

export { frameError, type ServerError } from './decode.js';

/**
 * The correlation id: the `tracingId` of the request this frame answers or echoes, if the server said.
 * Genesys puts it at the top level (§3.1), or in the body where the schema has it, or, on legacy echoes,
 * in `metadata.customMessageId` (§4.9); the official SDK reads them in this order. Often it says
 * nothing at all, and the frame is matched by what it says instead (see machine/correlate.ts).
 */
export function tracingIdOf(frame: ServerFrame): string | undefined {
  if (frame.tracingId !== undefined) return frame.tracingId;
  const body: unknown = frame.body;
  if (typeof body !== 'object' || body === null) return undefined;
  const inBody = (body as { tracingId?: unknown }).tracingId;
  if (typeof inBody === 'string') return inBody;
  return frame.class === 'StructuredMessage' ? frame.body.metadata?.['customMessageId'] : undefined;
}

/**
 * Whether a frame is the reply to an `echo` (§2.5): a `response` StructuredMessage saying "ping", Inbound
 * and without a channel time. The time tells it from the echo of a visitor who typed "ping" (§3.4).
 */
export const isEchoReply = (frame: ServerFrame): frame is StructuredMessageFrame =>
  frame.class === 'StructuredMessage' &&
  frame.type === 'response' &&
  frame.body.direction === 'Inbound' &&
  frame.body.text === 'ping' &&
  !frame.body.channel?.time;

/**
 * Whether a frame is the reply to the echo sent with `tracingId`: it names that echo, or it names no
 * request and is an echo reply (Genesys does not always name the request, §4.9).
 */
export function answersEcho(frame: ServerFrame, tracingId: string): boolean {
  const named = tracingIdOf(frame);
  return named === undefined ? isEchoReply(frame) : named === tracingId;
}

const SESSION_WIDE: ReadonlySet<ServerFrameClass> = new Set(['SessionExpiredEvent', 'SessionClearedEvent', 'ConnectionClosedEvent', 'LogoutEvent']);

/** Whether a frame concerns the session as a whole (§3.6): every connection to it needs it, whoever asked. */
export const isSessionWide = (frame: ServerFrame): boolean => SESSION_WIDE.has(frame.class);

/**
 * Whether a frame is news for its requester alone: a `response` that is not about the whole session.
 * An error in it belongs to that request; the Inbound echo of a message (`type: message`) is news for all.
 */
export const isPrivateAnswer = (frame: ServerFrame): boolean => frame.type === 'response' && !isSessionWide(frame);

/** Whether a frame says the session is gone from the server (§3.2 4006/4007, §3.6): a new one starts on the next configureSession. */
export function endsSession(frame: ServerFrame): boolean {
  const code = frameError(frame)?.code;
  return isSessionWide(frame) || code === 4006 || code === 4007;
}

/**
 * The session's refreshed expiry an echo reply carries (§2.5, §4.6), in SessionResponse terms; the
 * metadata has it as strings.
 */
export function refreshedExpiry(frame: ServerFrame): Pick<SessionInfo, 'expirationDate' | 'durationSeconds'> | undefined {
  if (!isEchoReply(frame)) return undefined;
  const expirationDate = Number(frame.body.metadata?.['expirationDate']);
  const durationSeconds = Number(frame.body.metadata?.['durationSeconds']);
  if (!(expirationDate > 0)) return undefined;
  return durationSeconds > 0 ? { expirationDate, durationSeconds } : { expirationDate };
}
