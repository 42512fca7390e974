// @ts-check
/**
 * The Guest API as a state machine, with no HTTP or WebSocket code: deployments, guest sessions
 * by (deploymentId, token), the sockets attached to each session, and the conversations behind
 * them. The transport layer feeds it text frames and gives it a way to send and close.
 *
 * The rule everything here protects: a conversation ends only by an acknowledged Presence Clear
 * (ended by the customer) or by the agent. A socket going away never ends it.
 */
import { Conversation } from './conversation.mjs';
import { applyOptions, isDisconnectMode, newDeployment } from './deployments.mjs';
import * as frames from './frames.mjs';
import { isObject, readGuestMessage } from './requests.mjs';

/**
 * @typedef {import('./deployments.mjs').Deployment} Deployment
 * @typedef {import('./deployments.mjs').DisconnectMode} DisconnectMode
 * @typedef {import('./frames.mjs').ServerFrame} ServerFrame
 * @typedef {import('./frames.mjs').Sender} Sender
 * @typedef {import('./conversation.mjs').ConversationSnapshot} ConversationSnapshot
 * @typedef {{ send(text: string): void, close(code: number): void, terminate(): void, isOpen(): boolean }} Transport
 * @typedef {{ at: string, socketId: string, token: string | null, raw: string, frame: unknown }} RecordedFrame
 * @typedef {{ conversations: ConversationSnapshot[] }} SimState
 */

export class NotFound extends Error {}
export class Conflict extends Error {}

/** Codes the agent side may drop a socket with; 1006 is not sendable, it means "cut the TCP connection". */
const DROP_CODES = new Set([1000, 1001, 1006, 1011, 1012, 1013]);
/** Agent typing is renewed a little before the guest's 5 s indicator would lapse. */
const AGENT_TYPING_RENEW_MS = 4000;
/** Keeps a long-running demo from growing without bound; tests record far fewer. */
const MAX_FRAMES_PER_DEPLOYMENT = 10000;
const DEFAULT_AGENT = /** @type {Sender} */ ({ nickname: 'Sam', firstName: 'Sam' });

let socketSequence = 0;

/** One guest WebSocket. It belongs to at most one session, from its configureSession on. */
class Connection {
  id = `socket-${++socketSequence}`;
  /** @type {Session | null} */
  session = null;

  /** @param {string} deploymentId @param {Transport} transport */
  constructor(deploymentId, transport) {
    this.deploymentId = deploymentId;
    this.transport = transport;
  }

  /** @param {ServerFrame} frame */
  send(frame) {
    if (this.transport.isOpen()) this.transport.send(JSON.stringify(frame));
  }
}

class Session {
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

  /** @param {string} deploymentId @param {string} token */
  constructor(deploymentId, token) {
    this.deploymentId = deploymentId;
    this.token = token;
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

const sessionKey = (/** @type {string} */ deploymentId, /** @type {string} */ token) => `${deploymentId}\n${token}`;

export class GuestApi {
  /** @type {Map<string, Deployment>} */
  #deployments = new Map();
  /** @type {Map<string, Session>} */
  #sessions = new Map();
  /** @type {Map<string, Conversation>} */
  #conversations = new Map();
  /** @type {Map<string, RecordedFrame[]>} */
  #frames = new Map();
  /** @type {Map<Conversation, Session>} */
  #sessionOf = new Map();
  /** @type {Set<ReturnType<typeof setTimeout>>} */
  #timers = new Set();
  /** @type {Map<Conversation, ReturnType<typeof setTimeout>>} */
  #agentTypingTimers = new Map();
  /** @type {Set<() => void>} */
  #listeners = new Set();
  #notifyScheduled = false;

  // ─── Deployments ──────────────────────────────────────────────────────────────────────────────

  /** @param {unknown} options @returns {Deployment} */
  createDeployment(options = {}) {
    const deployment = newDeployment(options);
    if (this.#deployments.has(deployment.deploymentId)) throw new Conflict(`deployment ${deployment.deploymentId} already exists`);
    this.#deployments.set(deployment.deploymentId, deployment);
    this.#frames.set(deployment.deploymentId, []);
    return { ...deployment };
  }

  /** @param {string} id @param {unknown} patch @returns {Deployment} */
  updateDeployment(id, patch) {
    const next = applyOptions(this.#deployment(id), patch);
    this.#deployments.set(id, next);
    return { ...next };
  }

  /** @param {string} id */
  deployment(id) {
    return { ...this.#deployment(id) };
  }

  /** @param {string} id */
  #deployment(id) {
    const deployment = this.#deployments.get(id);
    if (!deployment) throw new NotFound(`no deployment ${id}`);
    return deployment;
  }

  /** Whether a WebSocket upgrade for this deployment is let through (reference §1.1: else HTTP 403). */
  acceptsHandshake(/** @type {string | null} */ deploymentId) {
    const deployment = deploymentId === null ? undefined : this.#deployments.get(deploymentId);
    return Boolean(deployment && !deployment.refuseHandshake);
  }

  /** Sends every withheld Clear acknowledgement of a deployment now. @returns {number} sessions cleared */
  release(/** @type {string} */ deploymentId) {
    this.#deployment(deploymentId);
    const held = [...this.#sessions.values()].filter(s => s.deploymentId === deploymentId && s.pendingClears.length > 0);
    for (const session of held) this.#acknowledgeClear(session, session.pendingClears);
    return held.length;
  }

  /** @param {string} deploymentId @returns {RecordedFrame[]} */
  frames(deploymentId) {
    this.#deployment(deploymentId);
    return (this.#frames.get(deploymentId) ?? []).map(f => ({ ...f }));
  }

  // ─── Guest sockets ────────────────────────────────────────────────────────────────────────────

  /**
   * Attaches a new guest socket (after a successful handshake).
   * @param {string} deploymentId @param {Transport} transport
   * @returns {{ id: string, receive(raw: string): void, closed(): void }}
   */
  connect(deploymentId, transport) {
    const connection = new Connection(deploymentId, transport);
    return {
      id: connection.id,
      receive: raw => this.#receive(connection, raw),
      closed: () => this.#detach(connection),
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
    this.#changed();
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
    if (action !== 'onMessage' && action !== 'echo' && action !== 'getJwt' && action !== 'closeSession') {
      return connection.send(frames.requestFailed(tracingId));
    }
    const session = connection.session;
    // Everything but configureSession needs this socket's live session, named by its token.
    if (!session || frame['token'] !== session.token || this.#sessions.get(sessionKey(session.deploymentId, session.token)) !== session) {
      return connection.send(frames.requestFailed(tracingId));
    }
    if (action === 'onMessage') return this.#onMessage(connection, session, frame['message'], tracingId);
    if (action === 'echo') {
      const message = frame['message'];
      const text = isObject(message) && typeof message['text'] === 'string' ? message['text'] : 'ping';
      return connection.send(frames.echoReply(text, tracingId));
    }
    if (action === 'getJwt') return connection.send(frames.jwtResponse(tracingId));
    return this.#closeSession(connection, session, frame['closeAllConnections'], tracingId);
  }

  /** @param {Connection} connection @param {Record<string, unknown>} frame @param {string | undefined} tracingId */
  #configureSession(connection, frame, tracingId) {
    const { token, deploymentId, startNew } = frame;
    if (typeof token !== 'string' || !token || token.length > 2048 || deploymentId !== connection.deploymentId
      || (startNew !== undefined && typeof startNew !== 'boolean')) {
      return connection.send(frames.requestFailed(tracingId));
    }
    const deployment = this.#deployment(connection.deploymentId);
    if (deployment.sessionError !== null) {
      // One-shot, so a client's "new token, retry once" path can be tested.
      const code = deployment.sessionError;
      this.#deployments.set(deployment.deploymentId, { ...deployment, sessionError: null });
      return connection.send(frames.errorFrame(code, frames.SESSION_ERROR_TEXT[code], tracingId));
    }
    const key = sessionKey(connection.deploymentId, token);
    let session = this.#sessions.get(key);
    let newSession = !session;
    if (!session) {
      session = new Session(connection.deploymentId, token);
      this.#sessions.set(key, session);
    } else if (startNew === true && session.readOnly) {
      // startNew only means something on a read-only session (reference §2.2, §4.4); elsewhere it is ignored.
      session = this.#replaceReadOnlySession(session);
      newSession = true;
    }
    if (connection.session && connection.session !== session) connection.session.sockets.delete(connection);
    connection.session = session;
    session.sockets.add(connection);
    connection.send(frames.sessionResponse({ connected: true, newSession, readOnly: session.readOnly }, tracingId));
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
    old.sockets.clear();
    old.pendingClears = [];
    this.#setCustomerTyping(old, false);
    this.#sessions.set(sessionKey(old.deploymentId, old.token), fresh);
    return fresh;
  }

  /** @param {Connection} connection @param {Session} session @param {unknown} raw @param {string | undefined} tracingId */
  #onMessage(connection, session, raw, tracingId) {
    const message = readGuestMessage(raw);
    if (message.kind === 'invalid') return connection.send(frames.requestFailed(tracingId));
    // A read-only session takes nothing new: text, button answers, typing, Join. Clear alone is
    // still allowed (reference §4.4, §5.4), so the guest can always wipe the session.
    const onlyClear = message.kind === 'events' && message.events.every(e => e.kind === 'clear');
    if (session.readOnly && !onlyClear) return connection.send(frames.errorFrame(409, frames.READ_ONLY_TEXT, tracingId));
    if (message.kind === 'tooLong') return connection.send(frames.errorFrame(4011, 'message too long', tracingId));
    if (message.kind === 'text') {
      const conversation = this.#openConversation(session).conversation;
      this.#setCustomerTyping(session, false);
      const frame = frames.structuredMessage({
        direction: 'Inbound',
        messageType: message.messageType,
        text: message.text,
        content: message.content,
        originatingEntity: 'Human',
        tracingId,
      });
      const body = /** @type {{ id: string, channel: { time: string } }} */ (frame.body);
      const shown = message.text || message.content?.map(c => c.buttonResponse.text).join(', ') || '';
      conversation.add('customer', shown, body.id, body.channel.time);
      return session.broadcast(frame);
    }
    for (const event of message.events) {
      if (event.kind === 'typing') {
        this.#setCustomerTyping(session, true, event.duration);
      } else if (event.kind === 'join') {
        const { conversation, started } = this.#openConversation(session);
        // The server echoes the autostart to the session, like any Inbound message (reference §3.5).
        session.broadcast(frames.structuredMessage({
          direction: 'Inbound', messageType: 'Event', events: [frames.presence('Join')], originatingEntity: 'Human', tracingId,
        }));
        const greeting = this.#deployment(session.deploymentId).greeting;
        if (started && greeting) this.#say(session, conversation, 'bot', greeting, { nickname: 'Bot' });
      } else {
        return this.#clear(connection, session, tracingId);
      }
    }
  }

  /**
   * The conversation a guest's message belongs to: the open one, or a new one.
   * @param {Session} session
   */
  #openConversation(session) {
    if (session.conversation?.open) return { conversation: session.conversation, started: false };
    const conversation = new Conversation(session.deploymentId, session.token);
    this.#conversations.set(conversation.id, conversation);
    this.#sessionOf.set(conversation, session);
    if (session.conversation) this.#sessionOf.delete(session.conversation);
    session.conversation = conversation;
    return { conversation, started: true };
  }

  /** Presence Clear (reference §5). @param {Connection} connection @param {Session} session @param {string | undefined} tracingId */
  #clear(connection, session, tracingId) {
    // Counted on the latest conversation even if the agent already ended it; a Clear with no
    // conversation at all still gets one, so every Clear frame shows up in the state.
    const conversation = session.conversation ?? this.#openConversation(session).conversation;
    conversation.clearRequests += 1;
    const deployment = this.#deployment(session.deploymentId);
    if (!deployment.clearAllowed) {
      return connection.send(frames.errorFrame(403, 'Presence events Conversation Clear are not supported', tracingId));
    }
    const request = { connection, tracingId };
    if (deployment.ack === 'withheld') {
      session.pendingClears.push(request);
    } else if (deployment.ack === 'immediate') {
      this.#acknowledgeClear(session, [request]);
    } else {
      this.#later(deployment.ack, () => this.#acknowledgeClear(session, [request]));
    }
  }

  /**
   * The success sequence of §5.3: 200 to each requester still here, then SessionClearedEvent and
   * ConnectionClosedEvent to every socket of the session, close them, end the conversation and
   * forget the session, so the same token next gets `newSession:true`.
   * @param {Session} session @param {{ connection: Connection, tracingId: string | undefined }[]} requests
   */
  #acknowledgeClear(session, requests) {
    if (this.#sessions.get(sessionKey(session.deploymentId, session.token)) !== session) return;
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
      socket.transport.close(1000);
    }
    session.sockets.clear();
    session.pendingClears = [];
    this.#setCustomerTyping(session, false);
    if (session.conversation) {
      this.#stopAgentTyping(session.conversation);
      session.conversation.end('customer');
    }
    this.#sessions.delete(sessionKey(session.deploymentId, session.token));
    this.#changed();
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
        other.transport.close(1000);
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
    this.#changed();
  }

  /** @param {Session} session @param {boolean} on @param {number} [duration] */
  #setCustomerTyping(session, on, duration = 5000) {
    if (session.typingTimer) this.#cancel(session.typingTimer);
    session.typingTimer = undefined;
    session.customerTyping = on;
    if (on) {
      session.typingTimer = this.#later(duration, () => {
        session.customerTyping = false;
        session.typingTimer = undefined;
        this.#changed();
      });
    }
  }

  // ─── Agent side ───────────────────────────────────────────────────────────────────────────────

  /** @param {string} id */
  #liveConversation(id) {
    const conversation = this.#conversations.get(id);
    if (!conversation) throw new NotFound(`no conversation ${id}`);
    const session = this.#sessionOf.get(conversation);
    if (!conversation.open || !session) throw new Conflict(`conversation ${id} has ended`);
    return { conversation, session };
  }

  /**
   * @param {Session} session @param {Conversation} conversation @param {'agent' | 'bot'} author
   * @param {string} text @param {Sender} from
   */
  #say(session, conversation, author, text, from) {
    const frame = frames.structuredMessage({
      direction: 'Outbound', messageType: 'Text', text, originatingEntity: author === 'bot' ? 'Bot' : 'Human', from,
    });
    const body = /** @type {{ id: string, channel: { time: string } }} */ (frame.body);
    conversation.add(author, text, body.id, body.channel.time);
    session.broadcast(frame);
    return { id: body.id, author, text, time: body.channel.time };
  }

  /** @param {string} conversationId @param {string} text @param {Sender} [from] */
  agentSay(conversationId, text, from = DEFAULT_AGENT) {
    const { conversation, session } = this.#liveConversation(conversationId);
    this.#stopAgentTyping(conversation);
    const line = this.#say(session, conversation, 'agent', text, from);
    this.#changed();
    return line;
  }

  /**
   * Typing "on" sends Typing On now and renews it while on. "Off" sends nothing: the schema's only
   * typing type is `On`, so the guest's indicator simply lapses after its duration.
   * @param {string} conversationId @param {boolean} on
   */
  agentTyping(conversationId, on) {
    const { conversation, session } = this.#liveConversation(conversationId);
    this.#stopAgentTyping(conversation);
    if (on) {
      conversation.agentTyping = true;
      const tick = () => {
        if (!conversation.agentTyping) return;
        session.broadcast(frames.structuredMessage({
          direction: 'Outbound', messageType: 'Event', events: [frames.typingOn(5000)], originatingEntity: 'Human',
        }));
        this.#agentTypingTimers.set(conversation, this.#later(AGENT_TYPING_RENEW_MS, tick));
      };
      tick();
    }
    this.#changed();
    return conversation.snapshot(this.#live(conversation));
  }

  /** @param {Conversation} conversation */
  #stopAgentTyping(conversation) {
    conversation.agentTyping = false;
    const timer = this.#agentTypingTimers.get(conversation);
    if (timer) this.#cancel(timer);
    this.#agentTypingTimers.delete(conversation);
  }

  /**
   * The agent ends the conversation (reference §6). `Send` ("Display conversation status"): the
   * session stays writable, `readOnly:"false"`, and the guest's next message starts a new
   * conversation. `ReadOnly` ("…and disconnect session"): `readOnly:"true"`, and the session answers
   * 409 to anything new until `configureSession startNew:true` or a Clear.
   * @param {string} conversationId @param {Sender} [from]
   * @param {DisconnectMode} [mode] defaults to the deployment's `disconnectMode`
   */
  agentDisconnect(conversationId, from = DEFAULT_AGENT, mode) {
    const { conversation, session } = this.#liveConversation(conversationId);
    if (mode !== undefined && !isDisconnectMode(mode)) throw new RangeError("mode must be 'Send' or 'ReadOnly'");
    const readOnly = (mode ?? this.#deployment(session.deploymentId).disconnectMode) === 'ReadOnly';
    this.#stopAgentTyping(conversation);
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
    if (readOnly) this.#setCustomerTyping(session, false);
    this.#changed();
    return conversation.snapshot(this.#live(conversation));
  }

  /**
   * Drops every socket of the sessions with this token, the way networks and load balancers do.
   * The conversation stays open: nobody ended it.
   * @param {string} token @param {number} [code]
   * @returns {number} sockets dropped
   */
  dropSession(token, code = 1006) {
    if (!DROP_CODES.has(code)) throw new RangeError(`code must be one of ${[...DROP_CODES].join(', ')}`);
    const sessions = [...this.#sessions.values()].filter(s => s.token === token);
    if (sessions.length === 0) throw new NotFound(`no session with token ${token}`);
    let dropped = 0;
    for (const session of sessions) {
      for (const socket of [...session.sockets]) {
        dropped += 1;
        // Detached now rather than when the close completes: the socket is gone for the session.
        session.sockets.delete(socket);
        socket.session = null;
        if (code === 1006) socket.transport.terminate();
        else socket.transport.close(code);
      }
    }
    this.#changed();
    return dropped;
  }

  // ─── State ────────────────────────────────────────────────────────────────────────────────────

  /** @param {Conversation} conversation */
  #live(conversation) {
    const session = this.#sessionOf.get(conversation);
    const current = session && session.conversation === conversation && this.#sessions.get(sessionKey(session.deploymentId, session.token)) === session;
    return { connectedSockets: current ? session.sockets.size : 0, customerTyping: Boolean(current && session.customerTyping) };
  }

  /** @returns {SimState} */
  state() {
    const conversations = [...this.#conversations.values()]
      .sort((a, b) => b.seq - a.seq)
      .map(c => c.snapshot(this.#live(c)));
    return { conversations };
  }

  /** @param {string} id */
  conversation(id) {
    const conversation = this.#conversations.get(id);
    if (!conversation) throw new NotFound(`no conversation ${id}`);
    return conversation.snapshot(this.#live(conversation));
  }

  /** Called (batched per tick) after anything that may change `state()`. @param {() => void} listener */
  onChange(listener) {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #changed() {
    if (this.#notifyScheduled) return;
    this.#notifyScheduled = true;
    queueMicrotask(() => {
      this.#notifyScheduled = false;
      for (const listener of this.#listeners) listener();
    });
  }

  /** @param {number} ms @param {() => void} run */
  #later(ms, run) {
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      run();
    }, ms);
    timer.unref?.();
    this.#timers.add(timer);
    return timer;
  }

  /** @param {ReturnType<typeof setTimeout>} timer */
  #cancel(timer) {
    clearTimeout(timer);
    this.#timers.delete(timer);
  }

  /** Stops every pending timer (delayed acknowledgements, typing), for shutdown. */
  dispose() {
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
    this.#listeners.clear();
  }
}
