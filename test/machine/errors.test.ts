import { expect } from '@open-wc/testing';
import { classifyServerCode } from '../../src/machine/errors.js';
import { en } from '../../src/i18n/strings.js';
import { errorText } from '../../src/element/view.js';
import { errorFrame } from '../helpers/frames.js';
import { arrange } from './harness.js';

/** Every code of the reference's error table (§3.2). */
const TABLE = [400, 401, 403, 404, 408, 409, 429, 4000, 4001, 4002, 4003, 4004, 4005, 4006, 4007, 4008, 4009, 4010, 4011, 4013, 4017, 4020, 4029, 5000];

describe('server errors (§3.2)', () => {
  it('maps every code of the table to its own kind, with a visitor-facing text', () => {
    const kinds = TABLE.map(code => [code, classifyServerCode(code)] as const);
    for (const [code, kind] of kinds) {
      expect(errorText(kind, en), `text for ${code}`).to.be.a('string').and.not.equal('');
    }
    expect(Object.fromEntries(kinds)).to.deep.include({
      409: 'read-only', 429: 'rate-limited', 4006: 'session-expired', 4007: 'session-not-found',
      4011: 'message-too-long', 4013: 'custom-attributes-too-large', 4029: 'rate-limited', 5000: 'server-error',
    });
    expect(classifyServerCode(4999)).to.equal('server-error');
  });

  it('keeps the conversation going after a non-fatal error, shows a notice and reports the code and text', () => {
    for (const code of TABLE.filter(c => c !== 4006 && c !== 4007)) {
      const t = arrange();
      t.connect();
      t.sockets.current.deliver(errorFrame(code, `text ${code}`));
      expect(t.state, `state after ${code}`).to.equal('connected');
      const [error] = t.emittedOf('error');
      expect(error!.error).to.deep.include({ code: classifyServerCode(code), serverCode: code, recoverable: true });
      expect(error!.error.message).to.contain(`text ${code}`);
      expect(t.context.conversation.notice?.code).to.equal(classifyServerCode(code));
      t.actor.send({ type: 'chat.dismissNotice' });
      expect(t.context.conversation.notice).to.equal(undefined);
    }
  });
});
