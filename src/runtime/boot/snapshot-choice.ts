import type { InterpreterConfig } from '../contract.js';
import { guardBody } from './fetch-watch.js';
import type { LinkMeter } from './link-meter.js';
import { modulesFromHttpCache, prebuiltSnapshotWanted, snapshotLinkReading, type LinkReading } from './snapshot-policy.js';
import type { FoundSnapshot } from './snapshot.js';
import type { StdlibKind } from './stdlib.js';

/** The prebuilt snapshot in the index URL's folder (made by wasm/snapshot.mjs at build time). */
export const PREBUILT_SNAPSHOT = 'interpreter-snapshot.bin.gz';

/** Counts a snapshot download in the start's progress. */
export interface SnapshotProgress {
  size: (bytes: number) => void;
  received: (bytes: number) => void;
}

/**
 * The snapshot to start from, once the interpreter's modules are in: this browser's own (`cached`,
 * see snapshot.ts), else the prebuilt one where it pays for its download on the link `meter` read,
 * or is in the HTTP cache with the rest (snapshot-policy.ts), and the server answered with the
 * compiled standard library it was made with (`stdlib`). Its bytes may still be arriving: Pyodide
 * starts meanwhile. `stillWanted`: false once the start has failed (a download of its own did,
 * while the choice waited for a reading): then the prebuilt snapshot (4.8 MB) is not asked for.
 */
export async function chooseSnapshot(
  config: InterpreterConfig,
  cached: Promise<FoundSnapshot | undefined>,
  stdlib: Promise<StdlibKind>,
  meters: { quick: LinkMeter; full: LinkMeter },
  fetch: typeof globalThis.fetch,
  progress: SnapshotProgress,
  stillWanted: () => boolean = () => true,
): Promise<(FoundSnapshot & { kind: 'cached' | 'prebuilt' }) | undefined> {
  const own = await cached;
  if (own) return { ...own, kind: 'cached' };
  if (config.snapshot !== true || (await stdlib) !== 'compiled') return undefined;
  const { indexURL } = config;
  let link: LinkReading;
  const wanted = await prebuiltSnapshotWanted('Suspending' in WebAssembly, async () => {
    link = modulesFromHttpCache(`${indexURL}pyodide.asm.mjs`)
      ? { from: 'cache' }
      : await snapshotLinkReading(
          () => meters.quick.reading(),
          () => meters.full.reading(),
        );
    return link;
  });
  // For whoever wants to know why (DevTools' performance panel, the bench).
  performance.mark('py-elements: snapshot choice', { detail: { link, prebuilt: wanted } });
  if (!wanted || !stillWanted()) return undefined;
  // With the page's own fetch, not the watched one: a missing prebuilt snapshot (a wasm/ folder
  // copied without it) only means starting the ordinary way.
  const prebuilt = await openPrebuiltSnapshot(fetch, `${indexURL}${PREBUILT_SNAPSHOT}`, wanted, progress);
  return prebuilt && { bytes: prebuilt.bytes, kind: 'prebuilt' };
}

/**
 * Opens the prebuilt snapshot: undefined if it is not there, or not in the HTTP cache when only a
 * cached copy will do (`wanted`). Else its bytes, as a promise (in an object: an async function would
 * wait for it) that rejects if the body breaks or stalls; then Python starts afresh. The file is gzip
 * so any static host serves it small; a host that already decoded it (Content-Encoding) hands over
 * the raw bytes, used as they are.
 */
async function openPrebuiltSnapshot(
  fetch: typeof globalThis.fetch,
  url: string,
  wanted: 'download' | 'cachedOnly',
  count: SnapshotProgress,
): Promise<{ bytes: Promise<Uint8Array> } | undefined> {
  let response: Response;
  // A server that never answers must not hold up the start: no headers in 10 s, no snapshot.
  const abort = new AbortController();
  try {
    if (wanted === 'cachedOnly') {
      // The only way to ask the HTTP cache alone; the fetch standard allows it for same-origin URLs.
      if (new URL(url).origin !== location.origin) return undefined;
      response = await fetch(url, { cache: 'only-if-cached', mode: 'same-origin' });
    } else {
      const timer = setTimeout(() => abort.abort(), 10_000);
      response = await fetch(url, { signal: abort.signal }).finally(() => clearTimeout(timer));
    }
  } catch {
    return undefined;
  }
  if (!response.ok || !response.body) return undefined;
  const length = Number(response.headers.get('Content-Length'));
  if (length) count.size(length);
  const body = guardBody(
    url,
    response.body,
    undefined,
    count.received,
    () => {},
    () => abort.abort(),
  );
  const bytes = (async () => {
    const raw = new Uint8Array(await new Response(body).arrayBuffer());
    if (raw[0] !== 0x1f || raw[1] !== 0x8b) return raw;
    const unzipped = new Blob([raw]).stream().pipeThrough(new DecompressionStream('gzip'));
    return new Uint8Array(await new Response(unzipped).arrayBuffer());
  })();
  bytes.catch(() => {}); // awaited by the interpreter's start, later: not an unhandled rejection meanwhile
  return { bytes };
}
