import { expect } from '@open-wc/testing';
import { schemaErrors, serverFrameErrors } from '../helpers/schema.js';

/** The audit of the simulator's frames is only worth something if it can fail. */
describe('simulator: the schema checks themselves', () => {
  it('accepts well-formed server frames of each kind the simulator sends', async () => {
    const frames = [
      { type: 'response', class: 'string', code: 400, body: 'Request failed.', tracingId: 't' },
      { type: 'message', class: 'SessionClearedEvent', code: 200, body: {} },
      { type: 'response', class: 'JwtResponse', code: 200, body: { jwt: 'a.b.c', exp: 1 } },
      {
        type: 'response',
        class: 'TooManyRequestsErrorMessage',
        code: 429,
        body: { name: 'TooManyRequests', message: 'slow down', errorCode: 4029, errorMessage: 'Message rate too high for this session', retryAfter: 3 },
      },
    ];
    for (const frame of frames) expect(await serverFrameErrors(frame), frame.class).to.deep.equal([]);
  });

  it('reports what is wrong, where', async () => {
    expect(await serverFrameErrors({ type: 'response', class: 'string', code: 400, body: { text: 'x' } })).to.deep.equal([
      '/body: a "string" frame must have a string body',
    ]);
    expect(await serverFrameErrors({ type: 'reply', class: 'Nope', code: '200', body: {} })).to.include.members([
      '/type: Instance does not match any of ["message","response"].',
      '/code: Instance type "string" is invalid. Expected "integer".',
    ]);
    expect(
      await serverFrameErrors({ type: 'message', class: 'StructuredMessage', code: 200, body: { type: 'Text', channel: { time: 5 } } }),
    ).to.deep.equal(['/body/channel/time: Instance type "number" is invalid. Expected "string".']);
    expect(
      await serverFrameErrors({ type: 'response', class: 'TooManyRequestsErrorMessage', code: 429, body: { retryAfter: 3 } }),
    ).to.not.deep.equal([]);
    expect(
      await serverFrameErrors({
        type: 'message', class: 'StructuredMessage', code: 200,
        body: { type: 'Event', direction: 'Outbound', events: [{ eventType: 'Typing', typing: { type: 'Off' } }] },
      }),
      'the schema knows only Typing On',
    ).to.not.deep.equal([]);
    expect(await serverFrameErrors('{}')).to.deep.equal(['/: the frame is not a JSON object']);
  });

  it('waives a required property only when asked', async () => {
    const frame = { action: 'onMessage', token: 't', message: { type: 'Text', text: 'hi' } };
    expect(await schemaErrors('SendMessageRequest', frame)).to.deep.equal(['/: Instance does not have required property "time".']);
    expect(await schemaErrors('SendMessageRequest', frame, { waiveRequired: ['time'] })).to.deep.equal([]);
  });
});
