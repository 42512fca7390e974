// @ts-check
/**
 * The message history (reference §3.8): `GET /api/v2/webmessaging/messages` with a `getJwt` token
 * as its bearer, and the older messages the control API seeds for paging tests.
 */
import { DEFAULT_AGENT } from './agent.mjs';
import { NotFound } from './errors.mjs';
import * as frames from './frames.mjs';
import { JwtSigner } from './jwt.mjs';
import { sessionKey } from './store.mjs';

/**
 * @typedef {import('./conversation.mjs').HistoryPage} HistoryPage
 * @typedef {import('./conversation.mjs').MessageBody} MessageBody
 * @typedef {import('./sessions.mjs').Session} Session
 * @typedef {import('./store.mjs').Store} Store
 */

/** Seeded history in one call: enough for any paging test, small enough to stay quick. */
const MAX_SEEDED_MESSAGES = 1000;

/** `getJwt` and the history its tokens open. */
export class History {
  /** Signs the `getJwt` tokens, so the history endpoint can tell its own from forged or altered ones. */
  #jwt = new JwtSigner();

  /** @param {Store} store */
  constructor(store) {
    this.store = store;
  }

  /** `getJwt`: a token for this session's history. @param {Session} session */
  issueJwt(session) {
    return this.#jwt.issue(session);
  }

  /**
   * A page of the session's current conversation, newest first. Null when the bearer token is not
   * good (the caller answers 401). A session that has since gone (cleared, expired) has no history
   * left: an empty list.
   * @param {string} jwt @param {number} pageNumber @param {number} pageSize
   * @returns {HistoryPage | null}
   */
  page(jwt, pageNumber, pageSize) {
    const claims = this.#jwt.verify(jwt);
    if (!claims) return null;
    const conversation = this.store.sessions.get(sessionKey(claims.deploymentId, claims.token))?.conversation;
    if (!conversation) return { entities: [], pageSize, pageNumber, total: 0, pageCount: 0 };
    return conversation.historyPage(pageNumber, pageSize);
  }

  /**
   * Adds `count` older messages before the conversation's first one, alternating agent and
   * customer, a minute apart, without sending anything: long histories for paging tests.
   * `{n}` in the template is the message's number, 1 being the oldest.
   * @param {string} conversationId @param {number} count @param {string} [template]
   */
  seed(conversationId, count, template = 'Old message {n}') {
    const conversation = this.store.conversations.get(conversationId);
    if (!conversation) throw new NotFound(`no conversation ${conversationId}`);
    if (!Number.isInteger(count) || count < 1 || count > MAX_SEEDED_MESSAGES) {
      throw new RangeError(`count must be an integer from 1 to ${MAX_SEEDED_MESSAGES}`);
    }
    const newest = conversation.oldestTime() - 60_000;
    const entries = Array.from({ length: count }, (_, i) => {
      const n = i + 1;
      const author = /** @type {'agent' | 'customer'} */ (n % 2 === 1 ? 'agent' : 'customer');
      const text = template.replaceAll('{n}', String(n));
      const time = new Date(newest - (count - n) * 60_000).toISOString();
      const frame = author === 'agent'
        ? frames.structuredMessage({ direction: 'Outbound', messageType: 'Text', text, originatingEntity: 'Human', from: DEFAULT_AGENT, time })
        : frames.structuredMessage({ direction: 'Inbound', messageType: 'Text', text, originatingEntity: 'Human', time });
      return { author, text, body: /** @type {MessageBody} */ (frame.body) };
    });
    conversation.prepend(entries);
    this.store.changed();
    return conversation.snapshot(this.store.live(conversation));
  }
}
