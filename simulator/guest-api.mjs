// @ts-check
/**
 * The Guest API as a state machine, with no HTTP or WebSocket code. The transport layer feeds it
 * text frames and gives it a way to send and close; this file reads each frame and hands it to the
 * one handler its `action` names. What each handler does lives with its concern (sessions,
 * messages, Clear, attachments, history…), and the HTTP layers (`control-api.mjs`, `rest-api.mjs`,
 * `uploads.mjs`) call those parts directly, as `api.agent`, `api.deployments` and so on.
 *
 * The rule everything here protects: a conversation ends only by an acknowledged Presence Clear
 * (ended by the customer) or by the agent. A socket going away never ends it.
 */
import { Agent } from './agent.mjs';
import { Attachments } from './attachments.mjs';
import { Auth, AUTH_FAILED_TEXT, UNAUTHORIZED_TEXT } from './auth.mjs';
import { Clears } from './clear.mjs';
import { Connection } from './connection.mjs';
import { ConnectionFaults } from './connection-faults.mjs';
import { Deployments } from './deployments.mjs';
import { NotFound } from './errors.mjs';
import { Expiry } from './expiry.mjs';
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
 * @typedef {import('./connection.mjs').Transport} Transport
 * @typedef {import('./connection-faults.mjs').DeploymentFaults} DeploymentFaults
 * @typedef {import('./conversation.mjs').ConversationSnapshot} ConversationSnapshot
 * @typedef {import('./frame-faults.mjs').Faults} Faults
 * @typedef {import('./sessions.mjs').Session} Session
 * @typedef {(connection: Connection, session: Session, frame: Record<string, unknown>, tracingId: string | undefined) => void} Handler
 *   What a guest's action does, on the live session the socket is configured on.
 * @typedef {{ deploymentId: string, token: string, connectedSockets: number, maxConnectedSockets: number, capRefusals: number,
 *   faults: Faults | null, withheldFrames: number }} SessionSnapshot
 *   A live session: its configured sockets now and at most, the sockets refused over the deployment's
 *   `connectionCap`, its token's outbound faults and the frames they withhold now.
 * @typedef {{ conversations: ConversationSnapshot[], sessions: SessionSnapshot[], deploymentFaults: DeploymentFaults[] }} SimState
 */

export class GuestApi {
  #store = new Store();
  deployments = new Deployments(this.#store);
  frameFaults = new FrameFaults(this.#store);
  connectionFaults = new ConnectionFaults(this.#store);
  failures = new Failures(this.#store);
  attachments = new Attachments(this.#store);
  #typing = new Typing(this.#store);
  history = new History(this.#store);
  auth = new Auth(this.#store);
  expiry = new Expiry(this.#store, this.#typing);
  sessions = new Sessions(this.#store, this.#typing, this.expiry, this.connectionFaults);
  clears = new Clears(this.#store, this.#typing, this.expiry);
  agent = new Agent(this.#store, this.#typing, this.expiry);
  #messages = new GuestMessages(this.#store, {
    typing: this.#typing, agent: this.agent, clears: this.clears, attachments: this.attachments, failures: this.failures,
  });

  /**
   * The actions on a session, one handler each. Each marks the session active itself: the guest's
   * messages, echoes and upload requests count (reference §4.6), the rest do not.
   * @type {Map<unknown, Handler>}
   */
  #handlers = new Map([
    ['onMessage', (connection, session, frame, tracingId) => {
      this.expiry.touch(session);
      this.#messages.receive(connection, session, frame, tracingId);
    }],
    ['echo', (connection, session, frame, tracingId) => {
      this.expiry.touch(session);
      const message = frame['message'];
      const text = isObject(message) && typeof message['text'] === 'string' ? message['text'] : 'ping';
      connection.send(frames.echoReply(text, session.expiry, tracingId));
    }],
    ['getJwt', (connection, session, _frame, tracingId) => {
      const { jwt, exp } = this.history.issueJwt(session);
      connection.send(frames.jwtResponse(jwt, exp, tracingId));
    }],
    ['onAttachment', (connection, session, frame, tracingId) => {
      this.expiry.touch(session);
      this.attachments.request(connection, session, frame, tracingId);
    }],
    ['deleteAttachment', (connection, session, frame, tracingId) => this.attachments.delete(connection, session, frame['attachmentId'], tracingId)],
    ['getAttachment', (connection, session, frame, tracingId) => this.attachments.get(connection, session, frame['attachmentId'], tracingId)],
    ['closeSession', (connection, session, frame, tracingId) => this.sessions.close(connection, session, frame['closeAllConnections'], tracingId)],
  ]);

  /**
   * Attaches a new guest socket (after a successful handshake).
   * @param {string} deploymentId @param {Transport} transport
   * @param {string} [origin] the simulator's origin as the socket reached it (its upload URLs start with it)
   * @returns {{ id: string, receive(raw: string): void, closed(): void }}
   */
  connect(deploymentId, transport, origin = 'http://127.0.0.1') {
    const tagsAnswers = () => this.#store.deployments.get(deploymentId)?.tagAnswers === true;
    const connection = new Connection(deploymentId, transport, origin, socket => this.frameFaults.outbox(socket), tagsAnswers);
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

  /** One text frame from a guest socket: recorded, then handled. @param {Connection} connection @param {string} raw */
  #receive(connection, raw) {
    /** @type {unknown} */
    let frame = null;
    try {
      frame = JSON.parse(raw);
    } catch {
      frame = null;
    }
    this.deployments.record(connection, raw, frame);
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

  /**
   * One frame from a guest: `configureSession`, or one of the actions on the socket's session.
   * @param {Connection} connection @param {Record<string, unknown>} frame @param {string | undefined} tracingId
   */
  #dispatch(connection, frame, tracingId) {
    const action = frame['action'];
    if (action === 'configureSession') return this.sessions.configure(connection, frame, tracingId);
    if (action === 'configureAuthenticatedSession') return this.#configureSignedIn(connection, frame, tracingId);
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

  /**
   * `configureAuthenticatedSession` (reference §10.5): the Genesys JWT in `data.code` must stand (401
   * "User is unauthorized" when missing, not ours or expired; 403 "Session authentication failed" when
   * its login was revoked), on a deployment that takes signed-in visitors.
   * @param {Connection} connection @param {Record<string, unknown>} frame @param {string | undefined} tracingId
   */
  #configureSignedIn(connection, frame, tracingId) {
    const deployment = this.#store.deployment(connection.deploymentId);
    if (!deployment.authEnabled) return connection.send(frames.errorFrame(403, frames.FEATURE_OFF_TEXT, tracingId));
    const data = frame['data'];
    const checked = this.auth.check(isObject(data) ? data['code'] : undefined);
    if ('error' in checked) {
      return connection.send(checked.error === 401 ? frames.errorFrame(401, UNAUTHORIZED_TEXT, tracingId) : frames.errorFrame(403, AUTH_FAILED_TEXT, tracingId));
    }
    if (checked.login.deploymentId !== connection.deploymentId) return connection.send(frames.errorFrame(401, UNAUTHORIZED_TEXT, tracingId));
    this.sessions.configure(connection, frame, tracingId, checked.login.user);
  }

  /** Everything the control API's `/sim/state` shows: conversations newest first, live sessions, connection faults. @returns {SimState} */
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

  /** One conversation's snapshot. @param {string} id */
  conversation(id) {
    const conversation = this.#store.conversations.get(id);
    if (!conversation) throw new NotFound(`no conversation ${id}`);
    return conversation.snapshot(this.#store.live(conversation));
  }

  /** Called (batched per tick) after anything that may change `state()`. @param {() => void} listener */
  onChange(listener) {
    return this.#store.onChange(listener);
  }

  /** Stops every pending timer (delayed acknowledgements, typing, expiry, faults), for shutdown. */
  dispose() {
    this.#store.dispose();
  }
}
