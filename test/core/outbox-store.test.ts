import { expect } from '@open-wc/testing';
import { fromStored, toStored } from '../../src/machine/outbox-store.js';
import type { StoredMessage } from '../../src/session/session-store.js';

describe('outbox store', () => {
  // Stored by every version so far: `wire` (it was on the wire) and `failed`, two booleans.
  const stored: StoredMessage[] = [
    { tracingId: 'q', text: 'typed offline', time: 1, wire: false },
    { tracingId: 'd', text: 'on the wire', time: 2, wire: true },
    { tracingId: 'f', text: 'refused', time: 3, wire: false, failed: true },
    { tracingId: 'fw', text: 'refused on the wire', time: 4, wire: true, failed: true },
  ];

  it('reads the stored booleans as where each message is: queued, in doubt, failed', () => {
    const { unconfirmed, messages } = fromStored(stored);
    expect(unconfirmed.map(u => [u.tracingId, u.state])).to.deep.equal([
      ['q', { kind: 'queued' }],
      ['d', { kind: 'doubt' }],
      ['f', { kind: 'failed', reason: 'message-timeout' }],
      ['fw', { kind: 'failed', reason: 'message-timeout' }],
    ]);
    expect(messages.map(m => [m.tracingId, m.status])).to.deep.equal([
      ['q', 'sending'],
      ['d', 'sending'],
      ['f', 'failed'],
      ['fw', 'failed'],
    ]);
  });

  it('stores them back in the same shape, so an older version reads them too', () => {
    const { unconfirmed } = fromStored(stored);
    expect(toStored(unconfirmed)).to.deep.equal([stored[0], stored[1], stored[2], { ...stored[3], wire: false }]);
    const sent = { ...unconfirmed[0]!, state: { kind: 'sent' as const } };
    expect(toStored([sent])[0]).to.include({ wire: true });
  });
});
