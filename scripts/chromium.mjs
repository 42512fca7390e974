import { existsSync } from 'node:fs';

/** Where the test browser is: `CHROME_PATH` if set, else Debian's Chromium. */
export function chromiumPath() {
  return process.env.CHROME_PATH || '/usr/bin/chromium';
}

/** Chromium flags for a headless run on a machine with no internet (and, as root, no sandbox). */
export const chromiumArgs = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
  // Two test pages run at once; a page Chromium thinks is in the background gets no animation frames.
  '--disable-background-timer-throttling',
  '--disable-backgrounding-occluded-windows',
  '--disable-renderer-backgrounding',
];

export function hasChromium() {
  return existsSync(chromiumPath());
}
