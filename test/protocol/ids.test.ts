import { expect } from '@open-wc/testing';
import { isUuid, successorToken, uuid } from '../../src/protocol/ids.js';

describe('session tokens', () => {
  it('are random version-4 UUIDs', () => {
    const tokens = new Set(Array.from({ length: 100 }, uuid));
    expect(tokens.size).to.equal(100);
    for (const token of tokens) expect(token).to.match(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('have one successor each, the same wherever it is worked out, so every tab goes on in one new session', () => {
    const token = uuid();
    const next = successorToken(token);
    expect(next).to.equal(successorToken(token));
    expect(next).to.match(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(isUuid(next)).to.equal(true);
    expect(next).to.not.equal(token);
    expect(successorToken(next)).to.not.equal(next);
    // Tokens a character apart have unrelated successors.
    const successors = new Set(Array.from({ length: 200 }, (_, i) => successorToken(`${token.slice(0, -3)}${i.toString(16).padStart(3, '0')}`)));
    expect(successors.size).to.equal(200);
  });
});
