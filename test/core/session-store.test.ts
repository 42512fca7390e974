import { expect } from '@open-wc/testing';
import { PAGE_ID, SessionStore, type KeyValueStorage, type StoredMessage } from '../../src/session/session-store.js';

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

  describe('unsent words of several pages', () => {
    const message = (text: string, time: number): StoredMessage => ({ tracingId: `t-${text}`, text, time, wire: false });
    const texts = (session: { outbox?: readonly StoredMessage[] } | undefined) => (session?.outbox ?? []).map(m => m.text);

    it('keeps each page\'s own beside the others\', and gives a page back only its own', () => {
      const storage = memory();
      const store = new SessionStore('a', storage);
      store.write({ token: 't', endRequested: false, outbox: [message('a1', 1)] }, 'page-a');
      store.write({ token: 't', endRequested: false, outbox: [message('b1', 2)] }, 'page-b');
      store.write({ token: 't', endRequested: false, outbox: [message('a1', 1), message('a2', 3)] }, 'page-a');
      expect(texts(store.read())).to.deep.equal(['a1', 'b1', 'a2']);
      expect(texts(store.readOwn('page-a'))).to.deep.equal(['a1', 'a2']);
      expect(texts(store.readOwn('page-b'))).to.deep.equal(['b1']);
      // A page's confirmed words leave; the other page's stay.
      store.write({ token: 't', endRequested: false }, 'page-b');
      expect(texts(store.read())).to.deep.equal(['a1', 'a2']);
    });

    it('takes over the words of pages that are gone, not of pages still loaded', async () => {
      const storage = memory();
      const store = new SessionStore('a', storage);
      // A page still loaded holds its page lock.
      const alive = 'page-alive';
      let release = () => {};
      const held = new Promise<void>(resolve => (release = resolve));
      void navigator.locks.request(`genesys-chat-page:${alive}`, () => held);
      store.write({ token: 't', endRequested: false, outbox: [message('gone', 1)] }, 'page-gone');
      store.write({ token: 't', endRequested: false, outbox: [message('alive', 2)] }, alive);
      await store.adopt();
      expect(texts(store.readOwn())).to.deep.equal(['gone']);
      expect(texts(store.readOwn(alive))).to.deep.equal(['alive']);
      expect(store.readOrCreate().outbox?.map(m => m.owner)).to.deep.equal([PAGE_ID]);
      release();
    });
  });
});
