// Chromium (Debian's /usr/bin/chromium or CHROME_PATH, never a downloaded browser) through
// playwright-core, with every request off loopback sent to our own server as a proxy (see
// server.mjs), and helpers that record each page's requests.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../scripts/chromium.mjs';

/**
 * A fresh browser with a fresh profile (empty disk cache) and one page. Not `browser.newContext()`:
 * Playwright's extra contexts are incognito-like with an in-memory HTTP cache that does not keep
 * the 9.6 MB pyodide.asm.wasm, so a "warm" reload would download it again, unlike any real browser.
 * `proxyPort` is our server: Chromium bypasses the proxy for loopback, so only requests to other
 * hosts reach it as proxy requests (recorded and refused there).
 */
export async function openBrowser(proxyPort) {
  const profile = await mkdtemp(join(tmpdir(), 'py-elements-bench-profile-'));
  let context;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: [...CHROMIUM_ARGS, `--proxy-server=http://127.0.0.1:${proxyPort}`],
      viewport: { width: 1280, height: 720 },
    });
  } catch (error) {
    await rm(profile, { recursive: true, force: true });
    throw error;
  }
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    /** The profile's folder: it names the browser's processes (renderer-memory.mjs). */
    profile,
    version: () => context.browser()?.version() ?? 'unknown',
    async close() {
      try {
        await context.close();
      } finally {
        await rm(profile, { recursive: true, force: true });
      }
    },
  };
}

/** True for URLs that stay on this machine (or never touch the network). */
export function isLocal(url) {
  if (/^(data|blob|about|chrome|chrome-extension|devtools):/.test(url)) return true;
  try {
    const { hostname } = new URL(url);
    return hostname === '127.0.0.1' || hostname === 'localhost' || hostname === '[::1]';
  } catch {
    return false;
  }
}

/**
 * Records every request the context makes (pages and their workers), and throws at check() if one
 * left loopback. Playwright's request events cover dedicated workers too; the proxy catches the rest.
 */
export function watchContext(context) {
  const requests = [];
  const offLoopback = [];
  const onRequest = (request) => {
    const url = request.url();
    requests.push(url);
    if (!isLocal(url)) offLoopback.push(url);
  };
  context.on('request', onRequest);
  const watchSockets = (page) =>
    page.on('websocket', (ws) => {
      if (!isLocal(ws.url())) offLoopback.push(ws.url());
    });
  context.pages().forEach(watchSockets);
  context.on('page', watchSockets);
  return { requests, offLoopback };
}
