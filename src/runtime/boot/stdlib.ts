import type { Unpack } from './fetch-watch.js';
import type { LinkReading } from './snapshot-policy.js';
import { spreadStartupResponse } from './stdlib-parts.js';
import { unxz } from './xz.js';

/**
 * The standard library zips a start can install (wasm/stdlib.mjs makes the first two from Pyodide's):
 * - `compiled`: the modules Python imports at start-up as bytecode, so the start compiles no
 *   source (~0.7 s less here); 3.27 MB, ~0.7 MB more than Pyodide's;
 * - `compiled-xz`: the same files, stored and xz-compressed: 2.13 MB, ~0.4 MB less than Pyodide's
 *   and ~1.1 MB less than `compiled` (one stream finds what files share), unpacked in the page as it
 *   arrives (xz.ts), for slow links;
 * - `source`: Pyodide's own, where a folder has neither (a bare copy of Pyodide's files).
 * Ours come in two parts, of which Python's start needs only the first (stdlib-parts.ts).
 * Python keeps the zip's directory in memory, so a snapshot is restored only with the zip it was made
 * with: the kind is part of its identity.
 */
export type StdlibKind = 'compiled' | 'compiled-xz' | 'source';
/** The kinds a start may choose (Pyodide's own is only what a folder without ours answers). */
export type OwnStdlib = Exclude<StdlibKind, 'source'>;

/** The file each kind is asked for as: our zips' start-up part (their rest: STDLIB_REST). */
export const STDLIB_FILES: Record<StdlibKind, string> = {
  compiled: 'python_stdlib.compiled.zip.startup',
  'compiled-xz': 'python_stdlib.compiled.zip.startup.xz',
  source: 'python_stdlib.zip',
};

/** Our zips' second parts, written into them after Python's start (stdlib-parts.ts), and how. */
export const STDLIB_REST: Record<OwnStdlib, { file: string; unpack?: Unpack }> = {
  compiled: { file: 'python_stdlib.compiled.zip.rest' },
  'compiled-xz': { file: 'python_stdlib.compiled.zip.rest.xz', unpack: unxz },
};

/** How a start gets each of our zips whole from its start-up part (fetch-watch.ts's prefetch). */
export const STDLIB_UNPACK: Partial<Record<StdlibKind, Unpack>> = {
  compiled: spreadStartupResponse,
  'compiled-xz': async (response, url, failed) => spreadStartupResponse(await unxz(response, url, failed), url, failed),
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
 * Below this reading the xz zip. It is ~1.1 MB smaller than `compiled`, with the same bytecode, but
 * unpacking it costs the main thread ~0.1-0.25 s, which on a slow link happens while the rest
 * still arrives, and on a fast one would come on top. The meter reads a link low (a short sample on
 * a busy page): 1.6 Mbps with 150 ms of latency reads ~1 Mbit/s, 5 Mbps ~3, 20 Mbps 8-16, 100 Mbps
 * 16-44 (bench (l)); so under 6 are the links where 1.1 MB takes ≥ 1.5 s.
 */
export const SLOW_LINK_BYTES_PER_SECOND = 750_000;

/** Which zip to ask for on a link that read `link`, for a reader who asked to save data or not. */
export function stdlibFor(link: LinkReading, saveData: boolean): OwnStdlib {
  if (saveData) return 'compiled-xz';
  return link?.from === 'network' && link.bytesPerSecond < SLOW_LINK_BYTES_PER_SECOND ? 'compiled-xz' : 'compiled';
}

/** localStorage: this prefix and an interpreter folder's URL → the zip the last start from it installed. */
export const REMEMBERED_STDLIB = 'py-elements:stdlib:';

/**
 * The zip the last start from `indexURL` installed in this browser, most likely in its HTTP cache.
 * On a revisit the wasm comes from the cache and the link reads fast, whatever it is: without this, a
 * reader whom a slow first visit gave the xz zip would then download the compiled one. (The
 * HTTP cache cannot be asked: WebKit answers an `only-if-cached` fetch from the network.) Nothing
 * where there is no localStorage (a worker, storage blocked).
 */
export function rememberedStdlib(indexURL: string): OwnStdlib | undefined {
  try {
    const kind = globalThis.localStorage?.getItem(`${REMEMBERED_STDLIB}${indexURL}`);
    return kind === 'compiled' || kind === 'compiled-xz' ? kind : undefined;
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
