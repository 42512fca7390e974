import { expect } from '@open-wc/testing';
import { simulator } from '../helpers/simulator.js';
import type { DeploymentOptions } from '../helpers/simulator.js';
import { auditAndCloseGuests, configured, refusal } from './support.js';

async function fetchConfig(deploymentId: string, init: RequestInit = {}) {
  const sim = await simulator();
  return fetch(sim.configUrl(deploymentId), init);
}

async function config(options: DeploymentOptions = {}) {
  const sim = await simulator();
  const { deploymentId } = await sim.createDeployment(options);
  const response = await fetchConfig(deploymentId);
  expect(response.status).to.equal(200);
  return { sim, deploymentId, response, json: (await response.json()) as Record<string, any> };
}

describe('simulator: the deployment config.json', () => {
  afterEach(auditAndCloseGuests);

  it('answers the reference shape, from the defaults, uncached', async () => {
    const { sim, deploymentId, response, json } = await config();
    expect(response.headers.get('content-type')).to.contain('application/json');
    expect(response.headers.get('cache-control')).to.equal('no-store');
    expect(json).to.deep.include({
      id: deploymentId,
      version: '1',
      status: 'Active',
      defaultLanguage: 'en-us',
      apiEndpoint: sim.origin,
    });
    expect(json['messenger']).to.deep.equal({
      enabled: true,
      apps: {
        conversations: {
          messagingEndpoint: sim.origin.replace(/^http/, 'ws'),
          showAgentTypingIndicator: true,
          showUserTypingIndicator: true,
          autoStart: { enabled: false },
          conversationDisconnect: { enabled: true, type: 'Send' },
          conversationClear: { enabled: true },
          markdown: { enabled: false },
          humanize: { enabled: false },
        },
      },
      launcherButton: { visibility: 'On' },
      // Only `modes`, as older deployments publish it: with sessionResponse 'full', enableAttachments too.
      fileUpload: { modes: [] },
    });
    // The messaging endpoint is where the guest socket really is.
    expect(`${json['messenger'].apps.conversations.messagingEndpoint}/v1`).to.equal(sim.wsUrl);
  });

  it('publishes the deployment\'s look: brand colour, launcher, position and the bot\'s profile', async () => {
    const { json } = await config({
      primaryColor: '#ff4f1f',
      launcherVisibility: 'OnDemand',
      position: { alignment: 'Left', sideSpace: 24, bottomSpace: 40 },
      botProfile: { name: 'Robin', avatarUrl: 'https://cdn.example.com/robin.png' },
    });
    expect(json['messenger'].styles).to.deep.equal({ primaryColor: '#ff4f1f' });
    expect(json['messenger'].launcherButton).to.deep.equal({ visibility: 'OnDemand' });
    expect(json['position']).to.deep.equal({ alignment: 'Left', sideSpace: 24, bottomSpace: 40 });
    expect(json['messenger'].apps.conversations.humanize).to.deep.equal({ enabled: true, bot: { name: 'Robin', avatarUrl: 'https://cdn.example.com/robin.png' } });
  });

  it('reflects every option, and follows changes with a new version', async () => {
    const { sim, deploymentId, json } = await config({
      typingEnabled: false,
      autoStart: true,
      markdown: true,
      fileUpload: true,
      clearAllowed: false,
      disconnectMode: 'ReadOnly',
      sessionResponse: 'full',
    });
    expect(json['messenger'].apps.conversations).to.deep.include({
      showAgentTypingIndicator: false,
      showUserTypingIndicator: false,
      autoStart: { enabled: true },
      conversationDisconnect: { enabled: true, type: 'ReadOnly' },
      conversationClear: { enabled: false },
      markdown: { enabled: true },
    });
    expect(json['messenger'].fileUpload).to.deep.equal({
      enableAttachments: true,
      modes: [{ fileTypes: ['image/png', 'image/jpeg', 'image/gif', 'application/pdf'], maxFileSizeKB: 10240 }],
    });

    await sim.updateDeployment(deploymentId, { typingEnabled: true, autoStart: false, markdown: false, fileUpload: false, clearAllowed: true, disconnectMode: 'Send' });
    const after = (await (await fetchConfig(deploymentId)).json()) as Record<string, any>;
    expect(after['version']).to.equal('2');
    expect(after['messenger'].apps.conversations).to.deep.include({
      showUserTypingIndicator: true,
      autoStart: { enabled: false },
      conversationDisconnect: { enabled: true, type: 'Send' },
      conversationClear: { enabled: true },
      markdown: { enabled: false },
    });
    expect(after['messenger'].fileUpload).to.deep.equal({ enableAttachments: false, modes: [] });
  });

  it('publishes uploads as `modes` alone by default, as older deployments do, with a minimal SessionResponse', async () => {
    const { deploymentId, json } = await config({ fileUpload: true });
    expect(json['messenger'].fileUpload).to.deep.equal({
      modes: [{ fileTypes: ['image/png', 'image/jpeg', 'image/gif', 'application/pdf'], maxFileSizeKB: 10240 }],
    });
    const { session } = await configured(deploymentId);
    expect(session.body).to.deep.equal({ connected: true, newSession: true });
  });

  it('is readable from another origin', async () => {
    const sim = await simulator();
    const { deploymentId } = await sim.createDeployment({ tagAnswers: true, sessionResponse: 'full' });
    // The test page is served from another port, so these fetches are cross-origin: a missing or
    // wrong Access-Control-Allow-Origin would make them throw.
    expect(new URL(sim.origin).origin).to.not.equal(location.origin);
    expect((await fetchConfig(deploymentId, { mode: 'cors' })).ok).to.equal(true);
    expect((await fetchConfig(crypto.randomUUID(), { mode: 'cors' })).status, 'errors are readable too').to.equal(404);
  });

  it('fails with the configured status, and 404 for an unknown deployment', async () => {
    const sim = await simulator();
    const { deploymentId } = await sim.createDeployment({ tagAnswers: true, sessionResponse: 'full', configStatus: 503 });
    const failing = await fetchConfig(deploymentId);
    expect(failing.status).to.equal(503);
    expect(failing.headers.get('cache-control')).to.equal('no-store');
    expect(((await failing.json()) as { error: string }).error).to.be.a('string');

    await sim.updateDeployment(deploymentId, { configStatus: 200 });
    expect((await fetchConfig(deploymentId)).status).to.equal(200);

    const unknown = await fetchConfig(crypto.randomUUID());
    expect(unknown.status).to.equal(404);
    expect(((await unknown.json()) as { error: string }).error).to.contain('no deployment');
  });

  it('validates the new options', async () => {
    const sim = await simulator();
    const bad: DeploymentOptions[] = [
      { typingEnabled: 'no' as never },
      { autoStart: 1 as never },
      { markdown: null as never },
      { fileUpload: 'yes' as never },
      { configStatus: 99 },
      { configStatus: 200.5 },
      { maxTextLength: 0 },
      { maxCustomDataBytes: -1 },
      { sessionDurationSeconds: 0 },
      { greetingQuickReplies: [] },
      { greetingQuickReplies: [''] },
      { greetingQuickReplies: Array.from({ length: 11 }, (_, i) => `r${i}`) },
      { greetingQuickReplies: 'Yes' as never },
    ];
    for (const options of bad) expect(await refusal(sim.createDeployment(options)), JSON.stringify(options)).to.equal(400);

    const created = await sim.createDeployment({ tagAnswers: true, sessionResponse: 'full', greetingQuickReplies: ['Yes', 'No'], maxTextLength: 10, configStatus: 500 });
    expect(created).to.include({ maxTextLength: 10, configStatus: 500, typingEnabled: true, sessionDurationSeconds: 259200 });
    expect(created.greetingQuickReplies).to.deep.equal(['Yes', 'No']);
    expect((await sim.updateDeployment(created.deploymentId, { greetingQuickReplies: null })).greetingQuickReplies).to.equal(null);
    expect((await sim.deployments()).map(d => d.deploymentId)).to.include.members([created.deploymentId, '5c0a3f8e-9d2b-4f7e-8a61-3b2d9e4c7f10']);
  });

  it('publishes the language options, and refuses malformed ones', async () => {
    const customI18nLabels = [{ language: 'de', localizedLabels: [{ key: 'MessengerHomeHeaderTitle', value: 'Hilfe' }] }];
    const { json } = await config({ languages: ['en-us', 'de'], defaultLanguage: 'de', customI18nLabels });
    expect(json).to.deep.include({ languages: ['en-us', 'de'], defaultLanguage: 'de', customI18nLabels });
    expect((await config()).json).to.not.have.property('customI18nLabels');

    const sim = await simulator();
    const bad: DeploymentOptions[] = [
      { languages: [] },
      { languages: ['de', 'not a tag'] },
      { defaultLanguage: 7 as never },
      { customI18nLabels: [{ language: 'de', localizedLabels: [{ key: 'MessengerHomeHeaderTitle', value: 1 as never }] }] },
      { customI18nLabels: [{ language: '', localizedLabels: [] }] },
    ];
    for (const options of bad) expect(await refusal(sim.createDeployment(options)), JSON.stringify(options)).to.equal(400);
  });

  it('reports maxCustomDataBytes and the session duration in SessionResponse', async () => {
    const sim = await simulator();
    const { deploymentId } = await sim.createDeployment({ tagAnswers: true, sessionResponse: 'full', maxCustomDataBytes: 512, sessionDurationSeconds: 3600 });
    const { session } = await configured(deploymentId);
    expect(session.body).to.include({ maxCustomDataBytes: 512, durationSeconds: 3600 });
    expect(session.body.expirationDate - Date.now() / 1000).to.be.within(3590, 3602);
  });
});
