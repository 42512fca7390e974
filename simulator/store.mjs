// @ts-check
/**
 * What every part of the Guest API shares: the deployments, the live guest sessions by
 * (deploymentId, token), the conversations behind them and the open sockets; the timers, so that
 * shutting down stops them all; and the change notification the control API's event stream hears.
 */
import { Conversation } from './conversation.mjs';
import { NotFound } from './errors.mjs';

/**
 * @typedef {import('./deployment-options.mjs').Deployment} Deployment
 * @typedef {import('./sessions.mjs').Session} Session
 * @typedef {import('./connection.mjs').Connection} Connection
 * @typedef {ReturnType<typeof setTimeout>} Timer
 */

/** A session's key: one token names different sessions in different deployments. */
export const sessionKey = (/** @type {string} */ deploymentId, /** @type {string} */ token) => `${deploymentId}\n${token}`;

/** The state and services every part of the Guest API is built on. */
export class Store {
  /** @type {Map<string, Deployment>} */
  deployments = new Map();
  /** The live sessions by `sessionKey`; a cleared, expired or replaced one is no longer here. */
  /** @type {Map<string, Session>} */
  sessions = new Map();
  /** Every conversation, ended ones too: who ended it, and how, is what tests look at. */
  /** @type {Map<string, Conversation>} */
  conversations = new Map();
  /** The session behind each conversation, while it is that session's latest. */
  /** @type {Map<Conversation, Session>} */
  sessionOf = new Map();
  /** Every open guest socket, configured or not. */
  /** @type {Set<Connection>} */
  connections = new Set();
  /** @type {Set<Timer>} */
  #timers = new Set();
  /** @type {Set<() => void>} */
  #listeners = new Set();
  #notifyScheduled = false;

  /** @param {string} id @returns {Deployment} */
  deployment(id) {
    const deployment = this.deployments.get(id);
    if (!deployment) throw new NotFound(`no deployment ${id}`);
    return deployment;
  }

  /** Whether the session is still the one its token names (not cleared, expired or replaced). @param {Session} session */
  isCurrent(session) {
    return this.sessions.get(sessionKey(session.deploymentId, session.token)) === session;
  }

  /** The live sessions with this token, in any deployment; none is NotFound. @param {string} token */
  sessionsWithToken(token) {
    const sessions = [...this.sessions.values()].filter(s => s.token === token);
    if (sessions.length === 0) throw new NotFound(`no session with token ${token}`);
    return sessions;
  }

  /**
   * The conversation a guest's message belongs to: the open one, or a new one.
   * @param {Session} session
   */
  openConversation(session) {
    if (session.conversation?.open) return { conversation: session.conversation, started: false };
    const conversation = new Conversation(session.deploymentId, session.token);
    conversation.noteSockets(session.maxSockets);
    this.conversations.set(conversation.id, conversation);
    this.sessionOf.set(conversation, session);
    if (session.conversation) this.sessionOf.delete(session.conversation);
    session.conversation = conversation;
    return { conversation, started: true };
  }

  /** What a conversation's snapshot takes from its session, while it is the session's current one. @param {Conversation} conversation */
  live(conversation) {
    const session = this.sessionOf.get(conversation);
    const current = session && session.conversation === conversation && this.isCurrent(session);
    return { connectedSockets: current ? session.sockets.size : 0, customerTyping: Boolean(current && session.customerTyping) };
  }

  /** Runs `run` in `ms`, on a timer that never keeps the process alive and that `dispose` stops. @param {number} ms @param {() => void} run */
  later(ms, run) {
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      run();
    }, ms);
    timer.unref?.();
    this.#timers.add(timer);
    return timer;
  }

  /** @param {Timer} timer */
  cancel(timer) {
    clearTimeout(timer);
    this.#timers.delete(timer);
  }

  /** Called (batched per tick) after anything that may change the state. @param {() => void} listener */
  onChange(listener) {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Something that may change the state happened; the listeners hear it once per tick. */
  changed() {
    if (this.#notifyScheduled) return;
    this.#notifyScheduled = true;
    queueMicrotask(() => {
      this.#notifyScheduled = false;
      for (const listener of this.#listeners) listener();
    });
  }

  /** Stops every pending timer (delayed acknowledgements, typing, expiry, faults), for shutdown. */
  dispose() {
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
    this.#listeners.clear();
  }
}
