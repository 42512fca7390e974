// @ts-check
/**
 * The Guest API as a state machine, with no HTTP or WebSocket code: deployments, guest sessions
 * by (deploymentId, token), the sockets attached to each session, and the conversations behind
 * them. The transport layer feeds it text frames and gives it a way to send and close.
 *
 * The rule everything here protects: a conversation ends only by an acknowledged Presence Clear
 * (ended by the customer) or by the agent. A socket going away never ends it.
 */
import { Agent, BOT, DEFAULT_AGENT } from './agent.mjs';
import { Attachments, attachmentContent } from './attachments.mjs';
import { Connection } from './connection.mjs';
import { applyOptions, deploymentConfig, newDeployment, uploadProfile } from './deployments.mjs';
import { Conflict, NotFound } from './errors.mjs';
import { NO_FAULTS, Outbox, anyFault } from './faults.mjs';
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
 * @typedef {{ code: number, body?: string, retryAfter?: number, times?: number }} FailureSpec
 *   What `fail-next` answers the session's next Text/Structured messages with, and how many of them.
 * @typedef {import('./connection.mjs').Transport} Transport
 * @typedef {{ at: string, socketId: string, token: string | null, raw: string, frame: unknown }} RecordedFrame
 * @typedef {import('./faults.mjs').Faults} Faults
 * @typedef {{ deploymentId: string, token: string, connectedSockets: number, maxConnectedSockets: number, capRefusals: number,
 *   faults: Faults | null, withheldFrames: number }} SessionSnapshot
 *   A live session: its configured sockets now and at most, the sockets refused over the deployment's
 *   `connectionCap`, its token's outbound faults and the frames they withhold now.
 * @typedef {{ deploymentId: string, refusingConnections: boolean, refusedUpgrades: number, capRefusals: number }} DeploymentFaults
 *   A deployment's connection faults so far (listed once it has any): handshakes refused with 503 by
 *   `refuse-connections`, and sockets refused over the cap.
 * @typedef {{ refusing: boolean, until: string | null, remaining: number | null, refusedUpgrades: number }} ConnectionRefusal
 *   What `refuse-connections` answers: whether upgrades are refused now, until when, for how many more attempts.
 * @typedef {{ conversations: ConversationSnapshot[], sessions: SessionSnapshot[], deploymentFaults: DeploymentFaults[] }} SimState
 */

/** Codes the agent side may drop a socket with; 1006 is not sendable, it means "cut the TCP connection". */
const DROP_CODES = new Set([1000, 1001, 1006, 1011, 1012, 1013]);
/** Keeps a long-running demo from growing without bound; tests record far fewer. */
const MAX_FRAMES_PER_DEPLOYMENT = 10000;
/** setTimeout's ceiling (about 24.8 days); longer session TTLs re-arm their timer. */
const MAX_TIMER_MS = 2 ** 31 - 1;
/** Expired tokens are remembered so they keep answering 4006; a long-running demo forgets the oldest. */
const MAX_EXPIRED_TOKENS = 10000;
/** Raw frames and oversize messages from the control API: at most this many bytes. */
export const MAX_RAW_BYTES = 2 * 1024 * 1024;

export class GuestApi {
  #store = new Store();
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
  /** Outbound faults by session token, and the withheld frames dropped with their sockets since the last release. */
  /** @type {Map<string, { faults: Faults | null, dropped: number }>} */
  #faults = new Map();
  /** Connection faults by deployment: a 503 refusal in force, and what was refused so far. */
  /** @type {Map<string, { refusing: boolean, until: number | null, remaining: number | null, timer: ReturnType<typeof setTimeout> | undefined, refusedUpgrades: number, capRefusals: number }>} */
  #connectionFaults = new Map();

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
    const connection = new Connection(deploymentId, transport, origin, socket => new Outbox(
      transport,
      this.#store,
      () => this.#faultsOf(socket.faultToken),
      count => this.#countDropped(socket.faultToken, count),
    ));
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
      return this.#refuseOverCap(connection, session);
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
    if (message.kind === 'text' && session.failure) return connection.send(this.#injectedFailure(session, deployment, tracingId));
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

  /**
   * The frame an injected failure answers with, counting it off.
   * @param {Session} session @param {Deployment} deployment @param {string | undefined} tracingId
   */
  #injectedFailure(session, deployment, tracingId) {
    const failure = /** @type {NonNullable<Session['failure']>} */ (session.failure);
    failure.remaining -= 1;
    if (failure.remaining <= 0) session.failure = null;
    return failureFrame(failure.code, failure.body, failure.retryAfter, deployment.maxCustomDataBytes, tracingId);
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

  // ─── Failure injection ────────────────────────────────────────────────────────────────────────

  /**
   * The session's next `times` Text/Structured messages are answered with this error instead of
   * being delivered. A later call replaces an earlier one still pending.
   * @param {string} token @param {FailureSpec} spec @returns {{ sessions: number }}
   */
  failNext(token, { code, body, retryAfter = 1, times = 1 }) {
    checkErrorCode(code);
    if (!Number.isInteger(retryAfter) || retryAfter < 0 || retryAfter > 3600) throw new RangeError('retryAfter must be an integer from 0 to 3600 (seconds)');
    if (!Number.isInteger(times) || times < 1 || times > 1000) throw new RangeError('times must be an integer from 1 to 1000');
    const sessions = this.#store.sessionsWithToken(token);
    for (const session of sessions) session.failure = { code, body, retryAfter, remaining: times };
    return { sessions: sessions.length };
  }

  /**
   * An error nobody asked for, pushed to every socket of the session (no tracingId), as a server
   * reports trouble outside any request.
   * @param {string} token @param {number} code @param {string} [body] @returns {{ sent: number }}
   */
  pushError(token, code, body) {
    checkErrorCode(code);
    let sent = 0;
    for (const session of this.#store.sessionsWithToken(token)) {
      const max = this.#store.deployment(session.deploymentId).maxCustomDataBytes;
      session.broadcast(failureFrame(code, body, 1, max, undefined, 'message'));
      sent += session.sockets.size;
    }
    return { sent };
  }

  // ─── Fault injection: connections ─────────────────────────────────────────────────────────────

  /**
   * A socket configuring a session that already has the deployment's `connectionCap` of them
   * (reference §4.3): `ConnectionClosedEvent` "SessionLimitReached", then the server closes it
   * (1000). It never joins the session, so its token's faults do not apply to it.
   * @param {Connection} connection @param {Session} session
   */
  #refuseOverCap(connection, session) {
    session.capRefusals += 1;
    this.#connectionFaultsOf(session.deploymentId).capRefusals += 1;
    connection.session?.sockets.delete(connection);
    connection.session = null;
    connection.send(frames.connectionClosed('SessionLimitReached'));
    connection.close(1000);
  }

  /**
   * The server closes every socket of the session (reference §3.6): `ConnectionClosedEvent` with
   * `body.reason` when given (`{}` otherwise), then close 1000. The session and conversation stay.
   * @param {string} token @param {string} [reason] @returns {{ closed: number }}
   */
  connectionClosed(token, reason) {
    let closed = 0;
    for (const session of this.#store.sessionsWithToken(token)) {
      for (const socket of [...session.sockets]) {
        socket.send(frames.connectionClosed(reason));
        session.sockets.delete(socket);
        socket.session = null;
        socket.close(1000);
        closed += 1;
      }
    }
    this.#store.changed();
    return { closed };
  }

  /** @param {string} deploymentId */
  #connectionFaultsOf(deploymentId) {
    let record = this.#connectionFaults.get(deploymentId);
    if (!record) {
      record = { refusing: false, until: null, remaining: null, timer: undefined, refusedUpgrades: 0, capRefusals: 0 };
      this.#connectionFaults.set(deploymentId, record);
    }
    return record;
  }

  /** @param {string} deploymentId @returns {ConnectionRefusal} */
  #refusal(deploymentId) {
    const record = this.#connectionFaultsOf(deploymentId);
    const refusing = this.refusesConnections(deploymentId);
    return {
      refusing,
      until: refusing && record.until !== null ? new Date(record.until).toISOString() : null,
      remaining: refusing ? record.remaining : null,
      refusedUpgrades: record.refusedUpgrades,
    };
  }

  /**
   * WebSocket upgrades for the deployment are refused with HTTP 503 for `forMs`, or for the next
   * `count` attempts, whichever ends first; with neither, until stopped. `forMs: 0` stops it. A new
   * call replaces the one in force.
   * @param {string} deploymentId @param {{ forMs?: number, count?: number }} [limits] @returns {ConnectionRefusal}
   */
  refuseConnections(deploymentId, { forMs, count } = {}) {
    this.#store.deployment(deploymentId);
    if (forMs !== undefined && (!Number.isInteger(forMs) || forMs < 0 || forMs > 3_600_000)) {
      throw new RangeError('forMs must be an integer from 0 to 3600000');
    }
    if (count !== undefined && (!Number.isInteger(count) || count < 1 || count > 10_000)) {
      throw new RangeError('count must be an integer from 1 to 10000');
    }
    if (forMs === 0) return this.stopRefusingConnections(deploymentId);
    const record = this.#connectionFaultsOf(deploymentId);
    if (record.timer) this.#store.cancel(record.timer);
    record.refusing = true;
    record.until = forMs === undefined ? null : Date.now() + forMs;
    record.remaining = count ?? null;
    record.timer = forMs === undefined ? undefined : this.#store.later(forMs, () => {
      record.timer = undefined;
      record.refusing = false;
      this.#store.changed();
    });
    this.#store.changed();
    return this.#refusal(deploymentId);
  }

  /** Ends a `refuseConnections` in force. @param {string} deploymentId @returns {ConnectionRefusal} */
  stopRefusingConnections(deploymentId) {
    this.#store.deployment(deploymentId);
    const record = this.#connectionFaultsOf(deploymentId);
    if (record.timer) this.#store.cancel(record.timer);
    record.timer = undefined;
    record.refusing = false;
    this.#store.changed();
    return this.#refusal(deploymentId);
  }

  /** Whether upgrades for the deployment are refused (503) now; asking does not use up an attempt. @param {string | null} deploymentId */
  refusesConnections(deploymentId) {
    const record = deploymentId === null ? undefined : this.#connectionFaults.get(deploymentId);
    return Boolean(record?.refusing && (record.until === null || Date.now() < record.until) && (record.remaining === null || record.remaining > 0));
  }

  /**
   * At a WebSocket upgrade: whether to refuse it with 503, counting the attempt.
   * @param {string | null} deploymentId @returns {boolean}
   */
  refuseConnection(deploymentId) {
    if (deploymentId === null || !this.refusesConnections(deploymentId)) return false;
    const record = this.#connectionFaultsOf(deploymentId);
    record.refusedUpgrades += 1;
    if (record.remaining !== null) {
      record.remaining -= 1;
      if (record.remaining <= 0) {
        record.refusing = false;
        if (record.timer) this.#store.cancel(record.timer);
        record.timer = undefined;
      }
    }
    this.#store.changed();
    return true;
  }

  // ─── Fault injection: outbound frames ─────────────────────────────────────────────────────────

  /** @param {string | null} token @returns {Faults} */
  #faultsOf(token) {
    return (token === null ? undefined : this.#faults.get(token)?.faults) ?? NO_FAULTS;
  }

  /** @param {string | null} token @param {number} count */
  #countDropped(token, count) {
    if (token === null) return;
    const record = this.#faults.get(token) ?? { faults: null, dropped: 0 };
    record.dropped += count;
    this.#faults.set(token, record);
    this.#store.changed();
  }

  /** The open sockets whose frames go through this token's faults. @param {string} token */
  #socketsOfToken(token) {
    return [...this.#store.connections].filter(c => c.faultToken === token);
  }

  /**
   * Sets the outbound faults of a session token, for its current and future sockets; replaces the
   * ones in force (what is left out is off). A token with no session yet may be given: its faults
   * apply from its first `configureSession`. Turning `withhold` off sends the withheld frames on;
   * turning `reorder` off sends a held frame.
   * @param {string} token @param {Faults} faults
   * @returns {{ faults: Faults | null, sockets: number, released: number }}
   */
  setFaults(token, faults) {
    const record = this.#faults.get(token) ?? { faults: null, dropped: 0 };
    record.faults = anyFault(faults) ? { ...faults } : null;
    this.#faults.set(token, record);
    const sockets = this.#socketsOfToken(token);
    const released = sockets.reduce((sum, socket) => sum + socket.outbox.refresh(), 0);
    this.#store.changed();
    return { faults: record.faults ? { ...record.faults } : null, sockets: sockets.length, released };
  }

  /** @param {string} token */
  clearFaults(token) {
    return this.setFaults(token, NO_FAULTS);
  }

  /**
   * Sends every frame withheld for the token's sockets, in order. `dropped`: the withheld frames
   * that went with a socket closed since the last release (they were never delivered).
   * @param {string} token @returns {{ released: number, dropped: number }}
   */
  releaseFrames(token) {
    const record = this.#faults.get(token);
    const sockets = this.#socketsOfToken(token);
    if (!record && sockets.length === 0 && ![...this.#store.sessions.values()].some(s => s.token === token)) {
      throw new NotFound(`no session or faults with token ${token}`);
    }
    const released = sockets.reduce((sum, socket) => sum + socket.outbox.release(), 0);
    const dropped = record?.dropped ?? 0;
    if (record) record.dropped = 0;
    this.#store.changed();
    return { released, dropped };
  }

  /**
   * A text frame, exactly as given (malformed JSON, wrong types, unknown classes, huge ones), to
   * every socket of the session, through its faults.
   * @param {string} token @param {string} data @returns {{ sent: number, bytes: number }}
   */
  sendRaw(token, data) {
    const bytes = Buffer.byteLength(data, 'utf8');
    if (bytes > MAX_RAW_BYTES) throw new RangeError(`data must be at most ${MAX_RAW_BYTES} bytes (UTF-8)`);
    let sent = 0;
    for (const session of this.#store.sessionsWithToken(token)) {
      for (const socket of session.sockets) socket.sendRaw(data);
      sent += session.sockets.size;
    }
    this.#store.changed();
    return { sent, bytes };
  }

  /**
   * A valid Outbound agent StructuredMessage whose text is `size` bytes ("x" repeated), to every
   * socket of the session. Not recorded in the transcript or the history.
   * @param {string} token @param {number} size @returns {{ sent: number, bytes: number }}
   */
  sendOversize(token, size) {
    if (!Number.isInteger(size) || size < 1 || size > MAX_RAW_BYTES) throw new RangeError(`oversizeBytes must be an integer from 1 to ${MAX_RAW_BYTES}`);
    const frame = frames.structuredMessage({ direction: 'Outbound', messageType: 'Text', text: 'x'.repeat(size), originatingEntity: 'Human', from: DEFAULT_AGENT });
    const data = JSON.stringify(frame);
    let sent = 0;
    for (const session of this.#store.sessionsWithToken(token)) {
      for (const socket of session.sockets) socket.sendRaw(data);
      sent += session.sockets.size;
    }
    this.#store.changed();
    return { sent, bytes: Buffer.byteLength(data, 'utf8') };
  }

  /**
   * Drops every socket of the sessions with this token, the way networks and load balancers do.
   * The conversation stays open: nobody ended it.
   * @param {string} token @param {number} [code]
   * @returns {number} sockets dropped
   */
  dropSession(token, code = 1006) {
    if (!DROP_CODES.has(code)) throw new RangeError(`code must be one of ${[...DROP_CODES].join(', ')}`);
    const sessions = this.#store.sessionsWithToken(token);
    let dropped = 0;
    for (const session of sessions) {
      for (const socket of [...session.sockets]) {
        dropped += 1;
        // Detached now rather than when the close completes: the socket is gone for the session.
        session.sockets.delete(socket);
        socket.session = null;
        if (code === 1006) socket.terminate();
        else socket.close(code);
      }
    }
    this.#store.changed();
    return dropped;
  }

  // ─── State ────────────────────────────────────────────────────────────────────────────────────

  /** @returns {SimState} */
  state() {
    const conversations = [...this.#store.conversations.values()]
      .sort((a, b) => b.seq - a.seq)
      .map(c => c.snapshot(this.#store.live(c)));
    const sessions = [...this.#store.sessions.values()].map(session => this.#sessionSnapshot(session));
    const deploymentFaults = [...this.#connectionFaults.entries()].map(([deploymentId, f]) => ({
      deploymentId, refusingConnections: this.refusesConnections(deploymentId), refusedUpgrades: f.refusedUpgrades, capRefusals: f.capRefusals,
    }));
    return { conversations, sessions, deploymentFaults };
  }

  /** @param {Session} session @returns {SessionSnapshot} */
  #sessionSnapshot(session) {
    const withheldFrames = [...this.#store.connections]
      .filter(c => c.faultToken === session.token && c.deploymentId === session.deploymentId)
      .reduce((sum, c) => sum + c.outbox.withheld, 0);
    return {
      deploymentId: session.deploymentId,
      token: session.token,
      connectedSockets: session.sockets.size,
      maxConnectedSockets: session.maxSockets,
      capRefusals: session.capRefusals,
      faults: this.#faults.get(session.token)?.faults ?? null,
      withheldFrames,
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

/** Error codes the control API may inject: HTTP-like 4xx/5xx and the Guest API's 4xxx/5xxx. @param {unknown} code */
function checkErrorCode(code) {
  if (typeof code !== 'number' || !Number.isInteger(code) || code < 400 || code > 5999 || (code >= 600 && code < 4000)) {
    throw new RangeError('code must be an error code: 400..599 or 4000..5999');
  }
}

/**
 * An error frame for an injected failure: 429 is the `TooManyRequestsErrorMessage` of §3.2 (with
 * `body` as its errorMessage if given), anything else a `class:"string"` frame.
 * @param {number} code @param {string | undefined} body @param {number} retryAfter
 * @param {number} maxCustomDataBytes for the default 4013 text @param {string | undefined} tracingId
 * @param {'response' | 'message'} [type]
 */
function failureFrame(code, body, retryAfter, maxCustomDataBytes, tracingId, type = 'response') {
  if (code === 429) return frames.tooManyRequests(retryAfter, body ?? frames.RATE_LIMIT_TEXT, tracingId, type);
  const frame = frames.errorFrame(code, body ?? frames.defaultErrorText(code, maxCustomDataBytes), tracingId);
  return { ...frame, type };
}
