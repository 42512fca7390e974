import { frameError } from '../protocol/decode.js';
import { answersEcho } from '../protocol/frame-rules.js';
import type { ServerFrame, SessionInfo, StructuredMessage } from '../protocol/frames.js';
import type { ChatContext, Expiry, ExpiryState } from './chat.types.js';
import { echoedMessage } from './correlate.js';
import { agentTypingOf, hasPresence, isEchoReply, toChatMessage } from './messages.js';

/** The visitor is warned this long before the session expires (less for short sessions). */
export const EXPIRY_WARNING_LEAD = 5 * 60_000;

/** The expiry a SessionResponse announces (§4.6): `expirationDate` in epoch seconds, or now + duration. */
export function expiryOfSession(session: SessionInfo, at: number): Expiry | undefined {
  const duration = session.durationSeconds;
  if (duration === undefined || !(duration > 0)) return undefined;
  const expiresAt = session.expirationDate !== undefined && session.expirationDate > 0 ? session.expirationDate * 1000 : at + duration * 1000;
  return { durationMs: duration * 1000, expiresAt };
}

/** The refreshed expiry in an echo reply's metadata (strings, §2.5). */
export function expiryOfEchoReply(body: StructuredMessage, at: number): Expiry | undefined {
  const duration = Number(body.metadata?.['durationSeconds']);
  const date = Number(body.metadata?.['expirationDate']);
  if (!Number.isFinite(duration) || duration <= 0) return undefined;
  return { durationMs: duration * 1000, expiresAt: Number.isFinite(date) && date > 0 ? date * 1000 : at + duration * 1000 };
}

/** Activity slides the inactivity timeout. */
export const slide = (expiry: Expiry | undefined, at: number): Expiry | undefined =>
  expiry && { durationMs: expiry.durationMs, expiresAt: Math.max(expiry.expiresAt, at + expiry.durationMs) };

/** How long from `at` until the warning is due (0: now). */
export function warningDelay(expiry: Expiry, at: number): number {
  const lead = Math.min(EXPIRY_WARNING_LEAD, expiry.durationMs / 2);
  return Math.max(0, expiry.expiresAt - lead - at);
}

/**
 * What a frame does to the expiry: an echo reply brings the server's new expiry (and answers Stay), a
 * message is activity (`isActivity` says which count). `undefined`: nothing.
 */
export function expiryAfter(expiry: ExpiryState, frame: ServerFrame, at: number): ExpiryState | undefined {
  if (frame.class !== 'StructuredMessage' || frameError(frame)) return undefined;
  const { body } = frame;
  if (isEchoReply(frame.type, body)) {
    const due = expiryOfEchoReply(body, at);
    const stayed = expiry.stayTracingId !== undefined && answersEcho(frame, expiry.stayTracingId);
    if (!due && !stayed) return undefined;
    return { ...expiry, ...(due ? { due } : {}), ...(stayed ? { warning: false, stayTracingId: undefined } : {}) };
  }
  const due = slide(expiry.due, at);
  return due && { ...expiry, due, warning: false };
}

/**
 * Whether a frame touches the expiry, as the conversation stands before it: an echo reply, or a message
 * that is new to the transcript or the echo of the visitor's own (typing, Disconnect and repeats are not activity).
 */
export function touchesExpiry(context: ChatContext, frame: ServerFrame, at: number): boolean {
  if (frame.class !== 'StructuredMessage' || frameError(frame)) return false;
  const { body } = frame;
  if (isEchoReply(frame.type, body)) return !!expiryAfter(context.expiry, frame, at);
  if (body.direction === 'Outbound' && (hasPresence(body.events, 'Disconnect') || agentTypingOf(body.events))) return false;
  const message = toChatMessage(body, at);
  if (!message || !context.expiry.due) return false;
  const own = message.author === 'customer' && !!echoedMessage(context.outbox.messages, frame);
  return own || !context.transcript.find(message.id, message.time);
}
