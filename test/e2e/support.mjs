// Shared by the end-to-end tests (test/e2e/*.test.mjs): building the library, a throwaway static
// server, Chromium through playwright-core (Debian's /usr/bin/chromium or CHROME_PATH, never a
// downloaded browser), and recording what a page logs.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdir, readFile, readdir, rm, stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import { join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { buildInto } from '../../scripts/build-into.mjs';
import { isAlive } from '../../scripts/suite-runs.mjs';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../scripts/chromium.mjs';
import { contentType } from '../../wasm/files.mjs';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** Scratch space for builds and screenshots (gitignored). */
export const TMP = join(ROOT, 'test', 'e2e', '.tmp');
export const PYTHON_TIMEOUT = 60_000;

/**
 * The library built by `npm run build` (the same verify + `vite build` a release uses), and the
 * directory it is in. Under `npm run test:e2e` (scripts/test-e2e.mjs) every test file gets the one
 * build made before the files run, named by PY_E2E_BUILD: the files only read it, and seven identical
 * builds took ~80 s of the suite. Alone (`node --test test/e2e/dist.test.mjs`), a file builds into a
 * directory of its own. Not dist/: a developer's concurrent `npm run build` empties it. `name` tells
 * the test files' directories apart; call removeBuild() when done (a shared build is left to its
 * maker).
 */
export async function buildLibrary(name) {
  if (process.env.PY_E2E_BUILD) return process.env.PY_E2E_BUILD;
  const outDir = join(TMP, `build-${name}-${process.pid}`);
  await mkdir(TMP, { recursive: true });
  // Builds left behind by runs that were killed before their after() hook.
  for (const entry of await readdir(TMP)) {
    const pid = Number(new RegExp(`^build-${name}-(\\d+)$`).exec(entry)?.[1]);
    if (pid && pid !== process.pid && !isAlive(pid)) await rm(join(TMP, entry), { recursive: true, force: true });
  }
  buildInto(outDir);
  return outDir;
}

export async function removeBuild(outDir) {
  if (outDir && outDir !== process.env.PY_E2E_BUILD) await rm(outDir, { recursive: true, force: true });
}

const TYPES = { '.html': 'text/html; charset=utf-8', '.css': 'text/css; charset=utf-8' };
const typeOf = (file) => TYPES[file.slice(file.lastIndexOf('.'))] ?? contentType(file);

/** Resolves a URL path to a file inside one of `mounts`, or undefined (never escapes the mount). */
function fileFor(mounts, pathname) {
  for (const [prefix, dir] of mounts) {
    if (!pathname.startsWith(prefix)) continue;
    let rest;
    try {
      rest = decodeURIComponent(pathname.slice(prefix.length));
    } catch {
      return undefined;
    }
    const file = normalize(join(dir, rest));
    return file.startsWith(dir + sep) ? file : undefined;
  }
  return undefined;
}

/**
 * A static server on 127.0.0.1 (random port). `pages` maps a path to HTML text, `files` a path to a
 * file on disk; `mounts` is a list of [URL prefix, directory] pairs; `headers(pathname)` adds response
 * headers. Nothing is cached. Resolves with
 * { origin, close() }.
 */
export async function startServer({ pages = {}, files = {}, mounts = [], headers = () => ({}) }) {
  const handle = async (req, res) => {
    const { pathname } = new URL(req.url, 'http://localhost');
    const send = (status, type, body) => {
      res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store', ...headers(pathname) });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    if (Object.hasOwn(pages, pathname)) return send(200, TYPES['.html'], pages[pathname]);
    const file = Object.hasOwn(files, pathname) ? files[pathname] : fileFor(mounts, pathname);
    if (file && (await stat(file).catch(() => undefined))?.isFile()) {
      return send(200, typeOf(file), await readFile(file));
    }
    return send(404, 'text/plain; charset=utf-8', `Not found: ${pathname}`);
  };
  const server = createServer((req, res) => {
    handle(req, res).catch((error) => {
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' });
      res.end(String(error));
    });
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  return {
    origin: `http://127.0.0.1:${server.address().port}`,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

export function launchBrowser() {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
  });
}

/** Polls `check` (sync or async) until it returns a truthy value; fails with describe() otherwise. */
export async function waitUntil(check, { timeout, describe: why }) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) assert.fail(`Timed out after ${timeout} ms: ${why()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Records the requests, console messages and uncaught exceptions of `page` from now on. */
export function record(page) {
  const seen = { requests: [], console: [], pageErrors: [] };
  page.on('request', (request) => seen.requests.push(request.url()));
  page.on('console', (message) => seen.console.push({ type: message.type(), text: message.text() }));
  page.on('pageerror', (error) => seen.pageErrors.push(String(error.stack ?? error)));
  seen.consoleErrors = () => seen.console.filter((message) => message.type === 'error').map((m) => m.text);
  seen.paths = () => seen.requests.filter((url) => !url.startsWith('data:')).map((url) => new URL(url).pathname);
  return seen;
}

export function assertNoErrors(seen) {
  assert.deepEqual(seen.pageErrors, [], 'no uncaught exception on the page');
  assert.deepEqual(seen.consoleErrors(), [], 'no console error');
}

/** Runs a command to completion (no shell); throws with its output if it fails. */
export function run(command, args, { cwd, env = {}, timeout = 300_000 } = {}) {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', timeout, env: { ...process.env, ...QUIET_INSTALL, ...env } });
  if (result.status !== 0) {
    const why = result.error ? result.error.message : `exit ${result.status ?? result.signal}`;
    throw new Error(`\`${command} ${args.join(' ')}\` in ${cwd} failed (${why}):\n${result.stdout}\n${result.stderr}`);
  }
  return result.stdout;
}

/** Nothing an install runs may download a browser here. */
const QUIET_INSTALL = {
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1',
  PUPPETEER_SKIP_DOWNLOAD: '1',
  npm_config_audit: 'false',
  npm_config_fund: 'false',
};

/**
 * Starts a long-running command (a dev server) in its own process group and resolves once its output
 * matches `ready` (with the match), failing after `timeout` ms with what it printed. `stop()` ends
 * the whole group (npm → node → vite).
 */
export async function startProcess(command, args, { cwd, ready, timeout, env = {} }) {
  const child = spawn(command, args, { cwd, detached: true, env: { ...process.env, ...QUIET_INSTALL, ...env } });
  let output = '';
  const stop = () => {
    try {
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  };
  const match = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`\`${command} ${args.join(' ')}\` was not ready within ${timeout} ms. It printed:\n${output}`));
    }, timeout);
    const onData = (chunk) => {
      output += chunk;
      // oxlint-disable-next-line no-control-regex -- it strips the terminal's colour codes
      const found = ready.exec(output.replace(/\x1b\[[0-9;]*m/g, ''));
      if (found) {
        clearTimeout(timer);
        resolve(found);
      }
    };
    child.stdout.setEncoding('utf8').on('data', onData);
    child.stderr.setEncoding('utf8').on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`\`${command} ${args.join(' ')}\` exited (${code}) before it was ready. It printed:\n${output}`));
    });
  });
  return { match, stop, output: () => output };
}

/** A TCP port that was free a moment ago. */
export async function freePort() {
  const server = createNetServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}
