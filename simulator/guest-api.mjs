// @ts-check
/**
 * The Guest API as a state machine, with no HTTP or WebSocket code: deployments, guest sessions
 * by (deploymentId, token), the sockets attached to each session, and the conversations behind
 * them. The transport layer feeds it text frames and gives it a way to send and close.
 *
 * The rule everything here protects: a conversation ends only by an acknowledged Presence Clear
 * (ended by the customer) or by the agent. A socket going away never ends it.
 */
import { Agent } from './agent.mjs';
import { Attachments } from './attachments.mjs';
import { Clears } from './clear.mjs';
import { Connection } from './connection.mjs';
import { ConnectionFaults } from './connection-faults.mjs';
import { applyOptions, deploymentConfig, newDeployment } from './deployments.mjs';
import { Conflict, NotFound } from './errors.mjs';
import { Failures } from './failures.mjs';
import { FrameFaults } from './frame-faults.mjs';
import * as frames from './frames.mjs';
import { History } from './history.mjs';
import { GuestMessages } from './messages.mjs';
import { isObject } from './requests.mjs';
import { Sessions } from './sessions.mjs';
import { Store } from './store.mjs';
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
 * @typedef {import('./sessions.mjs').Session} Session
 * @typedef {{ deploymentId: string, token: string, connectedSockets: number, maxConnectedSockets: number, capRefusals: number,
 *   faults: Faults | null, withheldFrames: number }} SessionSnapshot
 *   A live session: its configured sockets now and at most, the sockets refused over the deployment's
 *   `connectionCap`, its token's outbound faults and the frames they withhold now.
 * @typedef {import('./connection-faults.mjs').DeploymentFaults} DeploymentFaults
 * @typedef {{ conversations: ConversationSnapshot[], sessions: SessionSnapshot[], deploymentFaults: DeploymentFaults[] }} SimState
 */

/** Keeps a long-running demo from growing without bound; tests record far fewer. */
const MAX_FRAMES_PER_DEPLOYMENT = 10000;

export class GuestApi {
  #store = new Store();
  frameFaults = new FrameFaults(this.#store);
  connectionFaults = new ConnectionFaults(this.#store);
  failures = new Failures(this.#store);
  attachments = new Attachments(this.#store);
  #typing = new Typing(this.#store);
  history = new History(this.#store);
  sessions = new Sessions(this.#store, this.#typing, this.connectionFaults);
  clears = new Clears(this.#store, this.#typing, this.sessions);
  agent = new Agent(this.#store, this.#typing, session => this.sessions.touch(session));
  #messages = new GuestMessages(this.#store, {
    typing: this.#typing, agent: this.agent, clears: this.clears, attachments: this.attachments, failures: this.failures,
  });

  /**
   * The actions on a session, one handler each. Each marks the session active itself: the guest's
   * messages, echoes and upload requests count (reference §4.6), the rest do not.
   * @type {Map<unknown, (connection: Connection, session: Session, frame: Record<string, unknown>, tracingId: string | undefined) => void>}
   */
  #handlers = new Map([
    ['onMessage', (connection, session, frame, tracingId) => {
      this.sessions.touch(session);
      this.#messages.receive(connection, session, frame, tracingId);
    }],
    ['echo', (connection, session, frame, tracingId) => {
      this.sessions.touch(session);
      const message = frame['message'];
      const text = isObject(message) && typeof message['text'] === 'string' ? message['text'] : 'ping';
      connection.send(frames.echoReply(text, session.expiry, tracingId));
    }],
    ['getJwt', (connection, session, _frame, tracingId) => {
      const { jwt, exp } = this.history.issueJwt(session);
      connection.send(frames.jwtResponse(jwt, exp, tracingId));
    }],
    ['onAttachment', (connection, session, frame, tracingId) => {
      this.sessions.touch(session);
      this.attachments.request(connection, session, frame, tracingId);
    }],
    ['deleteAttachment', (connection, session, frame, tracingId) => this.attachments.delete(connection, session, frame['attachmentId'], tracingId)],
    ['getAttachment', (connection, session, frame, tracingId) => this.attachments.get(connection, session, frame['attachmentId'], tracingId)],
    ['closeSession', (connection, session, frame, tracingId) => this.sessions.close(connection, session, frame['closeAllConnections'], tracingId)],
  ]);
  /** @type {Map<string, RecordedFrame[]>} */
  #frames = new Map();
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
        this.sessions.detach(connection);
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

  /**
   * One frame from a guest: `configureSession`, or one of the actions on the socket's session.
   * @param {Connection} connection @param {Record<string, unknown>} frame @param {string | undefined} tracingId
   */
  #dispatch(connection, frame, tracingId) {
    const action = frame['action'];
    if (action === 'configureSession') return this.sessions.configure(connection, frame, tracingId);
    const handler = this.#handlers.get(action);
    if (!handler) return connection.send(frames.requestFailed(tracingId));
    const session = connection.session;
    if (session?.expired && frame['token'] === session.token) {
      return connection.send(frames.errorFrame(4006, frames.SESSION_ERROR_TEXT[4006], tracingId));
    }
    // Everything but configureSession needs this socket's live session, named by its token.
    if (!session || frame['token'] !== session.token || !this.#store.isCurrent(session)) {
      return connection.send(frames.requestFailed(tracingId));
    }
    handler(connection, session, frame, tracingId);
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
