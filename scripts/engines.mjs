// The three browser engines readers use, as this machine runs them: Debian's packages, never a
// downloaded browser (../shared/TOOLCHAIN-NOTES.md §7). Chromium is launched as before
// (scripts/chromium.mjs); Firefox ESR through puppeteer-core over WebDriver BiDi; WebKitGTK (Safari's
// engine) through WebKitWebDriver, which needs an X display: a private Xvfb is started for it.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';

export const ENGINES = /** @type {const} */ (['chromium', 'firefox', 'webkit']);

export const FIREFOX_PATH = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';
export const MINIBROWSER_PATH = process.env.MINIBROWSER_PATH ?? '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';
export const WEBKIT_DRIVER_PATH = process.env.WEBKIT_DRIVER_PATH ?? '/usr/bin/WebKitWebDriver';

/** The engines named in `PY_ENGINES` (comma-separated; default all three), checked. */
export function selectedEngines(value = process.env.PY_ENGINES) {
  const names = value
    ? value
        .split(',')
        .map((name) => name.trim())
        .filter(Boolean)
    : [...ENGINES];
  for (const name of names) {
    if (!ENGINES.includes(name)) throw new Error(`PY_ENGINES: unknown engine "${name}" (known: ${ENGINES.join(', ')})`);
  }
  return names;
}

/** Firefox's launch options for puppeteer-core (headless; no update checks or telemetry, no network). */
export const FIREFOX_LAUNCH = {
  browser: 'firefox',
  executablePath: FIREFOX_PATH,
  headless: true,
  extraPrefsFirefox: {
    'app.update.enabled': false,
    'browser.safebrowsing.downloads.remote.enabled': false,
    'network.captive-portal-service.enabled': false,
    'network.connectivity-service.enabled': false,
    'toolkit.telemetry.enabled': false,
  },
};

/** A free TCP port on loopback. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function waitUntil(check, what, timeout) {
  const end = Date.now() + timeout;
  for (;;) {
    if (await check().catch(() => false)) return;
    if (Date.now() > end) throw new Error(`timed out after ${timeout} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * Starts WebKitWebDriver (and, without a DISPLAY, a private Xvfb for it). Resolves with the session
 * options that open MiniBrowser through it, and stop(). Both processes die with this one.
 */
export async function startWebKitDriver() {
  for (const [path, fix] of [
    [WEBKIT_DRIVER_PATH, 'apt-get install -y webkit2gtk-driver'],
    [MINIBROWSER_PATH, 'apt-get install -y webkit2gtk-driver'],
  ]) {
    if (!existsSync(path)) throw new Error(`WebKit: ${path} is missing (${fix})`);
  }
  const children = [];
  const env = { ...process.env };
  if (!env.DISPLAY) {
    if (!existsSync('/usr/bin/Xvfb')) throw new Error('WebKit needs an X display: apt-get install -y xvfb');
    const display = `:${90 + Math.floor(Math.random() * 400)}`;
    const xvfb = spawn('/usr/bin/Xvfb', [display, '-screen', '0', '1280x800x24', '-nolisten', 'tcp'], { stdio: 'ignore' });
    children.push(xvfb);
    env.DISPLAY = display;
    await waitUntil(async () => existsSync(`/tmp/.X11-unix/X${display.slice(1)}`), `Xvfb on ${display}`, 15_000);
  }
  const port = await freePort();
  const driver = spawn(WEBKIT_DRIVER_PATH, [`--port=${port}`], { env, stdio: 'ignore' });
  children.push(driver);
  const stop = () => {
    for (const child of children.reverse()) child.kill();
  };
  process.once('exit', stop);
  await waitUntil(async () => (await fetch(`http://127.0.0.1:${port}/status`)).ok, `WebKitWebDriver on port ${port}`, 15_000);
  return {
    // webdriverio's remote() options (and the test runner's webdriverLauncher's) that open MiniBrowser.
    session: {
      hostname: '127.0.0.1',
      port,
      path: '/',
      capabilities: { 'webkitgtk:browserOptions': { binary: MINIBROWSER_PATH, args: ['--automation'] } },
      logLevel: 'error',
    },
    stop,
  };
}

/**
 * `evaluate(fn, ...args)` for a webdriverio session on WebKit. WebKitWebDriver hands an error the page
 * logged meanwhile to the next script it runs, as that script's failure: ask again (pages record
 * their own errors if they need them).
 */
export function webkitEvaluate(session) {
  return async (fn, ...args) => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await session.execute(fn, ...args);
      } catch (error) {
        if (attempt === 3) throw error;
      }
    }
  };
}
