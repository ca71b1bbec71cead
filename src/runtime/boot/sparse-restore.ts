import { readPacked, unpack, wordHash, type PackedSnapshot } from './packed-snapshot.js';
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

/**
 * Makes `target` equal to the memory part of the packed snapshot: its stored pages are copied as
 * they are, and a page it does not store (zeros) is written only where the memory holds something
 * there. A prebuilt one's pages kept as the memory holds them (`kept`) are checked, not written:
 * where they are not what they were when it was made, it throws before writing anything. Returns
 * the bytes it wrote.
 */
export function copyPackedPages(packed: PackedSnapshot, target: Uint8Array): number {
  const length = packed.length - packed.pagedFrom;
  if (target.length < length) throw new RangeError('the snapshot does not fit the memory');
  const words = target.byteOffset % 4 ? undefined : new Int32Array(target.buffer, target.byteOffset, target.length >> 2);
  const keptUpTo = packed.kept?.upTo ?? 0;
  if (packed.kept) checkKept(packed.pages, packed.kept, words);
  let written = 0;
  let next = keptUpTo; // the first page not yet made equal
  const zeroUpTo = (end: number) => {
    for (; next < end; next++) {
      const start = next * PAGE_BYTES;
      const stop = Math.min(start + PAGE_BYTES, length);
      const whole = stop & ~3; // the words, then the odd bytes one by one
      const zero = !!words && isZero(words, start >> 2, whole >> 2) && target.subarray(whole, stop).every((byte) => byte === 0);
      if (zero) continue;
      target.fill(0, start, stop);
      written += stop - start;
    }
  };
  for (const [page, bytes] of packed.pages) {
    zeroUpTo(page);
    target.set(bytes, page * PAGE_BYTES);
    written += bytes.length;
    next = Math.max(next, page + 1);
  }
  zeroUpTo(Math.ceil(length / PAGE_BYTES));
  return written;
}

/** Throws unless the pages below `kept.upTo` that `pages` does not store hash to `kept.hash`. */
function checkKept(pages: PackedSnapshot['pages'], kept: NonNullable<PackedSnapshot['kept']>, words?: Int32Array): void {
  const pageWords = PAGE_BYTES >> 2;
  if (!words || words.length < kept.upTo * pageWords) throw new RangeError('the snapshot does not fit the memory');
  let hash: number | undefined;
  let stored = 0; // index into `pages`, which are in order
  for (let page = 0; page < kept.upTo; page++) {
    while (stored < pages.length && pages[stored]![0] < page) stored++;
    if (pages[stored]?.[0] === page) continue;
    hash = wordHash(words, page * pageWords, (page + 1) * pageWords, hash);
  }
  if (((hash ?? 0x811c9dc5) | 0) !== kept.hash) {
    throw new Error('the prebuilt snapshot was made for another build of the interpreter: the memory is not what it expects');
  }
}

/** Where the memory part of a snapshot as Pyodide makes it starts (the second word of its header). */
export function memoryPartAt(snapshot: Uint8Array): number {
  return snapshot.length >= 8 ? new DataView(snapshot.buffer, snapshot.byteOffset, 8).getUint32(4, true) : 0;
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
 * once the module is ready, and restored in the stand-in's place. Packed (this browser's own, from
 * Cache Storage), their stored pages are copied into the memory as they are: unpacking them first
 * took ~15 ms on a revisit, after the module was ready.
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
    const bytes = held ?? given;
    const readMeanwhile = held !== undefined;
    held = undefined; // the interpreter keeps this function: not the 12 or 31 MB
    // This browser's own snapshot comes packed (packed-snapshot.ts); one as Pyodide makes it does not.
    const packed = readPacked(bytes);
    const length = packed?.length ?? bytes.length;
    if (length !== given.length) throw new Error('the snapshot is not the size its cache entry said');
    const head = packed?.head ?? bytes;
    const heap = (module as RestorableModule).HEAP8;
    const memoryAt = memoryPartAt(head);
    const understood = heap && memoryAt && memoryAt < length && length - memoryAt <= heap.length;
    if (!understood || (packed && packed.pagedFrom !== memoryAt)) return restore.call(api, packed ? unpack(packed) : bytes);
    const memory = new Uint8Array(heap.buffer, heap.byteOffset, heap.length);
    const written = packed ? copyPackedPages(packed, memory) : copyPagesThatMatter(bytes.subarray(memoryAt), memory);
    // For DevTools' performance panel, and the tests.
    performance.mark('py-elements: snapshot restored', {
      detail: { bytes: length - memoryAt, written, readMeanwhile, packed: !!packed, kept: !!packed?.kept },
    });
    // Pyodide reads the header as 32-bit words: a copy where it is not at a multiple of 4 (a prebuilt
    // snapshot's head comes after the zip's tail).
    const header = head.subarray(0, memoryAt);
    return restore.call(api, header.byteOffset % 4 ? header.slice() : header);
  };
  return module;
}
