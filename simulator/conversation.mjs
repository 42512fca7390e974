// @ts-check
/**
 * What the agent side knows about one conversation. Ended conversations are kept (and shown)
 * because "who ended it, and was the Clear acknowledged" is exactly what the simulator is for.
 */
import { randomUUID } from 'node:crypto';

/**
 * @typedef {'customer' | 'agent' | 'bot'} Author
 * @typedef {{ id: string, author: Author, text: string, time: string }} TranscriptLine
 * @typedef {{
 *   id: string, deploymentId: string, token: string,
 *   status: 'open' | 'ended', endedBy: 'customer' | 'agent' | null,
 *   clearRequests: number, connectedSockets: number, customerTyping: boolean, agentTyping: boolean,
 *   messages: TranscriptLine[], startedAt: string, endedAt: string | null,
 *   readOnly: boolean,
 * }} ConversationSnapshot
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
  startedAt = new Date().toISOString();
  /** @type {string | null} */
  endedAt = null;
  agentTyping = false;
  /**
   * Set when the agent ended it with the ReadOnly disconnect type: its session is then read-only
   * (no conversation can follow it on that session until `startNew` or a Clear replaces the session).
   */
  readOnly = false;

  /** @param {string} deploymentId @param {string} token */
  constructor(deploymentId, token) {
    this.deploymentId = deploymentId;
    this.token = token;
  }

  get open() {
    return this.status === 'open';
  }

  /** @param {Author} author @param {string} text @param {string} id @param {string} time */
  add(author, text, id, time) {
    this.messages.push({ id, author, text, time });
  }

  /** @param {'customer' | 'agent'} by */
  end(by) {
    if (!this.open) return;
    this.status = 'ended';
    this.endedBy = by;
    this.endedAt = new Date().toISOString();
    this.agentTyping = false;
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
      messages: this.messages.map(m => ({ ...m })),
      startedAt: this.startedAt,
      endedAt: this.endedAt,
      readOnly: this.readOnly,
    };
  }
}
