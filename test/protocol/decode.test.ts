import { expect } from '@open-wc/testing';
import { decodeFrame, frameError, isClearNotSupported, MAX_FRAME_LENGTH } from '../../src/protocol/decode.js';
import { agentMessage, clearForbidden, connectionClosed, sessionCleared, sessionResponse, tooManyRequests } from '../helpers/frames.js';
import { decoded } from '../helpers/decoded.js';

describe('protocol: decoding server frames', () => {
  it('reads a SessionResponse, keeping only known fields of the right type', () => {
    const frame = decoded({ ...sessionResponse({ newSession: false, durationSeconds: '600', expirationDate: 1750000000, extra: 1 }), tracingId: 't' });
    expect(frame).to.deep.equal({
      class: 'SessionResponse',
      type: 'response',
      code: 200,
      tracingId: 't',
      body: { connected: true, newSession: false, readOnly: false, maxCustomDataBytes: 2048, durationSeconds: 600, expirationDate: 1750000000 },
    });
  });

  it('reads an agent StructuredMessage with its sender', () => {
    const frame = decoded(agentMessage('Hi', { id: 'm1', time: '2026-01-01T00:00:00.000Z', nickname: 'Ann' }));
    expect(frame.class).to.equal('StructuredMessage');
    expect(frame.body).to.deep.include({ id: 'm1', type: 'Text', text: 'Hi', direction: 'Outbound', originatingEntity: 'Human' });
  });

  it('reads the real Presence Disconnect capture (§3.5)', () => {
    const frame = decoded({
      type: 'message', class: 'StructuredMessage', code: 200,
      body: { type: 'Event', direction: 'Outbound', id: 'x', channel: { time: '2024-02-09T22:39:50.526Z', type: 'Private', from: { nickname: 'Robot Friend' }, to: {} },
        events: [{ eventType: 'Presence', presence: { type: 'Disconnect' } }], metadata: { readOnly: 'true' }, originatingEntity: 'Bot' },
    });
    expect(frame.body).to.deep.include({ type: 'Event', metadata: { readOnly: 'true' }, events: [{ eventType: 'Presence', presence: { type: 'Disconnect' } }] });
  });

  it('reads session lifecycle events; ConnectionClosedEvent reason from either field name', () => {
    expect(decoded(sessionCleared()).class).to.equal('SessionClearedEvent');
    expect(decoded(connectionClosed()).body).to.deep.equal({});
    expect(decoded(connectionClosed('signedIn')).body).to.deep.equal({ reason: 'signedIn' });
    expect(decoded({ type: 'message', class: 'ConnectionClosedEvent', code: 200, body: { reasonCode: 'SessionLimitReached' } }).body)
      .to.deep.equal({ reason: 'SessionLimitReached' });
    // SessionExpiredEvent arrives as "response" in some fixtures and "message" in others: class decides.
    expect(decoded({ type: 'response', class: 'SessionExpiredEvent', code: 200, body: {} }).class).to.equal('SessionExpiredEvent');
    expect(decoded({ type: 'message', class: 'SessionExpiredEvent', code: 200, body: {} }).class).to.equal('SessionExpiredEvent');
  });

  it('turns error frames into errors, and recognises a disabled Clear', () => {
    const forbidden = frameError(decoded(clearForbidden()));
    expect(forbidden).to.deep.equal({ code: 403, message: 'Presence events Conversation Clear are not supported' });
    expect(isClearNotSupported(forbidden!)).to.equal(true);
    expect(isClearNotSupported({ code: 403, message: 'Turn on the Feature Toggle or fix the configuration.' })).to.equal(false);
    expect(frameError(decoded(tooManyRequests(3)))).to.deep.include({ code: 429, retryAfter: 3 });
    expect(frameError(decoded({ type: 'response', class: 'string', code: 4011, body: 'message too long' }))).to.deep.equal({ code: 4011, message: 'message too long' });
    expect(frameError(decoded(sessionResponse()))).to.equal(undefined);
  });

  it('reads JwtResponse and the attachment frames', () => {
    expect(decoded({ type: 'response', class: 'JwtResponse', code: 200, body: { jwt: 'j', exp: 1623675564 } }).body).to.deep.equal({ jwt: 'j', exp: 1623675564 });
    expect(decoded({ type: 'message', class: 'UploadSuccessEvent', code: 200, body: { attachmentId: 'a', downloadUrl: 'https://u', timestamp: 't' } }).class).to.equal('UploadSuccessEvent');
    expect(decoded({ type: 'message', class: 'GenerateUrlError', code: 200, body: { attachmentId: 'a', errorCode: 4001, errorMessage: 'bad type' } }).body).to.deep.include({ errorCode: 4001 });
  });

  const rejections: [string, unknown, string][] = [
    ['malformed JSON', '{"class":', 'malformed-json'],
    ['a JSON array', '[1,2]', 'not-a-frame'],
    ['JSON null', 'null', 'not-a-frame'],
    ['no class', '{"code":200,"body":{}}', 'not-a-frame'],
    ['an unknown class', '{"class":"FancyNewEvent","code":200,"body":{}}', 'unknown-class'],
    ['a prototype key as class', '{"class":"constructor","code":200,"body":{}}', 'unknown-class'],
    ['a SessionResponse without connected', '{"class":"SessionResponse","code":200,"body":{}}', 'invalid-body'],
    ['a StructuredMessage without direction', '{"class":"StructuredMessage","code":200,"body":{"type":"Text","text":"x"}}', 'invalid-body'],
    ['a StructuredMessage whose text is an object', '{"class":"StructuredMessage","code":200,"body":{"type":"Text","direction":"Outbound","text":{}}}', 'invalid-body'],
    ['a string frame whose body is not a string', '{"class":"string","code":400,"body":{}}', 'invalid-body'],
    ['binary data', new ArrayBuffer(4), 'not-a-frame'],
    ['a huge frame', 'x'.repeat(MAX_FRAME_LENGTH + 1), 'not-a-frame'],
  ];
  for (const [name, data, reason] of rejections) {
    it(`rejects ${name} without throwing`, () => {
      const result = decodeFrame(data);
      expect(result.ok).to.equal(false);
      if (!result.ok) {
        expect(result.reason).to.equal(reason);
        expect(result.detail).to.be.a('string').and.not.empty;
      }
    });
  }

  it('drops content entries and events it cannot classify, and keeps the message', () => {
    const frame = decoded({
      type: 'message', class: 'StructuredMessage', code: 200,
      body: { type: 'Structured', direction: 'Outbound', text: 'pick', content: [null, 1, { contentType: 'QuickReply', quickReply: { text: 'a', payload: 'a' } }], events: ['x', { eventType: 'Typing' }] },
    });
    expect(frame.body).to.deep.include({
      content: [{ contentType: 'QuickReply', quickReply: { text: 'a', payload: 'a' } }],
      events: [{ eventType: 'Typing', typing: { type: 'On' } }],
    });
  });
});
