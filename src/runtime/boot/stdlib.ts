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
 * Below this reading (LinkMeter's, of the wasm's first bytes) the compact zip: `compiled`'s extra
 * ~1 MB costs more than the ~1.7 s of compiling it saves under ~5 Mbit/s. The meter reads links low:
 * 5 Mbps read 3 Mbit/s, 1.6 Mbps read 1, 20 Mbps read 14-16 (bench (l)).
 */
export const SLOW_LINK_BYTES_PER_SECOND = 500_000;

/** Which zip to ask for on a link that read `link`, for a reader who asked to save data or not. */
export function stdlibFor(link: LinkReading, saveData: boolean): 'compiled' | 'compact' {
  if (saveData) return 'compact';
  return link?.from === 'network' && link.bytesPerSecond < SLOW_LINK_BYTES_PER_SECOND ? 'compact' : 'compiled';
}

/** The compact zip's bytes unpacked; a host that decoded it already (Content-Encoding) sent the zip itself. */
export async function gunzipped(response: Response): Promise<Response> {
  const bytes = new Uint8Array(await response.arrayBuffer());
  if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) return new Response(bytes);
  return new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip')));
}
