// @ts-check
/** Guest sessions: one per (deploymentId, token), with the sockets configured on it and its latest conversation. */

/**
 * @typedef {import('./connection.mjs').Connection} Connection
 * @typedef {import('./conversation.mjs').Conversation} Conversation
 * @typedef {import('./frames.mjs').ServerFrame} ServerFrame
 * @typedef {import('./attachments.mjs').Attachment} Attachment
 */

export class Session {
  /** @type {Set<Connection>} */
  sockets = new Set();
  /** The latest conversation, open or ended by the agent; a new one starts when the guest writes again. */
  /** @type {Conversation | null} */
  conversation = null;
  /** Clear requests held back while the deployment withholds acknowledgements. */
  /** @type {{ connection: Connection, tracingId: string | undefined }[]} */
  pendingClears = [];
  customerTyping = false;
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  typingTimer;
  /** Inactivity TTL in force (the deployment's `sessionDurationSeconds` at the last activity). */
  durationSeconds = 0;
  /** When the session runs out unless something happens first, ms since the epoch. */
  expiresAt = 0;
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  expiryTimer;
  /** Set once it ran out: its sockets then get 4006 for anything they send. */
  expired = false;
  /** Errors injected by the control API, answered instead of delivering the next messages. */
  /** @type {{ code: number, body: string | undefined, retryAfter: number, remaining: number } | null} */
  failure = null;
  /** The guest's files, by attachment id: pending, uploaded, failed or sent. */
  /** @type {Map<string, Attachment>} */
  attachments = new Map();
  /** The most sockets configured on it at once. */
  maxSockets = 0;
  /** Sockets refused because it already had the deployment's `connectionCap` of them. */
  capRefusals = 0;

  /** @param {string} deploymentId @param {string} token */
  constructor(deploymentId, token) {
    this.deploymentId = deploymentId;
    this.token = token;
  }

  /** @returns {import('./frames.mjs').SessionExpiry} */
  get expiry() {
    return { durationSeconds: this.durationSeconds, expirationDate: Math.ceil(this.expiresAt / 1000) };
  }

  /**
   * Read-only once the agent ended its conversation with the ReadOnly disconnect type (reference
   * §4.4); it stays so until `configureSession startNew:true` replaces the session or a Clear ends it.
   */
  get readOnly() {
    return Boolean(this.conversation?.readOnly);
  }

  /** @param {ServerFrame} frame */
  broadcast(frame) {
    for (const socket of this.sockets) socket.send(frame);
  }
}
