import { frameError } from '../protocol/decode.js';
import type { ServerFrame } from '../protocol/frames.js';
import type { ChatContext, ChatEmitted, OutboxState, Unconfirmed } from './chat.types.js';
import { echoedMessage, errorTarget } from './correlate.js';
import { chatErrors, classifyServerCode } from './errors.js';
import { messageTime, toChatMessage } from './messages.js';
import { fail, MAX_RATE_LIMITED, requeued, type Lines } from './outbox.js';

/** What a frame about the visitor's own message (or Join) does to the outbox. */
export interface OwnOutcome {
  /** The visitor's lines and messages, when the frame settles or fails one. */
  readonly lines?: Lines;
  readonly outbox?: Partial<Pick<OutboxState, 'throttled' | 'attributes' | 'join'>>;
  readonly emitted?: readonly ChatEmitted[];
  /** A rate limit: put nothing on the wire for this long (ms), then send what waits. */
  readonly resumeAfter?: number;
  /** Put waiting messages on the wire now (one came back to the queue). */
  readonly sendPending?: boolean;
  /** Join goes again (without the custom attributes). */
  readonly rejoin?: boolean;
}

const isSessionGone = (code: number): boolean => {
  const kind = classifyServerCode(code);
  return kind === 'session-expired' || kind === 'session-not-found';
};

/**
 * What a frame means for the visitor's own messages: the echo that confirms one, or the server's error
 * for one (or for Join). Anything else, and an error that ends the whole session, is not the outbox's
 * (`undefined`). Pure: the machine applies the outcome.
 */
export function receiveOwn(context: ChatContext, frame: ServerFrame, at: number): OwnOutcome | undefined {
  const { outbox, transcript } = context;
  const error = frameError(frame);
  if (error) {
    const { code, message: text } = error;
    if (isSessionGone(code)) return undefined;
    const kind = classifyServerCode(code);
    const target = errorTarget(context, frame, error);
    if (target?.kind === 'join') {
      return {
        outbox: { attributes: { ...outbox.attributes, refused: true }, join: { pending: true } },
        rejoin: true,
        emitted: [{ type: 'error', error: chatErrors.joinAttributesRefused(code, text) }],
      };
    }
    if (target?.kind !== 'message') return undefined;
    const own = target.message;
    const replace = (u: Unconfirmed): Lines => ({ transcript, messages: outbox.messages.map(x => (x === own ? u : x)) });
    if (kind === 'rate-limited') {
      const count = (own.rateLimited ?? 0) + 1;
      // Not a failure yet: it goes again, in order, once the server's wait is over.
      if (count < MAX_RATE_LIMITED) {
        return {
          lines: replace({ ...own, state: { kind: 'queued' }, rateLimited: count }),
          outbox: { throttled: true },
          resumeAfter: Math.max(1, error.retryAfter ?? 1) * 1000,
          emitted: [{ type: 'error', error: chatErrors.messageRateLimited(code, text, error.retryAfter ?? 1) }],
        };
      }
    }
    if (kind === 'custom-attributes-too-large' && own.withAttributes) {
      // The attributes were too big, not the message: send it again without them.
      return {
        lines: replace(requeued(own)),
        outbox: { attributes: { ...outbox.attributes, refused: true } },
        sendPending: true,
        emitted: [{ type: 'error', error: chatErrors.messageAttributesRefused(code, text) }],
      };
    }
    return {
      lines: fail({ transcript, messages: outbox.messages }, own, kind),
      emitted: [{ type: 'error', error: chatErrors.server(code, text, 'A message was not delivered. ') }],
    };
  }
  if (frame.class !== 'StructuredMessage' || frame.body.direction !== 'Inbound') return undefined;
  const own = echoedMessage(outbox.messages, frame);
  const message = own && toChatMessage(frame.body, at);
  if (!own || !message) return undefined;
  // The echo of a message shown optimistically: it takes the server's id and time, and is not shown twice.
  const confirmed = { ...message, time: messageTime(frame.body, own.time), tracingId: own.tracingId, status: 'sent' as const };
  const shown = transcript.find(own.tracingId, own.time);
  return {
    lines: {
      transcript: (shown ? transcript.remove(own.tracingId, own.time) : transcript).insert(confirmed),
      messages: outbox.messages.filter(u => u !== own),
    },
  };
}
