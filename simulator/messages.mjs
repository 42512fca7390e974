// @ts-check
/**
 * A guest's `onMessage` (reference §2.4): text, button answers and files, delivered to every socket
 * of the session and recorded; and events: Typing, Presence Join (which opens the conversation and
 * may bring the bot's greeting) and Presence Clear.
 */
import { attachmentContent } from './attachments.mjs';
import { BOT } from './agent.mjs';
import * as frames from './frames.mjs';
import { customAttributesBytes, readCustomAttributes, readGuestMessage } from './requests.mjs';

/**
 * @typedef {import('./agent.mjs').Agent} Agent
 * @typedef {import('./attachments.mjs').Attachments} Attachments
 * @typedef {import('./clear.mjs').Clears} Clears
 * @typedef {import('./connection.mjs').Connection} Connection
 * @typedef {import('./conversation.mjs').MessageBody} MessageBody
 * @typedef {import('./deployment-options.mjs').Deployment} Deployment
 * @typedef {import('./failures.mjs').Failures} Failures
 * @typedef {import('./requests.mjs').GuestMessage} GuestMessage
 * @typedef {import('./sessions.mjs').Session} Session
 * @typedef {import('./store.mjs').Store} Store
 * @typedef {import('./typing.mjs').Typing} Typing
 */

/** What a guest's `onMessage` does, after its checks. */
/**
 * Whether a guest message goes over the deployment's rate (`messagesPerSecond`, 0: none) in the last
 * second, as Genesys answers a burst with 429 (reference §4.8: the threshold is not published). A
 * refused message does not count.
 * @param {Session} session @param {number} perSecond @param {number} [now]
 */
function overRate(session, perSecond, now = Date.now()) {
  if (!perSecond) return false;
  session.recentMessages = session.recentMessages.filter(at => now - at < 1000);
  if (session.recentMessages.length >= perSecond) return true;
  session.recentMessages.push(now);
  return false;
}

export class GuestMessages {
  /**
   * @param {Store} store
   * @param {{ typing: Typing, agent: Agent, clears: Clears, attachments: Attachments, failures: Failures }} parts
   */
  constructor(store, { typing, agent, clears, attachments, failures }) {
    this.store = store;
    this.typing = typing;
    this.agent = agent;
    this.clears = clears;
    this.attachments = attachments;
    this.failures = failures;
  }

  /**
   * The request's shape (400) first, then an injected failure, so a test gets exactly the error it
   * asked for; then the read-only state (409), the deployment's limits (4011, 4013) and features
   * (403 for typing).
   * @param {Connection} connection @param {Session} session @param {Record<string, unknown>} request @param {string | undefined} tracingId
   */
  receive(connection, session, request, tracingId) {
    const message = readGuestMessage(request['message']);
    const attributes = readCustomAttributes(request);
    if (message.kind === 'invalid' || attributes === null) return connection.send(frames.requestFailed(tracingId));
    const deployment = this.store.deployment(session.deploymentId);
    if (message.kind === 'text' && session.failure) return connection.send(this.failures.answer(session, deployment, tracingId));
    if (message.kind === 'text' && overRate(session, deployment.messagesPerSecond)) {
      return connection.send(frames.tooManyRequests(1, frames.RATE_LIMIT_TEXT, tracingId));
    }
    // A read-only session takes nothing new: text, button answers, typing, Join. Clear alone is
    // still allowed (reference §4.4, §5.4), so the guest can always wipe the session.
    const onlyClear = message.kind === 'events' && message.events.every(e => e.kind === 'clear');
    if (session.readOnly && !onlyClear) return connection.send(frames.errorFrame(409, frames.READ_ONLY_TEXT, tracingId));
    if (message.kind === 'text' && message.text.length > deployment.maxTextLength) {
      return connection.send(frames.errorFrame(4011, frames.defaultErrorText(4011), tracingId));
    }
    // Attributes count where the reference has them: on text and on Join (§2.4.1, §2.4.4).
    const carried = attributes !== undefined && (message.kind === 'text' || message.events.some(e => e.kind === 'join')) ? attributes : undefined;
    if (carried && customAttributesBytes(carried) > deployment.maxCustomDataBytes) {
      return connection.send(frames.errorFrame(4013, frames.customAttributesTooLargeText(deployment.maxCustomDataBytes), tracingId));
    }
    if (message.kind === 'text') return this.#text(connection, session, message, carried, tracingId);
    return this.#events(connection, session, deployment, message, carried, tracingId);
  }

  /**
   * Text, button answers or files: echoed to every socket of the session and recorded.
   * @param {Connection} connection @param {Session} session @param {Extract<GuestMessage, { kind: 'text' }>} message
   * @param {Record<string, string> | undefined} attributes @param {string | undefined} tracingId
   */
  #text(connection, session, message, attributes, tracingId) {
    const named = this.attachments.named(session, message.attachmentIds, tracingId);
    if ('refusal' in named) return connection.send(named.refusal);
    const { files } = named;
    const conversation = this.store.openConversation(session).conversation;
    if (attributes) conversation.mergeCustomAttributes(attributes);
    this.typing.setCustomer(session, false);
    const frame = frames.structuredMessage({
      direction: 'Inbound',
      messageType: message.messageType,
      // An attachment-only message has no text (reference §3.4).
      ...(files.length === 0 || message.text ? { text: message.text } : {}),
      content: files.length ? files.map(attachmentContent) : message.content,
      originatingEntity: 'Human',
      tracingId,
    });
    const body = /** @type {MessageBody} */ (frame.body);
    const shown = message.text || message.content?.map(c => c.buttonResponse.text).join(', ') || '';
    conversation.add('customer', shown, body, tracingId);
    for (const file of files) file.state = 'sent';
    session.broadcast(frame);
  }

  /**
   * Events, in order; a refused Typing or a Clear ends the list there.
   * @param {Connection} connection @param {Session} session @param {Deployment} deployment
   * @param {Extract<GuestMessage, { kind: 'events' }>} message @param {Record<string, string> | undefined} attributes
   * @param {string | undefined} tracingId
   */
  #events(connection, session, deployment, message, attributes, tracingId) {
    for (const event of message.events) {
      if (event.kind === 'typing') {
        if (!deployment.typingEnabled) return connection.send(frames.errorFrame(403, frames.FEATURE_OFF_TEXT, tracingId));
        this.typing.setCustomer(session, true, event.duration);
      } else if (event.kind === 'join') {
        const { conversation, started } = this.store.openConversation(session);
        conversation.joined = true;
        if (attributes) conversation.mergeCustomAttributes(attributes);
        // The server echoes the autostart to the session, like any Inbound message (reference §3.5).
        const frame = frames.structuredMessage({
          direction: 'Inbound', messageType: 'Event', events: [frames.presence('Join')], originatingEntity: 'Human', tracingId,
        });
        conversation.addEvent(/** @type {MessageBody} */ (frame.body));
        session.broadcast(frame);
        if (started && deployment.greeting) {
          const replies = deployment.greetingQuickReplies;
          this.agent.outbound(session, conversation, 'bot', {
            text: deployment.greeting,
            ...(replies ? { content: replies.map(frames.quickReply) } : {}),
            from: BOT,
          });
        }
      } else {
        return this.clears.request(connection, session, tracingId);
      }
    }
  }
}
