import type { InterpreterConfig } from '../contract.js';
import { guardBody } from './fetch-watch.js';
import { modulesFromHttpCache, prebuiltSnapshotWanted, type LinkReading } from './snapshot-policy.js';
import type { FoundSnapshot } from './snapshot.js';
import { packedPreamble, type Preamble } from './packed-snapshot.js';
import type { StdlibKind } from './stdlib.js';

/** The prebuilt snapshot in the index URL's folder (made by wasm/snapshot.mjs at build time). */
export const PREBUILT_SNAPSHOT = 'interpreter-snapshot.bin.gz';

/** Counts a snapshot download in the start's progress. */
export interface SnapshotProgress {
  size: (bytes: number) => void;
  received: (bytes: number) => void;
}

/** The prebuilt snapshot, opened: its bytes on their way, and what its first bytes said. */
export interface PrebuiltSnapshot extends FoundSnapshot {
  /** The directory and end record of the zip it was made with (packed-snapshot.ts). */
  zipTail?: Uint8Array;
  /** Stops its download (it is not used after all). */
  drop(): void;
}

/**
 * The snapshot to start from, once the interpreter's modules are in: this browser's own (`cached`,
 * see snapshot.ts), else the prebuilt one, where the server answered with the compiled standard
 * library it was made with (`stdlib`): on a first visit the one asked for at once (`opened`,
 * start-interpreter.ts), later only one in the HTTP cache with the interpreter's files
 * (snapshot-policy.ts). Its bytes may still be arriving: Pyodide starts meanwhile. One opened and not
 * used is dropped. `stillWanted`: false once the start has failed (a download of its own did): then
 * nothing more is asked for. `link`: the reading the start's choices were made on, for the mark.
 */
export async function chooseSnapshot(
  config: InterpreterConfig,
  cached: Promise<FoundSnapshot | undefined>,
  stdlib: Promise<StdlibKind>,
  opened: Promise<PrebuiltSnapshot | undefined> | undefined,
  link: () => Promise<LinkReading>,
  fetch: typeof globalThis.fetch,
  progress: SnapshotProgress,
  stillWanted: () => boolean = () => true,
): Promise<(FoundSnapshot & { kind: 'cached' | 'prebuilt' }) | undefined> {
  const unused = () => void opened?.then((prebuilt) => prebuilt?.drop());
  const own = await cached;
  if (own) {
    unused();
    return { ...own, kind: 'cached' };
  }
  if (config.snapshot !== true || (await stdlib) !== 'compiled') {
    unused();
    return undefined;
  }
  const { indexURL } = config;
  // Asked for at once and kept (undefined where the start dropped it, or there is none).
  const atOnce = await opened;
  const wanted = opened
    ? !!atOnce && 'download'
    : await prebuiltSnapshotWanted('Suspending' in WebAssembly, () =>
        modulesFromHttpCache(`${indexURL}pyodide.asm.mjs`) ? { from: 'cache' } : undefined,
      );
  // For whoever wants to know why (DevTools' performance panel, the bench).
  performance.mark('py-elements: snapshot choice', { detail: { link: await link(), prebuilt: wanted } });
  if (!wanted || !stillWanted()) {
    unused();
    return undefined;
  }
  // With the page's own fetch, not the watched one: a missing prebuilt snapshot (a wasm/ folder
  // copied without it) only means starting the ordinary way.
  const prebuilt = atOnce ?? (await openPrebuiltSnapshot(fetch, `${indexURL}${PREBUILT_SNAPSHOT}`, wanted, progress));
  return prebuilt && { ...prebuilt, kind: 'prebuilt' };
}

/**
 * Opens the prebuilt snapshot: undefined if it is not there, or not in the HTTP cache when only a
 * cached copy will do (`wanted`). Else its bytes, as a promise (in an object: an async function would
 * wait for it) that rejects if the body breaks or stalls; then Python starts afresh. The file is gzip
 * so any static host serves it small; a host that already decoded it (Content-Encoding) hands over
 * the raw bytes, used as they are. It is unpacked as it arrives, and its length (packed-snapshot.ts)
 * is known from its first bytes: Pyodide instantiates meanwhile (sparse-restore.ts), where it
 * waited for the whole file before.
 */
export async function openPrebuiltSnapshot(
  fetch: typeof globalThis.fetch,
  url: string,
  wanted: 'download' | 'cachedOnly',
  count: SnapshotProgress,
): Promise<PrebuiltSnapshot | undefined> {
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
  const unpacked = gunzipIfZipped(body);
  let said!: (preamble: Preamble | undefined) => void;
  const preamble = new Promise<Preamble | undefined>((resolve) => (said = resolve));
  const bytes = (async () => {
    const chunks: Uint8Array[] = [];
    let size = 0;
    let told = false;
    const reader = (await unpacked).getReader();
    for (let read = await reader.read(); !read.done; read = await reader.read()) {
      chunks.push(read.value);
      size += read.value.length;
      if (told) continue;
      const start = concat(chunks, size);
      chunks.splice(0, chunks.length, start);
      const first = packedPreamble(start);
      if (first === 'more') continue;
      told = true;
      // Copied: `start` is one of the chunks the whole is made of, and the tail outlives them.
      said(first && { ...first, ...(first.zipTail ? { zipTail: first.zipTail.slice() } : {}) });
    }
    said(undefined);
    return concat(chunks, size);
  })();
  bytes.catch(() => said(undefined)); // and the start awaits it later: not unhandled meanwhile
  const known = await preamble;
  const drop = () => abort.abort();
  // Not the layout this build makes (or it broke before its length came): Pyodide waits for it whole.
  return known ? { bytes, length: known.length, ...(known.zipTail ? { zipTail: known.zipTail } : {}), drop } : { bytes, drop };
}

/** `body`, gunzipped if it is gzip (by its magic bytes: a host may have decoded it already). */
async function gunzipIfZipped(body: ReadableStream<Uint8Array>): Promise<ReadableStream<Uint8Array>> {
  const reader = body.getReader();
  const first: Uint8Array[] = [];
  let size = 0;
  let done = false;
  while (size < 2 && !done) {
    const read = await reader.read();
    done = read.done;
    if (read.value) {
      first.push(read.value);
      size += read.value.length;
    }
  }
  const start = concat(first, size);
  const whole = new ReadableStream<Uint8Array>({
    start(controller) {
      if (start.length) controller.enqueue(start);
      if (done) controller.close();
    },
    async pull(controller) {
      const read = await reader.read();
      if (read.done) controller.close();
      else controller.enqueue(read.value);
    },
    cancel: (reason) => reader.cancel(reason),
  });
  const gunzip = new DecompressionStream('gzip') as unknown as ReadableWritablePair<Uint8Array, Uint8Array>;
  return start[0] === 0x1f && start[1] === 0x8b ? whole.pipeThrough(gunzip) : whole;
}

function concat(chunks: Uint8Array[], size: number): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  const whole = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    whole.set(chunk, at);
    at += chunk.length;
  }
  return whole;
}
