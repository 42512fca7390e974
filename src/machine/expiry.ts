import type { SessionInfo, StructuredMessage } from '../protocol/frames.js';
import type { Expiry } from './chat.types.js';

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
