import { PAGE_BYTES, isZero } from './zero-pages.js';

/**
 * Restoring a memory snapshot without making its zero pages resident. Pyodide copies the whole
 * snapshot into the new wasm memory, zeros included, and every page it writes is then the renderer's
 * to keep: ~18 of the 30 MB are zero pages, which a fresh memory already reads as zero without holding
 * them (measured: the memory's mapping had 30 MB resident after a restore, 14.5 MB after an ordinary
 * start). Here only the pages that differ from what the memory holds are written.
 */

/**
 * Makes `target` equal to `source` (over `source`'s length) writing only the pages that differ
 * from zero in either: a page that is zero in both is not written. Returns the bytes it wrote.
 */
export function copyPagesThatMatter(source: Uint8Array, target: Uint8Array): number {
  if (target.length < source.length) throw new RangeError('the snapshot does not fit the memory');
  const aligned = source.byteOffset % 4 === 0 && target.byteOffset % 4 === 0;
  if (!aligned) {
    target.set(source);
    return source.length;
  }
  const words = source.length >> 2;
  const from = new Int32Array(source.buffer, source.byteOffset, words);
  const into = new Int32Array(target.buffer, target.byteOffset, words);
  const pageWords = PAGE_BYTES >> 2;
  let written = 0;
  for (let start = 0; start < words; start += pageWords) {
    const end = Math.min(start + pageWords, words);
    if (!isZero(from, start, end)) into.set(from.subarray(start, end), start);
    else if (!isZero(into, start, end)) into.fill(0, start, end);
    else continue;
    written += (end - start) << 2;
  }
  // The tail shorter than a word, if any.
  for (let at = words << 2; at < source.length; at++, written++) target[at] = source[at];
  return written;
}

/** What this needs of the module `createPyodideModule` resolves with. */
interface RestorableModule {
  HEAP8?: Int8Array;
  API?: { restoreSnapshot?: (snapshot: Uint8Array) => unknown };
}

/**
 * Wraps the module's `API.restoreSnapshot` so that the memory part of the snapshot is copied here
 * (page by page, above) and Pyodide gets the snapshot without it: its header, whose second word is
 * where the memory part starts (Pyodide's snapshot layout, the version pinned by py-elements). Pyodide
 * still checks and reads the header itself. Anything unexpected leaves Pyodide's own copy.
 *
 * `arriving`: the snapshot's bytes, when Pyodide was handed a stand-in of their length (zeros) so that
 * it could size the memory and instantiate the module while they were read. They are awaited here,
 * once the module is ready, and restored in the stand-in's place.
 */
export async function restoreSparsely<M>(module: M, arriving?: PromiseLike<Uint8Array>): Promise<M> {
  const api = (module as RestorableModule).API;
  const restore = api?.restoreSnapshot;
  if (!api || typeof restore !== 'function') {
    if (arriving) throw new Error('this Pyodide has no snapshot restore to hand the snapshot to');
    return module;
  }
  let held = arriving && (await arriving);
  api.restoreSnapshot = (given: Uint8Array) => {
    const snapshot = held ?? given;
    const readMeanwhile = held !== undefined;
    held = undefined; // the interpreter keeps this function: not the 31 MB
    if (snapshot.length !== given.length) throw new Error('the snapshot is not the size its cache entry said');
    const heap = (module as RestorableModule).HEAP8;
    const memoryAt = snapshot.byteOffset % 4 === 0 ? new Uint32Array(snapshot.buffer, snapshot.byteOffset, 2)[1] : 0;
    if (!heap || !memoryAt || memoryAt >= snapshot.length || snapshot.length - memoryAt > heap.length) {
      return restore.call(api, snapshot);
    }
    const memory = snapshot.subarray(memoryAt);
    const written = copyPagesThatMatter(memory, new Uint8Array(heap.buffer, heap.byteOffset, heap.length));
    // For DevTools' performance panel, and the tests.
    performance.mark('py-elements: snapshot restored', { detail: { bytes: memory.length, written, readMeanwhile } });
    return restore.call(api, snapshot.subarray(0, memoryAt));
  };
  return module;
}
