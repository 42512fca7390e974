import { expect } from '@open-wc/testing';
import { clear, closeSession, configureSession, echo, getJwt, join, textMessage, typing } from '../../src/protocol/encode.js';
import { schemaErrors } from '../helpers/schema.js';

const ids = { token: '00000000-0000-4000-8000-000000000001', tracingId: '11111111-1111-4111-8111-111111111111' };
// The schema marks SendMessageRequest.time required, but no client sends it and servers accept its absence.
const waive = { waiveRequired: ['time'] };

describe('protocol: encoding client frames', () => {
  it('configureSession carries the token, the deployment id and the journey context the official SDKs send (§2.2)', async () => {
    const frame = configureSession({ ...ids, deploymentId: '5c0a3f8e-9d2b-4f7e-8a61-3b2d9e4c7f10' });
    expect(frame).to.deep.equal({
      action: 'configureSession',
      token: ids.token,
      deploymentId: '5c0a3f8e-9d2b-4f7e-8a61-3b2d9e4c7f10',
      journeyContext: { customer: { id: ids.token, idType: 'cookie' }, customerSession: { id: '', type: 'web' } },
      tracingId: ids.tracingId,
    });
    expect(await schemaErrors('ConfigureSessionRequest', frame)).to.deep.equal([]);
  });

  it('configureSession asks for a new session only when told to', async () => {
    const frame = configureSession({ ...ids, deploymentId: '5c0a3f8e-9d2b-4f7e-8a61-3b2d9e4c7f10', startNew: true });
    expect(frame.startNew).to.equal(true);
    expect(await schemaErrors('ConfigureSessionRequest', frame)).to.deep.equal([]);
  });

  it('a text message is onMessage Text with the local id as tracingId (§2.4.1)', async () => {
    const frame = textMessage({ ...ids, text: 'Hello' });
    expect(frame).to.deep.equal({ action: 'onMessage', token: ids.token, tracingId: ids.tracingId, message: { type: 'Text', text: 'Hello' } });
    expect(await schemaErrors('SendMessageRequest', frame, waive)).to.deep.equal([]);
  });

  it('custom attributes travel in message.channel.metadata', async () => {
    const frame = textMessage({ ...ids, text: 'Hi', customAttributes: { plan: 'gold' } });
    expect(frame.message.channel).to.deep.equal({ metadata: { customAttributes: { plan: 'gold' } } });
    expect(await schemaErrors('SendMessageRequest', frame, waive)).to.deep.equal([]);
  });

  it('Presence Clear is exactly the event Genesys documents (§2.4.4, §5.1)', async () => {
    const frame = clear(ids);
    expect(frame).to.deep.equal({
      action: 'onMessage',
      token: ids.token,
      tracingId: ids.tracingId,
      message: { type: 'Event', events: [{ eventType: 'Presence', presence: { type: 'Clear' } }] },
    });
    expect(await schemaErrors('SendMessageRequest', frame, waive)).to.deep.equal([]);
  });

  it('Presence Join and Typing are event messages', async () => {
    expect(join(ids, { a: 'b' }).message).to.deep.equal({
      type: 'Event',
      events: [{ eventType: 'Presence', presence: { type: 'Join' } }],
      channel: { metadata: { customAttributes: { a: 'b' } } },
    });
    expect(typing(ids).message).to.deep.equal({ type: 'Event', events: [{ eventType: 'Typing', typing: { type: 'On' } }] });
    expect(await schemaErrors('SendMessageRequest', join(ids), waive)).to.deep.equal([]);
    expect(await schemaErrors('SendMessageRequest', typing(ids), waive)).to.deep.equal([]);
  });

  it('echo, getJwt and closeSession match their request schemas', async () => {
    expect(echo(ids)).to.deep.equal({ action: 'echo', token: ids.token, tracingId: ids.tracingId, message: { type: 'Text', text: 'ping' } });
    expect(await schemaErrors('SendEchoRequest', echo(ids))).to.deep.equal([]);
    expect(await schemaErrors('GetJwtRequest', getJwt(ids))).to.deep.equal([]);
    expect(closeSession(ids).closeAllConnections).to.equal(true);
    expect(await schemaErrors('CloseSessionRequest', closeSession(ids))).to.deep.equal([]);
  });

  it('the schema check itself catches a malformed frame', async () => {
    expect(await schemaErrors('SendMessageRequest', { action: 'onMessage', message: { type: 'Nope' } }, waive)).to.not.deep.equal([]);
  });
});
