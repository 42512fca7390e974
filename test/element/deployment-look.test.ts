import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { nothing } from 'lit';
import '../../src/genesys-chat.js';
import type { GenesysChat } from '../../src/index.js';
import { deploymentConfig } from '../helpers/frames.js';
import { MockServer } from '../helpers/mock-server.js';
import { captureConsole, hasPart, part, statusText } from './chat-fixture.js';

/** A config.json with the deployment's look set. */
function lookConfig(look: { visibility?: string; primaryColor?: string; alignment?: string; sideSpace?: number; bottomSpace?: number }) {
  const config = deploymentConfig() as Record<string, unknown> & { messenger: Record<string, unknown> };
  if (look.visibility) config.messenger['launcherButton'] = { visibility: look.visibility };
  if (look.primaryColor) config.messenger['styles'] = { primaryColor: look.primaryColor };
  if (look.alignment) config['position'] = { alignment: look.alignment, sideSpace: look.sideSpace ?? 16, bottomSpace: look.bottomSpace ?? 16 };
  return config;
}

function mount(server: MockServer, attributes: { launcher?: string; position?: string; primaryColor?: string; debug?: boolean; endpoint?: string } = {}) {
  return fixture<GenesysChat>(html`<genesys-chat
    deployment-id=${server.deploymentId}
    endpoint=${attributes.endpoint ?? server.endpoint}
    launcher=${attributes.launcher ?? nothing}
    position=${attributes.position ?? nothing}
    primary-color=${attributes.primaryColor ?? nothing}
    ?debug=${attributes.debug}
    .socketFactory=${server.socketFactory}
    .fetcher=${server.fetcher}
  ></genesys-chat>`);
}

/** Once the conversation part has loaded (when the browser is idle) and config.json has answered. */
async function configRead(el: GenesysChat, server: MockServer) {
  // The conversation part loads when the browser is idle (within 5 s however busy it is).
  await waitUntil(() => server.fetched.some(url => url.endsWith('/config.json')), 'config.json was never asked for', { timeout: 6000 });
  await el.updateComplete;
}

const launcherBox = (el: GenesysChat) => part(el, 'launcher').getBoundingClientRect();

describe('<genesys-chat>: the deployment\'s look and a chat that cannot work', () => {
  afterEach(() => localStorage.clear());

  it('shows no launcher when the deployment turns it off, opens from code all the same, and the next page knows at once', async () => {
    const server = new MockServer({ config: lookConfig({ visibility: 'Off' }) });
    const el = await mount(server);
    await configRead(el, server);
    await waitUntil(() => !hasPart(el, 'launcher'), 'the launcher stayed');
    el.open();
    await waitUntil(() => el.state === 'connected', 'never connected');
    expect(hasPart(el, 'input')).to.equal(true);
    await expect(el).to.be.accessible();

    // The site's next page: no launcher as soon as it has painted, before config.json answers there.
    const next = new MockServer({ config: lookConfig({ visibility: 'Off' }) });
    const page = await fixture<GenesysChat>(html`<genesys-chat deployment-id=${server.deploymentId} endpoint=${next.endpoint}
      .socketFactory=${next.socketFactory} .fetcher=${next.fetcher}></genesys-chat>`);
    expect(hasPart(page, 'launcher')).to.equal(false);
    // The page's own attribute wins over the deployment.
    page.launcher = 'on';
    await page.updateComplete;
    expect(hasPart(page, 'launcher')).to.equal(true);
  });

  it('takes the deployment\'s brand colour and side; the attributes and the site\'s own colour win', async () => {
    const server = new MockServer({ config: lookConfig({ primaryColor: '#ffd400', alignment: 'Left', sideSpace: 40 }) });
    const el = await mount(server);
    await configRead(el, server);
    await waitUntil(() => getComputedStyle(part(el, 'launcher')).backgroundColor === 'rgb(255, 212, 0)', 'the brand colour never applied');
    // Yellow: the icon is dark, for contrast.
    expect(getComputedStyle(part(el, 'launcher')).color).to.match(/^(rgb\(0, 0, 0\)|color\(xyz-d65 0 0 0\))$/);
    expect(launcherBox(el).left).to.be.closeTo(40, 1);

    el.position = 'right';
    el.primaryColor = 'rebeccapurple';
    await el.updateComplete;
    expect(getComputedStyle(part(el, 'launcher')).backgroundColor).to.equal('rgb(102, 51, 153)');
    expect(window.innerWidth - launcherBox(el).right).to.be.closeTo(40, 1);
    el.style.setProperty('--genesys-chat-accent', 'rgb(0, 128, 0)');
    expect(getComputedStyle(part(el, 'launcher')).backgroundColor).to.equal('rgb(0, 128, 0)');
  });

  it('warns about a wrong launcher, position or colour attribute and keeps the deployment\'s setting', async () => {
    const warnings = captureConsole('warn');
    try {
      const server = new MockServer();
      const el = await mount(server, { launcher: 'sometimes', position: 'top', primaryColor: 'not-a-colour' });
      await el.updateComplete;
      const said = warnings.calls.join('\n');
      expect(said).to.contain('launcher "sometimes" must be on or off');
      expect(said).to.contain('position "top" must be left, right or auto');
      expect(said).to.contain('primary-color "not-a-colour" is not a CSS colour');
      expect(hasPart(el, 'launcher')).to.equal(true);
    } finally {
      warnings.restore();
    }
  });

  it('shows visitors no launcher when the deployment does not exist, and a quiet "unavailable" when the page opens it', async () => {
    const errors = captureConsole('error');
    try {
      const server = new MockServer({ configStatus: 404 });
      const el = await mount(server);
      await configRead(el, server);
      await waitUntil(() => el.state === 'error', `state is ${el.state}`);
      await el.updateComplete;
      expect(hasPart(el, 'launcher')).to.equal(false);
      expect(errors.calls.join('\n')).to.contain('deployment-not-found').and.contain('answered 404');
      el.open();
      await el.updateComplete;
      expect(statusText(el)).to.contain('Chat is unavailable.');
      // Nothing the visitor types could go anywhere: there is no message field, and no Try again.
      expect(hasPart(el, 'input')).to.equal(false);
      expect(hasPart(el, 'retry-button')).to.equal(false);
      await expect(el).to.be.accessible();
    } finally {
      errors.restore();
    }
  });

  it('with debug, tells the integrator in plain words what is wrong: no such deployment, an endpoint without /v1', async () => {
    const errors = captureConsole('error');
    const warnings = captureConsole('warn');
    try {
      const server = new MockServer({ configStatus: 404 });
      const el = await mount(server, { debug: true, endpoint: server.endpoint.replace(/\/v1$/, '/') });
      await configRead(el, server);
      await waitUntil(() => hasPart(el, 'debug') && part(el, 'debug').textContent!.includes('deployment-not-found'), 'the debug panel never said it');
      const text = part(el, 'debug').textContent!.replace(/\s+/g, ' ');
      expect(text).to.contain(`No deployment ${server.deploymentId} in this region`);
      expect(text).to.contain('/v1 missing');
      await expect(el).to.be.accessible();
    } finally {
      errors.restore();
      warnings.restore();
    }
  });
});
