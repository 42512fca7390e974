// @ts-check
/**
 * Presence Clear (reference §5): how a guest ends the conversation and wipes the session. The
 * deployment decides whether it is allowed and how it is acknowledged: at once, after a delay, or
 * withheld until the control API releases it.
 */
import * as frames from './frames.mjs';
import { sessionKey } from './store.mjs';

/**
 * @typedef {import('./connection.mjs').Connection} Connection
 * @typedef {import('./expiry.mjs').Expiry} Expiry
 * @typedef {import('./sessions.mjs').Session} Session
 * @typedef {import('./store.mjs').Store} Store
 * @typedef {import('./typing.mjs').Typing} Typing
 * @typedef {{ connection: Connection, tracingId: string | undefined }} ClearRequest
 */

/** The guests' Clear requests, and their acknowledgement. */
export class Clears {
  /** @param {Store} store @param {Typing} typing @param {Expiry} expiry */
  constructor(store, typing, expiry) {
    this.store = store;
    this.typing = typing;
    this.expiry = expiry;
  }

  /**
   * A guest's Presence Clear: refused with 403 when the deployment does not allow it, else
   * acknowledged as the deployment's `ack` says.
   * @param {Connection} connection @param {Session} session @param {string | undefined} tracingId
   */
  request(connection, session, tracingId) {
    // Counted on the latest conversation even if the agent already ended it; a Clear with no
    // conversation at all still gets one, so every Clear frame shows up in the state.
    const conversation = session.conversation ?? this.store.openConversation(session).conversation;
    conversation.clearRequests += 1;
    const deployment = this.store.deployment(session.deploymentId);
    if (!deployment.clearAllowed) {
      return connection.send(frames.errorFrame(403, 'Presence events Conversation Clear are not supported', tracingId));
    }
    const request = { connection, tracingId };
    if (deployment.ack === 'withheld') {
      session.pendingClears.push(request);
    } else if (deployment.ack === 'immediate') {
      this.#acknowledge(session, [request]);
    } else {
      this.store.later(deployment.ack, () => this.#acknowledge(session, [request]));
    }
  }

  /** Sends every withheld Clear acknowledgement of a deployment now. @param {string} deploymentId @returns {number} sessions cleared */
  release(deploymentId) {
    this.store.deployment(deploymentId);
    const held = [...this.store.sessions.values()].filter(s => s.deploymentId === deploymentId && s.pendingClears.length > 0);
    for (const session of held) this.#acknowledge(session, session.pendingClears);
    return held.length;
  }

  /**
   * The success sequence of §5.3: 200 to each requester still here, then SessionClearedEvent and
   * ConnectionClosedEvent to every socket of the session, close them, end the conversation and
   * forget the session, so the same token next gets `newSession:true`.
   * @param {Session} session @param {ClearRequest[]} requests
   */
  #acknowledge(session, requests) {
    if (!this.store.isCurrent(session)) return;
    for (const { connection, tracingId } of requests) {
      if (connection.session !== session) continue;
      connection.send(frames.structuredMessage({
        kind: 'response', direction: 'Inbound', messageType: 'Event', events: [frames.presence('Clear')], originatingEntity: 'Human', tracingId,
      }));
    }
    const sockets = [...session.sockets];
    for (const socket of sockets) {
      socket.send(frames.sessionCleared());
      socket.send(frames.connectionClosed());
    }
    for (const socket of sockets) {
      socket.session = null;
      socket.close(1000);
    }
    session.sockets.clear();
    session.pendingClears = [];
    this.typing.setCustomer(session, false);
    this.expiry.stop(session);
    if (session.conversation) {
      this.typing.stopAgent(session.conversation);
      session.conversation.end('customer');
    }
    this.store.sessions.delete(sessionKey(session.deploymentId, session.token));
    this.store.changed();
  }
}
