import { expect } from '@open-wc/testing';
import type { Guest, ServerFrame } from '../helpers/guest-socket.js';
import { SimulatorError, simulator } from '../helpers/simulator.js';
import type { DeploymentOptions, DisconnectMode } from '../helpers/simulator.js';
import { auditAndCloseGuests, configured, conversationWithGuest, event, framesBeforeEcho, presence, text } from './support.js';

const READ_ONLY = 'Session is read-only, no new messages allowed';
const isDisconnect = (frame: ServerFrame) =>
  frame.class === 'StructuredMessage' && frame.body?.events?.[0]?.presence?.type === 'Disconnect';

/** A guest with an open conversation, which the agent then disconnects. */
async function disconnected(options: DeploymentOptions, mode?: DisconnectMode) {
  const { sim, deploymentId, conversation, ...customer } = await conversationWithGuest(options);
  const ended = await sim.agentDisconnect(conversation.id, mode ? { mode } : {});
  const frame = await customer.guest.next();
  return { sim, deploymentId, ...customer, conversation, ended, frame };
}

function expectDisconnect(frame: ServerFrame, readOnly: 'true' | 'false') {
  expect(isDisconnect(frame), JSON.stringify(frame)).to.equal(true);
  expect(frame).to.include({ type: 'message', class: 'StructuredMessage', code: 200 });
  expect(frame.body).to.deep.include({ type: 'Event', direction: 'Outbound', originatingEntity: 'Human' });
  expect(frame.body.metadata.readOnly).to.equal(readOnly);
}

const typing = (token: string, tracingId?: string) => event(token, { eventType: 'Typing', typing: { type: 'On', duration: 5000 } }, tracingId);
const readOnlyError = (tracingId: string) => ({ type: 'response', class: 'string', code: 409, body: READ_ONLY, tracingId });

async function answer(g: Guest, tracingId: string) {
  return g.next(f => f.tracingId === tracingId);
}

describe('simulator: agent disconnect, Send and ReadOnly', () => {
  afterEach(auditAndCloseGuests);

  it('Send (the default): readOnly "false", the session stays writable and the next message opens a new conversation', async () => {
    const { sim, deploymentId, guest, token, ended, frame } = await disconnected({});
    expectDisconnect(frame, 'false');
    expect(ended).to.include({ status: 'ended', endedBy: 'agent', readOnly: false });

    guest.send(typing(token, 'typing-after'));
    guest.send(text(token, 'One more thing', 'after'));
    const echoed = await answer(guest, 'after');
    expect(echoed).to.include({ class: 'StructuredMessage', code: 200 });
    expect(guest.received.some(f => f.code === 409)).to.equal(false);

    const back = await configured(deploymentId, token);
    expect(back.session.body).to.include({ connected: true, newSession: false, readOnly: false });

    const mine = (await sim.state()).conversations.filter(c => c.token === token);
    expect(mine.map(c => [c.status, c.endedBy, c.readOnly])).to.deep.equal([['open', null, false], ['ended', 'agent', false]]);
  });

  it('a per-call mode overrides the deployment: Send on a ReadOnly deployment', async () => {
    const { guest, token, ended, frame } = await disconnected({ disconnectMode: 'ReadOnly' }, 'Send');
    expectDisconnect(frame, 'false');
    expect(ended.readOnly).to.equal(false);
    guest.send(text(token, 'still here', 'still'));
    expect((await answer(guest, 'still')).code).to.equal(200);
  });

  it('ReadOnly: readOnly "true", then 409 on text, button answers, typing and Join; reconnects get readOnly:true', async () => {
    const { sim, deploymentId, guest, token, conversation, ended, frame } = await disconnected({ disconnectMode: 'ReadOnly' });
    expectDisconnect(frame, 'true');
    expect(ended).to.include({ status: 'ended', endedBy: 'agent', readOnly: true });

    const other = await configured(deploymentId, token);
    expect(other.session.body).to.include({ connected: true, newSession: false, readOnly: true });

    guest.send(text(token, 'hello?', 't-text'));
    expect(await answer(guest, 't-text')).to.deep.equal(readOnlyError('t-text'));
    guest.send({
      action: 'onMessage', token, tracingId: 't-button',
      message: { type: 'Structured', content: [{ contentType: 'ButtonResponse', buttonResponse: { text: 'Yes', payload: 'yes', type: 'QuickReply' } }] },
    });
    expect(await answer(guest, 't-button')).to.deep.equal(readOnlyError('t-button'));
    guest.send(typing(token, 't-typing'));
    expect(await answer(guest, 't-typing')).to.deep.equal(readOnlyError('t-typing'));
    guest.send(presence(token, 'Join', 't-join'));
    expect(await answer(guest, 't-join')).to.deep.equal(readOnlyError('t-join'));

    // Nothing reached the other tab, and no conversation was opened.
    expect(await framesBeforeEcho(other.guest, token)).to.deep.equal([]);
    const mine = (await sim.state()).conversations.filter(c => c.token === token);
    expect(mine.map(c => c.id)).to.deep.equal([conversation.id]);
    expect(mine[0]).to.include({ status: 'ended', endedBy: 'agent', readOnly: true, customerTyping: false });
  });

  it('ReadOnly: configureSession startNew:true gives a fresh writable session under the same token', async () => {
    const { sim, deploymentId, guest, token, conversation } = await disconnected({ disconnectMode: 'ReadOnly' });

    // startNew is only for read-only sessions; a reconnect without it still gets the read-only one.
    const plain = await configured(deploymentId, token);
    expect(plain.session.body.readOnly).to.equal(true);

    guest.send({ action: 'configureSession', token, deploymentId, startNew: true, tracingId: 'start-new' });
    const fresh = await answer(guest, 'start-new');
    expect(fresh).to.include({ class: 'SessionResponse', code: 200 });
    expect(fresh.body).to.include({ connected: true, newSession: true, readOnly: false });

    // No conversation yet: the ended one is the newest until the guest writes.
    expect((await sim.conversationFor(token))!.id).to.equal(conversation.id);

    guest.send(text(token, 'A new question', 'new-text'));
    const echoed = await answer(guest, 'new-text');
    expect(echoed).to.include({ class: 'StructuredMessage', code: 200 });
    const mine = (await sim.state()).conversations.filter(c => c.token === token);
    expect(mine.map(c => [c.status, c.endedBy, c.readOnly])).to.deep.equal([['open', null, false], ['ended', 'agent', true]]);
    expect(mine[0]!.messages.map(m => m.text)).to.deep.equal(['A new question']);
    expect(mine[0]!.connectedSockets, 'the other tab moved to the new session').to.equal(2);

    const again = await configured(deploymentId, token);
    expect(again.session.body).to.include({ newSession: false, readOnly: false });
    // startNew on a writable session changes nothing.
    again.guest.send({ action: 'configureSession', token, deploymentId, startNew: true, tracingId: 'start-new-again' });
    expect((await answer(again.guest, 'start-new-again')).body).to.include({ newSession: false, readOnly: false });
    expect((await sim.conversationFor(token))!.id).to.equal(mine[0]!.id);
  });

  it('ReadOnly: closeSession{closeAllConnections} answers connected:false, readOnly:true; then startNew works', async () => {
    const { deploymentId, guest, token } = await disconnected({ disconnectMode: 'ReadOnly' });
    const other = await configured(deploymentId, token);

    guest.send({ action: 'closeSession', token, closeAllConnections: true, tracingId: 'close' });
    expect(await answer(guest, 'close')).to.deep.equal({
      type: 'response', class: 'SessionResponse', code: 200, body: { connected: false, readOnly: true }, tracingId: 'close',
    });
    expect((await other.guest.next()).class).to.equal('ConnectionClosedEvent');
    expect((await other.guest.closed).code).to.equal(1000);

    guest.send({ action: 'configureSession', token, deploymentId, startNew: true, tracingId: 'restart' });
    expect((await answer(guest, 'restart')).body).to.include({ connected: true, newSession: true, readOnly: false });
    guest.send(presence(token, 'Join', 'join'));
    expect((await answer(guest, 'join')).body.events).to.deep.equal([{ eventType: 'Presence', presence: { type: 'Join' } }]);
  });

  it('ReadOnly: Presence Clear is still acknowledged and clears the session', async () => {
    const { sim, deploymentId, guest, token, conversation } = await disconnected({ disconnectMode: 'ReadOnly' });
    guest.send(presence(token, 'Clear', 'clear'));
    const ack = await answer(guest, 'clear');
    expect(ack).to.include({ type: 'response', class: 'StructuredMessage', code: 200 });
    expect(ack.body.events).to.deep.equal([{ eventType: 'Presence', presence: { type: 'Clear' } }]);
    expect((await guest.next()).class).to.equal('SessionClearedEvent');
    expect((await guest.next()).class).to.equal('ConnectionClosedEvent');
    expect((await guest.closed).code).to.equal(1000);

    const after = (await sim.conversationFor(token))!;
    expect(after).to.include({ id: conversation.id, status: 'ended', endedBy: 'agent', clearRequests: 1 });
    const back = await configured(deploymentId, token);
    expect(back.session.body).to.include({ newSession: true, readOnly: false });
  });

  it('refuses an unknown disconnect mode', async () => {
    const sim = await simulator();
    const { deploymentId } = await sim.createDeployment({ tagAnswers: true, sessionResponse: 'full' });
    const customer = await configured(deploymentId);
    customer.guest.send(text(customer.token, 'hi'));
    await customer.guest.next();
    const conversation = (await sim.conversationFor(customer.token))!;
    try {
      await sim.agentDisconnect(conversation.id, { mode: 'Later' as never });
      throw new Error('expected a 400');
    } catch (error) {
      expect(error).to.be.instanceOf(SimulatorError);
      expect((error as SimulatorError).status).to.equal(400);
    }
    expect((await sim.conversationFor(customer.token))!.status).to.equal('open');
  });
});
