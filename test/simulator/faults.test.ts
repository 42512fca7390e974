import { expect } from '@open-wc/testing';
import { openGuest } from '../helpers/guest-socket.js';
import type { ServerFrame } from '../helpers/guest-socket.js';
import { simulator } from '../helpers/simulator.js';
import type { SimSession, SimState } from '../helpers/simulator.js';
import { auditAndCloseGuests, configured, conversationWithGuest, echo, framesBeforeEcho, guest, presence, refusal, stateWhere, text } from './support.js';

const configure = (token: string, deploymentId: string, tracingId: string = crypto.randomUUID()) => ({
  action: 'configureSession', token, deploymentId, tracingId,
});

/** What Genesys sends the socket over a session's connection cap: no reason (the official SDK calls it SessionLimitReached). */
const sessionLimit = { type: 'message', class: 'ConnectionClosedEvent', code: 200, body: {} };

/** The first state whose session for `token` satisfies `predicate`. */
const sessionWhere = (token: string, predicate: (session: SimSession) => boolean, what?: string) =>
  stateWhere((state: SimState) => state.sessions.some(s => s.token === token && predicate(s)), what);

/** The handshake probe: 403, 503 or 426 (would upgrade), without using up a refused attempt. */
const probe = async (origin: string, deploymentId: string) => (await fetch(`${origin}/v1?deploymentId=${encodeURIComponent(deploymentId)}`)).status;

const utf8Length = (value: string) => new TextEncoder().encode(value).length;

/** The text frames a socket receives from now on, exactly as they came, one by one. */
function rawFrames(socket: WebSocket): () => Promise<string> {
  const unread: string[] = [];
  const waiting: ((text: string) => void)[] = [];
  socket.addEventListener('message', event => {
    const data = String(event.data);
    const waiter = waiting.shift();
    if (waiter) waiter(data);
    else unread.push(data);
  });
  return () => (unread.length ? Promise.resolve(unread.shift()!) : new Promise<string>(resolve => waiting.push(resolve)));
}

describe('simulator: fault injection', () => {
  afterEach(auditAndCloseGuests);

  describe('connection cap', () => {
    it('refuses a sixth socket of a session with a reasonless ConnectionClosedEvent, closes it with 1000, and records the most at once', async () => {
      const sim = await simulator();
      const { deploymentId } = await sim.createDeployment({ tagAnswers: true, sessionResponse: 'full' });
      const token = crypto.randomUUID();
      const five = [];
      for (let i = 0; i < 5; i += 1) five.push(await configured(deploymentId, token));

      const sixth = await guest(deploymentId);
      sixth.send(configure(token, deploymentId, 'sixth'));
      expect(await sixth.next()).to.deep.equal(sessionLimit);
      expect((await sixth.closed).code).to.equal(1000);
      expect(sixth.received).to.have.length(1);

      expect(await sim.sessionFor(token)).to.include({ connectedSockets: 5, maxConnectedSockets: 5, capRefusals: 1 });
      expect((await sim.state()).deploymentFaults.find(d => d.deploymentId === deploymentId)).to.include({ capRefusals: 1, refusedUpgrades: 0 });
      // The five are untouched.
      for (const { guest: g } of five) expect(await framesBeforeEcho(g, token)).to.deep.equal([]);

      // One leaves, so another may come; the most at once stays five.
      five[4]!.guest.close();
      await sessionWhere(token, s => s.connectedSockets === 4, 'the fifth socket leaving');
      const again = await configured(deploymentId, token);
      expect(again.session.body).to.include({ connected: true, newSession: false });
      five[0]!.guest.send(text(token, 'hello'));
      await five[0]!.guest.next(f => f.class === 'StructuredMessage');
      const conversation = (await sim.conversationFor(token))!;
      expect(conversation).to.include({ connectedSockets: 5, maxConnectedSockets: 5 });
    });

    it('takes connectionCap from the deployment; a socket configuring its own session again is not counted twice', async () => {
      const sim = await simulator();
      const { deploymentId, connectionCap } = await sim.createDeployment({ tagAnswers: true, sessionResponse: 'full', connectionCap: 1 });
      expect(connectionCap).to.equal(1);
      const first = await configured(deploymentId);
      first.guest.send(configure(first.token, deploymentId, 'same-socket'));
      const again = await first.guest.next();
      expect(again).to.include({ class: 'SessionResponse', tracingId: 'same-socket' });
      expect(again.body).to.include({ connected: true, newSession: false });

      const second = await guest(deploymentId);
      second.send(configure(first.token, deploymentId));
      expect(await second.next()).to.deep.equal(sessionLimit);
      expect((await second.closed).code).to.equal(1000);
      // Another token of the deployment has a cap of its own.
      expect((await configured(deploymentId)).session.body.connected).to.equal(true);
      expect(await sim.sessionFor(first.token)).to.include({ connectedSockets: 1, maxConnectedSockets: 1, capRefusals: 1 });

      expect((await sim.createDeployment({ tagAnswers: true, sessionResponse: 'full' })).connectionCap, 'the default').to.equal(5);
      for (const connectionCap of [0, 101, 1.5, '2']) {
        expect(await refusal(sim.createDeployment({ tagAnswers: true, sessionResponse: 'full', connectionCap: connectionCap as never })), String(connectionCap)).to.equal(400);
      }
      expect((await sim.updateDeployment(deploymentId, { connectionCap: 100 })).connectionCap).to.equal(100);
    });
  });

  describe('connection-closed', () => {
    it('sends ConnectionClosedEvent with the reason to every socket of the session, then closes them; the conversation stays', async () => {
      const { sim, deploymentId, guest: a, token, conversation } = await conversationWithGuest();
      const b = await configured(deploymentId, token);
      expect(await sim.connectionClosed(token, 'signedIn')).to.deep.equal({ closed: 2 });
      for (const g of [a, b.guest]) {
        expect(await g.next()).to.deep.equal({ type: 'message', class: 'ConnectionClosedEvent', code: 200, body: { reason: 'signedIn' } });
        expect((await g.closed).code).to.equal(1000);
      }
      expect(await sim.conversationFor(token)).to.include({ id: conversation.id, status: 'open', connectedSockets: 0 });

      const back = await configured(deploymentId, token);
      expect(back.session.body).to.include({ newSession: false });
      expect(await sim.connectionClosed(token)).to.deep.equal({ closed: 1 });
      expect(await back.guest.next()).to.deep.equal({ type: 'message', class: 'ConnectionClosedEvent', code: 200, body: {} });
      expect((await back.guest.closed).code).to.equal(1000);

      expect(await refusal(sim.connectionClosed(crypto.randomUUID()))).to.equal(404);
      expect(await refusal(sim.connectionClosed(token, 5 as never))).to.equal(400);
    });
  });

  describe('refuse-connections', () => {
    it('answers the next `count` upgrades with 503, then lets them through', async () => {
      const sim = await simulator();
      const { deploymentId } = await sim.createDeployment({ tagAnswers: true, sessionResponse: 'full' });
      expect(await sim.refuseConnections(deploymentId, { count: 2 })).to.deep.equal({ refusing: true, until: null, remaining: 2, refusedUpgrades: 0 });
      expect(await probe(sim.origin, deploymentId), 'a probe does not count').to.equal(503);
      expect(await (await guest(deploymentId)).opened).to.equal(false);
      expect(await (await guest(deploymentId)).opened).to.equal(false);
      expect(await (await guest(deploymentId)).opened).to.equal(true);
      expect(await probe(sim.origin, deploymentId)).to.equal(426);
      expect((await sim.state()).deploymentFaults.find(d => d.deploymentId === deploymentId)).to.deep.equal({
        deploymentId, refusingConnections: false, refusedUpgrades: 2, capRefusals: 0,
      });

      // With neither limit it lasts until stopped, by DELETE or by forMs 0.
      expect(await sim.refuseConnections(deploymentId)).to.include({ refusing: true, until: null, remaining: null });
      expect(await (await guest(deploymentId)).opened).to.equal(false);
      expect(await sim.stopRefusingConnections(deploymentId)).to.deep.equal({ refusing: false, until: null, remaining: null, refusedUpgrades: 3 });
      expect(await (await guest(deploymentId)).opened).to.equal(true);
      await sim.refuseConnections(deploymentId);
      expect(await sim.refuseConnections(deploymentId, { forMs: 0 })).to.include({ refusing: false });
      expect(await probe(sim.origin, deploymentId)).to.equal(426);

      for (const limits of [{ count: 0 }, { count: 1.5 }, { forMs: -1 }, { forMs: '10' }]) {
        expect(await refusal(sim.refuseConnections(deploymentId, limits as never)), JSON.stringify(limits)).to.equal(400);
      }
      expect(await refusal(sim.refuseConnections(crypto.randomUUID(), { count: 1 }))).to.equal(404);
    });

    it('refuses for a time window, and the state says when it is over', async () => {
      const sim = await simulator();
      const { deploymentId } = await sim.createDeployment({ tagAnswers: true, sessionResponse: 'full' });
      const answer = await sim.refuseConnections(deploymentId, { forMs: 1000 });
      expect(answer).to.include({ refusing: true, remaining: null });
      expect(Number.isNaN(Date.parse(answer.until!))).to.equal(false);
      expect(await (await guest(deploymentId)).opened).to.equal(false);

      await stateWhere(s => s.deploymentFaults.some(d => d.deploymentId === deploymentId && !d.refusingConnections), 'the end of the window');
      expect(await (await guest(deploymentId)).opened).to.equal(true);
      const faults = (await sim.state()).deploymentFaults.find(d => d.deploymentId === deploymentId)!;
      expect(faults.refusedUpgrades).to.equal(1);
    });
  });

  describe('outbound frame faults', () => {
    it('delayMs delays every frame to the session, in order', async () => {
      const { sim, guest: g, token, conversation } = await conversationWithGuest();
      expect(await sim.setFaults(token, { delayMs: 300 })).to.deep.equal({
        faults: { delayMs: 300, duplicate: false, reorder: false, withhold: false }, sockets: 1, released: 0,
      });
      const started = performance.now();
      g.send(text(token, 'one', 'd1'));
      g.send(text(token, 'two', 'd2'));
      g.send(echo(token, 'd3'));
      const first = await g.next();
      // The server's clock counts whole milliseconds, so allow for its rounding.
      expect(performance.now() - started).to.be.at.least(295);
      const rest = [await g.next(), await g.next()];
      expect([first, ...rest].map(f => f.tracingId)).to.deep.equal(['d1', 'd2', 'd3']);

      await sim.agentSay(conversation.id, 'slow reply');
      expect((await g.next()).body.text).to.equal('slow reply');
      expect((await sim.sessionFor(token))!.faults).to.deep.equal({ delayMs: 300, duplicate: false, reorder: false, withhold: false });

      expect(await sim.clearFaults(token)).to.deep.equal({ faults: null, sockets: 1, released: 0 });
      expect(await framesBeforeEcho(g, token)).to.deep.equal([]);
      expect((await sim.sessionFor(token))!.faults).to.equal(null);
    });

    it('duplicate sends each StructuredMessage twice, identical, and other frames once', async () => {
      const { sim, guest: g, token } = await conversationWithGuest();
      await sim.setFaults(token, { duplicate: true });
      g.send(text(token, 'twice?', 'dup'));
      const [a, b] = [await g.next(), await g.next()];
      expect(a).to.deep.equal(b);
      expect(a).to.include({ class: 'StructuredMessage', tracingId: 'dup' });

      await sim.pushError(token, 5000);
      expect(await g.next()).to.include({ class: 'string', code: 5000 });
      g.send(echo(token, 'ping-twice'));
      const [c, d] = [await g.next(), await g.next()];
      expect(c).to.include({ type: 'response', class: 'StructuredMessage', tracingId: 'ping-twice' });
      expect(d).to.deep.equal(c);

      // Delivered once all the same: only the frames to the guest were doubled.
      const lines = (await sim.conversationFor(token))!.messages.filter(m => m.tracingId === 'dup');
      expect(lines).to.have.length(1);
    });

    it('reorder swaps each pair of frames, and sends a lone frame after 200 ms', async () => {
      const sim = await simulator();
      const { deploymentId } = await sim.createDeployment({ tagAnswers: true, sessionResponse: 'full', greeting: 'Welcome' });
      const { guest: g, token } = await configured(deploymentId);
      await sim.setFaults(token, { reorder: true });
      // A Join that opens the conversation makes two frames at once: its echo, then the greeting.
      g.send(presence(token, 'Join', 'join'));
      const [first, second] = [await g.next(), await g.next()];
      expect(first.body.text).to.equal('Welcome');
      expect(second).to.include({ tracingId: 'join' });
      expect(second.body.events[0].presence.type).to.equal('Join');

      const started = performance.now();
      g.send(echo(token, 'alone'));
      expect(await g.next()).to.include({ tracingId: 'alone' });
      expect(performance.now() - started).to.be.at.least(195);
    });

    it('withhold keeps every frame, for current and future sockets, until release-frames sends them in order', async () => {
      const { sim, deploymentId, guest: a, token, conversation } = await conversationWithGuest();
      await sim.setFaults(token, { withhold: true });
      const seen = a.received.length;
      a.send(text(token, 'held one', 'w1'));
      await sessionWhere(token, s => s.withheldFrames === 1);
      await sim.agentSay(conversation.id, 'held two');
      const late = await guest(deploymentId);
      late.send(configure(token, deploymentId, 'late'));
      await sessionWhere(token, s => s.withheldFrames === 3 && s.connectedSockets === 2, 'three withheld frames');
      expect(a.received).to.have.length(seen);
      expect(late.received).to.have.length(0);

      expect(await sim.releaseFrames(token)).to.deep.equal({ released: 3, dropped: 0 });
      expect(await a.next()).to.include({ class: 'StructuredMessage', tracingId: 'w1' });
      expect((await a.next()).body.text).to.equal('held two');
      expect(await late.next()).to.include({ class: 'SessionResponse', tracingId: 'late' });

      // Still withholding; clearing the faults sends what is held.
      a.send(echo(token, 'after'));
      await sessionWhere(token, s => s.withheldFrames === 1);
      expect(await sim.clearFaults(token)).to.deep.equal({ faults: null, sockets: 2, released: 1 });
      expect(await a.next()).to.include({ tracingId: 'after' });
      expect(await sim.releaseFrames(token)).to.deep.equal({ released: 0, dropped: 0 });
    });

    it('withheld frames of a socket that closes are dropped, and release-frames says how many', async () => {
      const { sim, deploymentId, guest: a, token } = await conversationWithGuest();
      const b = await configured(deploymentId, token);
      await sim.setFaults(token, { withhold: true });
      a.send(text(token, 'lost with the socket', 'lost'));
      await sessionWhere(token, s => s.withheldFrames === 2);
      a.close();
      await a.closed;
      await sessionWhere(token, s => s.connectedSockets === 1 && s.withheldFrames === 1, 'the first socket leaving');

      expect(await sim.releaseFrames(token)).to.deep.equal({ released: 1, dropped: 1 });
      expect(await b.guest.next()).to.include({ class: 'StructuredMessage', tracingId: 'lost' });
      expect(a.received.some(f => f.tracingId === 'lost')).to.equal(false);
      // The message itself got through: only its echo to the closed socket was lost.
      expect((await sim.conversationFor(token))!.messages.filter(m => m.tracingId === 'lost')).to.have.length(1);

      // The server closing a socket drops what it withheld too: here the ConnectionClosedEvent itself.
      expect(await sim.connectionClosed(token, 'signedIn')).to.deep.equal({ closed: 1 });
      expect((await b.guest.closed).code).to.equal(1000);
      expect(b.guest.received.some(f => f.class === 'ConnectionClosedEvent')).to.equal(false);
      expect(await sim.releaseFrames(token)).to.deep.equal({ released: 0, dropped: 1 });
    });

    it('applies to a token before its first configureSession, and validates the faults', async () => {
      const sim = await simulator();
      const { deploymentId } = await sim.createDeployment({ tagAnswers: true, sessionResponse: 'full' });
      const token = crypto.randomUUID();
      expect(await sim.setFaults(token, { withhold: true })).to.deep.equal({
        faults: { delayMs: 0, duplicate: false, reorder: false, withhold: true }, sockets: 0, released: 0,
      });
      const g = await guest(deploymentId);
      g.send(configure(token, deploymentId, 'first'));
      await sessionWhere(token, s => s.withheldFrames === 1, 'the withheld SessionResponse');
      expect(await sim.releaseFrames(token)).to.deep.equal({ released: 1, dropped: 0 });
      expect(await g.next()).to.include({ class: 'SessionResponse', tracingId: 'first' });

      for (const faults of [{ delayMs: -1 }, { delayMs: 60001 }, { delayMs: 1.5 }, { duplicate: 'yes' }, { slow: true }]) {
        expect(await refusal(sim.setFaults(token, faults as never)), JSON.stringify(faults)).to.equal(400);
      }
      expect(await refusal(sim.releaseFrames(crypto.randomUUID()))).to.equal(404);
    });
  });

  describe('raw frames', () => {
    it('sends raw text frames byte for byte, up to 2 MB', async () => {
      const sim = await simulator();
      const { deploymentId } = await sim.createDeployment({ tagAnswers: true, sessionResponse: 'full' });
      const token = crypto.randomUUID();
      // Not one of the audited guests: these frames are broken on purpose.
      const raw = openGuest(sim.wsUrl, deploymentId);
      try {
        const nextText = rawFrames(raw.socket);
        raw.send(configure(token, deploymentId, 'raw'));
        expect(JSON.parse(await nextText())).to.include({ class: 'SessionResponse' });

        const huge = `{"junk":"${'y'.repeat(2 * 1024 * 1024 - 11)}"}`;
        const samples = [
          '{"type":"message","class":"StructuredMessage"',
          '{"type":"message","class":"NoSuchEvent","code":"200","body":[]}',
          '{"type":"message","class":"StructuredMessage","code":200,"body":{"type":"Text","text":42}}',
          'not JSON at all: é ✓ 🙂',
          huge,
        ];
        for (const data of samples) {
          expect(await sim.sendRaw(token, data)).to.deep.equal({ sent: 1, bytes: utf8Length(data) });
          const received = await nextText();
          expect(received === data, `${data.slice(0, 60)}… (${received.length} characters received)`).to.equal(true);
        }
        expect(utf8Length(huge)).to.equal(2 * 1024 * 1024);
        expect(await refusal(sim.sendRaw(token, `${huge}!`))).to.equal(400);
        expect(await refusal(sim.sendRaw(crypto.randomUUID(), '{}'))).to.equal(404);
      } finally {
        raw.close();
      }
    });

    it('sends a valid StructuredMessage of the size asked for', async () => {
      const { sim, guest: g, token } = await conversationWithGuest();
      const sent = await sim.sendOversize(token, 1_500_000);
      expect(sent.sent).to.equal(1);
      expect(sent.bytes).to.be.greaterThan(1_500_000);
      const frame = await g.next();
      expect(frame).to.include({ type: 'message', class: 'StructuredMessage', code: 200 });
      expect(frame.body).to.include({ type: 'Text', direction: 'Outbound' });
      expect(frame.body.text).to.equal('x'.repeat(1_500_000));
      expect((await sim.conversationFor(token))!.messages.map(m => m.text), 'not in the transcript').to.deep.equal(['I need help']);

      expect(await refusal(sim.sendOversize(token, 0))).to.equal(400);
      expect(await refusal(sim.sendOversize(token, 2 * 1024 * 1024 + 1))).to.equal(400);
      const both = await fetch(`${sim.origin}/sim/sessions/${token}/raw`, {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ data: '{}', oversizeBytes: 10 }),
      });
      expect(both.status).to.equal(400);
    });
  });

  describe('inbound duplicates', () => {
    it('delivers and records a message sent twice with the same tracingId twice', async () => {
      const { sim, guest: g, token } = await conversationWithGuest();
      g.send(text(token, 'Sent twice', 'same-id'));
      g.send(text(token, 'Sent twice', 'same-id'));
      const echoes: ServerFrame[] = [await g.next(), await g.next()];
      expect(echoes.map(f => f.tracingId)).to.deep.equal(['same-id', 'same-id']);
      expect(echoes[0]!.body.id).to.not.equal(echoes[1]!.body.id);

      const messages = (await sim.conversationFor(token))!.messages;
      expect(messages.filter(m => m.tracingId === 'same-id').map(m => [m.author, m.text])).to.deep.equal([
        ['customer', 'Sent twice'],
        ['customer', 'Sent twice'],
      ]);
      expect(messages[0]!.tracingId, 'every customer line has its tracingId').to.be.a('string');
    });
  });
});
