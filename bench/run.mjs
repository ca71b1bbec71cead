// `npm run bench`: py-elements against PyScript and against bare Pyodide (the floor), in Debian's
// Chromium, and ours against the floor in Firefox and WebKit too (k); everything served from
// 127.0.0.1, and all four over emulated networks from a compressing server (l). See bench/README.md
// for what each figure means.
//
// Environment:
//   BENCH_RUNS=5        interleaved runs per contestant for the page-load measures (a, b, c, d, f, g, k, m)
//   BENCH_REPL_RUNS=20  timed evaluations per contestant for (e)
//   BENCH_DIST=dir      use an existing build instead of running `npm run build` into a temp dir
//   BENCH_ONLY=k        only these measures (letters, e.g. `a,k`; measures taken together run together)
//   BENCH_ENGINES=...   engines for (k), comma-separated (default chromium,firefox,webkit)
//   BENCH_NET_RUNS=2    rounds per network profile for (l)
//   BENCH_NET_PROFILES  the profiles of (l) by Mbit/s, comma-separated (default 1000,100,20,5,1.6)
//   CHROME_PATH         Chromium binary (default /usr/bin/chromium)
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { buildInto } from '../scripts/build-into.mjs';
import { CHROMIUM_PATH } from '../scripts/chromium.mjs';
import { openBrowser, watchContext } from './browser.mjs';
import { editorReport, editorRounds } from './editor.mjs';
import { benchEngines } from './engines.mjs';
import { firstOutputPerEngine, firstOutputReport } from './first-output.mjs';
import { collectPage, instrumentPage } from './instrument.mjs';
import { networkProfiles, networkReport, netProfilesFromEnv } from './network.mjs';
import { CONTESTANTS, WASM_PREFIX, buildPages } from './pages.mjs';
import { rendererMemory } from './renderer-memory.mjs';
import { startServer } from './server.mjs';
import { KB, MB, fmt, ratio, summarize, table } from './stats.mjs';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const RESULTS = join(ROOT, 'bench', 'results');

const intFromEnv = (name, fallback, min) => {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) throw new Error(`${name} must be an integer >= ${min}, got ${raw}`);
  return value;
};
const RUNS = intFromEnv('BENCH_RUNS', 5, 1);
const REPL_RUNS = intFromEnv('BENCH_REPL_RUNS', 20, 1);
const REPL_WARMUP = 3;
const NET_RUNS = intFromEnv('BENCH_NET_RUNS', 2, 1);

/** The measures each part of the run takes (one set of rounds gives a–d, f and g). */
const GROUPS = { pages: 'abcdfg', repl: 'e', flood: 'i', loop: 'j', fold: 'h', engines: 'k', net: 'l', editor: 'm' };
/** The parts of the run `BENCH_ONLY` (measure letters; default all) asks for, in run order. */
function groupsFromEnv(raw = process.env.BENCH_ONLY) {
  if (!raw) return Object.keys(GROUPS);
  const letters = raw
    .toLowerCase()
    .replace(/[\s,()]/g, '')
    .split('');
  const known = Object.values(GROUPS).join('');
  if (!letters.length || letters.some((l) => !known.includes(l))) {
    throw new Error(`BENCH_ONLY: measure letters a–m (e.g. "k" or "a,k"), got ${raw}`);
  }
  return Object.keys(GROUPS).filter((group) => letters.some((l) => GROUPS[group].includes(l)));
}
/** Upper bound for anything Python does in one page (a cold start takes ~4 s here). */
const PAGE_TIMEOUT = 90_000;
const LABEL = { floor: 'floor (bare Pyodide)', pyscript: 'PyScript', ours: 'py-elements' };

const log = (...args) => console.error('[bench]', ...args);

// ---------------------------------------------------------------------------------------------
// Build and serve

function build() {
  if (process.env.BENCH_DIST) return { dir: process.env.BENCH_DIST, temporary: false };
  return mkdtemp(join(tmpdir(), 'py-elements-bench-')).then((tmp) => {
    const dir = join(tmp, 'dist');
    log(`npm run build → ${dir}`);
    buildInto(dir);
    return { dir, temporary: tmp };
  });
}

async function versions() {
  const json = async (path) => JSON.parse(await readFile(join(ROOT, path), 'utf8'));
  const safe = async (path) => (await json(path).catch(() => ({}))).version ?? 'unknown';
  return {
    pyodide: await safe('node_modules/pyodide/package.json'),
    pyscriptCore: await safe('node_modules/@pyscript/core/package.json'),
    polyscript: await safe('node_modules/polyscript/package.json'),
    pyElements: (await json('package.json')).version,
    playwrightCore: await safe('node_modules/playwright-core/package.json'),
  };
}

// ---------------------------------------------------------------------------------------------
// Loopback guard

/** Hosts of the browsers' own background services (Chromium's updater, sign-in; Firefox's remote
 * settings): refused by our proxy. Pages' own requests are checked separately. */
const BROWSER_SERVICE_HOST =
  /(^|\.)(google\.com|googleapis\.com|gstatic\.com|gvt1\.com|services\.mozilla\.com|mozilla\.net)(:\d+)?$/;

function hostOf(leak) {
  const target = leak.split(' ')[1] ?? '';
  try {
    return target.includes('://') ? new URL(target).host : target;
  } catch {
    return target;
  }
}

/** Throws (the run fails) if a page or worker asked for anything off loopback. */
function checkLoopback(server, watch, where) {
  const pageLeaks = watch ? [...watch.offLoopback] : [];
  const unknown = server.leaks.filter((leak) => !BROWSER_SERVICE_HOST.test(hostOf(leak)));
  if (pageLeaks.length || unknown.length) {
    const lines = [...pageLeaks.map((u) => `  page/worker request: ${u}`), ...unknown.map((l) => `  proxy saw: ${l}`)];
    throw new Error(`REQUEST OFF LOOPBACK during ${where}: the benchmark must be fully local.\n${lines.join('\n')}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Measures

const isInterpreter = (url) => new URL(url).pathname.startsWith(WASM_PREFIX);
const isJs = (url) => /\.m?js$/.test(new URL(url).pathname);

/** Bytes and time split of one page load, from its Resource Timing entries (page clock). */
function analyseLoad(sample, origin) {
  const local = sample.resources.filter((r) => r.url.startsWith(origin));
  const before = local.filter((r) => r.responseEnd <= sample.first);
  const nav = sample.navigation?.encodedBodySize ?? 0;
  const interp = local.filter((r) => isInterpreter(r.url));
  const interpBefore = before.filter((r) => isInterpreter(r.url));
  const firstInterpRequest = interp.length ? Math.min(...interp.map((r) => r.startTime)) : null;
  return {
    first: sample.first,
    bytesBefore: nav + before.reduce((sum, r) => sum + r.encodedBodySize, 0),
    interpreterBytesBefore: interpBefore.reduce((sum, r) => sum + r.encodedBodySize, 0),
    requestsBefore: before.length + 1,
    /** Bytes that came over the network (transferSize: 0 for cache hits, headers only for a 304). */
    networkBytesBefore: (sample.navigation?.transferSize ?? 0) + before.reduce((sum, r) => sum + r.transferSize, 0),
    firstInterpreterRequest: firstInterpRequest,
    interpreterDownloaded: interpBefore.length ? Math.max(...interpBefore.map((r) => r.responseEnd)) : null,
    jsBeforeInterpreter:
      firstInterpRequest === null
        ? []
        : local
            .filter((r) => isJs(r.url) && !isInterpreter(r.url) && r.startTime < firstInterpRequest)
            .map((r) => new URL(r.url).pathname),
    marks: sample.marks,
    wasmMemoryBytes: sample.wasmMemoryBytes,
  };
}

async function waitForFirstOutput(page, what) {
  try {
    await page.waitForFunction(() => window.__bench.first !== null, null, { timeout: PAGE_TIMEOUT, polling: 50 });
  } catch (error) {
    throw new Error(`${what}: no "hello" in the DOM after ${PAGE_TIMEOUT} ms (${error.message.split('\n')[0]})`);
  }
}

/** One round for one contestant: cold load, warm reload, then the 10k-DOM page, in one fresh context. */
/** Pause before the revisit (b″); see pageRound. */
const REVISIT_PAUSE_MS = Number(process.env.BENCH_REVISIT_PAUSE_MS ?? 9000);

/** The served files at `paths`, their bytes in all, as sent and gzipped here (level 9): (d) and (d″). */
function servedSizes(server, paths) {
  let rawBytes = 0;
  let gzipBytes = 0;
  for (const path of paths) {
    const entry = server.fileFor(path);
    if (!entry) throw new Error(`${path} was loaded but is not a served file`);
    rawBytes += entry.body.length;
    gzipBytes += gzipSync(entry.body, { level: 9 }).length;
  }
  return { rawBytes, gzipBytes };
}

/** How long a page whose Python element is out of sight is watched for what it loads ((d″)). */
const OUT_OF_SIGHT_MS = 3000;

/**
 * (d″) The JS (gzip, level 9) and interpreter files a page loads when its only Python element is out
 * of sight, in the first OUT_OF_SIGHT_MS; the reader has not scrolled.
 */
async function outOfSightRound(server, contestant) {
  const session = await openBrowser(server.port);
  const watch = watchContext(session.context);
  try {
    await session.page.goto(`${server.origin}/pages/out-of-sight-${contestant}.html`, { waitUntil: 'load' });
    await session.page.waitForTimeout(OUT_OF_SIGHT_MS);
    const paths = watch.requests.filter((url) => url.startsWith(server.origin)).map((url) => new URL(url).pathname);
    const files = [...new Set(paths.filter((path) => /\.m?js$/.test(path) && !path.startsWith(WASM_PREFIX)))];
    const { gzipBytes } = servedSizes(server, files);
    checkLoopback(server, watch, `(d″) ${contestant}`);
    return { files, gzipBytes, interpreterFiles: paths.filter((path) => path.startsWith(WASM_PREFIX)).length };
  } finally {
    await session.close();
  }
}

async function pageRound(server, contestant, round) {
  const session = await openBrowser(server.port);
  const { context, page } = session;
  const watch = watchContext(context);
  const errors = [];
  try {
    await context.addInitScript(instrumentPage, 'hello');
    page.on('pageerror', (error) => errors.push(String(error)));
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    const url = `${server.origin}/pages/hello-${contestant}.html`;

    // (a) cold: empty HTTP cache (new context).
    await page.goto(url, { waitUntil: 'commit' });
    await waitForFirstOutput(page, `${contestant} cold`);
    const cold = analyseLoad(await page.evaluate(collectPage), server.origin);
    // (g) memory right after the first output, after a full GC.
    await cdp.send('HeapProfiler.collectGarbage');
    const { metrics } = await cdp.send('Performance.getMetrics');
    const jsHeap = metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? null;
    // (g″) the renderer process, a moment after the GC (the allocators hand pages back lazily).
    await page.waitForTimeout(500);
    const renderer = await rendererMemory(session.profile);

    // (b) warm: same context, same page again.
    await page.goto(url, { waitUntil: 'commit' });
    await waitForFirstOutput(page, `${contestant} warm`);
    const warm = analyseLoad(await page.evaluate(collectPage), server.origin);

    // (b″) revisit: the same page again after a pause, as a reader coming back later. Long enough for
    // py-elements' background interpreter snapshot (made 3 s after start-up, ~3 s of work); the same
    // pause for every contestant. Ours must have stored its snapshot by then, else the run fails.
    await page.waitForTimeout(REVISIT_PAUSE_MS);
    // (g‴) the renderer once the page has settled (for ours: its background snapshot made and gone).
    await cdp.send('HeapProfiler.collectGarbage');
    await page.waitForTimeout(500);
    const settledRenderer = await rendererMemory(session.profile);
    if (contestant === 'ours') {
      const stored = await page.evaluate(async () => (await (await caches.open('py-elements')).keys()).length);
      if (!stored) throw new Error('ours: no interpreter snapshot stored before the revisit');
    }
    await page.goto(url, { waitUntil: 'commit' });
    await waitForFirstOutput(page, `${contestant} revisit`);
    const revisit = analyseLoad(await page.evaluate(collectPage), server.origin);

    // (f) 10k DOM operations from Python (warm cache; only the loop is timed, inside Python).
    await page.goto(`${server.origin}/pages/dom-${contestant}.html`, { waitUntil: 'commit' });
    await page.waitForFunction(() => window.__benchDomSettled !== undefined, null, { timeout: PAGE_TIMEOUT, polling: 50 });
    const dom = await page.evaluate(() => ({
      ms: window.__benchDom,
      settledMs: window.__benchDomSettled,
      children: document.getElementById('parent').childElementCount,
    }));
    if (dom.children !== 10000) throw new Error(`${contestant} dom: expected 10000 children, got ${dom.children}`);

    checkLoopback(server, watch, `${contestant} round ${round}`);
    if (errors.length) throw new Error(`${contestant} round ${round}: page errors: ${errors.join('; ')}`);
    return {
      cold,
      warm,
      revisit,
      jsHeapBytes: jsHeap,
      renderer,
      settledRenderer,
      domMs: dom.ms,
      domSettledMs: dom.settledMs,
    };
  } finally {
    await session.close();
  }
}

/** (e) REPL round trip: REPL_RUNS timed evaluations after REPL_WARMUP warm-up runs, in one page. */
async function replRound(server, contestant) {
  const session = await openBrowser(server.port);
  const { context, page } = session;
  const watch = watchContext(context);
  try {
    await context.addInitScript(instrumentPage, 'hello');
    const path = contestant === 'pyscript-main' ? 'repl-pyscript-main' : `repl-${contestant}`;
    await page.goto(`${server.origin}/pages/${path}.html`, { waitUntil: 'commit' });
    const options = { timeout: PAGE_TIMEOUT, polling: 50 };
    const args = { runs: REPL_RUNS, warmup: REPL_WARMUP, timeout: PAGE_TIMEOUT };
    let result;
    if (contestant === 'floor') {
      await page.waitForFunction(() => window.__pyodide, null, options);
      result = await page.evaluate(({ runs, warmup }) => {
        const py = window.__pyodide;
        for (let i = 0; i < warmup; i++) py.runPython('1+1');
        const times = [];
        for (let i = 0; i < runs; i++) {
          const t0 = performance.now();
          const value = py.runPython('1+1');
          times.push(performance.now() - t0);
          if (value !== 2) throw new Error(`1+1 gave ${value}`);
        }
        return { times, note: 'pyodide.runPython("1+1")' };
      }, args);
    } else if (contestant === 'pyscript-main') {
      await page.waitForFunction(() => window.__pyWrap, null, options);
      result = await page.evaluate(({ runs, warmup }) => {
        const wrap = window.__pyWrap;
        for (let i = 0; i < warmup; i++) wrap.run('1+1');
        const times = [];
        for (let i = 0; i < runs; i++) {
          const t0 = performance.now();
          const value = wrap.run('1+1');
          times.push(performance.now() - t0);
          if (value !== 2) throw new Error(`1+1 gave ${value}`);
        }
        return { times, note: 'PyScript main-thread wrap.run("1+1") (hooks.main.onReady)' };
      }, args);
    } else if (contestant === 'pyscript') {
      await page.waitForSelector('.py-editor-run-button', { timeout: PAGE_TIMEOUT });
      result = await page.evaluate(async ({ runs, warmup, timeout }) => {
        const script = document.querySelector('script[type^="py-editor"]');
        const out = script.target.querySelector('.py-editor-output');
        const button = script.target.querySelector('.py-editor-run-button');
        // Same as a reader: new code, Run, wait until the output shows 2.
        const runOnce = () =>
          new Promise((resolve, reject) => {
            const t0 = performance.now();
            script.code = 'print(1+1)';
            const timer = setTimeout(() => reject(new Error(`py-editor output: ${JSON.stringify(out.textContent)}`)), timeout);
            const observer = new MutationObserver(() => {
              if (out.textContent.trim() !== '2') return;
              observer.disconnect();
              clearTimeout(timer);
              resolve(performance.now() - t0);
            });
            observer.observe(out, { childList: true, subtree: true, characterData: true });
            button.click();
          });
        const firstRun = await runOnce(); // starts the worker and Python
        for (let i = 1; i < warmup; i++) await runOnce();
        const times = [];
        for (let i = 0; i < runs; i++) times.push(await runOnce());
        return { times, firstRunMs: firstRun, note: 'py-editor (worker): code = "print(1+1)", Run click → output "2"' };
      }, args);
    } else {
      // Ours: eager REPL; wait for Python and Monaco so that the timed runs are steady state.
      await page.waitForFunction(() => window.__bench.marks.ready !== undefined, null, options);
      const monaco = await page
        .waitForFunction(() => document.querySelector('py-repl .monaco-editor'), null, { timeout: 30_000, polling: 100 })
        .then(
          () => true,
          () => false,
        );
      result = await page.evaluate(async ({ runs, warmup }) => {
        const el = document.querySelector('py-repl');
        const once = async () => {
          const t0 = performance.now();
          el.code = '1+1';
          const done = await el.run();
          const ms = performance.now() - t0;
          if (!done?.ok) throw new Error(`run failed: ${JSON.stringify(done)}`);
          return ms;
        };
        for (let i = 0; i < warmup; i++) await once();
        const times = [];
        for (let i = 0; i < runs; i++) times.push(await once());
        const shown = el.shadowRoot?.textContent ?? '';
        return { times, shows2: /\b2\b/.test(shown), note: 'py-repl: el.code = "1+1"; await el.run()' };
      }, args);
      result.monacoLoaded = monaco;
    }
    checkLoopback(server, watch, `repl ${contestant}`);
    return result;
  } finally {
    await session.close();
  }
}

const FLOOD_LINES = 200_000;
const FLOOD_CODE = `for i in range(${FLOOD_LINES}):\n    print(i)`;

/**
 * (i) A REPL printing FLOOD_LINES lines: the longest gap between two ticks of a 10 ms page timer while
 * it runs, beside the same measure on the idle page first (the machine's own noise). A gap is time the
 * reader's page could not answer a click. Ours: py-repl on the page's interpreter; PyScript: py-editor
 * (its Python runs in a worker, so its gaps are the cost of showing the output).
 */
async function floodRound(server, contestant) {
  const session = await openBrowser(server.port);
  const { page } = session;
  try {
    await page.goto(`${server.origin}/pages/repl-${contestant}.html`, { waitUntil: 'load' });
    if (contestant === 'ours') {
      await page.waitForFunction(
        () => document.querySelector('py-repl')?.shadowRoot?.querySelector('[part~="run-button"]'),
        null,
        {
          timeout: PAGE_TIMEOUT,
        },
      );
      await page.evaluate(() => document.querySelector('py-repl').run()); // Python ready before timing
    } else {
      await page.waitForSelector('.py-editor-run-button', { timeout: PAGE_TIMEOUT });
    }
    return await page.evaluate(
      async ({ contestant, code, last, timeout }) => {
        const gapsWhile = async (work) => {
          const stamps = [performance.now()];
          const timer = setInterval(() => stamps.push(performance.now()), 10);
          const t0 = performance.now();
          await work();
          const seconds = (performance.now() - t0) / 1000;
          clearInterval(timer);
          stamps.push(performance.now());
          return { seconds, longestGapMs: Math.max(...stamps.slice(1).map((t, i) => t - stamps[i])) };
        };
        const idle = await gapsWhile(() => new Promise((resolve) => setTimeout(resolve, 1000)));
        let run;
        if (contestant === 'ours') {
          const el = document.querySelector('py-repl');
          el.code = code;
          run = () => el.run();
        } else {
          const script = document.querySelector('script[type^="py-editor"]');
          const out = script.target.querySelector('.py-editor-output');
          const button = script.target.querySelector('.py-editor-run-button');
          run = () =>
            new Promise((resolve, reject) => {
              const timer = setTimeout(() => reject(new Error(`no ${last} within ${timeout} ms`)), timeout);
              const observer = new MutationObserver(() => {
                if (!out.textContent.includes(String(last))) return;
                observer.disconnect();
                clearTimeout(timer);
                resolve();
              });
              observer.observe(out, { childList: true, subtree: true, characterData: true });
              script.code = code;
              button.click();
            });
        }
        const flood = await gapsWhile(run).catch((error) => ({ error: String(error) }));
        return { idleLongestGapMs: idle.longestGapMs, ...flood };
      },
      { contestant, code: FLOOD_CODE, last: FLOOD_LINES - 1, timeout: PAGE_TIMEOUT },
    );
  } finally {
    await session.close();
  }
}

const LOOP_ITERATIONS = 20_000_000;
const LOOP_CODE = `n = 0\nwhile n < ${LOOP_ITERATIONS}:\n    n += 1`;

/**
 * (j) What pacing costs (the page's Python breathing every ~50 ms and stoppable; page/run-pacer.ts):
 * a tight loop run by `<py-repl>` (paced), against the same loop through `runPython()` on the same
 * page, same interpreter, unpaced: the peer is Python itself. Also the longest main-thread gap while
 * the paced loop runs (an unpaced one freezes the page for its whole length).
 */
async function loopRound(server) {
  const session = await openBrowser(server.port);
  const { page } = session;
  try {
    await page.goto(`${server.origin}/pages/repl-ours.html`, { waitUntil: 'load' });
    await page.waitForFunction(() => document.querySelector('py-repl')?.shadowRoot?.querySelector('[part~="run-button"]'), null, {
      timeout: PAGE_TIMEOUT,
    });
    return await page.evaluate(
      async ({ code, rounds }) => {
        const { runPython } = await import('/lib/py-elements.js');
        const el = document.querySelector('py-repl');
        await el.run(); // Python ready before timing
        el.code = code;
        const paced = [];
        const unpaced = [];
        const gaps = [];
        for (let i = 0; i < rounds; i++) {
          const stamps = [performance.now()];
          const timer = setInterval(() => stamps.push(performance.now()), 10);
          let t0 = performance.now();
          const result = await el.run();
          paced.push(performance.now() - t0);
          clearInterval(timer);
          stamps.push(performance.now());
          if (!result.ok) throw new Error(`the paced loop failed: ${result.error}`);
          gaps.push(Math.max(...stamps.slice(1).map((t, j) => t - stamps[j])));
          t0 = performance.now();
          await runPython(code);
          unpaced.push(performance.now() - t0);
        }
        return { paced, unpaced, gaps };
      },
      { code: LOOP_CODE, rounds: 3 },
    );
  } finally {
    await session.close();
  }
}

/** (h) A REPL 3000px below the fold: what is fetched before the reader scrolls to it. */
async function foldRound(server, contestant) {
  const session = await openBrowser(server.port);
  const { context, page } = session;
  const watch = watchContext(context);
  try {
    await context.addInitScript(instrumentPage, 'hello');
    await page.goto(`${server.origin}/pages/fold-${contestant}.html`, { waitUntil: 'load' });
    await page.waitForLoadState('networkidle');
    await page.waitForTimeout(2000);
    const sum = (sample) => {
      const local = sample.resources.filter((r) => r.url.startsWith(server.origin));
      const interp = local.filter((r) => isInterpreter(r.url));
      return {
        totalBytes: (sample.navigation?.encodedBodySize ?? 0) + local.reduce((s, r) => s + r.encodedBodySize, 0),
        interpreterBytes: interp.reduce((s, r) => s + r.encodedBodySize, 0),
        requests: local.map((r) => new URL(r.url).pathname),
      };
    };
    const before = sum(await page.evaluate(collectPage));
    // Then scroll to it: ours should start Python now; PyScript's py-editor waits for Run.
    const t0 = await page.evaluate(() => {
      const el = document.querySelector('py-repl, script[type^="py-editor"]');
      (el.target ?? el).scrollIntoView();
      return performance.now();
    });
    let afterScroll;
    if (contestant === 'ours') {
      await page.waitForFunction(() => window.__bench.marks.ready !== undefined, null, { timeout: PAGE_TIMEOUT, polling: 50 });
      const ready = await page.evaluate(() => window.__bench.marks.ready);
      afterScroll = { ...sum(await page.evaluate(collectPage)), readyAfterScrollMs: ready - t0 };
    } else {
      await page.waitForTimeout(2000);
      afterScroll = sum(await page.evaluate(collectPage));
    }
    checkLoopback(server, watch, `fold ${contestant}`);
    return { before, afterScroll };
  } finally {
    await session.close();
  }
}

// ---------------------------------------------------------------------------------------------
// Report

function report(results) {
  const ran = (group) => results.meta.groups.includes(group);
  const s = {};
  const blocks = [];
  const extra = [];
  const ms = { digits: 0 };
  const mb = { scale: MB, digits: 2 };
  const kb = { scale: KB, digits: 1 };
  const fold = results.fold;
  if (ran('pages') || ran('repl') || ran('fold')) {
    for (const c of CONTESTANTS) {
      const rounds = results.rounds[c] ?? [];
      const pick = (f) => summarize(rounds.map(f));
      s[c] = {
        cold: pick((r) => r.cold.first),
        warm: pick((r) => r.warm.first),
        revisit: pick((r) => r.revisit.first),
        bytes: pick((r) => r.cold.bytesBefore),
        interpBytes: pick((r) => r.cold.interpreterBytesBefore),
        warmNetBytes: pick((r) => r.warm.networkBytesBefore),
        jsGzip: summarize([results.jsBeforeInterpreter[c]?.gzipBytes]),
        jsRaw: summarize([results.jsBeforeInterpreter[c]?.rawBytes]),
        outOfSightJs: summarize([results.outOfSight[c]?.gzipBytes]),
        outOfSightInterp: summarize([results.outOfSight[c]?.interpreterFiles]),
        repl: summarize(results.repl[c]?.times ?? []),
        dom: pick((r) => r.domMs),
        domSettled: pick((r) => r.domSettledMs),
        heap: pick((r) => r.jsHeapBytes),
        wasm: pick((r) => r.cold.wasmMemoryBytes),
        rendererRss: pick((r) => r.renderer?.rss),
        rendererPss: pick((r) => r.renderer?.pss),
        settledRss: pick((r) => r.settledRenderer?.rss),
        settledPss: pick((r) => r.settledRenderer?.pss),
        firstInterp: pick((r) => r.cold.firstInterpreterRequest),
        downloaded: pick((r) => r.cold.interpreterDownloaded),
        initAfterDownload: pick((r) => r.cold.first - r.cold.interpreterDownloaded),
        ready: pick((r) => r.cold.marks.ready),
        wasmStart: pick((r) => r.cold.marks.wasmStart),
        wasmReady: pick((r) => r.cold.marks.wasmEnd),
        pythonInit: pick((r) => r.cold.first - r.cold.marks.wasmEnd),
        warmWasmReady: pick((r) => r.warm.marks.wasmEnd),
        warmPythonInit: pick((r) => r.warm.first - r.warm.marks.wasmEnd),
        progressFirst: pick((r) => r.cold.marks.progressFirst),
      };
    }
    const { floor: f, pyscript: p, ours: o } = s;
    const row = (name, key, opts, floorCell) => [
      name,
      floorCell ?? fmt(f[key], opts),
      fmt(p[key], opts),
      fmt(o[key], opts),
      ratio(o[key], p[key]),
      floorCell ? '—' : ratio(o[key], f[key]),
    ];
    const rows = [];
    if (ran('pages')) {
      rows.push(
        row('(a) cold: navigation → first output (ms)', 'cold', ms),
        row('(b) warm: 2nd navigation → first output (ms)', 'warm', ms),
        row(`(b″) revisit after ${REVISIT_PAUSE_MS / 1000} s → first output (ms)`, 'revisit', ms),
        row('(c) bytes fetched before first output (MB)', 'bytes', mb),
        row('(c′) … of which interpreter files (MB)', 'interpBytes', mb),
        row('(d) JS before the interpreter, gzip (KB)', 'jsGzip', kb, '0 (inline)'),
        row('(d′) … uncompressed (KB)', 'jsRaw', kb, '0 (inline)'),
        row(
          `(d″) JS of a page whose Python element is out of sight, ${OUT_OF_SIGHT_MS / 1000} s, gzip (KB)`,
          'outOfSightJs',
          kb,
          '—',
        ),
        row('(d‴) … interpreter files it requested', 'outOfSightInterp', ms, '—'),
      );
    }
    if (ran('repl')) rows.push(row(`(e) REPL eval round trip (ms, median of ${REPL_RUNS})`, 'repl', { digits: 2 }));
    if (ran('pages')) {
      rows.push(
        row('(f) 10k DOM creates + appends from Python, the loop (ms)', 'dom', ms),
        row('(f′) … plus the microtasks it triggered (MutationObserver callbacks) (ms)', 'domSettled', ms),
        row('(g) JS heap after first output, after GC (MB)', 'heap', mb),
        row('(g′) wasm memory after first output (MB)', 'wasm', mb),
        row('(g″) renderer RSS after first output, after GC (MB)', 'rendererRss', mb),
        row('(g″) … PSS (MB)', 'rendererPss', mb),
        row(`(g‴) renderer RSS ${REVISIT_PAUSE_MS / 1000} s later, after GC (MB)`, 'settledRss', mb),
        row('(g‴) … PSS (MB)', 'settledPss', mb),
      );
    }
    if (ran('fold')) {
      s.foldOurs = {
        interp: summarize([fold.ours.before.interpreterBytes]),
        total: summarize([fold.ours.before.totalBytes]),
      };
      s.foldPyscript = {
        interp: summarize([fold.pyscript.before.interpreterBytes]),
        total: summarize([fold.pyscript.before.totalBytes]),
      };
      rows.push(
        [
          '(h) REPL 3000px below the fold: interpreter bytes before scroll (MB)',
          'n/a',
          `${fmt(s.foldPyscript.interp, mb)} (py-editor)`,
          fmt(s.foldOurs.interp, mb),
          ratio(s.foldOurs.interp, s.foldPyscript.interp),
          '—',
        ],
        [
          '(h′) … total bytes before scroll (MB)',
          'n/a',
          `${fmt(s.foldPyscript.total, mb)} (py-editor)`,
          fmt(s.foldOurs.total, mb),
          ratio(s.foldOurs.total, s.foldPyscript.total),
          '—',
        ],
      );
    }
    blocks.push(table(['measure', LABEL.floor, LABEL.pyscript, LABEL.ours, 'ours / PyScript', 'ours / floor'], rows));
    if (ran('pages')) {
      const r3 = (name, key, opts = ms) => [name, fmt(f[key], opts), fmt(p[key], opts), fmt(o[key], opts)];
      const split = table(
        ['start-up, page clock (ms from navigation start)', LABEL.floor, LABEL.pyscript, LABEL.ours],
        [
          ['cold: py-runtime-progress (our load starts)', '—', '—', fmt(o.progressFirst, ms)],
          r3('cold: first interpreter request', 'firstInterp'),
          r3('cold: WebAssembly instantiate called (streaming: compiles while downloading)', 'wasmStart'),
          r3('cold: last interpreter byte', 'downloaded'),
          r3('cold: wasm compiled + instantiated', 'wasmReady'),
          ['cold: py-runtime-ready', '—', '—', fmt(o.ready, ms)],
          r3('cold: first output', 'cold'),
          r3('cold: last interpreter byte → first output', 'initAfterDownload'),
          r3('cold: wasm instance → first output (Python start-up, library, run)', 'pythonInit'),
          r3('warm: wasm compiled + instantiated', 'warmWasmReady'),
          r3('warm: wasm instance → first output', 'warmPythonInit'),
          r3('warm: bytes over the network (KB)', 'warmNetBytes', kb),
        ],
      );
      blocks.push(`Where the start-up time goes (medians):\n\n${split}`);
    }
  }
  if (ran('flood')) {
    const floodCell = (r) =>
      r.error
        ? `n/a (${r.error})`
        : `${Math.round(r.longestGapMs)} ms (idle ${Math.round(r.idleLongestGapMs)}), ${r.seconds.toFixed(1)} s`;
    const { ours: fo, pyscript: fp } = results.flood;
    blocks.push(
      table(
        [`(i) REPL printing ${FLOOD_LINES.toLocaleString('en')} lines`, LABEL.pyscript, LABEL.ours, 'ours / PyScript'],
        [
          [
            'longest main-thread gap during the run (idle page), run time',
            floodCell(fp),
            floodCell(fo),
            fp.error || fo.error ? '—' : ratio(summarize([fo.longestGapMs]), summarize([fp.longestGapMs])),
          ],
        ],
      ),
    );
    s.flood = results.flood;
  }
  if (ran('loop')) {
    const { paced, unpaced, gaps } = results.loop;
    blocks.push(
      table(
        [
          `(j) a loop of ${LOOP_ITERATIONS.toLocaleString('en')} iterations, same page`,
          'runPython() (unpaced)',
          '<py-repl> (paced)',
          'paced / unpaced',
        ],
        [
          ['run time (ms)', fmt(summarize(unpaced)), fmt(summarize(paced)), ratio(summarize(paced), summarize(unpaced))],
          ['longest main-thread gap (ms)', 'the whole run', fmt(summarize(gaps)), '—'],
        ],
      ),
    );
    s.loop = results.loop;
  }
  if (ran('engines')) {
    const k = firstOutputReport(results.engines);
    blocks.push(k.markdown);
    s.engines = k.summary;
  }
  if (ran('editor')) {
    const m = editorReport(results.editor);
    blocks.push(m.markdown);
    s.editor = m.summary;
  }
  if (ran('net')) {
    const l = networkReport(results.net);
    blocks.push(l.markdown);
    s.net = l.summary;
  }
  if (ran('repl')) {
    const pm = results.repl['pyscript-main'];
    if (pm)
      extra.push(`- PyScript main-thread API instead of py-editor: ${pm.note}: ${fmt(summarize(pm.times), { digits: 3 })} ms.`);
    if (results.repl.pyscript?.firstRunMs) {
      extra.push(
        `- PyScript py-editor first Run (starts its worker and Python): ${Math.round(results.repl.pyscript.firstRunMs)} ms.`,
      );
    }
  }
  if (ran('fold')) {
    const afterScroll = fold.ours.afterScroll;
    extra.push(
      `- py-elements below the fold, after scrolling to it: Python ready ${Math.round(afterScroll.readyAfterScrollMs)} ms later, ` +
        `${(afterScroll.totalBytes / MB).toFixed(2)} MB fetched in total.`,
    );
    const psAfter = fold.pyscript.afterScroll;
    extra.push(
      `- PyScript py-editor below the fold, 2 s after scrolling to it: ${(psAfter.interpreterBytes / MB).toFixed(2)} MB of interpreter ` +
        `(its Python starts at the first Run click), ${(psAfter.totalBytes / MB).toFixed(2)} MB in total.`,
    );
  }
  const ours = results.repl.ours;
  if (ours && (!ours.monacoLoaded || !ours.shows2)) {
    extra.push(
      `- Warning: py-repl ${ours.monacoLoaded ? '' : 'ran without Monaco (not loaded in 30 s)'} ${ours.shows2 ? '' : 'did not show 2'}.`,
    );
  }
  if (ran('pages')) {
    for (const c of ['pyscript', 'ours']) {
      extra.push(`- JS before the interpreter, ${LABEL[c]}: ${results.jsBeforeInterpreter[c].files.join(', ') || 'none'}`);
      if (results.outOfSight[c]) {
        extra.push(`- (d″) JS of the page with its element out of sight, ${LABEL[c]}: ${results.outOfSight[c].files.join(', ')}`);
      }
    }
  }
  if (results.browserBackground.length) {
    extra.push(
      `- The browsers' own background requests refused by the loopback proxy (never left the machine): ` +
        `${results.browserBackground.length} (${[...new Set(results.browserBackground.map(hostOf))].join(', ')}).`,
    );
  }
  const m = results.meta;
  const only = m.groups.length < Object.keys(GROUPS).length ? ` Only ${m.only} (BENCH_ONLY).` : '';
  const header =
    `## py-elements benchmark, ${m.date}\n\n` +
    `Chromium ${m.chromium}, Node ${m.node}, ${m.cpus} CPUs; Pyodide ${m.versions.pyodide} for all three, served from 127.0.0.1; ` +
    `@pyscript/core ${m.versions.pyscriptCore} (polyscript ${m.versions.polyscript}). ` +
    `Medians [min–max] of ${RUNS} interleaved runs (floor, PyScript, ours, …)` +
    (ran('repl') ? `; (e) over ${REPL_RUNS} evaluations` : '') +
    (ran('engines') ? `; (k) of ${RUNS} interleaved runs (floor, ours, …) per engine` : '') +
    (ran('net') ? `; (l) of ${NET_RUNS} per network profile, from a brotli-compressing server` : '') +
    `.${only} ` +
    `Took ${Math.round(m.seconds)} s. Load average (1 min) during the run: ` +
    `${results.load.map((l) => l.loadavg1.toFixed(1)).join(' → ')}` +
    (Math.max(...results.load.map((l) => l.loadavg1)) > m.cpus * 0.75
      ? ' — **the machine was busy with other work: absolute times are inflated and noisy; compare within a run.**'
      : '.');
  return {
    markdown: `${header}\n\n${blocks.join('\n\n')}\n\n${extra.join('\n')}\n`,
    summary: s,
  };
}

// ---------------------------------------------------------------------------------------------

function chromiumVersion() {
  const result = spawnSync(CHROMIUM_PATH, ['--version'], { encoding: 'utf8' });
  return (result.stdout ?? '').trim().replace(/^Chromium\s*/, '') || 'unknown';
}

async function main() {
  const started = Date.now();
  const ONLY = groupsFromEnv();
  const ENGINES = ONLY.includes('engines') ? benchEngines() : [];
  const NET_PROFILES = ONLY.includes('net') ? netProfilesFromEnv() : [];
  let built;
  let server;
  let compressing;
  const results = {
    meta: {},
    rounds: {},
    repl: {},
    flood: {},
    loop: {},
    fold: {},
    jsBeforeInterpreter: {},
    outOfSight: {},
    engines: {},
    net: {},
    editor: {},
    load: [],
    browserBackground: [],
  };
  const noteLoad = (when) => results.load.push({ when, loadavg1: loadavg()[0] });
  try {
    built = await build();
    const pyscriptDist = join(ROOT, 'node_modules', '@pyscript', 'core', 'dist');
    const mounts = [
      ['/lib/', built.dir],
      ['/pyscript/', pyscriptDist],
    ];
    server = await startServer({ mounts, pages: buildPages() });
    log(`serving on ${server.origin}; ${RUNS} rounds of ${CONTESTANTS.join(', ')}; measures: ${ONLY.join(', ')}`);
    results.meta = {
      date: new Date().toISOString(),
      only: process.env.BENCH_ONLY || 'all',
      groups: ONLY,
      engines: ENGINES,
      chromium: chromiumVersion(),
      node: process.version,
      cpus: cpus().length,
      runs: RUNS,
      replRuns: REPL_RUNS,
      netRuns: NET_RUNS,
      versions: await versions(),
    };
    noteLoad('start');

    if (ONLY.includes('pages')) {
      // One discarded round first: the OS page cache, Chromium's own first start, the server's code.
      for (const c of CONTESTANTS) {
        const r = await pageRound(server, c, 0);
        log(`warm-up ${c}: cold ${Math.round(r.cold.first)} ms (discarded)`);
      }

      for (const c of CONTESTANTS) results.rounds[c] = [];
      for (let round = 1; round <= RUNS; round++) {
        for (const c of CONTESTANTS) {
          const r = await pageRound(server, c, round);
          results.rounds[c].push(r);
          log(
            `round ${round}/${RUNS} ${c}: cold ${Math.round(r.cold.first)} ms, warm ${Math.round(r.warm.first)} ms, dom ${Math.round(r.domMs)} ms`,
          );
        }
        noteLoad(`after round ${round}`);
      }

      // (d) the JS requested before the first interpreter request, gzipped here (level 9).
      for (const c of CONTESTANTS) {
        const lists = results.rounds[c].map((r) => JSON.stringify([...r.cold.jsBeforeInterpreter].sort()));
        const files = [...new Set(results.rounds[c].flatMap((r) => r.cold.jsBeforeInterpreter))];
        const { rawBytes, gzipBytes } = servedSizes(server, files);
        results.jsBeforeInterpreter[c] = { files, rawBytes, gzipBytes, sameInEveryRun: new Set(lists).size === 1 };
      }
      for (const c of ['pyscript', 'ours']) {
        results.outOfSight[c] = await outOfSightRound(server, c);
        log(`out of sight ${c}: ${JSON.stringify(results.outOfSight[c])}`);
      }
    }

    if (ONLY.includes('repl')) {
      for (const c of [...CONTESTANTS, 'pyscript-main']) {
        results.repl[c] = await replRound(server, c);
        log(`repl ${c}: median ${summarize(results.repl[c].times).median.toFixed(2)} ms`);
      }
    }
    if (ONLY.includes('flood')) {
      for (const c of ['ours', 'pyscript']) {
        results.flood[c] = await floodRound(server, c);
        log(`flood ${c}: ${JSON.stringify(results.flood[c])}`);
      }
    }
    if (ONLY.includes('loop')) {
      results.loop = await loopRound(server);
      log(`loop: ${JSON.stringify(results.loop)}`);
    }
    if (ONLY.includes('fold')) {
      for (const c of ['ours', 'pyscript']) {
        results.fold[c] = await foldRound(server, c);
        log(`fold ${c}: ${results.fold[c].before.interpreterBytes} interpreter bytes before scrolling`);
      }
    }
    if (ONLY.includes('editor')) {
      results.editor = await editorRounds(server, RUNS, log);
    }
    if (ONLY.includes('engines')) {
      results.engines = await firstOutputPerEngine(server, ENGINES, RUNS, log);
    }
    if (ONLY.includes('net')) {
      // A second server, the same files and pages, compressing as a static host does (brotli q11).
      log('(l) precompressing (brotli 11 + gzip 9, cached on disk after the first run)');
      compressing = await startServer({ mounts, pages: buildPages(), compress: true });
      results.net = await networkProfiles(compressing, {
        profiles: NET_PROFILES,
        runs: NET_RUNS,
        log,
        checkLoopback: (watch, where) => checkLoopback(compressing, watch, where),
      });
      checkLoopback(compressing, null, '(l)');
      results.browserBackground.push(...compressing.leaks);
    }
    noteLoad('end');
    checkLoopback(server, null, 'the whole run');
    results.browserBackground.push(...server.leaks);
  } finally {
    await compressing?.close().catch(() => {});
    await server?.close().catch(() => {});
    if (built?.temporary) await rm(built.temporary, { recursive: true, force: true });
  }
  results.meta.seconds = (Date.now() - started) / 1000;
  const { markdown, summary } = report(results);
  results.summary = summary;
  await mkdir(RESULTS, { recursive: true });
  const stamp = results.meta.date.replace(/[:.]/g, '-');
  await writeFile(join(RESULTS, `${stamp}.json`), JSON.stringify(results, null, 2));
  await writeFile(join(RESULTS, `${stamp}.md`), markdown);
  log(`wrote bench/results/${stamp}.{json,md}`);
  console.log(markdown);
}

main().catch((error) => {
  console.error(`\n[bench] FAILED: ${error.stack ?? error}\n`);
  process.exit(1);
});
