// The one definition of how this project starts Chromium (tests, e2e, benchmark, screenshots):
// Debian's browser or CHROME_PATH, never a downloaded one; flags that headless Chromium needs as root
// on a machine without internet (background networking would only produce refused connections).
export const CHROMIUM_PATH = process.env.CHROME_PATH ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];
