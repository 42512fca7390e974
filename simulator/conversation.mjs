// @ts-check
/**
 * What the agent side knows about one conversation. Ended conversations are kept (and shown)
 * because "who ended it, and was the Clear acknowledged" is exactly what the simulator is for.
 */
import { randomUUID } from 'node:crypto';

/**
 * @typedef {'customer' | 'agent' | 'bot'} Author
 * @typedef {{ id: string, author: Author, text: string, time: string, content?: unknown[], tracingId?: string }} TranscriptLine
 *   `tracingId`: on a customer's message, the tracingId its onMessage came with.
 * @typedef {{ id: string, type: string, direction: string, channel: { time: string }, content?: unknown[], [key: string]: unknown }} MessageBody
 *   The body of a StructuredMessage frame the session heard; history entities are copies of these.
 * @typedef {{
 *   id: string, deploymentId: string, token: string,
 *   status: 'open' | 'ended', endedBy: 'customer' | 'agent' | null,
 *   clearRequests: number, connectedSockets: number, customerTyping: boolean, agentTyping: boolean,
 *   messages: TranscriptLine[], startedAt: string, endedAt: string | null,
 *   readOnly: boolean, joined: boolean, customAttributes: Record<string, string>, expired: boolean,
 *   maxConnectedSockets: number,
 * }} ConversationSnapshot
 * @typedef {{ entities: MessageBody[], pageSize: number, pageNumber: number, total: number, pageCount: number }} HistoryPage
 *   `WebMessagingMessageEntityList` (reference §3.8)
 */

let sequence = 0;

export class Conversation {
  id = randomUUID();
  /** Creation order, so "newest first" is stable when two start within the same millisecond. */
  seq = ++sequence;
  /** @type {'open' | 'ended'} */
  status = 'open';
  /** @type {'customer' | 'agent' | null} */
  endedBy = null;
  clearRequests = 0;
  /** @type {TranscriptLine[]} */
  messages = [];
  /** What the history endpoint serves, oldest first: the messages' full bodies and the Join events. */
  /** @type {MessageBody[]} */
  history = [];
  startedAt = new Date().toISOString();
  /** @type {string | null} */
  endedAt = null;
  agentTyping = false;
  /**
   * Set when the agent ended it with the ReadOnly disconnect type: its session is then read-only
   * (no conversation can follow it on that session until `startNew` or a Clear replaces the session).
   */
  readOnly = false;
  /** Whether the guest sent Presence Join (autostart) into it. */
  joined = false;
  /** Participant data from the guest's messages, merged as they come. */
  /** @type {Record<string, string>} */
  customAttributes = {};
  /** Ended because its guest session ran out, not by anyone: `endedBy` stays null. */
  expired = false;
  /** The most sockets its session had configured at once, while this was the session's conversation. */
  maxConnectedSockets = 0;

  /** @param {string} deploymentId @param {string} token */
  constructor(deploymentId, token) {
    this.deploymentId = deploymentId;
    this.token = token;
  }

  get open() {
    return this.status === 'open';
  }

  /**
   * A chat line, kept for the transcript and the history endpoint.
   * @param {Author} author @param {string} text what the console shows @param {MessageBody} body the frame body sent
   * @param {string} [tracingId] the request's, for a customer's message
   * @returns {TranscriptLine}
   */
  add(author, text, body, tracingId) {
    const line = transcriptLine(author, text, body);
    if (tracingId !== undefined) line.tracingId = tracingId;
    this.messages.push(line);
    this.history.push(structuredClone(body));
    return line;
  }

  /** An event the history shows but the transcript does not (Presence Join). @param {MessageBody} body */
  addEvent(body) {
    this.history.push(structuredClone(body));
  }

  /**
   * Older messages, before everything already here. `entries` are oldest first.
   * @param {{ author: Author, text: string, body: MessageBody }[]} entries
   */
  prepend(entries) {
    this.messages.unshift(...entries.map(e => transcriptLine(e.author, e.text, e.body)));
    this.history.unshift(...entries.map(e => structuredClone(e.body)));
  }

  /** When the oldest thing in the history happened, in ms (now for an empty conversation). */
  oldestTime() {
    const first = this.history[0];
    const time = first ? Date.parse(first.channel.time) : NaN;
    return Number.isNaN(time) ? Date.now() : time;
  }

  /** Its session now has had `count` sockets at once. @param {number} count */
  noteSockets(count) {
    this.maxConnectedSockets = Math.max(this.maxConnectedSockets, count);
  }

  /** @param {Record<string, string>} attributes */
  mergeCustomAttributes(attributes) {
    this.customAttributes = { ...this.customAttributes, ...attributes };
  }

  /** @param {'customer' | 'agent'} by */
  end(by) {
    if (!this.open) return;
    this.status = 'ended';
    this.endedBy = by;
    this.endedAt = new Date().toISOString();
    this.agentTyping = false;
  }

  expire() {
    if (!this.open) return;
    this.status = 'ended';
    this.expired = true;
    this.endedAt = new Date().toISOString();
    this.agentTyping = false;
  }

  /**
   * One page of the history, newest first; `pageNumber` is 1-based and a page past the end is empty.
   * @param {number} pageNumber @param {number} pageSize @returns {HistoryPage}
   */
  historyPage(pageNumber, pageSize) {
    const total = this.history.length;
    const newestFirst = [...this.history].reverse();
    const start = (pageNumber - 1) * pageSize;
    const entities = newestFirst.slice(start, start + pageSize).map(body => ({ ...structuredClone(body), content: body.content ?? [] }));
    return { entities, pageSize, pageNumber, total, pageCount: Math.ceil(total / pageSize) };
  }

  /**
   * @param {{ connectedSockets: number, customerTyping: boolean }} live what the session adds
   * @returns {ConversationSnapshot}
   */
  snapshot(live) {
    return {
      id: this.id,
      deploymentId: this.deploymentId,
      token: this.token,
      status: this.status,
      endedBy: this.endedBy,
      clearRequests: this.clearRequests,
      connectedSockets: live.connectedSockets,
      customerTyping: this.open && live.customerTyping,
      agentTyping: this.agentTyping,
      messages: this.messages.map(m => structuredClone(m)),
      startedAt: this.startedAt,
      endedAt: this.endedAt,
      readOnly: this.readOnly,
      joined: this.joined,
      customAttributes: { ...this.customAttributes },
      expired: this.expired,
      maxConnectedSockets: this.maxConnectedSockets,
    };
  }
}

/** @param {Author} author @param {string} text @param {MessageBody} body @returns {TranscriptLine} */
function transcriptLine(author, text, body) {
  /** @type {TranscriptLine} */
  const line = { id: body.id, author, text, time: body.channel.time };
  if (body.content?.length) line.content = structuredClone(body.content);
  return line;
}
