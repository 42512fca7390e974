import { expect } from '@open-wc/testing';
import { ask } from '../helpers/guest-socket.js';
import { simulator } from '../helpers/simulator.js';
import { auditAndCloseGuests, buttonResponse, configured, conversationWithGuest, event, framesBeforeEcho, presence, refusal, text } from './support.js';

const withAttributes = (request: ReturnType<typeof text>, attributes: Record<string, string>) => ({
  ...request,
  message: { ...request.message, channel: { metadata: { customAttributes: attributes } } },
});

const typing = (token: string) => event(token, { eventType: 'Typing', typing: { type: 'On', duration: 5000 } });

describe('simulator: message limits and injected failures', () => {
  afterEach(auditAndCloseGuests);

  it('answers text over maxTextLength with 4011 and delivers nothing', async () => {
    const { sim, deploymentId, guest, token } = await conversationWithGuest({ maxTextLength: 12 });
    const other = await configured(deploymentId, token);
    expect(await ask(guest, text(token, 'x'.repeat(13), 'too-long'))).to.deep.equal({
      type: 'response', class: 'string', code: 4011, body: 'message too long', tracingId: 'too-long',
    });
    expect(await framesBeforeEcho(other.guest, token)).to.deep.equal([]);
    expect((await ask(guest, text(token, 'x'.repeat(12)))).class).to.equal('StructuredMessage');
    expect((await sim.conversationFor(token))!.messages.map(m => m.text)).to.deep.equal(['I need help', 'x'.repeat(12)]);
  });

  describe('custom attributes size (4013)', () => {
    it('refuses a Join whose attributes are over maxCustomDataBytes, without opening the conversation', async () => {
      const sim = await simulator();
      const { deploymentId } = await sim.createDeployment({ tagAnswers: true, sessionResponse: 'full' });
      const { guest, token } = await configured(deploymentId);
      const join = presence(token, 'Join', 'big-join');
      const reply = await ask(guest, { ...join, message: { ...join.message, channel: { metadata: { customAttributes: { blob: 'x'.repeat(2048) } } } } });
      expect(reply).to.deep.equal({
        type: 'response', class: 'string', code: 4013, body: 'Custom Attributes in channel metadata is larger than 2048 bytes', tracingId: 'big-join',
      });
      expect(await sim.conversationFor(token)).to.equal(undefined);
    });

    it('counts UTF-8 JSON bytes against the deployment limit, in either placement', async () => {
      const { sim, guest, token } = await conversationWithGuest({ maxCustomDataBytes: 32 });
      // {"k":"é…"} is 8 bytes plus 2 per é: 9 of them make 26 bytes (fits), 14 make 36 (too many).
      expect((await ask(guest, withAttributes(text(token, 'fits'), { k: 'é'.repeat(9) }))).class).to.equal('StructuredMessage');
      const tooBig = await ask(guest, withAttributes(text(token, 'too big', 'big-text'), { k: 'é'.repeat(14) }));
      expect(tooBig).to.include({ code: 4013, body: 'Custom Attributes in channel metadata is larger than 32 bytes', tracingId: 'big-text' });
      const topLevel = await ask(guest, { ...text(token, 'too big too', 'big-top'), channel: { metadata: { customAttributes: { k: 'é'.repeat(14) } } } });
      expect(topLevel).to.include({ code: 4013, tracingId: 'big-top' });

      const conversation = (await sim.conversationFor(token))!;
      expect(conversation.messages.map(m => m.text)).to.deep.equal(['I need help', 'fits']);
      expect(conversation.customAttributes).to.deep.equal({ k: 'é'.repeat(9) });
    });
  });

  it('answers Typing with 403 when the deployment has typing off', async () => {
    const { sim, deploymentId, guest, token } = await conversationWithGuest({ typingEnabled: false });
    guest.send({ ...typing(token), tracingId: 'typing' });
    expect(await framesBeforeEcho(guest, token)).to.deep.equal([
      { type: 'response', class: 'string', code: 403, body: 'Turn on the Feature Toggle or fix the configuration.', tracingId: 'typing' },
    ]);
    expect((await sim.conversationFor(token))!.customerTyping).to.equal(false);

    await sim.updateDeployment(deploymentId, { typingEnabled: true });
    guest.send(typing(token));
    expect(await framesBeforeEcho(guest, token)).to.deep.equal([]);
    expect((await sim.conversationFor(token))!.customerTyping).to.equal(true);
  });

  describe('fail-next', () => {
    it('answers the next message with 429 TooManyRequestsErrorMessage, then delivers again', async () => {
      const { sim, guest, token } = await conversationWithGuest();
      expect(await sim.failNext(token, { code: 429, retryAfter: 3 })).to.deep.equal({ sessions: 1 });
      const limited = await ask(guest, text(token, 'one more', 'rate'));
      expect(limited).to.deep.include({ type: 'response', class: 'TooManyRequestsErrorMessage', code: 429, tracingId: 'rate' });
      expect(limited.body).to.include({ retryAfter: 3, errorCode: 4029, errorMessage: 'Message rate too high for this session' });

      expect((await ask(guest, text(token, 'one more'))).class).to.equal('StructuredMessage');
      expect((await sim.conversationFor(token))!.messages.map(m => m.text)).to.deep.equal(['I need help', 'one more']);

      await sim.failNext(token, { code: 429 });
      expect((await ask(guest, text(token, 'default wait'))).body.retryAfter).to.equal(1);
    });

    it('answers with a string frame, the reference text by default, for as many messages as asked', async () => {
      const { sim, guest, token } = await conversationWithGuest();
      await sim.failNext(token, { code: 4011, times: 2 });
      expect(await ask(guest, text(token, 'a', 'first'))).to.deep.equal({
        type: 'response', class: 'string', code: 4011, body: 'message too long', tracingId: 'first',
      });
      // Typing and Join are not messages: they neither fail nor use the failure up.
      guest.send(typing(token));
      expect(await framesBeforeEcho(guest, token)).to.deep.equal([]);
      const button = buttonResponse(token, { text: 'Yes', payload: 'yes', type: 'QuickReply' });
      expect(await ask(guest, button)).to.include({ class: 'string', code: 4011 });
      expect((await ask(guest, text(token, 'c'))).class).to.equal('StructuredMessage');

      await sim.failNext(token, { code: 5000 });
      expect(await ask(guest, text(token, 'd'))).to.include({ code: 5000, body: 'Request failed.' });
      await sim.failNext(token, { code: 4013 });
      expect(await ask(guest, text(token, 'e'))).to.include({ code: 4013, body: 'Custom Attributes in channel metadata is larger than 2048 bytes' });
      await sim.failNext(token, { code: 503, body: 'Service Unavailable' });
      expect(await ask(guest, text(token, 'f'))).to.include({ code: 503, body: 'Service Unavailable' });

      expect((await sim.conversationFor(token))!.messages.map(m => m.text)).to.deep.equal(['I need help', 'c']);
    });

    it('validates its request', async () => {
      const { sim, token } = await conversationWithGuest();
      expect(await refusal(sim.failNext(crypto.randomUUID(), { code: 429 }))).to.equal(404);
      for (const failure of [{ code: 200 }, { code: 1000 }, { code: '429' }, { code: 429, times: 0 }, { code: 429, retryAfter: -1 }, { code: 400, body: 4 }]) {
        expect(await refusal(sim.failNext(token, failure as never)), JSON.stringify(failure)).to.equal(400);
      }
    });
  });

  describe('pushed errors', () => {
    it('sends an unsolicited error frame, without tracingId, to every socket of the session', async () => {
      const { sim, deploymentId, guest, token } = await conversationWithGuest();
      const other = await configured(deploymentId, token);
      expect(await sim.pushError(token, 5000)).to.deep.equal({ sent: 2 });
      const [a, b] = await Promise.all([guest.next(), other.guest.next()]);
      expect(a).to.deep.equal(b);
      expect(a).to.deep.equal({ type: 'message', class: 'string', code: 5000, body: 'Request failed.' });

      await sim.pushError(token, 4006, 'custom text');
      expect(await guest.next()).to.include({ code: 4006, body: 'custom text' });
      await sim.pushError(token, 429);
      const limited = await guest.next();
      expect(limited).to.include({ class: 'TooManyRequestsErrorMessage', code: 429 });
      expect(limited.tracingId).to.equal(undefined);

      expect(await refusal(sim.pushError(crypto.randomUUID(), 5000))).to.equal(404);
      expect(await refusal(sim.pushError(token, 42))).to.equal(400);
    });
  });
});
