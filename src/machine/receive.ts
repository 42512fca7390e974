import { hasInteractive } from '../content/read-content.js';
import { frameError } from '../protocol/decode.js';
import type { ServerFrame, StructuredMessage } from '../protocol/frames.js';
import type { Transcript } from '../transcript/transcript.js';
import type { ChatContext, ChatEmitted, ChatError, ConversationState, ExpiryState, OutboxState } from './chat.types.js';
import { chatErrors, classifyServerCode } from './errors.js';
import { expiryOfEchoReply, slide } from './expiry.js';
import { agentTypingOf, hasPresence, isEchoReply, messageTime, senderNameOf, toChatMessage } from './messages.js';
import { fail, MAX_RATE_LIMITED, requeued } from './outbox.js';

/** What one server frame does to a live conversation, slice by slice. */
export interface Outcome {
  readonly transcript?: Transcript;
  readonly conversation?: Partial<ConversationState>;
  readonly outbox?: Partial<OutboxState>;
  readonly expiry?: Partial<ExpiryState>;
  readonly emitted?: readonly ChatEmitted[];
  /** Restart the agent-typing timer with this delay (ms), or stop it. */
  readonly typingTimer?: number | 'stop';
  /** A rate limit: put nothing on the wire for this long (ms), then send what waits. */
  readonly resumeAfter?: number;
  /** Put waiting messages on the wire now (one came back to the queue). */
  readonly sendPending?: boolean;
  /** The session is gone (expired or unknown): start clean. */
  readonly sessionGone?: 'session-expired' | 'session-not-found';
}

const nothing: Outcome = {};

const errorEvent = (error: ChatError): ChatEmitted => ({ type: 'error', error });

function receiveError(context: ChatContext, frame: ServerFrame, code: number, text: string, retryAfter?: number): Outcome {
  if (frame.tracingId !== undefined && frame.tracingId === context.conversation.typing.tracingId) {
    // Typing indicators are switched off for this deployment: stop sending them, tell the integrator.
    return {
      conversation: { typing: { ...context.conversation.typing, refused: true } },
      emitted: [errorEvent(chatErrors.typingRefused(code, text))],
    };
  }
  const kind = classifyServerCode(code);
  const { outbox } = context;
  if (frame.tracingId !== undefined && frame.tracingId === outbox.join.tracingId && kind === 'custom-attributes-too-large') {
    return {
      outbox: { attributes: { ...outbox.attributes, refused: true }, join: { pending: true } },
      emitted: [errorEvent(chatErrors.joinAttributesRefused(code, text))],
    };
  }
  // Whatever it answered, the session is gone: the visitor's messages go again in a new one.
  if (kind === 'session-expired' || kind === 'session-not-found') return { sessionGone: kind };
  const own = frame.tracingId ? outbox.messages.find(u => u.tracingId === frame.tracingId && u.state.kind !== 'failed') : undefined;
  const readOnly = kind === 'read-only' ? { readOnly: true, agentEnded: true } : {};
  if (!own) {
    const error = chatErrors.server(code, text);
    return { conversation: { notice: error, ...readOnly }, emitted: [errorEvent(error)] };
  }
  const error = chatErrors.server(code, text, 'A message was not delivered. ');
  if (kind === 'rate-limited') {
    const count = (own.rateLimited ?? 0) + 1;
    if (count < MAX_RATE_LIMITED) {
      // Not a failure yet: it goes again, in order, once the server's wait is over.
      return {
        outbox: {
          throttled: true,
          messages: outbox.messages.map(u => (u === own ? { ...u, state: { kind: 'queued' }, rateLimited: count } : u)),
        },
        resumeAfter: Math.max(1, retryAfter ?? 1) * 1000,
        emitted: [errorEvent(chatErrors.messageRateLimited(code, text, retryAfter ?? 1))],
      };
    }
  }
  if (kind === 'custom-attributes-too-large' && own.withAttributes) {
    // The attributes were too big, not the message: send it again without them.
    return {
      outbox: {
        attributes: { ...outbox.attributes, refused: true },
        messages: outbox.messages.map(u => (u === own ? requeued(u) : u)),
      },
      sendPending: true,
      emitted: [errorEvent(chatErrors.messageAttributesRefused(code, text))],
    };
  }
  const failed = fail({ transcript: context.transcript, messages: outbox.messages }, own, kind);
  return { transcript: failed.transcript, outbox: { messages: failed.messages }, conversation: readOnly, emitted: [errorEvent(error)] };
}

function receiveEchoReply(context: ChatContext, frame: ServerFrame, body: StructuredMessage, at: number): Outcome {
  const due = expiryOfEchoReply(body, at);
  const stayed = frame.tracingId !== undefined && frame.tracingId === context.expiry.stayTracingId;
  if (!due && !stayed) return nothing;
  return { expiry: { ...(due ? { due } : {}), ...(stayed ? { warning: false, stayTracingId: undefined } : {}) } };
}

/**
 * What a frame from the server means for the conversation: a message to show (once, in time order), the echo
 * of the visitor's own message, an agent typing or leaving, an error for one of the visitor's messages, or
 * the session's new expiry. Pure: the machine applies the outcome.
 */
export function receive(context: ChatContext, frame: ServerFrame, at: number): Outcome {
  const error = frameError(frame);
  if (error) return receiveError(context, frame, error.code, error.message, error.retryAfter);
  if (frame.class === 'SessionExpiredEvent') return { sessionGone: 'session-expired' };
  if (frame.class !== 'StructuredMessage') return nothing;
  const body = frame.body;
  if (isEchoReply(frame.type, body)) return receiveEchoReply(context, frame, body, at);

  if (body.direction === 'Outbound' && hasPresence(body.events, 'Disconnect')) {
    // The agent or bot ended the conversation; "ReadOnly" deployments also close the session to new messages (§6).
    const readOnly = body.metadata?.['readOnly'] === 'true';
    return {
      conversation: { agentEnded: true, readOnly: context.conversation.readOnly || readOnly, agentTyping: undefined },
      emitted: [{ type: 'ended', report: { by: 'agent', attempts: 0, readOnly } }],
      typingTimer: 'stop',
    };
  }

  const typing = body.direction === 'Outbound' ? agentTypingOf(body.events) : undefined;
  if (typing) {
    // The deployment may hide the agent's typing (showAgentTypingIndicator).
    if (!context.deployment.config.agentTyping) return nothing;
    const name = senderNameOf(body);
    return typing.on
      ? { conversation: { agentTyping: name ? { name } : {} }, typingTimer: typing.duration }
      : { conversation: { agentTyping: undefined }, typingTimer: 'stop' };
  }

  const message = toChatMessage(body, at);
  if (!message) return nothing;
  const due = slide(context.expiry.due, at);
  const activity: Outcome = due ? { expiry: { due, warning: false } } : nothing;
  // An agent's message is what they were typing.
  const typingDone: Outcome = message.author !== 'customer' && context.conversation.agentTyping
    ? { conversation: { agentTyping: undefined }, typingTimer: 'stop' }
    : nothing;

  const own = message.author === 'customer' && frame.tracingId
    ? context.outbox.messages.find(u => u.tracingId === frame.tracingId)
    : undefined;
  if (own) {
    // The echo of a message shown optimistically: it takes the server's id and time, and is not shown twice.
    const confirmed = { ...message, time: messageTime(body, own.time), tracingId: own.tracingId, status: 'sent' as const };
    const shown = context.transcript.find(own.tracingId, own.time);
    return {
      ...activity,
      transcript: (shown ? context.transcript.remove(own.tracingId, own.time) : context.transcript).insert(confirmed),
      outbox: { messages: context.outbox.messages.filter(u => u !== own) },
    };
  }
  if (context.transcript.find(message.id, message.time)) return typingDone;
  const offers = message.author !== 'customer' && !!message.content && hasInteractive(message.content);
  let transcript = context.transcript;
  // Only the latest offer takes input: an earlier one still open is answered by being superseded.
  const { interactive } = context.conversation;
  const earlier = offers && interactive ? transcript.find(interactive.id, interactive.time) : undefined;
  if (earlier) transcript = transcript.replace(earlier.id, earlier.time, { ...earlier, answered: true });
  return {
    ...activity,
    typingTimer: typingDone.typingTimer,
    transcript: transcript.insert(message),
    conversation: { ...typingDone.conversation, ...(offers ? { interactive: { id: message.id, time: message.time } } : {}) },
    emitted: [{ type: 'message', message, direction: message.author === 'customer' ? 'sent' : 'received' }],
  };
}
