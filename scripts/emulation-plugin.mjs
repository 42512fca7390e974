/**
 * Test commands for what @web/test-runner-commands cannot emulate without reloading the page:
 * `emulate-media-features` (forced-colors and the rest, as one list that replaces the last) and
 * `emulate-device` (a phone's viewport, which widens the area fixed boxes use on pages wider than it;
 * `null` goes back to the desktop window), and `wheel` (a mouse wheel turned at a point, as a user scrolls).
 */
export function emulationPlugin() {
  const sessions = new WeakMap();
  const cdp = async page => {
    if (!sessions.has(page)) sessions.set(page, await page.createCDPSession());
    return sessions.get(page);
  };
  return {
    name: 'emulation-commands',
    async executeCommand({ command, payload, session }) {
      if (command !== 'emulate-media-features' && command !== 'emulate-device' && command !== 'wheel') return undefined;
      if (session.browser.type !== 'puppeteer') throw new Error(`${command} needs Chromium (puppeteer).`);
      if (command === 'wheel') {
        const { mouse } = session.browser.getPage(session.id);
        await mouse.move(payload.x, payload.y);
        await mouse.wheel({ deltaY: payload.deltaY });
        return true;
      }
      const client = await cdp(session.browser.getPage(session.id));
      if (command === 'emulate-media-features') {
        await client.send('Emulation.setEmulatedMedia', { features: payload ?? [] });
        return true;
      }
      if (payload) await client.send('Emulation.setDeviceMetricsOverride', { deviceScaleFactor: 1, mobile: true, ...payload });
      else await client.send('Emulation.clearDeviceMetricsOverride');
      return true;
    },
  };
}
