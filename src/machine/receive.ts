import { frameError } from '../protocol/decode.js';
import type { ServerFrame } from '../protocol/frames.js';
import type { ChatMessage, Transcript } from '../transcript/transcript.js';
import type { ChatContext, ChatEmitted, Unconfirmed } from './chat.types.js';
import { agentTypingOf, hasPresence, isEchoReply, messageTime, senderNameOf, toChatMessage } from './messages.js';

/** What one server frame does to a live conversation. */
export interface Outcome {
  readonly changes?: Partial<ChatContext>;
  readonly emitted?: readonly ChatEmitted[];
  /** Restart the agent-typing timer with this delay (ms), or stop it. */
  readonly typingTimer?: number | 'stop';
}

const nothing: Outcome = {};

/** Applies `change` to the transcript entry of an unconfirmed message. */
function updateMessage(transcript: Transcript, u: Unconfirmed, change: (m: ChatMessage) => ChatMessage): Transcript {
  const message = transcript.find(u.tracingId, u.time);
  return message ? transcript.replace(u.tracingId, u.time, change(message)) : transcript;
}

function receiveError(context: ChatContext, frame: ServerFrame, code: number, text: string): Outcome {
  if (frame.tracingId !== undefined && frame.tracingId === context.typingTracingId) {
    // Typing indicators are switched off for this deployment: stop sending them, tell the integrator.
    return {
      changes: { typingRefused: true },
      emitted: [{
        type: 'error',
        error: { code: 'server-error', message: `The deployment refused a typing indicator (${code} ${text}); no more are sent.`, recoverable: true, serverCode: code },
      }],
    };
  }
  const failed = frame.tracingId ? context.unconfirmed.find(u => u.tracingId === frame.tracingId) : undefined;
  return {
    changes: {
      ...(failed
        ? {
            transcript: updateMessage(context.transcript, failed, m => ({ ...m, status: 'failed' })),
            unconfirmed: context.unconfirmed.filter(u => u !== failed),
          }
        : {}),
      // A read-only session refuses every message (§4.4): show that state rather than a failure alone.
      ...(code === 409 ? { readOnly: true, agentEnded: true } : {}),
    },
    emitted: [{
      type: 'error',
      error: {
        code: code === 429 ? 'rate-limited' : failed ? 'message-rejected' : 'server-error',
        message: `The server answered ${code}: ${text}`,
        recoverable: true,
        serverCode: code,
      },
    }],
  };
}

/**
 * What a frame from the server means for the conversation: a message to show (once, in time order), the echo
 * of the visitor's own message, an agent typing or leaving, or an error for one of the visitor's messages.
 * Pure: the machine applies the outcome.
 */
export function receive(context: ChatContext, frame: ServerFrame, at: number): Outcome {
  const error = frameError(frame);
  if (error) return receiveError(context, frame, error.code, error.message);
  if (frame.class !== 'StructuredMessage' || isEchoReply(frame.type, frame.body)) return nothing;
  const body = frame.body;

  if (body.direction === 'Outbound' && hasPresence(body.events, 'Disconnect')) {
    // The agent or bot ended the conversation; "ReadOnly" deployments also close the session to new messages (§6).
    const readOnly = body.metadata?.['readOnly'] === 'true';
    return {
      changes: { agentEnded: true, readOnly: context.readOnly || readOnly, agentTyping: undefined },
      emitted: [{ type: 'ended', report: { by: 'agent', attempts: 0, readOnly } }],
      typingTimer: 'stop',
    };
  }

  const typing = body.direction === 'Outbound' ? agentTypingOf(body.events) : undefined;
  if (typing) {
    const name = senderNameOf(body);
    return typing.on
      ? { changes: { agentTyping: name ? { name } : {} }, typingTimer: typing.duration }
      : { changes: { agentTyping: undefined }, typingTimer: 'stop' };
  }

  const message = toChatMessage(body, at);
  if (!message) return nothing;
  // An agent's message is what they were typing.
  const typingDone: Outcome = message.author !== 'customer' && context.agentTyping
    ? { changes: { agentTyping: undefined }, typingTimer: 'stop' }
    : nothing;

  const own = message.author === 'customer' && frame.tracingId
    ? context.unconfirmed.find(u => u.tracingId === frame.tracingId)
    : undefined;
  if (own) {
    // The echo of a message shown optimistically: it takes the server's id and time, and is not shown twice.
    const confirmed = { ...message, time: messageTime(body, own.time), tracingId: own.tracingId, status: 'sent' as const };
    return {
      changes: {
        transcript: context.transcript.remove(own.tracingId, own.time).insert(confirmed),
        unconfirmed: context.unconfirmed.filter(u => u !== own),
      },
    };
  }
  if (context.transcript.find(message.id, message.time)) return typingDone;
  return {
    ...typingDone,
    changes: { ...typingDone.changes, transcript: context.transcript.insert(message) },
    emitted: [{ type: 'message', message, direction: message.author === 'customer' ? 'sent' : 'received' }],
  };
}
