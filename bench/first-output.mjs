// (k) First output per engine: navigation start → `hello` in the DOM, cold and warm, for the floor
// (bare loadPyodide) and py-elements in the same engine, so that "ours against the floor" holds per
// engine and not only in Chromium. The pages are the hello pages of (a) with the instrument inlined
// (pages.mjs inlinePath): WebDriver cannot run init scripts, and every engine gets the same pages.
import { isLocal } from './browser.mjs';
import { startEngine } from './engines.mjs';
import { collectPage } from './instrument.mjs';
import { WASM_PREFIX, inlinePath } from './pages.mjs';
import { fmt, ratio, summarize, table } from './stats.mjs';

/** The contestants of (k), interleaved in this order. */
export const ENGINE_CONTESTANTS = ['floor', 'ours'];
const ENGINE_LABEL = { chromium: 'Chromium', firefox: 'Firefox', webkit: 'WebKitGTK' };
const WASM_FILE = `${WASM_PREFIX}pyodide.asm.wasm`;
const SNAPSHOT_FILE = `${WASM_PREFIX}interpreter-snapshot.bin.gz`;
/** Upper bound for one page's first output (WebKitGTK's cold start takes tens of seconds under load). */
const FIRST_OUTPUT_TIMEOUT = 180_000;

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitForFirstOutput(tab, what) {
  const end = Date.now() + FIRST_OUTPUT_TIMEOUT;
  for (;;) {
    const first = await tab.evaluate(() => window.__bench?.first ?? null).catch(() => null);
    if (first !== null) return;
    if (Date.now() > end) {
      const text = await tab.evaluate(() => document.body?.innerText.slice(0, 200) ?? '').catch(() => '?');
      throw new Error(`${what}: no "hello" in the DOM after ${FIRST_OUTPUT_TIMEOUT} ms (page text: ${JSON.stringify(text)})`);
    }
    await sleep(100);
  }
}

/**
 * One navigation to `url` in `tab`, up to the first output. Besides the page's own figures, what the
 * server sent meanwhile: the truth about cache hits in an engine whose Resource Timing lacks sizes.
 */
async function load(tab, url, server, what) {
  const servedBefore = server.served.length;
  await tab.goto(url);
  await waitForFirstOutput(tab, what);
  const sample = await tab.evaluate(collectPage);
  const served = server.served.slice(servedBefore);
  const wasm = sample.resources.find((r) => new URL(r.url).pathname === WASM_FILE);
  return {
    first: sample.first,
    marks: sample.marks,
    /** pyodide.asm.wasm per Resource Timing: 0 when it came from the cache (where the engine reports it). */
    wasmTransferSize: wasm?.transferSize ?? null,
    /** How many times the server sent pyodide.asm.wasm in full (200) during this load. */
    wasmServed: served.filter((s) => s.path === WASM_FILE && s.status === 200).length,
    bytesServed: served.reduce((sum, s) => sum + s.bytes, 0),
    usedPrebuiltSnapshot: sample.resources.some((r) => new URL(r.url).pathname === SNAPSHOT_FILE),
    urls: [sample.navigation?.url, ...sample.resources.map((r) => r.url)].filter(Boolean),
  };
}

/** One round: a fresh browser, the cold load, then the warm one (second navigation, same browser). */
async function round(engine, server, contestant, n) {
  const tab = await engine.open();
  try {
    const url = `${server.origin}${inlinePath(contestant)}`;
    const what = `${engine.name} ${contestant} round ${n}`;
    const cold = await load(tab, url, server, `${what} cold`);
    const warm = await load(tab, url, server, `${what} warm`);
    const off = [...tab.requests, ...cold.urls, ...warm.urls].filter((u) => !isLocal(u));
    if (off.length) throw new Error(`REQUEST OFF LOOPBACK during ${what}: ${[...new Set(off)].join(', ')}`);
    delete cold.urls;
    delete warm.urls;
    return { cold, warm };
  } finally {
    await tab.close();
  }
}

/**
 * (k) for each engine: one discarded warm-up round per contestant, then `runs` rounds interleaved
 * floor, ours, floor, …. Resolves with { [engine]: { version, rounds: { floor: [...], ours: [...] } } }.
 */
export async function firstOutputPerEngine(server, engines, runs, log) {
  const results = {};
  for (const name of engines) {
    const engine = await startEngine(name, { proxyPort: server.port });
    try {
      for (const c of ENGINE_CONTESTANTS) {
        const r = await round(engine, server, c, 0);
        log(`(k) ${name} warm-up ${c}: cold ${Math.round(r.cold.first)} ms (discarded)`);
      }
      const rounds = Object.fromEntries(ENGINE_CONTESTANTS.map((c) => [c, []]));
      for (let n = 1; n <= runs; n++) {
        for (const c of ENGINE_CONTESTANTS) {
          const r = await round(engine, server, c, n);
          rounds[c].push(r);
          log(
            `(k) ${name} round ${n}/${runs} ${c}: cold ${Math.round(r.cold.first)} ms, warm ${Math.round(r.warm.first)} ms` +
              ` (warm: wasm sent ${r.warm.wasmServed}×, ${Math.round(r.warm.bytesServed / 1024)} KB served)`,
          );
        }
      }
      results[name] = { version: engine.version(), rounds };
    } finally {
      await engine.stop();
    }
  }
  return results;
}

/** The (k) table and its notes, as markdown, plus the summary kept in the JSON. */
export function firstOutputReport(perEngine) {
  const ms = { digits: 0 };
  const summary = {};
  const rows = [];
  const notes = [];
  for (const [name, { version, rounds }] of Object.entries(perEngine)) {
    const pick = (c, f) => summarize(rounds[c].map(f));
    const s = {};
    for (const c of ENGINE_CONTESTANTS) {
      s[c] = {
        cold: pick(c, (r) => r.cold.first),
        warm: pick(c, (r) => r.warm.first),
        warmWasmServed: pick(c, (r) => r.warm.wasmServed),
        warmBytesServed: pick(c, (r) => r.warm.bytesServed),
        warmWasmTransferSize: pick(c, (r) => r.warm.wasmTransferSize),
        wasmStart: pick(c, (r) => r.cold.marks.wasmStart),
        wasmEnd: pick(c, (r) => r.cold.marks.wasmEnd),
      };
    }
    summary[name] = { version, ...s };
    const { floor: f, ours: o } = s;
    const all = ENGINE_CONTESTANTS.flatMap((c) => rounds[c]);
    const resent = all.filter((r) => r.warm.wasmServed > 0).length;
    rows.push([
      `${ENGINE_LABEL[name]} ${version}`,
      fmt(f.cold, ms),
      fmt(o.cold, ms),
      ratio(o.cold, f.cold),
      fmt(f.warm, ms),
      fmt(o.warm, ms),
      ratio(o.warm, f.warm),
      resent ? `**${resent} of ${all.length}**` : `0 of ${all.length}`,
    ]);
    const prebuilt = rounds.ours.filter((r) => r.cold.usedPrebuiltSnapshot).length;
    const transfer = [...new Set(all.map((r) => r.warm.wasmTransferSize))];
    notes.push(
      `- (k) ${ENGINE_LABEL[name]}: ours fetched the prebuilt interpreter snapshot in ${prebuilt} of ${rounds.ours.length} cold loads; ` +
        `warm loads: ${fmt(summarize(all.map((r) => r.warm.bytesServed / 1024)), { digits: 1 })} KB sent by the server, ` +
        `pyodide.asm.wasm transferSize ${transfer.map((t) => (t === null ? 'not reported' : t)).join(' / ')}. ` +
        `Cold, ms from navigation: WebAssembly instantiate called ${fmt(f.wasmStart, ms)} (floor) / ${fmt(o.wasmStart, ms)} (ours), ` +
        `resolved ${fmt(f.wasmEnd, ms)} / ${fmt(o.wasmEnd, ms)}.`,
    );
  }
  const markdown = table(
    [
      '(k) first output per engine (ms)',
      'floor cold',
      'ours cold',
      'ours / floor',
      'floor warm',
      'ours warm',
      'ours / floor',
      'warm loads that re-downloaded the wasm',
    ],
    rows,
  );
  return { markdown: `${markdown}\n\n${notes.join('\n')}`, summary };
}
