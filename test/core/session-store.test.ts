import { expect } from '@open-wc/testing';
import { SessionStore, type KeyValueStorage } from '../../src/session/session-store.js';

function memory(): KeyValueStorage & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return { data, getItem: k => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v), removeItem: k => void data.delete(k) };
}

describe('session store', () => {
  it('makes a random UUID token when nothing is stored, and does not store it yet', () => {
    const storage = memory();
    const store = new SessionStore('dep', storage);
    const session = store.readOrCreate();
    expect(session.token).to.match(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(session.endRequested).to.equal(false);
    expect(storage.data.size).to.equal(0);
    expect(store.readOrCreate().token).to.not.equal(session.token);
  });

  it('keeps the token and the end intent per deployment', () => {
    const storage = memory();
    new SessionStore('a', storage).write({ token: 't-a', endRequested: true });
    expect(new SessionStore('a', storage).read()).to.deep.equal({ token: 't-a', endRequested: true });
    expect(new SessionStore('b', storage).read()).to.equal(undefined);
  });

  it('ignores stored values that are not a session', () => {
    const storage = memory();
    const store = new SessionStore('a', storage);
    for (const junk of ['{', '"x"', '{"token":5}', '{"token":""}', JSON.stringify({ token: 'x'.repeat(3000) })]) {
      storage.data.set('genesys-chat:a', junk);
      expect(store.read(), junk.slice(0, 20)).to.equal(undefined);
    }
  });

  it('survives storage that throws', () => {
    const throwing: KeyValueStorage = {
      getItem: () => { throw new Error('denied'); },
      setItem: () => { throw new Error('quota'); },
      removeItem: () => { throw new Error('denied'); },
    };
    const store = new SessionStore('a', throwing);
    expect(store.read()).to.equal(undefined);
    expect(() => store.write({ token: 't', endRequested: false })).to.not.throw();
    expect(() => store.clear()).to.not.throw();
  });
});
