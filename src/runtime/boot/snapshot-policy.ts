/** What `navigator.connection` tells (Chromium; Firefox and Safari have none). */
export interface ConnectionHints {
  saveData?: boolean;
  effectiveType?: string;
}

/** `navigator.connection`, where the browser has one. */
export const browserConnection = () => (navigator as { connection?: ConnectionHints }).connection;

/**
 * What the page knows of the link: a rate LinkMeter measured (`network`), or that the interpreter's
 * files came from the HTTP cache (`cache`), which says nothing of the link; undefined: nothing.
 */
export type LinkReading = { from: 'network'; bytesPerSecond: number } | { from: 'cache' } | undefined;

/**
 * Whether a download's body came from the HTTP cache (fresh, or after a 304), by its Resource Timing
 * entry; undefined where there is nothing to read (no entry; a cross-origin host without
 * `Timing-Allow-Origin` hides the sizes).
 */
export function fromHttpCache(
  entry: Pick<PerformanceResourceTiming, 'transferSize' | 'encodedBodySize' | 'responseStart'> | undefined,
): boolean | undefined {
  if (!entry?.encodedBodySize || !entry.responseStart) return undefined;
  return entry.transferSize < entry.encodedBodySize;
}

/**
 * Whether `pyodide.asm.mjs` (then the rest too) came from the HTTP cache. Its rate is no measure of
 * the link: 0.2 MB is too little to reach a link's speed (LinkMeter reads it).
 */
export function modulesFromHttpCache(url: string): boolean | undefined {
  const entries = performance.getEntriesByName(url, 'resource') as PerformanceResourceTiming[];
  return fromHttpCache(entries.at(-1));
}

/**
 * The prebuilt snapshot (3.4 MB) downloads beside the interpreter's own files, so on a link that
 * bytes limit it costs 3.4 MB / rate. Since Python starts from the compiled standard library
 * (stdlib.ts) it saves little: the restore against ~0.7 s of start-up. Measured by bench (l)
 * (brotli host, Chromium, cold, 2 rounds): at 100 Mbps it lost (first output 0.58x bare Pyodide
 * with it, 0.42x without), at 1 Gbps it won by 0.1-0.3 s. LinkMeter reads a link low (its clock
 * starts at the request, and start-up keeps the page busy): 1 Gbps read 28-75 Mbit/s, 100 Mbps
 * 28-44. So only a link that reads above 100 Mbps's highest reading takes it (docs/decisions.md).
 */
export const FAST_LINK_BYTES_PER_SECOND = 7_500_000;

/**
 * Whether to start from the prebuilt snapshot, decided before asking for it:
 * - never without JSPI (`hasJSPI`): it was made in Chromium with JSPI;
 * - never on Save-Data or a 3G-or-slower effective type;
 * - a measured link (link-meter.ts): only at FAST_LINK_BYTES_PER_SECOND or more;
 * - files from the HTTP cache measure nothing: then only a snapshot that is in the cache too
 *   (`cachedOnly`), so a reader whom a slow first visit spared it does not pay on the second;
 * - nothing measured (a cross-origin host that hides its timing): as the browser's hints allow.
 * `link` is asked for only where it matters: the start waits for this choice, and a reading takes
 * up to 800 ms (WebKit, without JSPI, waited for one it never used).
 */
export async function prebuiltSnapshotWanted(
  hasJSPI: boolean,
  link: () => LinkReading | Promise<LinkReading>,
  connection = browserConnection(),
): Promise<false | 'download' | 'cachedOnly'> {
  if (!hasJSPI || !backgroundSnapshotWanted(connection)) return false;
  const read = await link();
  if (read?.from === 'cache') return 'cachedOnly';
  if (read && read.bytesPerSecond < FAST_LINK_BYTES_PER_SECOND) return false;
  return 'download';
}

/**
 * The reading the choice needs, as soon as it is clear. The quick one (the standard library's,
 * stdlib.ts) is in hundreds of milliseconds before the full one (1.5 MB or 800 ms), which held up
 * the start on fast links (bench (l), 1 Gbps: Pyodide was called ~200-450 ms after the wasm was
 * in). Both are low on a busy page, and the quick one the lower: on loopback, where the snapshot
 * wins, it read 3.4-6.8 MB/s, the full one up to and over the threshold. So only a quick reading
 * under a third of the threshold decides (1 Gbps under emulation read ~2 MB/s).
 */
export async function snapshotLinkReading(
  quick: () => Promise<LinkReading>,
  full: () => Promise<LinkReading>,
): Promise<LinkReading> {
  const early = await quick();
  if (early?.from === 'network' && early.bytesPerSecond < FAST_LINK_BYTES_PER_SECOND / 3) return early;
  return full();
}

/**
 * Whether to make this browser's own snapshot in a background worker after start-up. The worker
 * starts a second interpreter (CPU, and the interpreter's files again where the host does not let
 * them be cached): not for a reader who asked to save data, nor on a 3G-or-slower connection,
 * which is most likely metered.
 */
export function backgroundSnapshotWanted(connection = browserConnection()): boolean {
  if (connection?.saveData) return false;
  return !['slow-2g', '2g', '3g'].includes(connection?.effectiveType ?? '4g');
}
