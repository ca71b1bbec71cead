// (l) First output over emulated networks, from a host that compresses as static hosts do: what a
// reader gets, not what loopback gives. Per network profile (Chromium's CDP throttling), cold and
// warm, for the floor (bare loadPyodide), py-elements (default, and with its snapshot off) and
// PyScript; the bytes each transferred before its first output; and the physical floor of the
// profile (bytes / bandwidth + round trips + wasm compile), to say how close each system gets.
// Chromium only: the throttling is Chromium's DevTools protocol.
import { openBrowser, watchContext } from './browser.mjs';
import { collectPage, instrumentPage } from './instrument.mjs';
import { WASM_PREFIX } from './pages.mjs';
import { MB, fmt, summarize, table } from './stats.mjs';

/** The profiles of issue #15: bandwidth (Mbit/s, both directions) and round-trip time (ms). */
export const NET_PROFILES = [
  { id: '1000', mbps: 1000, rttMs: 2 },
  { id: '100', mbps: 100, rttMs: 20 },
  { id: '20', mbps: 20, rttMs: 40 },
  { id: '5', mbps: 5, rttMs: 80 },
  { id: '1.6', mbps: 1.6, rttMs: 150 },
];
const profileLabel = (p) => `${p.mbps >= 1000 ? `${p.mbps / 1000} Gbps` : `${p.mbps} Mbps`} / ${p.rttMs} ms`;
const bytesPerSecond = (p) => (p.mbps * 1e6) / 8;

/** Interleaved in this order within a profile. */
export const NET_CONTESTANTS = ['floor', 'ours', 'ours-nosnapshot', 'pyscript'];
const NET_LABEL = {
  floor: 'floor (bare loadPyodide)',
  ours: 'py-elements',
  'ours-nosnapshot': 'py-elements, snapshot = false',
  pyscript: 'PyScript',
};
export const netPagePath = (contestant) => `/pages/hello-${contestant}.html`;

const SNAPSHOT_FILE = `${WASM_PREFIX}interpreter-snapshot.bin.gz`;
const WASM_FILE = `${WASM_PREFIX}pyodide.asm.wasm`;

/**
 * Round trips on the floor's critical path, cold: the page; pyodide.mjs (the page's import); then
 * pyodide.asm.mjs, pyodide-lock.json, pyodide.asm.wasm and python_stdlib.zip, which loadPyodide
 * requests together (observed: all four start within ~25 ms of each other). Warm: the page's
 * revalidation (304) only; every other file is fresh in the HTTP cache (max-age), which CDP does
 * not delay.
 */
const FLOOR_LEVELS = { cold: 3, warm: 1 };

/** `BENCH_NET_PROFILES` (bandwidths in Mbit/s, e.g. "1000,20,1.6"; default all five). */
export function netProfilesFromEnv(raw = process.env.BENCH_NET_PROFILES) {
  if (!raw) return NET_PROFILES;
  const ids = raw.split(',').map((s) => s.trim());
  const unknown = ids.filter((id) => !NET_PROFILES.some((p) => p.id === id));
  if (unknown.length || !ids.length) {
    throw new Error(`BENCH_NET_PROFILES: Mbit/s of ${NET_PROFILES.map((p) => p.id).join(', ')}, got ${raw}`);
  }
  return NET_PROFILES.filter((p) => ids.includes(p.id));
}

/** CDP's throttling: latency is added to each request; throughputs are bytes per second. */
const conditions = (p) => ({
  offline: false,
  latency: p.rttMs,
  downloadThroughput: bytesPerSecond(p),
  uploadThroughput: bytesPerSecond(p),
});
const NO_THROTTLE = { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 };

/** Every request of one page's CDP session: URL, encoded bytes on the wire, cache use. */
function recordNetwork(cdp) {
  let requests = new Map();
  const get = (id) => {
    if (!requests.has(id)) requests.set(id, { url: null, fromCache: false, encodedDataLength: null });
    return requests.get(id);
  };
  cdp.on('Network.requestWillBeSent', (e) => {
    Object.assign(get(e.requestId), { url: e.request.url, sent: e.timestamp });
  });
  cdp.on('Network.requestServedFromCache', (e) => {
    get(e.requestId).fromCache = true;
  });
  cdp.on('Network.responseReceived', (e) => {
    const r = get(e.requestId);
    r.status = e.response.status;
    r.fromCache ||= Boolean(e.response.fromDiskCache);
    const encoding = Object.entries(e.response.headers ?? {}).find(([k]) => k.toLowerCase() === 'content-encoding');
    r.contentEncoding = encoding?.[1] ?? null;
  });
  cdp.on('Network.loadingFinished', (e) => {
    Object.assign(get(e.requestId), { encodedDataLength: e.encodedDataLength, finished: e.timestamp });
  });
  return {
    reset() {
      requests = new Map();
    },
    all: () => [...requests.values()].filter((r) => r.url),
  };
}

/** One navigation to `url` up to the first output, with the bytes it transferred before it. */
async function netLoad(page, url, net, timeout, what) {
  net.reset();
  await page.goto(url, { waitUntil: 'commit', timeout });
  try {
    await page.waitForFunction(() => window.__bench.first !== null, null, { timeout, polling: 100 });
  } catch (error) {
    throw new Error(`${what}: no "hello" in the DOM after ${timeout} ms (${error.message.split('\n')[0]})`);
  }
  const sample = await page.evaluate(collectPage);
  const connection = await page.evaluate(() => {
    const c = navigator.connection;
    return c ? { effectiveType: c.effectiveType, downlink: c.downlink, rtt: c.rtt, saveData: c.saveData } : null;
  });
  // "Before the first output": Resource Timing's responseEnd in the page clock (as (c)), then CDP's
  // encodedDataLength (headers + encoded body, 0 from the cache) for those URLs, plus the page.
  const before = new Set([
    sample.navigation?.url,
    ...sample.resources.filter((r) => r.responseEnd <= sample.first).map((r) => r.url),
  ]);
  const requests = net.all();
  const counted = requests.filter((r) => before.has(r.url) && r.encodedDataLength !== null);
  const path = (u) => new URL(u).pathname;
  return {
    first: sample.first,
    transferred: counted.reduce((sum, r) => sum + r.encodedDataLength, 0),
    /** Resource Timing's view of the same (transferSize: headers + encoded body; 0 for cache hits). */
    transferSizeRT:
      (sample.navigation?.transferSize ?? 0) +
      sample.resources.filter((r) => r.responseEnd <= sample.first).reduce((sum, r) => sum + r.transferSize, 0),
    requestsBefore: before.size,
    fromNetwork: counted.filter((r) => !r.fromCache && r.encodedDataLength > 0).map((r) => [path(r.url), r.encodedDataLength]),
    encodings: [...new Set(counted.filter((r) => r.contentEncoding).map((r) => r.contentEncoding))],
    // A body: a failed only-if-cached probe of a warm load leaves an entry without one.
    usedPrebuiltSnapshot: sample.resources.some((r) => path(r.url) === SNAPSHOT_FILE && r.encodedBodySize > 0),
    linkReadMbps: await page.evaluate(() => {
      const choice = performance.getEntriesByName('py-elements: stdlib choice')[0];
      const rate = choice?.detail?.link?.bytesPerSecond;
      return rate ? Math.round((rate * 8) / 1e6) : null;
    }),
    // Which standard library zip it installed (ours: compiled, compiled-xz; the others: Pyodide's).
    stdlib:
      sample.resources
        .map((r) => path(r.url).split('/').pop())
        .filter((name) => name.startsWith('python_stdlib'))
        .at(-1)
        ?.replace(/^python_stdlib\.?/, '')
        .replace(/\.zip\.(startup|rest)(\.xz)?$/, '.zip$2') // our zips' two parts
        .replace(/\.zip\.xz$/, '-xz')
        .replace(/\.?zip$/, '') || 'pyodide',
    connection,
    marks: sample.marks,
    starts: requests
      .filter((r) => r.sent)
      .map((r) => [path(r.url), Math.round((r.sent - requests[0].sent) * 1000)])
      .sort((a, b) => a[1] - b[1]),
  };
}

/** One round: a fresh browser (empty profile), throttled before the first navigation; cold, then warm. */
async function netRound(server, contestant, profile, n, checkLoopback) {
  const session = await openBrowser(server.port);
  const { context, page } = session;
  const watch = watchContext(context);
  const errors = [];
  try {
    await context.addInitScript(instrumentPage, 'hello');
    page.on('pageerror', (error) => errors.push(String(error)));
    const cdp = await context.newCDPSession(page);
    const net = recordNetwork(cdp);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', conditions(profile));
    // ~14 MB (ours, uncompressed sizes) three times over, plus a minute of CPU on a busy machine.
    const timeout = 60_000 + Math.round((3 * 14e6 * 1000) / bytesPerSecond(profile));
    const url = `${server.origin}${netPagePath(contestant)}`;
    const what = `(l) ${profileLabel(profile)} ${contestant} round ${n}`;
    const cold = await netLoad(page, url, net, timeout, `${what} cold`);
    const warm = await netLoad(page, url, net, timeout, `${what} warm`);
    checkLoopback(watch, what);
    if (errors.length) throw new Error(`${what}: page errors: ${errors.join('; ')}`);
    return { cold, warm };
  } finally {
    await session.close();
  }
}

/**
 * Two facts the floor formula needs, in a fresh browser: how long WebAssembly.compile of
 * pyodide.asm.wasm takes here (unthrottled, bytes already in memory; median of 3), and whether CDP
 * throttles the encoded (compressed) or the decoded bytes: a throttled fetch of the brotli-encoded
 * wasm (3.5× smaller on the wire) and of the snapshot (sent as is), each timed against its sizes.
 */
async function probe(server, checkLoopback) {
  const session = await openBrowser(server.port);
  const { context, page } = session;
  const watch = watchContext(context);
  try {
    const cdp = await context.newCDPSession(page);
    const net = recordNetwork(cdp);
    await cdp.send('Network.enable');
    await page.goto(`${server.origin}/pages/blank.html`);
    // 5 Mbit/s: slow enough that the transfer, not the machine, sets the time.
    const profile = NET_PROFILES.find((p) => p.id === '5');
    await cdp.send('Network.emulateNetworkConditions', conditions(profile));
    const rate = bytesPerSecond(profile);
    const throttle = { profile: profileLabel(profile) };
    for (const [key, file] of [
      ['wasm', WASM_FILE],
      ['snapshot', SNAPSHOT_FILE],
    ]) {
      net.reset();
      const fetched = await page.evaluate(async (url) => {
        const t0 = performance.now();
        const response = await fetch(url, { cache: 'no-store' });
        const bytes = await response.arrayBuffer();
        return { ms: performance.now() - t0, decoded: bytes.byteLength };
      }, file);
      const encoded = net.all().find((r) => r.url.endsWith(file))?.encodedDataLength ?? null;
      throttle[key] = {
        ms: fetched.ms,
        encodedBytes: encoded,
        decodedBytes: fetched.decoded,
        expectedIfEncodedMs: profile.rttMs + (encoded * 1000) / rate,
        expectedIfDecodedMs: profile.rttMs + (fetched.decoded * 1000) / rate,
      };
    }
    await cdp.send('Network.emulateNetworkConditions', NO_THROTTLE);
    const compileMs = await page.evaluate(async (url) => {
      const bytes = await (await fetch(url)).arrayBuffer();
      const times = [];
      for (let i = 0; i < 3; i++) {
        const t0 = performance.now();
        await WebAssembly.compile(bytes);
        times.push(performance.now() - t0);
      }
      return times;
    }, WASM_FILE);
    checkLoopback(watch, '(l) probe');
    return { throttle, compileMs };
  } finally {
    await session.close();
  }
}

/**
 * (l): the probe, one discarded warm-up round of each contestant on the first profile, then `runs`
 * rounds; per round and profile, the contestants interleaved (floor, ours, ours without snapshot,
 * PyScript), each in a fresh browser.
 */
export async function networkProfiles(server, { profiles, runs, log, checkLoopback }) {
  const probed = await probe(server, checkLoopback);
  log(`(l) probe: ${JSON.stringify(probed)}`);
  for (const c of NET_CONTESTANTS) {
    const r = await netRound(server, c, profiles[0], 0, checkLoopback);
    log(`(l) warm-up ${c} at ${profileLabel(profiles[0])}: cold ${Math.round(r.cold.first)} ms (discarded)`);
  }
  const rounds = Object.fromEntries(profiles.map((p) => [p.id, Object.fromEntries(NET_CONTESTANTS.map((c) => [c, []]))]));
  for (let n = 1; n <= runs; n++) {
    for (const p of profiles) {
      for (const c of NET_CONTESTANTS) {
        const r = await netRound(server, c, p, n, checkLoopback);
        rounds[p.id][c].push(r);
        log(
          `(l) round ${n}/${runs} ${profileLabel(p)} ${c}: cold ${Math.round(r.cold.first)} ms ` +
            `(${(r.cold.transferred / MB).toFixed(2)} MB${r.cold.usedPrebuiltSnapshot ? ', snapshot' : ''}), ` +
            `warm ${Math.round(r.warm.first)} ms (${(r.warm.transferred / 1024).toFixed(1)} KB)`,
        );
      }
    }
  }
  return { profiles, runs, probe: probed, rounds };
}

/** The physical floor of a profile: the floor system's bytes at full bandwidth, its round trips, the compile. */
function physicalFloorMs(profile, bytes, load, compileMs) {
  return (bytes * 1000) / bytesPerSecond(profile) + FLOOR_LEVELS[load] * profile.rttMs + compileMs;
}

/** The (l) tables and notes as markdown, plus the summary kept in the JSON. */
export function networkReport(results) {
  const { profiles, probe: probed, rounds } = results;
  const compile = summarize(probed.compileMs).median;
  const summary = { compileMs: compile, throttle: probed.throttle, profiles: {} };
  const rows = [];
  const closeness = [];
  const pct = (floorMs, s) => (s ? `${Math.round((100 * floorMs) / s.median)} %` : '—');
  for (const p of profiles) {
    summary.profiles[p.id] = {};
    for (const load of ['cold', 'warm']) {
      const s = {};
      for (const c of NET_CONTESTANTS) {
        const rs = rounds[p.id][c];
        s[c] = {
          first: summarize(rs.map((r) => r[load].first)),
          bytes: summarize(rs.map((r) => r[load].transferred)),
          snapshotLoads: rs.filter((r) => r[load].usedPrebuiltSnapshot).length,
          linkReadMbps: rs.map((r) => r[load].linkReadMbps),
          stdlibs: rs.map((r) => r[load].stdlib),
          effectiveType: [...new Set(rs.map((r) => r[load].connection?.effectiveType ?? '?'))].join('/'),
        };
      }
      const floorBytes = s.floor.bytes?.median ?? 0;
      const physical = physicalFloorMs(p, floorBytes, load, compile);
      summary.profiles[p.id][load] = { ...s, physicalFloorMs: physical };
      const time = (c) => {
        const cell = fmt(s[c].first);
        if (c === 'floor' || !s[c].first || !s.floor.first) return cell;
        return `${cell} (${(s[c].first.median / s.floor.first.median).toFixed(2)}×)`;
      };
      const bytes = (c) => fmt(s[c].bytes, load === 'cold' ? { scale: MB, digits: 2 } : { scale: 1024, digits: 1 });
      rows.push([
        profileLabel(p),
        `${load} (${load === 'cold' ? 'MB' : 'KB'})`,
        ...NET_CONTESTANTS.flatMap((c) => [time(c), bytes(c)]),
        `${Math.round(physical)}`,
      ]);
      closeness.push([
        profileLabel(p),
        load,
        `${Math.round(physical)}`,
        ...NET_CONTESTANTS.map((c) => pct(physical, s[c].first)),
      ]);
    }
  }
  const header = [
    '(l) network profile',
    'load (bytes in)',
    ...NET_CONTESTANTS.flatMap((c) => [`${NET_LABEL[c]}: first output (ms)`, 'bytes']),
    'physical floor (ms)',
  ];
  const closer = table(
    ['(l) how close to the physical floor', 'load', 'floor (ms)', ...NET_CONTESTANTS.map((c) => NET_LABEL[c])],
    closeness,
  );
  const t = probed.throttle;
  const snapshotNotes = profiles.map((p) => {
    const o = summary.profiles[p.id].cold.ours;
    return (
      `${profileLabel(p)}: ${o.snapshotLoads} of ${rounds[p.id].ours.length} (effectiveType ${o.effectiveType}; ` +
      `the link read ${o.linkReadMbps.join(', ')} Mbit/s; standard library ${o.stdlibs.join(', ')})`
    );
  });
  const notes = [
    `- (l) Medians [min–max] of ${results.runs} round(s) per profile, each contestant in a fresh Chromium profile, ` +
      `interleaved per profile; server: brotli (quality 11, precomputed) for .js/.mjs/.json/.wasm/.html/.css, ` +
      `not .zip/.gz; bytes = CDP encodedDataLength (headers + encoded body) of the requests finished before the first output.`,
    `- (l) physical floor = floor's bytes / bandwidth + ${FLOOR_LEVELS.cold} RTTs cold (${FLOOR_LEVELS.warm} warm) + ` +
      `WebAssembly.compile of pyodide.asm.wasm here (${Math.round(compile)} ms, median of 3); it leaves out Python's own start-up.`,
    ...['wasm', 'snapshot'].map(
      (key) =>
        `- (l) CDP throttling, measured at ${t.profile}: ${key === 'wasm' ? 'pyodide.asm.wasm, brotli' : 'the snapshot, sent as is'} ` +
        `(${(t[key].encodedBytes / MB).toFixed(2)} MB on the wire, ${(t[key].decodedBytes / MB).toFixed(2)} MB decoded) took ` +
        `${Math.round(t[key].ms)} ms; expected ${Math.round(t[key].expectedIfEncodedMs)} ms if the wire bytes are throttled, ` +
        `${Math.round(t[key].expectedIfDecodedMs)} ms if the decoded ones.`,
    ),
    `- (l) py-elements (default) fetched its prebuilt snapshot in cold loads (and which standard library zip): ${snapshotNotes.join('; ')}.`,
  ];
  return {
    markdown: `${table(header, rows)}\n\n${closer}\n\n${notes.join('\n')}`,
    summary,
  };
}
