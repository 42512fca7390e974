import { expect } from '@open-wc/testing';
import { answering, decodeFrame, resumedSession } from '../../src/protocol/decode.js';
import {
  answersEcho,
  endsSession,
  isEchoReply,
  isPrivateAnswer,
  isSessionWide,
  refreshedExpiry,
  tracingIdOf,
} from '../../src/protocol/frame-rules.js';
import { readRequest } from '../../src/protocol/requests.js';
import {
  agentMessage,
  connectionClosed,
  echoReply,
  errorFrame,
  inboundEcho,
  sessionCleared,
  sessionExpired,
  sessionResponse,
  tooManyRequests,
} from '../helpers/frames.js';
import { decoded } from '../helpers/decoded.js';

describe('protocol: decoding once', () => {
  it('accepts a frame it returned before as it is, without reading it again', () => {
    const frame = decoded(agentMessage('Hi'));
    const again = decodeFrame(frame);
    expect(again.ok && again.frame).to.equal(frame);
  });

  it('does not accept a look-alike object it never returned', () => {
    const lookalike = { ...decoded(agentMessage('Hi')) };
    expect(decodeFrame(lookalike)).to.deep.include({ ok: false, reason: 'not-a-frame' });
  });

  it('answers another request with a copy of an accepted frame, accepted too', () => {
    const reply = decoded(echoReply('theirs', 600, 1750000000));
    const mine = answering(reply, 'mine');
    expect(mine).to.deep.equal({ ...reply, tracingId: 'mine' });
    expect(reply.tracingId).to.equal('theirs');
    expect(decodeFrame(mine)).to.deep.equal({ ok: true, frame: mine });
    expect(answering(reply, undefined)).to.not.have.property('tracingId');
  });

  it('builds the resumed SessionResponse of a configured session, which decodes to itself', () => {
    const session = decoded(sessionResponse({ newSession: true, durationSeconds: 600 }, 't1'));
    if (session.class !== 'SessionResponse') throw new Error('not a SessionResponse');
    const resumed = resumedSession(session.body, 't2');
    expect(resumed).to.deep.equal({ ...session, tracingId: 't2', body: { ...session.body, newSession: false } });
    expect(decodeFrame(resumed).ok).to.equal(true);
    expect(decoded(resumed)).to.deep.equal(resumed);
  });
});

describe('protocol: rules about a decoded frame', () => {
  it('reads the correlation id', () => {
    expect(tracingIdOf(decoded(inboundEcho('hi', 't1')))).to.equal('t1');
    expect(tracingIdOf(decoded(agentMessage('hi')))).to.equal(undefined);
  });

  it('reads the correlation id where Genesys puts it: top level, else in the body, else the legacy customMessageId (§4.9)', () => {
    const echo = inboundEcho('hi', undefined);
    const legacy = { ...echo, body: { ...echo.body, metadata: { correlationId: 'c', customMessageId: 'legacy' } } };
    expect(tracingIdOf(decoded(legacy))).to.equal('legacy');
    expect(tracingIdOf(decoded({ ...legacy, body: { ...legacy.body, tracingId: 'in-body' } }))).to.equal('in-body');
    expect(tracingIdOf(decoded({ ...legacy, body: { ...legacy.body, tracingId: 'in-body' }, tracingId: 'top' }))).to.equal('top');
    const limited = tooManyRequests(3);
    expect(tracingIdOf(decoded({ ...limited, body: { ...limited.body, tracingId: 'in-body' } }))).to.equal('in-body');
    expect(tracingIdOf(decoded({ type: 'response', class: 'Error', code: 4011, body: { errorCode: 4011, tracingId: 'e1' } }))).to.equal('e1');
    expect(tracingIdOf(decoded({ type: 'response', class: 'GenerateUrlError', code: 200, body: { errorCode: 4001, errorMessage: 'x', tracingId: 'g1' } }))).to.equal('g1');
    // Untagged answers, as the captured echo and the SDK's error fixtures are.
    expect(tracingIdOf(decoded(echo))).to.equal(undefined);
    expect(tracingIdOf(decoded(limited))).to.equal(undefined);
    expect(tracingIdOf(decoded(errorFrame(4011, 'message too long')))).to.equal(undefined);
  });

  it('knows the reply to an echo by its tracingId, or, when it names none, by its shape', () => {
    const reply = echoReply('e1', 600, 1750000000);
    const { tracingId: _named, ...untagged } = reply;
    expect(answersEcho(decoded(reply), 'e1')).to.equal(true);
    expect(answersEcho(decoded(reply), 'e2')).to.equal(false);
    expect(answersEcho(decoded(untagged), 'e2')).to.equal(true);
    expect(answersEcho(decoded(errorFrame(429, 'slow down', 'e1')), 'e1')).to.equal(true);
    expect(answersEcho(decoded(inboundEcho('ping', undefined)), 'e1')).to.equal(false);
    expect(answersEcho(decoded(errorFrame(429, 'slow down')), 'e1')).to.equal(false);
  });

  it('knows an echo reply (§2.5) from the echo of a visitor who typed "ping"', () => {
    expect(isEchoReply(decoded(echoReply('t', 600, 1750000000)))).to.equal(true);
    expect(isEchoReply(decoded(inboundEcho('ping', 't')))).to.equal(false);
    expect(isEchoReply(decoded({ ...inboundEcho('ping', 't'), type: 'response' }))).to.equal(false);
    expect(isEchoReply(decoded(agentMessage('ping')))).to.equal(false);
  });

  it('names the frames about the whole session (§3.6), whatever their type', () => {
    for (const frame of [sessionCleared(), sessionExpired('response'), sessionExpired('message'), connectionClosed(), { type: 'message', class: 'LogoutEvent', code: 200, body: {} }]) {
      expect(isSessionWide(decoded(frame)), frame.class).to.equal(true);
      expect(isPrivateAnswer(decoded(frame)), frame.class).to.equal(false);
      expect(endsSession(decoded(frame)), frame.class).to.equal(true);
    }
    expect(isSessionWide(decoded(agentMessage('hi')))).to.equal(false);
  });

  it('keeps answers for their requester and messages for everyone', () => {
    expect(isPrivateAnswer(decoded(errorFrame(400, 'Request failed.', 't')))).to.equal(true);
    expect(isPrivateAnswer(decoded(tooManyRequests(3, 't')))).to.equal(true);
    expect(isPrivateAnswer(decoded(inboundEcho('hi', 't')))).to.equal(false);
  });

  it('knows a session gone from the server by 4006 and 4007', () => {
    expect(endsSession(decoded(errorFrame(4006, 'session expired')))).to.equal(true);
    expect(endsSession(decoded(errorFrame(4007, 'session not found')))).to.equal(true);
    expect(endsSession(decoded(errorFrame(4011, 'message too long')))).to.equal(false);
  });

  it('reads the refreshed expiry of an echo reply, and of nothing else', () => {
    expect(refreshedExpiry(decoded(echoReply('t', 600, 1750000000)))).to.deep.equal({ expirationDate: 1750000000, durationSeconds: 600 });
    expect(refreshedExpiry(decoded(agentMessage('hi')))).to.equal(undefined);
  });
});

describe('protocol: reading back a request', () => {
  it('reads what routing needs of a client frame', () => {
    const request = readRequest(JSON.stringify({ action: 'configureSession', token: 'k', deploymentId: 'd', tracingId: 't', startNew: true }));
    expect(request).to.deep.equal({ action: 'configureSession', token: 'k', tracingId: 't', startNew: true, closeAllConnections: false });
    expect(readRequest(JSON.stringify({ action: 'closeSession', token: 'k', closeAllConnections: true })).closeAllConnections).to.equal(true);
  });

  it('reads anything else as a request of no known action', () => {
    for (const data of ['', 'not json', '[1]', 'null', JSON.stringify({ action: 'launch', token: 1 })]) {
      expect(readRequest(data), data).to.deep.equal({ action: undefined, token: undefined, tracingId: undefined, startNew: false, closeAllConnections: false });
    }
  });
});
