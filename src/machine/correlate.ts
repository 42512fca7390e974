import type { ServerError } from '../protocol/decode.js';
import { isEchoReply, tracingIdOf } from '../protocol/frame-rules.js';
import type { ServerFrame, StructuredMessageFrame } from '../protocol/frames.js';
import type { ChatErrorCode } from './chat-error.js';
import type { ConversationState, OutboxState, Unconfirmed } from './chat.types.js';
import { classifyServerCode } from './errors.js';
import { saysTheSame } from './outbox.js';

/**
 * Which of the visitor's requests a server frame is about. Genesys does not always say: the captured
 * Inbound echo, the Clear refusal and the official SDK's error fixtures carry no tracingId (§4.9). A
 * frame that names a request (see `tracingIdOf`) is about that request alone; one that names none is
 * matched as the official SDK matches it, by what it says and by what is in flight. The outbox puts
 * one message on the wire at a time, so "the message in flight" is at most one.
 */

/**
 * Whether the server may still echo a message: it went on the wire and nothing has settled it. A
 * message that got no echo in time may still get one, even once the visitor sent it again; one the
 * server refused, or that has not been on the wire, will not.
 */
const awaitsEcho = (u: Unconfirmed): boolean =>
  u.state.kind === 'sent' || u.state.kind === 'doubt' || u.mayBeDelivered === true ||
  (u.state.kind === 'failed' && u.state.reason === 'message-timeout');

/**
 * The visitor's message an Inbound message echoes, if it is one of theirs: the one it names, or, when
 * it names none, the oldest message awaiting its echo that says the same (text, choice, files). An echo
 * that names another request (another tab's message) is not one of ours.
 */
export function echoedMessage(messages: readonly Unconfirmed[], frame: StructuredMessageFrame): Unconfirmed | undefined {
  const tracingId = tracingIdOf(frame);
  if (tracingId !== undefined) return messages.find(u => u.tracingId === tracingId);
  // The keep-alive's reply and the echoes of events (Join, Typing, Clear) are no chat line of the visitor's.
  if (frame.body.type === 'Event' || isEchoReply(frame as ServerFrame)) return undefined;
  return messages.find(u => awaitsEcho(u) && saysTheSame(frame.body, u));
}

/** What a server error answers: one of the visitor's messages, the auto-start's Join, or a Typing event. */
export type ErrorTarget =
  | { readonly kind: 'message'; readonly message: Unconfirmed }
  | { readonly kind: 'join' }
  | { readonly kind: 'typing' };

/**
 * What the server answers an `onMessage` with when it refuses a message (§3.2), and a server error
 * (5xxx), which the official SDK gives, untagged, to the oldest message still sending.
 */
const MESSAGE_REFUSALS: ReadonlySet<ChatErrorCode> = new Set([
  'server-error',
  'rate-limited',
  'message-too-long',
  'custom-attributes-too-large',
  'attachment-unavailable',
  'read-only',
]);

/** The message on the wire: the one an untagged refusal is about. */
const onTheWire = (messages: readonly Unconfirmed[]): Unconfirmed | undefined => messages.find(u => u.state.kind === 'sent');

const asMessage = (message: Unconfirmed | undefined): ErrorTarget | undefined => message && { kind: 'message', message };

/**
 * What an error from the server answers, if it is one of the conversation's own requests; `undefined`
 * for anything else (a request of the link's, of the history's, of the uploads', or nothing known),
 * which is reported as it comes. A named request is looked up; an untagged error is given to the
 * request in flight: a 403 to Typing (its refusal when the deployment has no typing indicator); a
 * message refusal (429, 409, 4xxx) or a server error (5xxx) to the message on the wire, or a 4013 to
 * the Join that carried the custom attributes when the message on the wire did not. With nothing on
 * the wire, a server error is reported as it comes.
 */
export function errorTarget(
  state: { readonly outbox: OutboxState; readonly conversation: ConversationState },
  frame: ServerFrame,
  error: ServerError,
): ErrorTarget | undefined {
  const { messages, join } = state.outbox;
  const { typing } = state.conversation;
  const kind = classifyServerCode(error.code);
  const tracingId = tracingIdOf(frame);
  if (tracingId !== undefined) {
    if (tracingId === typing.tracingId) return { kind: 'typing' };
    if (tracingId === join.tracingId) return kind === 'custom-attributes-too-large' ? { kind: 'join' } : undefined;
    return asMessage(messages.find(u => u.tracingId === tracingId && u.state.kind !== 'failed'));
  }
  if (error.code === 403) return typing.tracingId !== undefined && !typing.refused ? { kind: 'typing' } : undefined;
  if (!MESSAGE_REFUSALS.has(kind)) return undefined;
  const message = onTheWire(messages);
  if (kind === 'custom-attributes-too-large' && join.tracingId !== undefined && !message?.withAttributes) return { kind: 'join' };
  return asMessage(message);
}
