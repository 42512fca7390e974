import { expect, waitUntil } from '@open-wc/testing';
import { startChat } from '../e2e/widget.js';

describe('faults: a connection that dies silently is found by the keep-alive', function () {
  // The keep-alive runs on real time here: an echo after 45 s, 10 s for its answer.
  this.timeout(120_000);

  it('checks the connection with echoes no closer than 30 s, and replaces it when the echo goes unanswered', async () => {
    const { sim, deploymentId, visitor } = await startChat();
    visitor.el.send('Hello');
    await waitUntil(async () => (await sim.state()).conversations.some(c => c.deploymentId === deploymentId));
    const token = (await sim.state()).conversations.find(c => c.deploymentId === deploymentId)!.token;
    // The server stops answering without closing anything: only the echo can tell.
    await sim.setFaults(token, { withhold: true });
    await visitor.waitForStatus(/Reconnecting/, 70_000);
    await sim.clearFaults(token);
    await visitor.waitForStatus(/Connected again/, 20_000);

    const echoes = (await sim.frames(deploymentId)).filter(f => f.frame?.['action'] === 'echo');
    expect(echoes.length).to.be.greaterThan(0);
    const times = echoes.map(f => Date.parse(f.at));
    for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).to.be.at.least(29_000);
    // Echo replies are never shown.
    expect(visitor.messages()).to.deep.equal(['Hello']);
  });
});
