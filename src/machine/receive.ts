import { hasInteractive } from '../content/read-content.js';
import { frameError, type ServerError } from '../protocol/decode.js';
import type { ServerFrame } from '../protocol/frames.js';
import type { Transcript } from '../transcript/transcript.js';
import type { ChatContext, ChatEmitted, ConversationState } from './chat.types.js';
import { echoedMessage, errorTarget } from './correlate.js';
import { chatErrors, classifyServerCode } from './errors.js';
import { agentTypingOf, hasPresence, isEchoReply, senderNameOf, toChatMessage } from './messages.js';

/** What one server frame does to the conversation. */
export interface Outcome {
  readonly transcript?: Transcript;
  readonly conversation?: Partial<ConversationState>;
  readonly emitted?: readonly ChatEmitted[];
  /** Restart the agent-typing timer with this delay (ms), or stop it. */
  readonly typingTimer?: number | 'stop';
  /** The session is gone (expired or unknown): start clean. */
  readonly sessionGone?: 'session-expired' | 'session-not-found';
}

const nothing: Outcome = {};

function receiveError(context: ChatContext, frame: ServerFrame, error: ServerError): Outcome {
  const { code, message: text } = error;
  const target = errorTarget(context, frame, error);
  if (target?.kind === 'typing') {
    // Typing indicators are switched off for this deployment: stop sending them, tell the integrator (not the visitor).
    return {
      conversation: { typing: { ...context.conversation.typing, refused: true } },
      emitted: [{ type: 'error', error: chatErrors.typingRefused(code, text) }],
    };
  }
  const kind = classifyServerCode(code);
  // Whatever it answered, the session is gone: the visitor's messages go again in a new one.
  if (kind === 'session-expired' || kind === 'session-not-found') return { sessionGone: kind };
  const readOnly = kind === 'read-only' ? { conversation: { readOnly: true, agentEnded: true } } : nothing;
  // The outbox tells about its own messages; a 409 for one still closes the conversation to new ones.
  if (target) return readOnly;
  const notice = chatErrors.server(code, text);
  return { conversation: { ...readOnly.conversation, notice }, emitted: [{ type: 'error', error: notice }] };
}

/**
 * What a frame from the server means for the conversation: an agent's or bot's message to show (once,
 * in time order), an agent typing or leaving, the server's error for something that is not the
 * visitor's message, or the end of the session. Pure: the machine applies the outcome.
 */
export function receive(context: ChatContext, frame: ServerFrame, at: number): Outcome {
  const error = frameError(frame);
  if (error) return receiveError(context, frame, error);
  if (frame.class === 'SessionExpiredEvent') return { sessionGone: 'session-expired' };
  if (frame.class !== 'StructuredMessage') return nothing;
  const body = frame.body;
  // The keep-alive's reply is never shown (the expiry reads it).
  if (isEchoReply(frame.type, body)) return nothing;

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
    // Genesys's Typing events often carry no nickname: the agent is then the one who wrote last.
    // Looked for among the latest messages only: the name is of an agent who wrote lately, or unknown.
    const name = senderNameOf(body) ?? context.transcript.newest(m => m.author === 'agent', 64)?.senderName;
    return typing.on
      ? { conversation: { agentTyping: name ? { name } : {} }, typingTimer: typing.duration }
      : { conversation: { agentTyping: undefined }, typingTimer: 'stop' };
  }

  const message = toChatMessage(body, at, context.deployment.config.bot);
  if (!message || (message.author === 'customer' && echoedMessage(context.outbox.messages, frame))) return nothing;
  // An agent's message is what they were typing.
  const typingDone: Outcome = message.author !== 'customer' && context.conversation.agentTyping
    ? { conversation: { agentTyping: undefined }, typingTimer: 'stop' }
    : nothing;
  if (context.transcript.find(message.id, message.time)) return typingDone;
  const offers = message.author !== 'customer' && !!message.content && hasInteractive(message.content);
  let transcript = context.transcript;
  // Only the latest offer takes input: an earlier one still open is answered by being superseded.
  const { interactive } = context.conversation;
  const earlier = offers && interactive ? transcript.find(interactive.id, interactive.time) : undefined;
  if (earlier) transcript = transcript.replace(earlier.id, earlier.time, { ...earlier, answered: true });
  return {
    ...typingDone,
    transcript: transcript.insert(message),
    conversation: { ...typingDone.conversation, ...(offers ? { interactive: { id: message.id, time: message.time } } : {}) },
    emitted: [{ type: 'message', message, direction: message.author === 'customer' ? 'sent' : 'received' }],
  };
}

/**
 * Frames only the conversation reads (and the expiry, as activity): an agent's or bot's messages, typing
 * and leaving. A run of them that arrived together is read in one pass (`receiveAll`).
 */
export const isAgentFrame = (frame: ServerFrame): boolean =>
  frame.class === 'StructuredMessage' && frame.body.direction === 'Outbound' && !frameError(frame) && !isEchoReply(frame.type, frame.body);

/** `items` in order, in runs: consecutive `joinable` items together, every other item alone. */
export function runsOf<T>(items: readonly T[], joinable: (item: T) => boolean): T[][] {
  const runs: T[][] = [];
  let open = false;
  for (const item of items) {
    const join = joinable(item);
    if (join && open) runs.at(-1)!.push(item);
    else runs.push([item]);
    open = join;
  }
  return runs;
}

/** What a run of agent frames does to the conversation: each read as `receive` would, as the one before left it. */
export function receiveAll(context: ChatContext, frames: readonly ServerFrame[], at: number): Outcome {
  let { transcript, conversation } = context;
  let changed: Partial<ConversationState> | undefined;
  let typingTimer: Outcome['typingTimer'];
  const emitted: ChatEmitted[] = [];
  for (const frame of frames) {
    const outcome = receive({ ...context, transcript, conversation }, frame, at);
    if (outcome.transcript) transcript = outcome.transcript;
    if (outcome.conversation) {
      conversation = { ...conversation, ...outcome.conversation };
      changed = { ...changed, ...outcome.conversation };
    }
    if (outcome.typingTimer !== undefined) typingTimer = outcome.typingTimer;
    if (outcome.emitted) emitted.push(...outcome.emitted);
  }
  return {
    ...(transcript !== context.transcript ? { transcript } : {}),
    ...(changed ? { conversation: changed } : {}),
    ...(emitted.length ? { emitted } : {}),
    ...(typingTimer !== undefined ? { typingTimer } : {}),
  };
}

