import { expect } from '@open-wc/testing';
import { safeMediaUrl } from '../../src/content/safe-url.js';
import { findRegion, REGIONS, resolveEndpoint } from '../../src/protocol/endpoint.js';

const deploymentId = '5c0a3f8e-9d2b-4f7e-8a61-3b2d9e4c7f10';

describe('protocol: endpoint resolution', () => {
  it('accepts a Genesys domain, an AWS region and an environment name for the same region', () => {
    for (const name of ['mypurecloud.ie', 'eu-west-1', 'prod-euw1', ' MyPureCloud.IE ', 'webmessaging.mypurecloud.ie', 'https://api.mypurecloud.ie/']) {
      expect(findRegion(name)?.domain, name).to.equal('mypurecloud.ie');
    }
    expect(findRegion('prod')?.domain).to.equal('mypurecloud.com');
    expect(findRegion('prod-apse2')?.domain).to.equal('mypurecloud.com.au');
    expect(findRegion('prod-apne1')?.domain).to.equal('mypurecloud.jp');
    expect(findRegion('prod-euc1')?.domain).to.equal('mypurecloud.de');
    expect(findRegion('usw2.pure.cloud')?.awsRegion).to.equal('us-west-2');
  });

  it('knows every region of the reference table', () => {
    expect(REGIONS).to.have.length(17);
    for (const region of REGIONS) expect(findRegion(region.awsRegion)).to.equal(region);
  });

  it('builds the WebSocket, REST and CDN URLs of a region (§1.1, §1.2)', () => {
    const result = resolveEndpoint({ region: 'eu-west-1', deploymentId });
    expect(result).to.deep.equal({
      ok: true,
      endpoint: { socketUrl: `wss://webmessaging.mypurecloud.ie/v1?deploymentId=${deploymentId}`, apiOrigin: 'https://api.mypurecloud.ie', cdnOrigin: 'https://api-cdn.mypurecloud.ie' },
    });
  });

  it('lets an explicit endpoint win, and adds the deployment id to it', () => {
    const result = resolveEndpoint({ region: 'nowhere', endpoint: 'ws://127.0.0.1:9001/v1', deploymentId });
    expect(result).to.deep.equal({
      ok: true,
      endpoint: { socketUrl: `ws://127.0.0.1:9001/v1?deploymentId=${deploymentId}`, apiOrigin: 'http://127.0.0.1:9001', cdnOrigin: 'http://127.0.0.1:9001' },
    });
    const proxied = resolveEndpoint({ endpoint: 'wss://webmessaging.example.com/v1?x=1', deploymentId });
    expect(proxied.ok && proxied.endpoint).to.deep.equal({
      socketUrl: `wss://webmessaging.example.com/v1?x=1&deploymentId=${deploymentId}`,
      apiOrigin: 'https://api.example.com',
      cdnOrigin: 'https://api-cdn.example.com',
    });
  });

  it('says clearly what is wrong', () => {
    const unknown = resolveEndpoint({ region: 'mars-north-1', deploymentId });
    expect(unknown).to.deep.include({ ok: false, problem: 'unknown-region' });
    expect(!unknown.ok && unknown.detail).to.contain('mars-north-1').and.contain('mypurecloud.ie');
    expect(resolveEndpoint({ deploymentId })).to.deep.include({ ok: false, problem: 'missing' });
    expect(resolveEndpoint({ endpoint: 'https://example.com/v1', deploymentId })).to.deep.include({ ok: false, problem: 'invalid-endpoint' });
    expect(resolveEndpoint({ endpoint: 'not a url', deploymentId })).to.deep.include({ ok: false, problem: 'invalid-endpoint' });
  });

  it('takes ws:// only for this machine: a token and a conversation never travel in the clear', () => {
    for (const endpoint of ['ws://127.0.0.1:9000/v1', 'ws://localhost:9000/v1', 'ws://[::1]:9000/v1', 'ws://sim.localhost/v1', 'wss://proxy.example.com/v1']) {
      expect(resolveEndpoint({ endpoint, deploymentId }).ok, endpoint).to.equal(true);
    }
    for (const endpoint of ['ws://proxy.example.com/v1', 'ws://192.168.1.10/v1', 'ws://127.0.0.1.example.com/v1']) {
      const result = resolveEndpoint({ endpoint, deploymentId });
      expect(result, endpoint).to.deep.include({ ok: false, problem: 'invalid-endpoint' });
      expect(!result.ok && result.detail).to.contain('must be a wss:// URL');
    }
  });

  it('loads pictures and files over http only from this machine', () => {
    expect(safeMediaUrl('https://cdn.example.com/a.png')).to.equal('https://cdn.example.com/a.png');
    expect(safeMediaUrl('http://127.0.0.1:9000/a.png')).to.equal('http://127.0.0.1:9000/a.png');
    expect(safeMediaUrl('http://localhost/a.png')).to.equal('http://localhost/a.png');
    expect(safeMediaUrl('http://cdn.example.com/a.png')).to.equal(undefined);
  });
});
