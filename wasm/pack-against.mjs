// The prebuilt snapshot's layout, written at build time (wasm/snapshot.mjs) and read by the page
// (src/runtime/boot/packed-snapshot.ts, "PEB1"). No Node imports: the browser tests write with it too.

const PAGE_BYTES = 4096;

/**
 * The snapshot as the page restores it: its head as it is, then only the 4 KB pages of its memory
 * part that differ from `memory`, what the wasm memory holds when a restore begins (the module's
 * data, written at instantiation: ~830 pages, 1.4 MB of the gzip'd file). A page left out is left as
 * the memory holds it. Up to `keptUpTo` (the last page left out that is not zero) those pages must be
 * what they were here: their FNV-1a hash over 32-bit words is stored, and a restore that finds
 * another refuses the snapshot. Above it they are zero here, and a restore makes them zero.
 *
 * It carries the tail (directory and end record) of the standard library zip it was made with, first,
 * so that a start from it can install that zip before its start-up part has come (Python, restored,
 * reads none of it: the snapshot holds every module of that part; src/runtime/boot/stdlib-parts.ts).
 *
 * Layout (little-endian): "PEB1", the snapshot's length, where its memory part starts (`pagedFrom`,
 * the second word of Pyodide's header), `keptUpTo`, the hash, the zip tail's length, the zip tail,
 * the head, one bit per page (set: stored), the stored pages in order (the last one possibly short).
 * @param {Uint8Array} snapshot as Pyodide makes it
 * @param {Uint8Array} memory
 * @param {Uint8Array} zipTail
 * @returns {Uint8Array}
 */
export function packAgainst(snapshot, memory, zipTail = new Uint8Array(0)) {
  const pagedFrom = new DataView(snapshot.buffer, snapshot.byteOffset, 8).getUint32(4, true);
  const paged = snapshot.subarray(pagedFrom);
  const pages = Math.ceil(paged.length / PAGE_BYTES);
  const stored = [];
  let keptUpTo = 0;
  for (let page = 0; page < pages; page++) {
    const start = page * PAGE_BYTES;
    const piece = paged.subarray(start, start + PAGE_BYTES);
    const there = memory.subarray(start, start + piece.length);
    if (piece.some((byte, at) => byte !== there[at])) stored.push(page);
    else if (piece.some((byte) => byte !== 0)) keptUpTo = page + 1;
  }
  const storedSet = new Set(stored);
  let hash = 0x811c9dc5;
  const words = new DataView(memory.buffer, memory.byteOffset, memory.length);
  for (let page = 0; page < keptUpTo; page++) {
    if (storedSet.has(page)) continue;
    for (let at = page * PAGE_BYTES; at < (page + 1) * PAGE_BYTES; at += 4) {
      hash = Math.imul(hash ^ words.getInt32(at, true), 0x01000193);
    }
  }
  const headAt = 24 + zipTail.length;
  const mapAt = headAt + pagedFrom;
  const bodyAt = mapAt + Math.ceil(pages / 8);
  const bodyBytes = stored.reduce((sum, page) => sum + Math.min(PAGE_BYTES, paged.length - page * PAGE_BYTES), 0);
  const packed = new Uint8Array(bodyAt + bodyBytes);
  const header = new DataView(packed.buffer);
  header.setUint32(0, 0x31424550, true); // "PEB1"
  header.setUint32(4, snapshot.length, true);
  header.setUint32(8, pagedFrom, true);
  header.setUint32(12, keptUpTo, true);
  header.setUint32(16, hash >>> 0, true);
  header.setUint32(20, zipTail.length, true);
  packed.set(zipTail, 24);
  packed.set(snapshot.subarray(0, pagedFrom), headAt);
  let at = bodyAt;
  for (const page of stored) {
    packed[mapAt + (page >> 3)] |= 1 << (page & 7);
    const piece = paged.subarray(page * PAGE_BYTES, (page + 1) * PAGE_BYTES);
    packed.set(piece, at);
    at += piece.length;
  }
  return packed;
}
