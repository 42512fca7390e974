import { expect } from '@open-wc/testing';
import { resolveConfig } from '../../src/config.js';

const deploymentId = '5c0a3f8e-9d2b-4f7e-8a61-3b2d9e4c7f10';
const base = { deploymentId, region: 'mypurecloud.com', endpoint: null, endTimeout: null };

describe('configuration from attributes', () => {
  it('accepts a deployment id and a region', () => {
    const result = resolveConfig(base);
    expect(result.ok).to.equal(true);
    if (result.ok) {
      expect(result.config.endpoint.socketUrl).to.equal(`wss://webmessaging.mypurecloud.com/v1?deploymentId=${deploymentId}`);
      expect(result.config.endTimeout).to.equal(10_000);
    }
  });

  it('lists every problem at once, naming the attribute', () => {
    const result = resolveConfig({ deploymentId: 'my-deployment', region: 'atlantis', endpoint: null, endTimeout: null });
    expect(result.ok).to.equal(false);
    if (!result.ok) {
      expect(result.problems.map(p => p.attribute)).to.deep.equal(['deployment-id', 'region']);
      expect(result.problems[0]!.message).to.contain('my-deployment');
      expect(result.problems[1]!.message).to.contain('atlantis');
    }
  });

  it('requires a deployment id and a region or endpoint', () => {
    const result = resolveConfig({ deploymentId: '', region: '', endpoint: '', endTimeout: '' });
    expect(!result.ok && result.problems.map(p => p.attribute)).to.deep.equal(['deployment-id', 'region']);
  });

  it('reads end-timeout, and falls back to the default with a warning when it is not usable', () => {
    const good = resolveConfig({ ...base, endTimeout: '2500' });
    expect(good.ok && good.config.endTimeout).to.equal(2500);
    for (const bad of ['soon', '-5', '10.5', '999999999', '0']) {
      const result = resolveConfig({ ...base, endTimeout: bad });
      expect(result.ok && result.config.endTimeout, bad).to.equal(10_000);
      expect(result.ok && result.warnings[0]?.attribute, bad).to.equal('end-timeout');
    }
  });
});
