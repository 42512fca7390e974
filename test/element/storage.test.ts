import { expect, oneEvent, waitUntil } from '@open-wc/testing';
import type { GenesysChat } from '../../src/index.js';
import { sessionKey } from '../../src/session/session-key.js';
import { MockServer } from '../helpers/mock-server.js';
import { mountChat, part } from './chat-fixture.js';

/** Mounts with a storage mode, opens, and waits for the session. */
async function chat(server: MockServer, storage?: string): Promise<GenesysChat> {
  const el = await mountChat(server, storage === undefined ? {} : { storage });
  const connected = oneEvent(el, 'genesys-chat-connected');
  part(el, 'launcher').click();
  await connected;
  return el;
}

const tokens = (server: MockServer) => server.received.filter(f => f['action'] === 'configureSession').map(f => String(f['token']));

describe('<genesys-chat> storage', () => {
  const used: string[] = [];
  const keyOf = (server: MockServer) => {
    const key = sessionKey(server.deploymentId);
    used.push(key);
    return key;
  };
  afterEach(() => {
    for (const key of used.splice(0)) {
      localStorage.removeItem(key);
      sessionStorage.removeItem(key);
    }
  });

  it('keeps the session in localStorage by default, and a reload resumes it', async () => {
    const server = new MockServer();
    const key = keyOf(server);
    (await chat(server)).remove();
    expect(JSON.parse(localStorage.getItem(key)!)).to.include({ token: tokens(server)[0] });
    expect(sessionStorage.getItem(key)).to.equal(null);
    await chat(server);
    expect(new Set(tokens(server)).size).to.equal(1);
  });

  it('storage="session" keeps it in this tab only (sessionStorage), and a reload of the tab resumes it', async () => {
    const server = new MockServer();
    const key = keyOf(server);
    (await chat(server, 'session')).remove();
    expect(JSON.parse(sessionStorage.getItem(key)!)).to.include({ token: tokens(server)[0] });
    expect(localStorage.getItem(key)).to.equal(null);
    await chat(server, 'session');
    expect(new Set(tokens(server)).size).to.equal(1);
  });

  it('storage="none" keeps nothing anywhere: a reload starts a new session', async () => {
    const server = new MockServer();
    const key = keyOf(server);
    const el = await chat(server, 'none');
    el.send('Hello');
    await waitUntil(() => server.received.some(f => (f['message'] as { text?: string } | undefined)?.text === 'Hello'));
    el.remove();
    expect([localStorage.getItem(key), sessionStorage.getItem(key)]).to.deep.equal([null, null]);
    await chat(server, 'none');
    const [first, second] = tokens(server);
    expect(second).to.not.equal(first);
  });

  it('a site that moves to another mode leaves nothing in the storage it no longer uses, and does not resume from it', async () => {
    const server = new MockServer();
    const key = keyOf(server);
    const old = crypto.randomUUID();
    localStorage.setItem(key, JSON.stringify({ token: old, endRequested: false }));
    await chat(server, 'session');
    expect(localStorage.getItem(key)).to.equal(null);
    expect(tokens(server)).to.have.length(1);
    expect(tokens(server)[0]).to.not.equal(old);
    expect(JSON.parse(sessionStorage.getItem(key)!)).to.include({ token: tokens(server)[0] });
  });
});
