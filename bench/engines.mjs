// The three engines as the per-engine measure (k) drives them, behind one small interface. Chromium
// is opened as the rest of the bench opens it (browser.mjs); Firefox and WebKit as this project's
// end-to-end tests start them (scripts/engines.mjs: Debian's packages, never a downloaded browser).
//
//   const engine = await startEngine('firefox', { proxyPort });   // once per measure
//   const tab = await engine.open();                              // one fresh browser per round
//   await tab.goto(url); await tab.evaluate(fn, ...args); tab.requests; await tab.close();
//   await engine.stop();
//
// Every engine sends requests for hosts other than loopback to the bench server as a proxy, which
// records and refuses them (server.mjs), as Chromium always did here.
//
// Each open() is a browser with nothing cached: Chromium and Firefox get a new, empty profile
// directory (a real disk cache that the round's second navigation hits); WebKit a new WebDriver
// session, whose MiniBrowser runs in automation mode with an ephemeral (in-memory) data store.
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer from 'puppeteer-core';
import { remote } from 'webdriverio';
import {
  FIREFOX_PATH,
  FIREFOX_LAUNCH,
  MINIBROWSER_PATH,
  WEBKIT_DRIVER_PATH,
  selectedEngines,
  startWebKitDriver,
  webkitEvaluate,
} from '../scripts/engines.mjs';
import { openBrowser, watchContext } from './browser.mjs';

const VIEWPORT = { width: 1280, height: 720 };
/** A cold interpreter start in WebKitGTK takes tens of seconds under load. */
const PAGE_LOAD_TIMEOUT = 180_000;

/**
 * The engines named in `BENCH_ENGINES` (comma-separated; default chromium,firefox,webkit). Throws at
 * once if one is not installed, rather than after the Chromium measures have run for minutes.
 */
export function benchEngines(value = process.env.BENCH_ENGINES) {
  let names;
  try {
    names = selectedEngines(value);
  } catch (error) {
    throw new Error(String(error.message).replace('PY_ENGINES', 'BENCH_ENGINES'), { cause: error });
  }
  const needs = {
    firefox: [[FIREFOX_PATH, 'apt-get install -y firefox-esr']],
    webkit: [
      [WEBKIT_DRIVER_PATH, 'apt-get install -y webkit2gtk-driver'],
      [MINIBROWSER_PATH, 'apt-get install -y webkit2gtk-driver'],
      ...(process.env.DISPLAY ? [] : [['/usr/bin/Xvfb', 'apt-get install -y xvfb']]),
    ],
  };
  for (const name of names) {
    for (const [path, fix] of needs[name] ?? []) {
      if (!existsSync(path)) throw new Error(`BENCH_ENGINES: ${name} needs ${path} (${fix}, or leave ${name} out)`);
    }
  }
  return names;
}

/**
 * Prepares `name` ('chromium' | 'firefox' | 'webkit'). `proxyPort` is the bench server, Chromium's
 * proxy for anything off loopback (browser.mjs). Resolves with { name, version(), open(), stop() }.
 */
export async function startEngine(name, { proxyPort }) {
  if (name === 'chromium') return chromiumEngine(proxyPort);
  if (name === 'firefox') return firefoxEngine(proxyPort);
  if (name === 'webkit') return webkitEngine(proxyPort);
  throw new Error(`startEngine: no engine "${name}"`);
}

function chromiumEngine(proxyPort) {
  let version = 'unknown';
  return {
    name: 'chromium',
    version: () => version,
    async open() {
      const session = await openBrowser(proxyPort);
      version = session.version();
      const watch = watchContext(session.context);
      const { page } = session;
      return {
        goto: (url) => page.goto(url, { waitUntil: 'commit' }),
        evaluate: (fn, ...args) => page.evaluate(fn, ...args),
        requests: watch.requests,
        close: () => session.close(),
      };
    },
    stop: async () => {},
  };
}

function firefoxEngine(proxyPort) {
  let version = 'unknown';
  // As for Chromium: anything not on loopback goes to the bench server as a proxy request (recorded,
  // refused). Firefox never sends loopback through a proxy (network.proxy.allow_hijacking_localhost).
  const proxy = {
    'network.proxy.type': 1,
    'network.proxy.http': '127.0.0.1',
    'network.proxy.http_port': proxyPort,
    'network.proxy.ssl': '127.0.0.1',
    'network.proxy.ssl_port': proxyPort,
  };
  const launch = { ...FIREFOX_LAUNCH, extraPrefsFirefox: { ...FIREFOX_LAUNCH.extraPrefsFirefox, ...proxy } };
  return {
    name: 'firefox',
    version: () => version,
    async open() {
      const profile = await mkdtemp(join(tmpdir(), 'py-elements-bench-firefox-'));
      let browser;
      try {
        browser = await puppeteer.launch({ ...launch, userDataDir: profile });
        version = (await browser.version()).replace(/^firefox\//i, '');
        const page = await browser.newPage();
        await page.setViewport(VIEWPORT);
        // Over WebDriver BiDi, puppeteer sees the page's requests (not its workers').
        const requests = [];
        page.on('request', (request) => requests.push(request.url()));
        return {
          goto: (url) => page.goto(url, { waitUntil: 'domcontentloaded', timeout: PAGE_LOAD_TIMEOUT }),
          evaluate: (fn, ...args) => page.evaluate(fn, ...args),
          requests,
          async close() {
            try {
              await browser.close();
            } finally {
              await rm(profile, { recursive: true, force: true });
            }
          },
        };
      } catch (error) {
        await browser?.close().catch(() => {});
        await rm(profile, { recursive: true, force: true });
        throw error;
      }
    },
    stop: async () => {},
  };
}

async function webkitEngine(proxyPort) {
  const driver = await startWebKitDriver();
  // As for Chromium: anything not on loopback goes to the bench server as a proxy request. Unlike
  // Chromium and Firefox, MiniBrowser would proxy loopback too: one --ignore-host per host.
  const options = driver.session.capabilities['webkitgtk:browserOptions'];
  const capabilities = {
    ...driver.session.capabilities,
    'webkitgtk:browserOptions': {
      ...options,
      args: [
        ...options.args,
        `--proxy=http://127.0.0.1:${proxyPort}`,
        '--ignore-host=127.0.0.1',
        '--ignore-host=localhost',
        '--ignore-host=::1',
      ],
    },
  };
  let version = 'unknown';
  return {
    name: 'webkit',
    version: () => version,
    async open() {
      const session = await remote({ ...driver.session, capabilities });
      try {
        version = String(session.capabilities.browserVersion ?? 'unknown');
        await session.setTimeout({ pageLoad: PAGE_LOAD_TIMEOUT, script: PAGE_LOAD_TIMEOUT });
        await session.setWindowSize(VIEWPORT.width, VIEWPORT.height).catch(() => {});
      } catch (error) {
        await session.deleteSession().catch(() => {});
        throw error;
      }
      return {
        goto: (url) => session.url(url),
        evaluate: webkitEvaluate(session),
        // WebDriver cannot listen to requests: the page's Resource Timing entries are the record.
        requests: [],
        close: () => session.deleteSession().catch(() => {}),
      };
    },
    stop: async () => driver.stop(),
  };
}
