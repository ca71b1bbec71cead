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
 * Whether a first visit (no zip remembered for the folder) asks for the prebuilt snapshot (3.3 MB)
 * at once, instead of the compiled zip's start-up part (1.5 MB; the snapshot holds those modules,
 * start-interpreter.ts): never without JSPI (`hasJSPI`: it was made in
 * Chromium with JSPI), on Save-Data or a 3G-or-slower effective type. The start drops it where the
 * link then reads slower than it pays for (prebuiltPays).
 */
export function prebuiltSnapshotFirst(hasJSPI: boolean, connection = browserConnection()): boolean {
  return hasJSPI && backgroundSnapshotWanted(connection);
}

/**
 * On a first visit, the reading (of the wasm alone: the start-up part is not asked for) above which
 * the prebuilt snapshot, asked for at once, is kept. It costs ~1.9 MB more on the link than a start
 * without it and skips ~0.6 s of Python's start: measured under the bench's emulation (brotli host,
 * cold, 3 interleaved loads), first output 1428 ms against 1917 at 1 Gbps and 1617 against 1962 at
 * 100 Mbps, but 3980 against 3745 at 20 Mbps. The wasm alone read 2.9-3.6 MB/s at 1 Gbps, 1.5-2.1 at
 * 100 Mbps, 1.3-2.4 at 50, 0.78-1.02 at 20 and 0.42-0.46 at 10 (3 loads each; docs/decisions.md).
 */
export const PREBUILT_LINK_BYTES_PER_SECOND = 1_250_000;

/** Whether a first visit keeps the prebuilt snapshot it asked for at once, on the link `link` read. */
export function prebuiltPays(link: LinkReading): boolean {
  return link?.from !== 'network' || link.bytesPerSecond >= PREBUILT_LINK_BYTES_PER_SECOND;
}

/**
 * Whether a later visit starts from the prebuilt snapshot: only one in the HTTP cache with the
 * interpreter's files (`link` says they came from it), so a reader whom a slow first visit spared
 * it does not pay on the second; by then this browser's own snapshot is usually in Cache Storage.
 * Never without JSPI, on Save-Data or a 3G-or-slower effective type.
 */
export async function prebuiltSnapshotWanted(
  hasJSPI: boolean,
  link: () => LinkReading | Promise<LinkReading>,
  connection = browserConnection(),
): Promise<false | 'cachedOnly'> {
  if (!prebuiltSnapshotFirst(hasJSPI, connection)) return false;
  return (await link())?.from === 'cache' ? 'cachedOnly' : false;
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
