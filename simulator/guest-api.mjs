// @ts-check
/**
 * The Guest API as a state machine, with no HTTP or WebSocket code: deployments, guest sessions
 * by (deploymentId, token), the sockets attached to each session, and the conversations behind
 * them. The transport layer feeds it text frames and gives it a way to send and close.
 *
 * The rule everything here protects: a conversation ends only by an acknowledged Presence Clear
 * (ended by the customer) or by the agent. A socket going away never ends it.
 */
import { Agent, BOT } from './agent.mjs';
import { Attachments, attachmentContent } from './attachments.mjs';
import { Connection } from './connection.mjs';
import { applyOptions, deploymentConfig, newDeployment, uploadProfile } from './deployments.mjs';
import { Conflict, NotFound } from './errors.mjs';
import { ConnectionFaults } from './connection-faults.mjs';
import { Failures } from './failures.mjs';
import { FrameFaults } from './frame-faults.mjs';
import * as frames from './frames.mjs';
import { History } from './history.mjs';
import { customAttributesBytes, isObject, readCustomAttributes, readGuestMessage } from './requests.mjs';
import { Session } from './sessions.mjs';
import { Store, sessionKey } from './store.mjs';
import { Typing } from './typing.mjs';

/**
 * @typedef {import('./deployments.mjs').Deployment} Deployment
 * @typedef {import('./deployments.mjs').DisconnectMode} DisconnectMode
 * @typedef {import('./frames.mjs').ServerFrame} ServerFrame
 * @typedef {import('./frames.mjs').Sender} Sender
 * @typedef {import('./conversation.mjs').Conversation} Conversation
 * @typedef {import('./conversation.mjs').ConversationSnapshot} ConversationSnapshot
 * @typedef {import('./conversation.mjs').TranscriptLine} TranscriptLine
 * @typedef {import('./conversation.mjs').HistoryPage} HistoryPage
 * @typedef {import('./conversation.mjs').MessageBody} MessageBody
 * @typedef {import('./connection.mjs').Transport} Transport
 * @typedef {{ at: string, socketId: string, token: string | null, raw: string, frame: unknown }} RecordedFrame
 * @typedef {import('./frame-faults.mjs').Faults} Faults
 * @typedef {{ deploymentId: string, token: string, connectedSockets: number, maxConnectedSockets: number, capRefusals: number,
 *   faults: Faults | null, withheldFrames: number }} SessionSnapshot
 *   A live session: its configured sockets now and at most, the sockets refused over the deployment's
 *   `connectionCap`, its token's outbound faults and the frames they withhold now.
 * @typedef {import('./connection-faults.mjs').DeploymentFaults} DeploymentFaults
 * @typedef {{ conversations: ConversationSnapshot[], sessions: SessionSnapshot[], deploymentFaults: DeploymentFaults[] }} SimState
 */

/** Keeps a long-running demo from growing without bound; tests record far fewer. */
const MAX_FRAMES_PER_DEPLOYMENT = 10000;
/** setTimeout's ceiling (about 24.8 days); longer session TTLs re-arm their timer. */
const MAX_TIMER_MS = 2 ** 31 - 1;
/** Expired tokens are remembered so they keep answering 4006; a long-running demo forgets the oldest. */
const MAX_EXPIRED_TOKENS = 10000;

export class GuestApi {
  #store = new Store();
  frameFaults = new FrameFaults(this.#store);
  connectionFaults = new ConnectionFaults(this.#store);
  failures = new Failures(this.#store);
  attachments = new Attachments(this.#store);
  #typing = new Typing(this.#store);
  history = new History(this.#store);
  agent = new Agent(this.#store, this.#typing, session => this.#touch(session));
  /** @type {Map<string, RecordedFrame[]>} */
  #frames = new Map();
  /** Session keys that expired: `configureSession` with them answers 4006 from then on. */
  /** @type {Set<string>} */
  #expiredKeys = new Set();
  /** Bumped on every change of a deployment, as `config.json`'s `version`. */
  /** @type {Map<string, number>} */
  #versions = new Map();

  // ─── Deployments ──────────────────────────────────────────────────────────────────────────────

  /** @param {unknown} options @returns {Deployment} */
  createDeployment(options = {}) {
    const deployment = newDeployment(options);
    if (this.#store.deployments.has(deployment.deploymentId)) throw new Conflict(`deployment ${deployment.deploymentId} already exists`);
    this.#store.deployments.set(deployment.deploymentId, deployment);
    this.#frames.set(deployment.deploymentId, []);
    return { ...deployment };
  }

  /** @param {string} id @param {unknown} patch @returns {Deployment} */
  updateDeployment(id, patch) {
    const next = applyOptions(this.#store.deployment(id), patch);
    this.#store.deployments.set(id, next);
    this.#versions.set(id, (this.#versions.get(id) ?? 1) + 1);
    return { ...next };
  }

  /** @param {string} id */
  deployment(id) {
    return { ...this.#store.deployment(id) };
  }

  /** Every deployment, the demo one first. @returns {Deployment[]} */
  deployments() {
    return [...this.#store.deployments.values()].map(d => ({ ...d }));
  }

  /**
   * The deployment's public `config.json` (reference §1.4), or the failure `configStatus` asks for.
   * @param {string} id @param {{ apiOrigin: string, messagingOrigin: string }} origins
   * @returns {{ status: number, body: unknown }}
   */
  deploymentConfig(id, origins) {
    const deployment = this.#store.deployment(id);
    if (deployment.configStatus !== 200) {
      return { status: deployment.configStatus, body: { error: `config.json answers ${deployment.configStatus} (configStatus)` } };
    }
    return { status: 200, body: deploymentConfig(deployment, { ...origins, version: String(this.#versions.get(id) ?? 1) }) };
  }

  /** Whether a WebSocket upgrade for this deployment is let through (reference §1.1: else HTTP 403). */
  acceptsHandshake(/** @type {string | null} */ deploymentId) {
    const deployment = deploymentId === null ? undefined : this.#store.deployments.get(deploymentId);
    return Boolean(deployment && !deployment.refuseHandshake);
  }

  /** Sends every withheld Clear acknowledgement of a deployment now. @returns {number} sessions cleared */
  release(/** @type {string} */ deploymentId) {
    this.#store.deployment(deploymentId);
    const held = [...this.#store.sessions.values()].filter(s => s.deploymentId === deploymentId && s.pendingClears.length > 0);
    for (const session of held) this.#acknowledgeClear(session, session.pendingClears);
    return held.length;
  }

  /** @param {string} deploymentId @returns {RecordedFrame[]} */
  frames(deploymentId) {
    this.#store.deployment(deploymentId);
    return (this.#frames.get(deploymentId) ?? []).map(f => ({ ...f }));
  }

  // ─── Guest sockets ────────────────────────────────────────────────────────────────────────────

  /**
   * Attaches a new guest socket (after a successful handshake).
   * @param {string} deploymentId @param {Transport} transport
   * @param {string} [origin] the simulator's origin as the socket reached it (its upload URLs start with it)
   * @returns {{ id: string, receive(raw: string): void, closed(): void }}
   */
  connect(deploymentId, transport, origin = 'http://127.0.0.1') {
    const connection = new Connection(deploymentId, transport, origin, socket => this.frameFaults.outbox(socket));
    this.#store.connections.add(connection);
    return {
      id: connection.id,
      receive: raw => this.#receive(connection, raw),
      closed: () => {
        this.#store.connections.delete(connection);
        connection.outbox.gone();
        this.#detach(connection);
      },
    };
  }

  /** @param {Connection} connection @param {string} raw */
  #receive(connection, raw) {
    /** @type {unknown} */
    let frame = null;
    try {
      frame = JSON.parse(raw);
    } catch {
      frame = null;
    }
    this.#record(connection, raw, frame);
    const tracingId = isObject(frame) && typeof frame['tracingId'] === 'string' ? frame['tracingId'] : undefined;
    try {
      if (!isObject(frame)) connection.send(frames.requestFailed());
      else this.#dispatch(connection, frame, tracingId);
    } catch (error) {
      // A bug here must cost one request, never the server.
      console.error('[simulator] request handling failed', error);
      connection.send(frames.requestFailed(tracingId));
    }
    this.#store.changed();
  }

  /** @param {Connection} connection @param {string} raw @param {unknown} frame */
  #record(connection, raw, frame) {
    const list = this.#frames.get(connection.deploymentId);
    if (!list) return;
    const token = isObject(frame) && typeof frame['token'] === 'string' ? frame['token'] : (connection.session?.token ?? null);
    list.push({ at: new Date().toISOString(), socketId: connection.id, token, raw, frame });
    if (list.length > MAX_FRAMES_PER_DEPLOYMENT) list.splice(0, list.length - MAX_FRAMES_PER_DEPLOYMENT);
  }

  /** @param {Connection} connection @param {Record<string, unknown>} frame @param {string | undefined} tracingId */
  #dispatch(connection, frame, tracingId) {
    const action = frame['action'];
    if (action === 'configureSession') return this.#configureSession(connection, frame, tracingId);
    if (action !== 'onMessage' && action !== 'echo' && action !== 'getJwt' && action !== 'closeSession'
      && action !== 'onAttachment' && action !== 'deleteAttachment' && action !== 'getAttachment') {
      return connection.send(frames.requestFailed(tracingId));
    }
    const session = connection.session;
    if (session?.expired && frame['token'] === session.token) {
      return connection.send(frames.errorFrame(4006, frames.SESSION_ERROR_TEXT[4006], tracingId));
    }
    // Everything but configureSession needs this socket's live session, named by its token.
    if (!session || frame['token'] !== session.token || this.#store.sessions.get(sessionKey(session.deploymentId, session.token)) !== session) {
      return connection.send(frames.requestFailed(tracingId));
    }
    if (action === 'onMessage') {
      this.#touch(session);
      return this.#onMessage(connection, session, frame, tracingId);
    }
    if (action === 'echo') {
      this.#touch(session);
      const message = frame['message'];
      const text = isObject(message) && typeof message['text'] === 'string' ? message['text'] : 'ping';
      return connection.send(frames.echoReply(text, session.expiry, tracingId));
    }
    if (action === 'getJwt') {
      const { jwt, exp } = this.history.issueJwt(session);
      return connection.send(frames.jwtResponse(jwt, exp, tracingId));
    }
    if (action === 'onAttachment') {
      this.#touch(session);
      return this.attachments.request(connection, session, frame, tracingId);
    }
    if (action === 'deleteAttachment') return this.attachments.delete(connection, session, frame['attachmentId'], tracingId);
    if (action === 'getAttachment') return this.attachments.get(connection, session, frame['attachmentId'], tracingId);
    return this.#closeSession(connection, session, frame['closeAllConnections'], tracingId);
  }

  /** @param {Connection} connection @param {Record<string, unknown>} frame @param {string | undefined} tracingId */
  #configureSession(connection, frame, tracingId) {
    const { token, deploymentId, startNew } = frame;
    if (typeof token !== 'string' || !token || token.length > 2048 || deploymentId !== connection.deploymentId
      || (startNew !== undefined && typeof startNew !== 'boolean')) {
      return connection.send(frames.requestFailed(tracingId));
    }
    const deployment = this.#store.deployment(connection.deploymentId);
    if (deployment.sessionError !== null) {
      // One-shot, so a client's "new token, retry once" path can be tested.
      const code = deployment.sessionError;
      this.#store.deployments.set(deployment.deploymentId, { ...deployment, sessionError: null });
      return connection.send(frames.errorFrame(code, frames.SESSION_ERROR_TEXT[code], tracingId));
    }
    const key = sessionKey(connection.deploymentId, token);
    if (this.#expiredKeys.has(key)) return connection.send(frames.errorFrame(4006, frames.SESSION_ERROR_TEXT[4006], tracingId));
    let session = this.#store.sessions.get(key);
    if (session && !session.sockets.has(connection) && session.sockets.size >= deployment.connectionCap) {
      return this.connectionFaults.refuseOverCap(connection, session);
    }
    let newSession = !session;
    if (!session) {
      session = new Session(connection.deploymentId, token);
      this.#store.sessions.set(key, session);
    } else if (startNew === true && session.readOnly) {
      // startNew only means something on a read-only session (reference §2.2, §4.4); elsewhere it is ignored.
      session = this.#replaceReadOnlySession(session);
      newSession = true;
    }
    if (connection.session && connection.session !== session) connection.session.sockets.delete(connection);
    connection.session = session;
    session.sockets.add(connection);
    session.maxSockets = Math.max(session.maxSockets, session.sockets.size);
    if (session.conversation?.open) session.conversation.noteSockets(session.maxSockets);
    if (connection.faultToken !== token) {
      connection.faultToken = token;
      connection.outbox.refresh();
    }
    this.#touch(session);
    connection.send(frames.sessionResponse({
      connected: true,
      newSession,
      readOnly: session.readOnly,
      maxCustomDataBytes: deployment.maxCustomDataBytes,
      upload: uploadProfile(deployment),
      ...session.expiry,
    }, tracingId));
  }

  /**
   * `startNew:true` on a read-only session: a fresh, writable session under the same token, with no
   * conversation until the guest writes or joins. The read-only one (and its ended conversation) is
   * left behind. Sockets still attached to it (other tabs that skipped `closeSession`) move over, so
   * they hear the new conversation; any Clear withheld on the old session is dropped with it.
   * @param {Session} old
   */
  #replaceReadOnlySession(old) {
    const fresh = new Session(old.deploymentId, old.token);
    for (const socket of old.sockets) {
      socket.session = fresh;
      fresh.sockets.add(socket);
    }
    fresh.maxSockets = fresh.sockets.size;
    old.sockets.clear();
    old.pendingClears = [];
    this.#typing.setCustomer(old, false);
    this.#stopExpiry(old);
    this.#store.sessions.set(sessionKey(old.deploymentId, old.token), fresh);
    return fresh;
  }

  /**
   * The request's shape (400) first, then an injected failure, so a test gets exactly the error it
   * asked for; then the read-only state (409), the deployment's limits (4011, 4013) and features
   * (403 for typing).
   * @param {Connection} connection @param {Session} session @param {Record<string, unknown>} request @param {string | undefined} tracingId
   */
  #onMessage(connection, session, request, tracingId) {
    const message = readGuestMessage(request['message']);
    const attributes = readCustomAttributes(request);
    if (message.kind === 'invalid' || attributes === null) return connection.send(frames.requestFailed(tracingId));
    const deployment = this.#store.deployment(session.deploymentId);
    if (message.kind === 'text' && session.failure) return connection.send(this.failures.answer(session, deployment, tracingId));
    // A read-only session takes nothing new: text, button answers, typing, Join. Clear alone is
    // still allowed (reference §4.4, §5.4), so the guest can always wipe the session.
    const onlyClear = message.kind === 'events' && message.events.every(e => e.kind === 'clear');
    if (session.readOnly && !onlyClear) return connection.send(frames.errorFrame(409, frames.READ_ONLY_TEXT, tracingId));
    if (message.kind === 'text' && message.text.length > deployment.maxTextLength) {
      return connection.send(frames.errorFrame(4011, frames.defaultErrorText(4011), tracingId));
    }
    // Attributes count where the reference has them: on text and on Join (§2.4.1, §2.4.4).
    const carriesAttributes = attributes !== undefined && (message.kind === 'text' || message.events.some(e => e.kind === 'join'));
    if (carriesAttributes && customAttributesBytes(attributes) > deployment.maxCustomDataBytes) {
      return connection.send(frames.errorFrame(4013, frames.customAttributesTooLargeText(deployment.maxCustomDataBytes), tracingId));
    }
    if (message.kind === 'text') {
      const named = this.attachments.named(session, message.attachmentIds, tracingId);
      if ('refusal' in named) return connection.send(named.refusal);
      const { files } = named;
      const conversation = this.#store.openConversation(session).conversation;
      if (carriesAttributes) conversation.mergeCustomAttributes(attributes);
      this.#typing.setCustomer(session, false);
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
      return session.broadcast(frame);
    }
    for (const event of message.events) {
      if (event.kind === 'typing') {
        if (!deployment.typingEnabled) return connection.send(frames.errorFrame(403, frames.FEATURE_OFF_TEXT, tracingId));
        this.#typing.setCustomer(session, true, event.duration);
      } else if (event.kind === 'join') {
        const { conversation, started } = this.#store.openConversation(session);
        conversation.joined = true;
        if (carriesAttributes) conversation.mergeCustomAttributes(attributes);
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
        return this.#clear(connection, session, tracingId);
      }
    }
  }

  /** Presence Clear (reference §5). @param {Connection} connection @param {Session} session @param {string | undefined} tracingId */
  #clear(connection, session, tracingId) {
    // Counted on the latest conversation even if the agent already ended it; a Clear with no
    // conversation at all still gets one, so every Clear frame shows up in the state.
    const conversation = session.conversation ?? this.#store.openConversation(session).conversation;
    conversation.clearRequests += 1;
    const deployment = this.#store.deployment(session.deploymentId);
    if (!deployment.clearAllowed) {
      return connection.send(frames.errorFrame(403, 'Presence events Conversation Clear are not supported', tracingId));
    }
    const request = { connection, tracingId };
    if (deployment.ack === 'withheld') {
      session.pendingClears.push(request);
    } else if (deployment.ack === 'immediate') {
      this.#acknowledgeClear(session, [request]);
    } else {
      this.#store.later(deployment.ack, () => this.#acknowledgeClear(session, [request]));
    }
  }

  /**
   * The success sequence of §5.3: 200 to each requester still here, then SessionClearedEvent and
   * ConnectionClosedEvent to every socket of the session, close them, end the conversation and
   * forget the session, so the same token next gets `newSession:true`.
   * @param {Session} session @param {{ connection: Connection, tracingId: string | undefined }[]} requests
   */
  #acknowledgeClear(session, requests) {
    if (this.#store.sessions.get(sessionKey(session.deploymentId, session.token)) !== session) return;
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
    this.#typing.setCustomer(session, false);
    this.#stopExpiry(session);
    if (session.conversation) {
      this.#typing.stopAgent(session.conversation);
      session.conversation.end('customer');
    }
    this.#store.sessions.delete(sessionKey(session.deploymentId, session.token));
    this.#store.changed();
  }

  /** @param {Connection} connection @param {Session} session @param {unknown} closeAll @param {string | undefined} tracingId */
  #closeSession(connection, session, closeAll, tracingId) {
    if (typeof closeAll !== 'boolean') return connection.send(frames.requestFailed(tracingId));
    if (closeAll) {
      for (const other of [...session.sockets]) {
        if (other === connection) continue;
        other.send(frames.connectionClosed());
        other.session = null;
        session.sockets.delete(other);
        other.close(1000);
      }
    }
    // Only the connections go: the session and its conversation stay, as with a real server.
    session.sockets.delete(connection);
    connection.session = null;
    connection.send(frames.sessionResponse({ connected: false, readOnly: session.readOnly }, tracingId));
  }

  /** @param {Connection} connection */
  #detach(connection) {
    connection.session?.sockets.delete(connection);
    connection.session = null;
    this.#store.changed();
  }

  // ─── Session expiry ───────────────────────────────────────────────────────────────────────────

  /**
   * Activity slides the inactivity TTL (reference §4.6): the guest's messages, echoes and
   * reconnects, and the agent's messages (the guest receiving them).
   * @param {Session} session
   */
  #touch(session) {
    if (session.expired) return;
    session.durationSeconds = this.#store.deployment(session.deploymentId).sessionDurationSeconds;
    session.expiresAt = Date.now() + session.durationSeconds * 1000;
    this.#armExpiry(session);
  }

  /** @param {Session} session */
  #armExpiry(session) {
    this.#stopExpiry(session);
    const wait = Math.min(Math.max(0, session.expiresAt - Date.now()), MAX_TIMER_MS);
    session.expiryTimer = this.#store.later(wait, () => {
      session.expiryTimer = undefined;
      // Timers may fire a little early, and long TTLs take several rounds.
      if (Date.now() >= session.expiresAt) this.#expire(session);
      else this.#armExpiry(session);
    });
  }

  /** @param {Session} session */
  #stopExpiry(session) {
    if (session.expiryTimer) this.#store.cancel(session.expiryTimer);
    session.expiryTimer = undefined;
  }

  /**
   * The session ran out (reference §3.6, §4.6): `SessionExpiredEvent` to its sockets, which stay
   * open but get 4006 for anything further; the token answers 4006 to `configureSession` from now
   * on; the conversation ends, by nobody.
   * @param {Session} session @returns {boolean} whether it was live until now
   */
  #expire(session) {
    const key = sessionKey(session.deploymentId, session.token);
    if (session.expired || this.#store.sessions.get(key) !== session) return false;
    session.expired = true;
    this.#stopExpiry(session);
    session.broadcast(frames.sessionExpired());
    this.#store.sessions.delete(key);
    this.#expiredKeys.add(key);
    if (this.#expiredKeys.size > MAX_EXPIRED_TOKENS) this.#expiredKeys.delete(/** @type {string} */ (this.#expiredKeys.values().next().value));
    session.pendingClears = [];
    session.failure = null;
    this.#typing.setCustomer(session, false);
    if (session.conversation) {
      this.#typing.stopAgent(session.conversation);
      session.conversation.expire();
    }
    this.#store.changed();
    return true;
  }

  /**
   * Expires every live session with this token now, as if its TTL had passed.
   * @param {string} token @returns {number} sessions expired
   */
  expireSession(token) {
    const sessions = this.#store.sessionsWithToken(token);
    return sessions.filter(session => this.#expire(session)).length;
  }

  // ─── State ────────────────────────────────────────────────────────────────────────────────────

  /** @returns {SimState} */
  state() {
    const conversations = [...this.#store.conversations.values()]
      .sort((a, b) => b.seq - a.seq)
      .map(c => c.snapshot(this.#store.live(c)));
    const sessions = [...this.#store.sessions.values()].map(session => this.#sessionSnapshot(session));
    return { conversations, sessions, deploymentFaults: this.connectionFaults.snapshot() };
  }

  /** @param {Session} session @returns {SessionSnapshot} */
  #sessionSnapshot(session) {
    return {
      deploymentId: session.deploymentId,
      token: session.token,
      connectedSockets: session.sockets.size,
      maxConnectedSockets: session.maxSockets,
      capRefusals: session.capRefusals,
      faults: this.frameFaults.of(session.token),
      withheldFrames: this.frameFaults.withheld(session),
    };
  }

  /** @param {string} id */
  conversation(id) {
    const conversation = this.#store.conversations.get(id);
    if (!conversation) throw new NotFound(`no conversation ${id}`);
    return conversation.snapshot(this.#store.live(conversation));
  }

  /** Called (batched per tick) after anything that may change `state()`. @param {() => void} listener */
  onChange(listener) {
    return this.#store.onChange(listener);
  }

  /** Stops every pending timer (delayed acknowledgements, typing), for shutdown. */
  dispose() {
    this.#store.dispose();
  }
}
