// @ts-check
/** Who is typing: the guest's indicator, which lapses after its duration, and the agent's, renewed until stopped. */
import * as frames from './frames.mjs';

/**
 * @typedef {import('./conversation.mjs').Conversation} Conversation
 * @typedef {import('./sessions.mjs').Session} Session
 * @typedef {import('./store.mjs').Store} Store
 * @typedef {import('./store.mjs').Timer} Timer
 */

/** Agent typing is renewed a little before the guest's 5 s indicator would lapse. */
const AGENT_TYPING_RENEW_MS = 4000;

/** Both sides' typing indicators and their timers. */
export class Typing {
  /** @type {Map<Conversation, Timer>} */
  #agentTimers = new Map();

  /** @param {Store} store */
  constructor(store) {
    this.store = store;
  }

  /**
   * The guest's typing indicator, on for `duration` ms (or until the next message), or off.
   * @param {Session} session @param {boolean} on @param {number} [duration]
   */
  setCustomer(session, on, duration = 5000) {
    if (session.typingTimer) this.store.cancel(session.typingTimer);
    session.typingTimer = undefined;
    session.customerTyping = on;
    if (on) {
      session.typingTimer = this.store.later(duration, () => {
        session.customerTyping = false;
        session.typingTimer = undefined;
        this.store.changed();
      });
    }
  }

  /**
   * The agent starts typing: Typing On now, renewed while on. There is no "off" frame (the schema's
   * only typing type is `On`); `stopAgent` just stops renewing it and the guest's indicator lapses.
   * @param {Session} session @param {Conversation} conversation
   */
  startAgent(session, conversation) {
    this.stopAgent(conversation);
    conversation.agentTyping = true;
    const tick = () => {
      if (!conversation.agentTyping) return;
      session.broadcast(frames.structuredMessage({
        direction: 'Outbound', messageType: 'Event', events: [frames.typingOn(5000)], originatingEntity: 'Human',
      }));
      this.#agentTimers.set(conversation, this.store.later(AGENT_TYPING_RENEW_MS, tick));
    };
    tick();
  }

  /** @param {Conversation} conversation */
  stopAgent(conversation) {
    conversation.agentTyping = false;
    const timer = this.#agentTimers.get(conversation);
    if (timer) this.store.cancel(timer);
    this.#agentTimers.delete(conversation);
  }
}
