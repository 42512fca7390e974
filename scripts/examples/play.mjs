// One visitor's conversation on an example page, in Chromium, against the simulator: open the widget,
// write, the agent answers, the visitor ends it. Proven twice: the page's own listener of
// genesys-chat-ended shows "Ended by customer", and the simulator has the conversation ended by the
// customer after one Presence Clear.

/** Plays the conversation on `url`; resolves when both proofs hold, rejects saying what did not happen. */
export async function playConversation(browser, sim, url, text) {
  const { deploymentId } = await sim.createDeployment();
  // A context of its own: no session stored by another page.
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  const pageErrors = [];
  page.on('pageerror', error => pageErrors.push(error.message));
  // The widget reports its errors on the console; a missing favicon is not one.
  page.on('console', message => {
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) pageErrors.push(`console: ${message.text()}`);
  });
  // A part of the widget once it is there and usable. Checked every frame: selector waits are woken by
  // changes of the page's own DOM and would miss a part that appears inside the shadow root.
  const part = async name => {
    const handle = await page.waitForFunction(
      name => document.querySelector('genesys-chat')?.shadowRoot?.querySelector(`[part~="${name}"]:not([disabled])`),
      {},
      name,
    );
    return handle.asElement();
  };
  const step = async (what, action) => {
    try {
      return await action();
    } catch (error) {
      const widget = await page.evaluate(() => {
        const chat = document.querySelector('genesys-chat');
        return chat && `state ${chat.state}, ${chat.opened ? 'open' : 'closed'}, parts ${[...chat.shadowRoot?.querySelectorAll('[part]') ?? []].map(e => e.getAttribute('part')).join(' ')}`;
      }).catch(() => null);
      const seen = pageErrors.length ? `; the page said: ${pageErrors.join(' | ')}` : '';
      throw new Error(`${what}: ${error.message.split('\n')[0]} (the widget: ${widget ?? 'none'})${seen}`);
    }
  };

  try {
    const query = new URLSearchParams({ deploymentId, endpoint: sim.wsUrl });
    await step('the page did not load', () => page.goto(`${url}?${query}`));
    await step('no launcher', async () => (await part('launcher')).click());
    await step('no message field', async () => (await part('input')).type(text));
    await step('no send button', async () => (await part('send-button')).click());
    const conversation = await step("the visitor's message never reached the simulator", () =>
      sim.waitFor(s => s.conversations.find(c => c.deploymentId === deploymentId && c.messages.some(m => m.text === text)), { what: "the visitor's message" }));

    await sim.agentSay(conversation.id, 'It ships today.');
    await step("the agent's reply never showed", () =>
      page.waitForFunction(() => document.querySelector('genesys-chat').shadowRoot.textContent.includes('It ships today.')));
    const launchers = await page.evaluate(() => document.querySelector('genesys-chat').shadowRoot.querySelectorAll('[part~="launcher"]').length);
    if (launchers !== 1) throw new Error(`the widget shows ${launchers} launchers`);

    await step('no End chat button', async () => (await part('end-button')).click());
    await step('no confirmation of End chat', async () => (await part('confirm-end-button')).click());
    await step("the page's genesys-chat-ended listener never showed \"Ended by customer\"", () =>
      page.waitForFunction(() => document.getElementById('status')?.textContent === 'Ended by customer'));
    const ended = await step('the simulator never ended the conversation', () =>
      sim.waitFor(s => s.conversations.find(c => c.id === conversation.id && c.status === 'ended'), { what: 'the end' }));
    if (ended.endedBy !== 'customer' || ended.clearRequests !== 1) {
      throw new Error(`the simulator ended it by ${ended.endedBy} after ${ended.clearRequests} Clear requests`);
    }
    if (pageErrors.length) throw new Error(`the page reported errors: ${pageErrors.join(' | ')}`);
  } finally {
    await context.close();
  }
}
