import { expect } from '@open-wc/testing';
import { isUuid, uuid } from '../../src/protocol/ids.js';
import { SessionStore, type KeyValueStorage } from '../../src/session/session-store.js';

const memory = (): KeyValueStorage => {
  const data = new Map<string, string>();
  return { getItem: k => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v), removeItem: k => void data.delete(k) };
};

describe('session tokens', () => {
  it('are random version-4 UUIDs', () => {
    const tokens = new Set(Array.from({ length: 100 }, uuid));
    expect(tokens.size).to.equal(100);
    for (const token of tokens) expect(token).to.match(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('have one successor per site, random, the same for every tab that asks, and kept while it is the token', () => {
    const storage = memory();
    const tab = new SessionStore('dep', storage);
    const other = new SessionStore('dep', storage);
    const token = uuid();
    const next = tab.successor(token);
    expect(isUuid(next)).to.equal(true);
    expect(next).to.not.equal(token);
    expect(other.successor(token)).to.equal(next);
    // Stored at once, as having no live session yet: a page load does not connect for it.
    expect(tab.read()).to.include({ token: next, replaces: token, expiresAt: 0 });
    // A tab that saves the session under the new token keeps what it replaced known.
    tab.write({ token: next, endRequested: false, expiresAt: Date.now() + 60_000 });
    expect(other.successor(token)).to.equal(next);
    // Another site (or the same old token elsewhere) gets an unrelated one.
    expect(new SessionStore('dep', memory()).successor(token)).to.not.equal(next);
    // The successor's own successor is new again.
    expect(tab.successor(next)).to.not.equal(next);
  });
});
