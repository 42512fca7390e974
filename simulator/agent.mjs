// @ts-check
/**
 * What the agent console and the control API make the agent (or a bot) do in a conversation:
 * send text and rich content, type, and end it (reference §6).
 */
import { isDisconnectMode } from './deployment-options.mjs';
import { Conflict, NotFound } from './errors.mjs';
import { withExpiry } from './download-urls.mjs';
import * as frames from './frames.mjs';

/**
 * @typedef {import('./conversation.mjs').Conversation} Conversation
 * @typedef {import('./conversation.mjs').MessageBody} MessageBody
 * @typedef {import('./conversation.mjs').TranscriptLine} TranscriptLine
 * @typedef {import('./deployment-options.mjs').DisconnectMode} DisconnectMode
 * @typedef {import('./expiry.mjs').Expiry} Expiry
 * @typedef {import('./frames.mjs').Sender} Sender
 * @typedef {import('./sessions.mjs').Session} Session
 * @typedef {import('./store.mjs').Store} Store
 * @typedef {import('./typing.mjs').Typing} Typing
 * @typedef {{ text?: string, content?: Record<string, unknown>[], from?: Sender, originatingEntity?: 'Human' | 'Bot' }} AgentMessage
 */

/** Who the agent's messages come from when the caller names nobody. */
export const DEFAULT_AGENT = /** @type {Sender} */ ({ nickname: 'Sam', firstName: 'Sam' });
/** Who the bot's messages (the greeting, `originatingEntity:'Bot'`) come from when the caller names nobody. */
export const BOT = /** @type {Sender} */ ({ nickname: 'Bot' });

/** The agent side of the open conversations; throws NotFound for an unknown one and Conflict for an ended one. */
export class Agent {
  /** @param {Store} store @param {Typing} typing @param {Expiry} expiry */
  constructor(store, typing, expiry) {
    this.store = store;
    this.typing = typing;
    this.expiry = expiry;
  }

  /** @param {string} id */
  #liveConversation(id) {
    const conversation = this.store.conversations.get(id);
    if (!conversation) throw new NotFound(`no conversation ${id}`);
    const session = this.store.sessionOf.get(conversation);
    if (!conversation.open || !session) throw new Conflict(`conversation ${id} has ended`);
    return { conversation, session };
  }

  /**
   * An Outbound message to the session, recorded in the conversation. With rich content it is
   * `Structured`, except attachments alone, which Genesys sends as `Text` (reference §3.4).
   * @param {Session} session @param {Conversation} conversation @param {'agent' | 'bot'} author
   * @param {{ text?: string, content?: Record<string, unknown>[], from: Sender }} message
   * @returns {TranscriptLine}
   */
  outbound(session, conversation, author, { text, content: given, from }) {
    const content = given && this.#withFileLinks(session, given);
    const rich = content !== undefined && content.length > 0;
    const messageType = rich && !content.every(c => c['contentType'] === 'Attachment') ? 'Structured' : 'Text';
    const frame = frames.structuredMessage({
      direction: 'Outbound',
      messageType,
      ...(text !== undefined ? { text } : {}),
      ...(rich ? { content } : {}),
      originatingEntity: author === 'bot' ? 'Bot' : 'Human',
      from,
    });
    const line = conversation.add(author, text ?? '', /** @type {MessageBody} */ (frame.body));
    session.broadcast(frame);
    // The guest receiving a message is activity too: the session's TTL starts over.
    this.expiry.touch(session);
    return line;
  }

  /**
   * The files a message carries get links that expire (the deployment's `downloadUrlSeconds`), and the
   * session keeps them so `getAttachment` can hand out fresh ones.
   * @param {Session} session @param {Record<string, unknown>[]} content
   */
  #withFileLinks(session, content) {
    const ttl = this.store.deployment(session.deploymentId).downloadUrlSeconds;
    return content.map(entry => {
      const file = /** @type {Record<string, unknown> | undefined} */ (entry['attachment']);
      if (entry['contentType'] !== 'Attachment' || !file || typeof file['id'] !== 'string' || typeof file['url'] !== 'string') return entry;
      session.agentFiles.set(file['id'], { url: file['url'], fileName: String(file['filename'] ?? ''), fileType: String(file['mime'] ?? ''), fileSize: Number(file['fileSize'] ?? 0) });
      return { ...entry, attachment: { ...file, url: withExpiry(file['url'], ttl) } };
    });
  }

  /** The agent sends text. @param {string} conversationId @param {string} text @param {Sender} [from] */
  say(conversationId, text, from = DEFAULT_AGENT) {
    return this.send(conversationId, { text, from });
  }

  /**
   * The agent (or a bot, with `originatingEntity:'Bot'`) sends text, rich content or both.
   * @param {string} conversationId @param {AgentMessage} message
   */
  send(conversationId, { text, content, from, originatingEntity = 'Human' }) {
    const { conversation, session } = this.#liveConversation(conversationId);
    this.typing.stopAgent(conversation);
    const author = originatingEntity === 'Bot' ? 'bot' : 'agent';
    const line = this.outbound(session, conversation, author, {
      ...(text !== undefined ? { text } : {}),
      ...(content !== undefined ? { content } : {}),
      from: from ?? (author === 'bot' ? BOT : DEFAULT_AGENT),
    });
    this.store.changed();
    return line;
  }

  /**
   * Typing "on" sends Typing On now and renews it while on. "Off" sends nothing: the schema's only
   * typing type is `On`, so the guest's indicator simply lapses after its duration.
   * @param {string} conversationId @param {boolean} on
   */
  setTyping(conversationId, on) {
    const { conversation, session } = this.#liveConversation(conversationId);
    if (on) this.typing.startAgent(session, conversation);
    else this.typing.stopAgent(conversation);
    this.store.changed();
    return conversation.snapshot(this.store.live(conversation));
  }

  /**
   * The agent ends the conversation (reference §6). `Send` ("Display conversation status"): the
   * session stays writable, `readOnly:"false"`, and the guest's next message starts a new
   * conversation. `ReadOnly` ("…and disconnect session"): `readOnly:"true"`, and the session answers
   * 409 to anything new until `configureSession startNew:true` or a Clear.
   * @param {string} conversationId @param {Sender} [from]
   * @param {DisconnectMode} [mode] defaults to the deployment's `disconnectMode`
   */
  disconnect(conversationId, from = DEFAULT_AGENT, mode) {
    const { conversation, session } = this.#liveConversation(conversationId);
    if (mode !== undefined && !isDisconnectMode(mode)) throw new RangeError("mode must be 'Send' or 'ReadOnly'");
    const readOnly = (mode ?? this.store.deployment(session.deploymentId).disconnectMode) === 'ReadOnly';
    this.typing.stopAgent(conversation);
    session.broadcast(frames.structuredMessage({
      direction: 'Outbound',
      messageType: 'Event',
      events: [frames.presence('Disconnect')],
      originatingEntity: 'Human',
      from,
      metadata: { readOnly: String(readOnly) },
    }));
    conversation.end('agent');
    conversation.readOnly = readOnly;
    // The guest's typing indicator belongs to the ended conversation; nothing new may start now.
    if (readOnly) this.typing.setCustomer(session, false);
    this.store.changed();
    return conversation.snapshot(this.store.live(conversation));
  }
}
