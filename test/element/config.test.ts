import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { nothing } from 'lit';
import type { GenesysChat, GenesysChatErrorEvent } from '../../src/index.js';
import { MockServer } from '../helpers/mock-server.js';
import { captureConsole, hasPart, part, statusText } from './chat-fixture.js';

interface Attributes {
  deploymentId?: string;
  region?: string;
  endpoint?: string;
  endTimeout?: string;
  storage?: string;
}

describe('<genesys-chat> configuration', () => {
  let errors: ReturnType<typeof captureConsole>;
  let warnings: ReturnType<typeof captureConsole>;
  beforeEach(() => {
    errors = captureConsole('error');
    warnings = captureConsole('warn');
  });
  afterEach(() => {
    errors.restore();
    warnings.restore();
  });

  async function mount(attributes: Attributes, server = new MockServer()) {
    const events: GenesysChatErrorEvent[] = [];
    const el = await fixture<GenesysChat>(html`<genesys-chat
      deployment-id=${attributes.deploymentId ?? nothing}
      region=${attributes.region ?? nothing}
      endpoint=${attributes.endpoint ?? nothing}
      end-timeout=${attributes.endTimeout ?? nothing}
      storage=${attributes.storage ?? nothing}
      .socketFactory=${server.socketFactory}
      @genesys-chat-error=${(e: GenesysChatErrorEvent) => events.push(e)}
    ></genesys-chat>`);
    return { el, events, server };
  }

  const valid = crypto.randomUUID();
  const cases: [string, Attributes, RegExp][] = [
    ['a missing deployment id', { region: 'mypurecloud.com' }, /deployment-id is missing/],
    ['a malformed deployment id', { deploymentId: 'not-a-uuid', region: 'mypurecloud.com' }, /"not-a-uuid" is not a deployment id/],
    ['an unknown region', { deploymentId: valid, region: 'moon-base-1' }, /region "moon-base-1" is not a Genesys Cloud region/],
    ['a missing region and endpoint', { deploymentId: valid }, /set the region attribute/],
    ['a malformed endpoint', { deploymentId: valid, endpoint: 'https://example.com/v1' }, /must be a ws:\/\/ or wss:\/\/ URL/],
    ['an unknown storage mode', { deploymentId: valid, region: 'mypurecloud.com', storage: 'cookie' }, /storage "cookie" must be local, session or none/],
  ];

  for (const [name, attributes, problem] of cases) {
    it(`refuses ${name}: visible message, error event, console.error, no socket`, async () => {
      const { el, events, server } = await mount(attributes);
      el.open();
      await el.updateComplete;

      expect(statusText(el)).to.match(/Chat is unavailable/);
      expect(part(el, 'error').getAttribute('role')).to.equal('alert');
      expect(events).to.have.length(1);
      expect(events[0]!.detail).to.include({ code: 'invalid-config', recoverable: false });
      expect(events[0]!.detail.message).to.match(problem);
      expect(errors.calls).to.have.length(1);
      expect(errors.calls[0]).to.match(/^<genesys-chat> invalid-config: /).and.match(problem);
      expect(server.socketsOpened).to.equal(0);
      expect(el.state).to.equal('error');
      expect(hasPart(el, 'composer')).to.equal(false);
      expect(hasPart(el, 'retry-button')).to.equal(false);
    });
  }

  it('lists every problem at once, and is accessible', async () => {
    const { el, events } = await mount({ deploymentId: 'nope', region: 'atlantis' });
    el.open();
    await el.updateComplete;
    expect(events[0]!.detail.message).to.match(/"nope" is not a deployment id/).and.match(/"atlantis"/);
    expect(errors.calls[0]).to.match(/"nope"/).and.match(/"atlantis"/);
    await expect(el).to.be.accessible();
  });

  it('rejects endConversation() with invalid-config', async () => {
    const { el } = await mount({});
    const error = await el.endConversation().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).to.be.instanceOf(Error).and.include({ name: 'GenesysChatError', code: 'invalid-config' });
  });

  it('only warns about a bad end-timeout, and works with the default', async () => {
    const server = new MockServer();
    const { el, events } = await mount({ deploymentId: server.deploymentId, endpoint: server.endpoint, endTimeout: 'soon' }, server);
    expect(events).to.have.length(1);
    expect(events[0]!.detail).to.include({ code: 'invalid-config', recoverable: true });
    expect(events[0]!.detail.message).to.match(/end-timeout "soon"/);
    expect(warnings.calls[0]).to.match(/^<genesys-chat> invalid-config: end-timeout "soon"/);
    expect(errors.calls).to.have.length(0);

    el.open();
    await oneEvent(el, 'genesys-chat-connected');
  });

  it('reads the configuration again when an attribute changes', async () => {
    const server = new MockServer();
    const { el } = await mount({ endpoint: server.endpoint }, server);
    el.open();
    await el.updateComplete;
    expect(el.state).to.equal('error');

    el.setAttribute('deployment-id', server.deploymentId);
    await oneEvent(el, 'genesys-chat-connected');
    await el.updateComplete;
    expect(hasPart(el, 'error')).to.equal(false);
    expect(el.state).to.equal('connected');
  });

  it('uses a fetcher set right after the element was added, for config.json too', async () => {
    const asked: string[] = [];
    const el = document.createElement('genesys-chat') as GenesysChat;
    el.setAttribute('deployment-id', crypto.randomUUID());
    el.setAttribute('region', 'mypurecloud.ie');
    document.body.append(el);
    el.fetcher = async url => {
      asked.push(url);
      return new Response('{}', { status: 200, headers: { 'content-type': 'application/json' } });
    };
    try {
      await el.updateComplete;
      await waitUntil(() => asked.length > 0, 'config.json was not asked through the fetcher');
      expect(asked[0]).to.match(/^https:\/\/api-cdn\.mypurecloud\.ie\/webdeployments\/v1\/deployments\/.+\/config\.json$/);
    } finally {
      el.remove();
    }
  });
});
