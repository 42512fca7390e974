import { expect } from '@open-wc/testing';
import { SAFE_DEPLOYMENT_CONFIG } from '../../src/protocol/deployment-config.js';
import { settle } from '../helpers/fake-http.js';
import { agentMessage, agentTyping, deploymentConfig } from '../helpers/frames.js';
import { schemaErrors } from '../helpers/schema.js';
import { arrange } from './harness.js';

const CONFIG_URL = 'https://api-cdn.example.test/webdeployments/v1/deployments/d/config.json';

/** A machine whose config.json answers with these settings. */
async function withConfig(flags: Parameters<typeof deploymentConfig>[0], input: Parameters<typeof arrange>[0] = {}) {
  const t = arrange({ configUrl: CONFIG_URL, ...input });
  await settle();
  t.http.to('config.json')[0]!.respond(deploymentConfig(flags));
  await settle();
  return t;
}

const presences = (t: ReturnType<typeof arrange>) =>
  t.sent('onMessage').filter(f => (f['message'] as { events?: { presence?: { type: string } }[] }).events?.[0]?.presence?.type === 'Join');

describe('chat machine: deployment configuration (config.json)', () => {
  it('reads config.json once, as soon as it starts, and keeps the settings', async () => {
    const t = await withConfig({ markdown: true, autoStart: true });
    expect(t.http.requests.map(r => r.url)).to.deep.equal([CONFIG_URL]);
    expect(t.context.deployment.known).to.equal(true);
    expect(t.context.deployment.config).to.include({ markdown: true, autoStart: true, conversationClear: true });
  });

  it('without "conversation clear" does not end: End is refused with a diagnostic naming the setting', async () => {
    const t = await withConfig({ conversationClear: false });
    const diagnostic = t.emittedOf('error')[0]!.error;
    expect(diagnostic).to.include({ code: 'clear-not-supported', recoverable: true });
    expect(diagnostic.message).to.contain('Conversation clear');
    t.connect();
    t.actor.send({ type: 'chat.end', at: 1 });
    expect(t.state).to.equal('connected');
    expect(t.clears()).to.have.length(0);
    expect(t.errorCodes()).to.deep.equal(['clear-not-supported', 'clear-not-supported']);
  });

  it('starts no conversation on an inactive deployment, and says so', async () => {
    const t = arrange({ configUrl: CONFIG_URL });
    t.actor.send({ type: 'chat.start' });
    await settle();
    t.http.to('config.json')[0]!.respond({ ...deploymentConfig(), status: 'Inactive' });
    await settle();
    expect(t.state).to.equal('error');
    expect(t.context.error).to.include({ code: 'deployment-inactive', recoverable: false });
    expect(t.sockets.current.closedWith).to.equal(1000);
    t.actor.send({ type: 'chat.send', text: 'Hello?', tracingId: 'm1', at: 1 });
    expect(t.sent('onMessage')).to.have.length(0);
  });

  it('falls back to safe defaults when config.json cannot be read, and says why', async () => {
    const t = arrange({ configUrl: CONFIG_URL });
    await settle();
    t.http.requests[0]!.respond({ message: 'unavailable' }, 503);
    await settle();
    expect(t.context.deployment.config).to.deep.equal(SAFE_DEPLOYMENT_CONFIG);
    const [error] = t.emittedOf('error');
    expect(error!.error).to.include({ code: 'config-unavailable', recoverable: true });
    expect(error!.error.message).to.contain('HTTP 503').and.contain('safe defaults');

    const offline = arrange({ configUrl: CONFIG_URL });
    await settle();
    offline.http.requests[0]!.fail('Failed to fetch');
    await settle();
    expect(offline.errorCodes()).to.deep.equal(['config-unavailable']);
    expect(offline.context.deployment.config.autoStart).to.equal(false);
  });

  it('reads a broken config.json field by field: what is wrong takes its safe default', async () => {
    const t = arrange({ configUrl: CONFIG_URL });
    await settle();
    t.http.requests[0]!.respond({ messenger: { apps: { conversations: { markdown: { enabled: 'yes' }, conversationClear: null } } } });
    await settle();
    expect(t.context.deployment.config).to.deep.equal(SAFE_DEPLOYMENT_CONFIG);
  });

  it('auto-start: a new session opens the conversation with Join (schema-valid), with the custom attributes', async () => {
    const t = await withConfig({ autoStart: true }, { customAttributes: { customerId: '42' } });
    t.connect({ newSession: true });
    const [joinFrame] = presences(t);
    expect(joinFrame).to.exist;
    expect((joinFrame!['message'] as { channel?: unknown }).channel).to.deep.equal({ metadata: { customAttributes: { customerId: '42' } } });
    expect(await schemaErrors('SendMessageRequest', joinFrame, { waiveRequired: ['time'] })).to.deep.equal([]);
    // The attributes went with Join: the first message does not carry them again.
    t.actor.send({ type: 'chat.send', text: 'Hi', tracingId: 'm1', at: 1 });
    expect((t.sent('onMessage').at(-1)!['message'] as { channel?: unknown }).channel).to.equal(undefined);
  });

  it('auto-start waits for config.json when the session is ready first', async () => {
    const t = arrange({ configUrl: CONFIG_URL });
    t.connect({ newSession: true });
    expect(presences(t)).to.have.length(0);
    await settle();
    t.http.requests[0]!.respond(deploymentConfig({ autoStart: true }));
    await settle();
    expect(presences(t)).to.have.length(1);
  });

  it('sends no Join on a resumed or read-only session, nor when auto-start is off', async () => {
    const resumed = await withConfig({ autoStart: true });
    resumed.connect({ newSession: false });
    const readOnly = await withConfig({ autoStart: true });
    readOnly.connect({ newSession: true, readOnly: true });
    const off = await withConfig({ autoStart: false });
    off.connect({ newSession: true });
    expect([presences(resumed), presences(readOnly), presences(off)].map(p => p.length)).to.deep.equal([0, 0, 0]);
  });

  it('a session resumed at page load that turns out new sends no Join until the visitor opens the chat or writes', async () => {
    for (const ask of [{ type: 'chat.start' } as const, { type: 'chat.send', text: 'Hello' } as const]) {
      const t = await withConfig({ autoStart: true });
      t.actor.send({ type: 'chat.resume' });
      t.accept(t.sockets.current, { newSession: true });
      expect(t.state).to.equal('connected');
      expect(presences(t), 'Join before anyone asked').to.have.length(0);
      // A reconnection does not change that.
      t.sockets.current.drop(1006);
      t.clock.increment(60_000);
      t.accept(t.sockets.current, { newSession: true });
      expect(presences(t)).to.have.length(0);
      t.actor.send(ask);
      expect(presences(t), `Join after ${ask.type}`).to.have.length(1);
    }
  });

  it('sends no typing when the deployment hides it, and shows no agent typing', async () => {
    const t = await withConfig({ typing: false });
    t.connect();
    t.actor.send({ type: 'chat.typing', at: 10_000 });
    t.sockets.current.deliver(agentTyping({ type: 'On' }, 'Ann'));
    expect(t.sent('onMessage')).to.have.length(0);
    expect(t.context.conversation.agentTyping).to.equal(undefined);
  });

  it('gives a bot that sends no name or picture the profile the deployment publishes (humanize)', async () => {
    const t = arrange({ configUrl: CONFIG_URL });
    await settle();
    const config = deploymentConfig();
    const conversations = config.messenger.apps.conversations as Record<string, unknown>;
    conversations['humanize'] = { enabled: true, bot: { name: 'Robin', avatarUrl: 'https://cdn.example.com/robin.png' } };
    t.http.to('config.json')[0]!.respond(config);
    await settle();
    t.connect();
    t.sockets.current.deliver(agentMessage('Hi, I am a bot', { bot: true }));
    t.sockets.current.deliver(agentMessage('And I am Ann', { nickname: 'Ann' }));
    t.sockets.current.deliver(agentMessage('A bot with its own name', { bot: true, nickname: 'Helper' }));
    expect(t.messages.map(m => [m.senderName, m.avatar])).to.deep.equal([
      ['Robin', 'https://cdn.example.com/robin.png'],
      ['Ann', undefined],
      ['Helper', 'https://cdn.example.com/robin.png'],
    ]);
  });

  it('stops when the CDN has no config.json for the deployment (404, or 403 from its storage): nothing could work', async () => {
    for (const status of [404, 403]) {
      const t = arrange({ configUrl: CONFIG_URL });
      await settle();
      t.http.requests[0]!.respond({ message: 'not found' }, status);
      await settle();
      expect(t.state).to.equal('error');
      const [error] = t.emittedOf('error');
      expect(error!.error).to.include({ code: 'deployment-not-found', recoverable: false });
      expect(error!.error.message).to.contain(`answered ${status}`).and.contain('deployment-id').and.contain('region');
    }
  });
});
