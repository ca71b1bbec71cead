import type { LinkReading } from './snapshot-policy.js';

/**
 * The standard library zips a start can install (wasm/stdlib.mjs makes the first two from Pyodide's):
 * - `compiled`: the modules Python imports at start-up as bytecode, so the start compiles no
 *   source (~1.7 s less here); ~0.65 MB more than Pyodide's;
 * - `compact`: all source, stored, the whole zip gzip-compressed: ~0.33 MB less than Pyodide's
 *   (per-file deflate misses what files share), ~1 MB less than `compiled`, for slow links;
 * - `source`: Pyodide's own, where a folder has neither (a bare copy of Pyodide's files).
 * Python keeps the zip's directory in memory, so a snapshot is restored only with the zip it was made
 * with: the kind is part of its identity.
 */
export type StdlibKind = 'compiled' | 'compact' | 'source';

export const STDLIB_FILES: Record<StdlibKind, string> = {
  compiled: 'python_stdlib.compiled.zip',
  compact: 'python_stdlib.compact.zip.gz',
  source: 'python_stdlib.zip',
};

/**
 * The sample the choice reads (LinkMeter's bytes and milliseconds, of the wasm's first bytes): short,
 * because the standard library is asked for only then, and on a fast link every millisecond it waits
 * shows (a 1.5 MB sample held it back ~0.5 s at 100 Mbit/s); 300 KB come in well under 100 ms there.
 * The time limit must leave a slow, far link time for some bytes: in 300 ms, 1.6 Mbit/s with 150 ms of
 * latency had delivered none, which read as nothing measured.
 */
export const QUICK_SAMPLE = [300_000, 600] as const;

/**
 * Below this reading the compact zip. `compiled`'s extra ~1 MB costs more than the ~1.7 s of
 * compiling it saves under ~5 Mbit/s, but the compact zip starts Python no faster than Pyodide's own
 * on every visit until this browser's snapshot is made, and a short sample on a busy page reads a
 * link low (20 Mbit/s once read under 4): only a link that reads under 2 Mbit/s gets it, where its
 * 1 MB less saves ~4 s (1.6 Mbps with 150 ms of latency reads ~1; 5 Mbps ~3, 20 Mbps ~15: bench (l)).
 */
export const SLOW_LINK_BYTES_PER_SECOND = 250_000;

/** Which zip to ask for on a link that read `link`, for a reader who asked to save data or not. */
export function stdlibFor(link: LinkReading, saveData: boolean): 'compiled' | 'compact' {
  if (saveData) return 'compact';
  return link?.from === 'network' && link.bytesPerSecond < SLOW_LINK_BYTES_PER_SECOND ? 'compact' : 'compiled';
}

/** localStorage: this prefix and an interpreter folder's URL → the zip the last start from it installed. */
export const REMEMBERED_STDLIB = 'py-elements:stdlib:';

/**
 * The zip the last start from `indexURL` installed in this browser, most likely in its HTTP cache.
 * On a revisit the wasm comes from the cache and the link reads fast, whatever it is: without this, a
 * reader whom a slow first visit gave the compact zip would then download the compiled one. (The
 * HTTP cache cannot be asked: WebKit answers an `only-if-cached` fetch from the network.) Nothing
 * where there is no localStorage (a worker, storage blocked).
 */
export function rememberedStdlib(indexURL: string): 'compiled' | 'compact' | undefined {
  try {
    const kind = globalThis.localStorage?.getItem(`${REMEMBERED_STDLIB}${indexURL}`);
    return kind === 'compiled' || kind === 'compact' ? kind : undefined;
  } catch {
    return undefined;
  }
}

export function rememberStdlib(indexURL: string, kind: StdlibKind): void {
  try {
    if (kind !== 'source') globalThis.localStorage?.setItem(`${REMEMBERED_STDLIB}${indexURL}`, kind);
  } catch {
    // storage blocked or full: the next start reads the link again
  }
}

/** The compact zip's bytes unpacked; a host that decoded it already (Content-Encoding) sent the zip itself. */
export async function gunzipped(response: Response): Promise<Response> {
  const bytes = new Uint8Array(await response.arrayBuffer());
  if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) return new Response(bytes);
  return new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip')));
}
