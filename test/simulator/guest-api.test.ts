import { expect } from '@open-wc/testing';
import type { ServerFrame } from '../helpers/guest-socket.js';
import { simulator } from '../helpers/simulator.js';
import {
  auditAndCloseGuests,
  configured,
  echo,
  event,
  framesBeforeEcho,
  guest,
  presence,
  stateWhere,
  text,
} from './support.js';

const is = (cls: string) => (frame: ServerFrame) => frame.class === cls;

describe('simulator: the Guest API over a real WebSocket', () => {
  afterEach(auditAndCloseGuests);

  describe('handshake', () => {
    it('refuses an unknown deployment with HTTP 403 and no upgrade', async () => {
      const sim = await simulator();
      const g = await guest('00000000-0000-4000-8000-00000000dead');
      expect(await g.opened).to.equal(false);
      expect((await g.closed).code).to.equal(1006);
      const plain = await fetch(`${sim.origin}/v1?deploymentId=00000000-0000-4000-8000-00000000dead`);
      expect(plain.status).to.equal(403);
    });

    it('refuses a deployment set to refuse handshakes, and lets it through once allowed', async () => {
      const sim = await simulator();
      const { deploymentId } = await sim.createDeployment({ tagAnswers: true, sessionResponse: 'full', refuseHandshake: true });
      const refused = await guest(deploymentId);
      expect(await refused.opened).to.equal(false);
      expect((await fetch(`${sim.origin}/v1?deploymentId=${deploymentId}`)).status).to.equal(403);

      await sim.updateDeployment(deploymentId, { refuseHandshake: false });
      expect(await (await guest(deploymentId)).opened).to.equal(true);
      expect((await fetch(`${sim.origin}/v1?deploymentId=${deploymentId}`)).status).to.equal(426);
    });

    it('refuses a page whose site is not in the deployment\'s allowed domains, as Genesys does; lets it through once listed', async () => {
      const sim = await simulator();
      const { deploymentId, allowedDomains } = await sim.createDeployment();
      // By default: this machine only.
      expect(allowedDomains).to.deep.equal(['localhost', '127.0.0.1', '[::1]']);
      expect(await (await guest(deploymentId)).opened).to.equal(true);

      await sim.updateDeployment(deploymentId, { allowedDomains: ['shop.example.com', '*.example.org'] });
      expect(await (await guest(deploymentId)).opened).to.equal(false);
      expect((await fetch(`${sim.origin}/v1?deploymentId=${deploymentId}`)).status).to.equal(403);

      await sim.updateDeployment(deploymentId, { allowedDomains: [location.hostname] });
      expect(await (await guest(deploymentId)).opened).to.equal(true);
      await sim.updateDeployment(deploymentId, { allowedDomains: ['*'] });
      expect(await (await guest(deploymentId)).opened).to.equal(true);
    });

    it('always has the demo deployment', async () => {
      expect(await (await guest('5c0a3f8e-9d2b-4f7e-8a61-3b2d9e4c7f10')).opened).to.equal(true);
    });
  });

  describe('configureSession', () => {
    it('starts a new session for an unknown token and resumes it for a known one', async () => {
      const sim = await simulator();
      const { deploymentId } = await sim.createDeployment({ tagAnswers: true, sessionResponse: 'full' });
      const first = await configured(deploymentId);
      expect(first.session.type).to.equal('response');
      expect(first.session.body).to.deep.include({
        connected: true,
        newSession: true,
        readOnly: false,
        maxCustomDataBytes: 2048,
        durationSeconds: 259200,
      });
      // Uploads are off by default, so the session names no media (test/simulator/attachments.test.ts).
      expect(first.session.body).to.not.have.any.keys('allowedMedia', 'blockedExtensions');
      const expiry = first.session.body.expirationDate as number;
      expect(Math.abs(expiry - (Date.now() / 1000 + 259200))).to.be.below(60);

      const second = await configured(deploymentId, first.token);
      expect(second.session.body).to.include({ connected: true, newSession: false });

      first.guest.close();
      await first.guest.closed;
      const again = await configured(deploymentId, first.token);
      expect(again.session.body.newSession).to.equal(false);
    });

    it('answers the next configureSession with the session error once, then works again', async () => {
      const sim = await simulator();
      const { deploymentId } = await sim.createDeployment({ tagAnswers: true, sessionResponse: 'full', sessionError: 4007 });
      const g = await guest(deploymentId);
      g.send({ action: 'configureSession', token: crypto.randomUUID(), deploymentId, tracingId: 't-4007' });
      expect(await g.next()).to.deep.equal({
        type: 'response', class: 'string', code: 4007, body: 'session not found error message', tracingId: 't-4007',
      });
      expect((await sim.updateDeployment(deploymentId, {})).sessionError).to.equal(null);

      g.send({ action: 'configureSession', token: crypto.randomUUID(), deploymentId });
      expect((await g.next()).body).to.include({ connected: true, newSession: true });

      const known = await configured(deploymentId);
      await sim.updateDeployment(deploymentId, { sessionError: 4006 });
      known.guest.send({ action: 'configureSession', token: known.token, deploymentId });
      expect(await known.guest.next()).to.include({ class: 'string', code: 4006, body: 'session expired error message' });
    });

    it('refuses a configureSession without a token or for another deployment', async () => {
      const sim = await simulator();
      const { deploymentId } = await sim.createDeployment({ tagAnswers: true, sessionResponse: 'full' });
      const g = await guest(deploymentId);
      g.send({ action: 'configureSession', deploymentId, tracingId: 'no-token' });
      expect(await g.next()).to.deep.equal({ type: 'response', class: 'string', code: 400, body: 'Request failed.', tracingId: 'no-token' });
      g.send({ action: 'configureSession', token: 'x', deploymentId: crypto.randomUUID(), tracingId: 'other' });
      expect(await g.next()).to.include({ code: 400, tracingId: 'other' });
    });

    it('refuses messages before the session is configured', async () => {
      const sim = await simulator();
      const { deploymentId } = await sim.createDeployment({ tagAnswers: true, sessionResponse: 'full' });
      const g = await guest(deploymentId);
      g.send(text('never-configured', 'hello', 'early'));
      expect(await g.next()).to.deep.equal({ type: 'response', class: 'string', code: 400, body: 'Request failed.', tracingId: 'early' });
    });
  });

  describe('onMessage', () => {
    it('echoes the text Inbound to every socket of the session, with the same tracingId', async () => {
      const sim = await simulator();
      const { deploymentId } = await sim.createDeployment({ tagAnswers: true, sessionResponse: 'full' });
      const a = await configured(deploymentId);
      const b = await configured(deploymentId, a.token);
      const other = await configured(deploymentId);

      a.guest.send(text(a.token, 'Hello there', 'trace-1'));
      const [onA, onB] = await Promise.all([a.guest.next(), b.guest.next()]);
      expect(onA).to.deep.equal(onB);
      expect(onA).to.include({ type: 'message', class: 'StructuredMessage', code: 200, tracingId: 'trace-1' });
      expect(onA.body).to.include({ type: 'Text', text: 'Hello there', direction: 'Inbound', originatingEntity: 'Human' });
      expect(onA.body.channel.messageId).to.equal(onA.body.id);
      expect(Date.parse(onA.body.channel.time)).to.be.a('number').and.not.NaN;
      expect(onA.body.metadata.correlationId).to.be.a('string');
      // Another session of the deployment hears nothing of it.
      expect(await framesBeforeEcho(other.guest, other.token)).to.deep.equal([]);

      const conversation = (await sim.conversationFor(a.token))!;
      expect(conversation).to.include({ status: 'open', endedBy: null, clearRequests: 0, connectedSockets: 2 });
      expect(conversation.messages).to.deep.equal([
        { id: onA.body.id, author: 'customer', text: 'Hello there', time: onA.body.channel.time, tracingId: 'trace-1' },
      ]);
    });

    it('refuses text over 4000 characters (the default maxTextLength) with 4011', async () => {
      const sim = await simulator();
      const { deploymentId } = await sim.createDeployment({ tagAnswers: true, sessionResponse: 'full' });
      const { guest: g, token } = await configured(deploymentId);
      g.send(text(token, 'x'.repeat(4001), 'long'));
      expect(await g.next()).to.deep.equal({ type: 'response', class: 'string', code: 4011, body: 'message too long', tracingId: 'long' });
      g.send(text(token, 'x'.repeat(4000), 'just-fits'));
      expect(await g.next()).to.include({ class: 'StructuredMessage', tracingId: 'just-fits' });
    });

    it('records typing without answering it', async () => {
      const sim = await simulator();
      const { deploymentId } = await sim.createDeployment({ tagAnswers: true, sessionResponse: 'full' });
      const { guest: g, token } = await configured(deploymentId);
      g.send(text(token, 'first'));
      await g.next(is('StructuredMessage'));
      g.send(event(token, { eventType: 'Typing', typing: { type: 'On' } }));
      expect(await framesBeforeEcho(g, token)).to.deep.equal([]);
      expect((await sim.conversationFor(token))!.customerTyping).to.equal(true);
      g.send(text(token, 'second'));
      await g.next(is('StructuredMessage'));
      expect((await sim.conversationFor(token))!.customerTyping).to.equal(false);
    });

    it('opens the conversation on Presence Join, with the deployment greeting', async () => {
      const sim = await simulator();
      const { deploymentId } = await sim.createDeployment({ tagAnswers: true, sessionResponse: 'full', greeting: 'Welcome! How can we help?' });
      const { guest: g, token } = await configured(deploymentId);
      expect(await sim.conversationFor(token)).to.equal(undefined);

      g.send(presence(token, 'Join', 'join-1'));
      const joined = await g.next();
      expect(joined).to.include({ class: 'StructuredMessage', tracingId: 'join-1' });
      expect(joined.body).to.deep.include({ type: 'Event', direction: 'Inbound', events: [{ eventType: 'Presence', presence: { type: 'Join' } }] });
      const greeting = await g.next();
      expect(greeting.body).to.include({ type: 'Text', text: 'Welcome! How can we help?', direction: 'Outbound', originatingEntity: 'Bot' });

      const conversation = (await sim.conversationFor(token))!;
      expect(conversation.status).to.equal('open');
      expect(conversation.messages.map(m => [m.author, m.text])).to.deep.equal([['bot', 'Welcome! How can we help?']]);
    });

    it('refuses structurally invalid messages with 400', async () => {
      const sim = await simulator();
      const { deploymentId } = await sim.createDeployment({ tagAnswers: true, sessionResponse: 'full' });
      const { guest: g, token } = await configured(deploymentId);
      const invalid = [
        { type: 'Nope', text: 'x' },
        { type: 'Text' },
        { type: 'Text', text: 42 },
        { type: 'Event', events: [] },
        { type: 'Event', events: [{ eventType: 'Presence', presence: { type: 'SignIn' } }] },
        { type: 'Event', events: [{ eventType: 'Typing' }] },
        'not an object',
      ];
      for (const [i, message] of invalid.entries()) {
        g.send({ action: 'onMessage', token, tracingId: `bad-${i}`, message });
        expect(await g.next(), JSON.stringify(message)).to.deep.equal({
          type: 'response', class: 'string', code: 400, body: 'Request failed.', tracingId: `bad-${i}`,
        });
      }
      expect(await sim.conversationFor(token)).to.equal(undefined);
    });
  });

  describe('Presence Clear', () => {
    it('acknowledges, clears and closes every socket of the session, and ends the conversation as the customer', async () => {
      const sim = await simulator();
      const { deploymentId } = await sim.createDeployment({ tagAnswers: true, sessionResponse: 'full' });
      const a = await configured(deploymentId);
      const b = await configured(deploymentId, a.token);
      a.guest.send(text(a.token, 'Bye'));
      await Promise.all([a.guest.next(), b.guest.next()]);

      a.guest.send(presence(a.token, 'Clear', 'clear-1'));
      const ack = await a.guest.next();
      expect(ack).to.include({ type: 'response', class: 'StructuredMessage', code: 200, tracingId: 'clear-1' });
      expect(ack.body).to.deep.include({ type: 'Event', direction: 'Inbound', events: [{ eventType: 'Presence', presence: { type: 'Clear' } }] });
      for (const g of [a.guest, b.guest]) {
        expect(await g.next()).to.deep.equal({ type: 'message', class: 'SessionClearedEvent', code: 200, body: {} });
        expect(await g.next()).to.deep.equal({ type: 'message', class: 'ConnectionClosedEvent', code: 200, body: {} });
        expect((await g.closed).code).to.equal(1000);
      }
      // The other socket never saw the requester's acknowledgement, only the session-wide events.
      expect(b.guest.received.map(f => f.class)).to.deep.equal(['SessionResponse', 'StructuredMessage', 'SessionClearedEvent', 'ConnectionClosedEvent']);

      const ended = (await sim.conversationFor(a.token))!;
      expect(ended).to.include({ status: 'ended', endedBy: 'customer', clearRequests: 1, connectedSockets: 0 });
      expect(ended.endedAt).to.be.a('string');

      const next = await configured(deploymentId, a.token);
      expect(next.session.body.newSession).to.equal(true);
      next.guest.send(text(a.token, 'Hello again'));
      await next.guest.next();
      const fresh = (await sim.conversationFor(a.token))!;
      expect(fresh.id).to.not.equal(ended.id);
      expect(fresh).to.include({ status: 'open', clearRequests: 0 });
      expect(fresh.messages.map(m => m.text)).to.deep.equal(['Hello again']);
    });

    it('answers exactly the 403 frame and nothing else when the deployment does not allow Clear', async () => {
      const sim = await simulator();
      const { deploymentId } = await sim.createDeployment({ tagAnswers: true, sessionResponse: 'full', clearAllowed: false });
      const { guest: g, token } = await configured(deploymentId);
      g.send(text(token, 'Hi'));
      await g.next();
      g.send(presence(token, 'Clear', 'refused'));
      expect(await framesBeforeEcho(g, token)).to.deep.equal([
        { type: 'response', class: 'string', code: 403, body: 'Presence events Conversation Clear are not supported', tracingId: 'refused' },
      ]);
      expect(await sim.conversationFor(token)).to.include({ status: 'open', endedBy: null, clearRequests: 1, connectedSockets: 1 });
    });

    it('withholds the acknowledgement until released', async () => {
      const sim = await simulator();
      const { deploymentId } = await sim.createDeployment({ tagAnswers: true, sessionResponse: 'full', ack: 'withheld' });
      const { guest: g, token } = await configured(deploymentId);
      g.send(text(token, 'Please end this'));
      await g.next();

      g.send(presence(token, 'Clear', 'held'));
      expect(await framesBeforeEcho(g, token)).to.deep.equal([]);
      expect(await sim.conversationFor(token)).to.include({ status: 'open', clearRequests: 1 });
      expect((await sim.frames(deploymentId)).filter(f => f.frame?.['tracingId'] === 'held')).to.have.length(1);

      expect(await sim.release(deploymentId)).to.deep.equal({ released: 1 });
      expect(await g.next()).to.include({ type: 'response', class: 'StructuredMessage', tracingId: 'held' });
      expect(await g.next()).to.include({ class: 'SessionClearedEvent' });
      expect(await g.next()).to.include({ class: 'ConnectionClosedEvent' });
      expect((await g.closed).code).to.equal(1000);
      expect(await sim.conversationFor(token)).to.include({ status: 'ended', endedBy: 'customer', clearRequests: 1 });
      expect(await sim.release(deploymentId)).to.deep.equal({ released: 0 });
    });

    it('acknowledges after the configured delay', async () => {
      const sim = await simulator();
      const { deploymentId } = await sim.createDeployment({ tagAnswers: true, sessionResponse: 'full', ack: 20 });
      const { guest: g, token } = await configured(deploymentId);
      g.send(presence(token, 'Clear', 'later'));
      expect(await g.next()).to.include({ class: 'StructuredMessage', tracingId: 'later' });
      expect(await g.next()).to.include({ class: 'SessionClearedEvent' });
      expect(await g.next()).to.include({ class: 'ConnectionClosedEvent' });
      // A Clear with no conversation yet still counts, on a conversation of its own.
      expect(await sim.conversationFor(token)).to.include({ status: 'ended', endedBy: 'customer', clearRequests: 1 });
    });
  });

  it('leaves the conversation open when the customer just closes the socket', async () => {
    const sim = await simulator();
    const { deploymentId } = await sim.createDeployment({ tagAnswers: true, sessionResponse: 'full' });
    const { guest: g, token } = await configured(deploymentId);
    g.send(text(token, 'brb'));
    await g.next();
    g.close();
    await g.closed;
    const state = await stateWhere(s => s.conversations.some(c => c.token === token && c.connectedSockets === 0), 'the socket detached');
    expect(state.conversations.find(c => c.token === token)).to.include({ status: 'open', endedBy: null, clearRequests: 0 });
  });

  describe('other actions', () => {
    it('answers echo with "ping" and the session expiry', async () => {
      const sim = await simulator();
      const { deploymentId } = await sim.createDeployment({ tagAnswers: true, sessionResponse: 'full' });
      const { guest: g, token } = await configured(deploymentId);
      g.send(echo(token, 'SGVhbHRoQ2hlY2tNZXNzYWdlSWQ='));
      const reply = await g.next();
      expect(reply).to.include({ type: 'response', class: 'StructuredMessage', code: 200, tracingId: 'SGVhbHRoQ2hlY2tNZXNzYWdlSWQ=' });
      expect(reply.body).to.include({ text: 'ping', type: 'Text', direction: 'Inbound' });
      expect(reply.body.id).to.be.a('string');
      expect(reply.body.channel).to.equal(undefined);
      expect(reply.body.metadata.durationSeconds).to.equal('259200');
      expect(Number(reply.body.metadata.expirationDate)).to.be.above(Date.now() / 1000);
      expect(await sim.conversationFor(token)).to.equal(undefined);
    });

    it('gives a short-lived JWT on getJwt', async () => {
      const sim = await simulator();
      const { deploymentId } = await sim.createDeployment({ tagAnswers: true, sessionResponse: 'full' });
      const { guest: g, token } = await configured(deploymentId);
      g.send({ action: 'getJwt', token, tracingId: 'jwt' });
      const reply = await g.next();
      expect(reply).to.include({ type: 'response', class: 'JwtResponse', code: 200, tracingId: 'jwt' });
      expect(reply.body.jwt).to.be.a('string').and.not.empty;
      expect(reply.body.exp - Date.now() / 1000).to.be.within(50, 61);
    });

    it('closeSession closes the other sockets and disconnects the caller, keeping the session', async () => {
      const sim = await simulator();
      const { deploymentId } = await sim.createDeployment({ tagAnswers: true, sessionResponse: 'full' });
      const a = await configured(deploymentId);
      const b = await configured(deploymentId, a.token);
      a.guest.send(text(a.token, 'hi'));
      await Promise.all([a.guest.next(), b.guest.next()]);

      a.guest.send({ action: 'closeSession', token: a.token, closeAllConnections: true, tracingId: 'close' });
      expect(await b.guest.next()).to.deep.equal({ type: 'message', class: 'ConnectionClosedEvent', code: 200, body: {} });
      expect((await b.guest.closed).code).to.equal(1000);
      const reply = await a.guest.next();
      expect(reply).to.deep.equal({ type: 'response', class: 'SessionResponse', code: 200, body: { connected: false, readOnly: false }, tracingId: 'close' });

      // The caller is no longer attached, but the session (and conversation) are still there.
      a.guest.send(text(a.token, 'still here?', 'detached'));
      expect(await a.guest.next()).to.include({ code: 400, tracingId: 'detached' });
      a.guest.send({ action: 'configureSession', token: a.token, deploymentId });
      expect((await a.guest.next()).body).to.include({ connected: true, newSession: false });
      expect(await sim.conversationFor(a.token)).to.include({ status: 'open', connectedSockets: 1 });
    });

    it('answers an unknown action with 400, echoing the tracingId', async () => {
      const sim = await simulator();
      const { deploymentId } = await sim.createDeployment({ tagAnswers: true, sessionResponse: 'full' });
      const { guest: g, token } = await configured(deploymentId);
      g.send({ action: 'disconnectCustomer', token, tracingId: 'what' });
      expect(await g.next()).to.deep.equal({ type: 'response', class: 'string', code: 400, body: 'Request failed.', tracingId: 'what' });
    });

    it('answers malformed JSON and non-objects with 400, and the socket survives', async () => {
      const sim = await simulator();
      const { deploymentId } = await sim.createDeployment({ tagAnswers: true, sessionResponse: 'full' });
      const { guest: g, token } = await configured(deploymentId);
      for (const raw of ['{"action": "echo", ', 'null', '[1,2]', '42', '"configureSession"', '']) {
        g.send(raw);
        expect(await g.next(), raw).to.deep.equal({ type: 'response', class: 'string', code: 400, body: 'Request failed.' });
      }
      g.send(echo(token, 'alive'));
      expect(await g.next()).to.include({ class: 'StructuredMessage', tracingId: 'alive' });
    });
  });

  it('records every frame a guest sent, parsed or not', async () => {
    const sim = await simulator();
    const { deploymentId } = await sim.createDeployment({ tagAnswers: true, sessionResponse: 'full' });
    const { guest: g, token } = await configured(deploymentId);
    g.send('not json');
    await g.next();
    g.send(text(token, 'recorded'));
    await g.next();

    const frames = await sim.frames(deploymentId);
    expect(frames.map(f => f.frame?.['action'] ?? null)).to.deep.equal(['configureSession', null, 'onMessage']);
    expect(frames[1]).to.include({ raw: 'not json', frame: null, token });
    expect(frames[2]!.token).to.equal(token);
    expect(new Set(frames.map(f => f.socketId)).size).to.equal(1);
    expect(Date.parse(frames[0]!.at)).to.not.be.NaN;
  });
});
