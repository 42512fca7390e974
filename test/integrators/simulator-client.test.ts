import { expect } from '@open-wc/testing';
import { DEMO_DEPLOYMENT_ID, SimulatorError, connectSimulator, type SimulatorClient } from '../../simulator/client.mjs';

describe('the simulator client integrators use (genesys-chat/simulator-client)', () => {
  let sim: SimulatorClient;

  before(async () => {
    const { origin } = (await (await fetch('/__simulator')).json()) as { origin: string };
    // A trailing slash, as an origin copied from a browser's address bar has.
    sim = connectSimulator(`${origin}/`);
  });

  it('names the simulator by its origin and the guest WebSocket beside it', async () => {
    expect(sim.origin).to.match(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(sim.wsUrl).to.equal(`${sim.origin.replace('http', 'ws')}/v1`);
    expect((await sim.deployments()).map(d => d.deploymentId)).to.include(DEMO_DEPLOYMENT_ID);
  });

  it('waitFor answers what the selector found, and waits for a change that comes later', async () => {
    const { deploymentId } = await sim.createDeployment();
    const guest = new WebSocket(`${sim.wsUrl}?deploymentId=${deploymentId}`);
    const token = crypto.randomUUID();
    const waiting = sim.waitFor(state => state.sessions.find(s => s.token === token)?.deploymentId);
    await new Promise(resolve => guest.addEventListener('open', resolve, { once: true }));
    guest.send(JSON.stringify({ action: 'configureSession', deploymentId, token }));
    expect(await waiting).to.equal(deploymentId);
    guest.close();
  });

  it('waitFor rejects after its timeout, saying what it waited for', async () => {
    const error = await sim.waitFor(() => false, { timeoutMs: 50, what: 'a conversation that never comes' }).catch((e: Error) => e);
    expect(error).to.be.instanceOf(Error);
    expect((error as Error).message).to.equal('the simulator never reached a conversation that never comes in 50 ms');
  });

  it("waitFor stops when the test's signal aborts", async () => {
    const controller = new AbortController();
    const waiting = sim.waitFor(() => false, { signal: controller.signal }).catch((e: unknown) => e);
    controller.abort(new Error('test over'));
    expect(((await waiting) as Error).message).to.equal('test over');
  });

  it('a refused control call rejects with the status and the reason', async () => {
    const error = await sim.agentSay('no-such-conversation', 'hello').catch((e: unknown) => e);
    expect(error).to.be.instanceOf(SimulatorError);
    expect((error as SimulatorError).status).to.equal(404);
    expect((error as SimulatorError).message).to.match(/^POST \/sim\/conversations\/no-such-conversation\/messages: /);
  });
});
