import { PAGE_BYTES, isZero } from './zero-pages.js';

/**
 * A snapshot as this browser keeps it in Cache Storage: its 4 KB pages that are not all zero, and a
 * map of which they are. ~60% of an interpreter snapshot is zero pages, so the entry is ~12 MB, not
 * 31: a revisit reads, and checks the hash of, that much less before Python can start.
 *
 * Layout (little-endian): "PES1", the snapshot's length, then one bit per page (set: stored), then
 * the stored pages in order, the last one possibly short.
 */

const MAGIC = 0x31534550; // "PES1"
const HEADER_BYTES = 8;

const pagesOf = (length: number) => Math.ceil(length / PAGE_BYTES);
const mapBytes = (pages: number) => Math.ceil(pages / 8);

export function pack(snapshot: Uint8Array): Uint8Array {
  const pages = pagesOf(snapshot.length);
  const stored: number[] = [];
  // Whole words where the bytes allow (a snapshot has its own buffer), the odd bytes one by one.
  const words =
    snapshot.byteOffset % 4 ? new Int32Array(0) : new Int32Array(snapshot.buffer, snapshot.byteOffset, snapshot.length >> 2);
  for (let page = 0; page < pages; page++) {
    const start = page * PAGE_BYTES;
    const end = Math.min(start + PAGE_BYTES, snapshot.length);
    const wordsEnd = Math.min(end >> 2, words.length);
    const wordsStart = Math.min(start >> 2, wordsEnd);
    if (
      !isZero(words, wordsStart, wordsEnd) ||
      snapshot.subarray(Math.max(start, wordsEnd << 2), end).some((byte) => byte !== 0)
    ) {
      stored.push(page);
    }
  }
  const bodyBytes = stored.reduce((sum, page) => sum + Math.min(PAGE_BYTES, snapshot.length - page * PAGE_BYTES), 0);
  const packed = new Uint8Array(HEADER_BYTES + mapBytes(pages) + bodyBytes);
  const header = new DataView(packed.buffer);
  header.setUint32(0, MAGIC, true);
  header.setUint32(4, snapshot.length, true);
  let at = HEADER_BYTES + mapBytes(pages);
  for (const page of stored) {
    packed[HEADER_BYTES + (page >> 3)] |= 1 << (page & 7);
    const piece = snapshot.subarray(page * PAGE_BYTES, (page + 1) * PAGE_BYTES);
    packed.set(piece, at);
    at += piece.length;
  }
  return packed;
}

/**
 * The snapshot again, in a new zeroed buffer whose zero pages are never written (so never made
 * resident). Bytes that are not a packed snapshot (an entry of an earlier build) are returned as
 * they are; a packed one that does not add up throws.
 */
export function unpack(packed: Uint8Array): Uint8Array {
  if (packed.length < HEADER_BYTES) return packed;
  const header = new DataView(packed.buffer, packed.byteOffset, HEADER_BYTES);
  if (header.getUint32(0, true) !== MAGIC) return packed;
  const length = header.getUint32(4, true);
  const pages = pagesOf(length);
  const snapshot = new Uint8Array(length);
  let at = HEADER_BYTES + mapBytes(pages);
  for (let page = 0; page < pages; page++) {
    if (!(packed[HEADER_BYTES + (page >> 3)] & (1 << (page & 7)))) continue;
    const size = Math.min(PAGE_BYTES, length - page * PAGE_BYTES);
    if (at + size > packed.length) throw new Error('the packed snapshot is cut short');
    snapshot.set(packed.subarray(at, at + size), page * PAGE_BYTES);
    at += size;
  }
  if (at !== packed.length) throw new Error('the packed snapshot is longer than its pages');
  return snapshot;
}
