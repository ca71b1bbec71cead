import { PAGE_BYTES, isZero } from './zero-pages.js';

/**
 * A snapshot as this browser keeps it in Cache Storage: its head as it is, then the 4 KB pages of
 * the rest that are not all zero, and a map of which they are. ~60% of an interpreter snapshot is
 * zero pages, so the entry is ~12 MB, not 31: a revisit reads, and checks the hash of, that much less
 * before Python can start.
 *
 * The pages are counted from where the snapshot's copy of the wasm memory starts (`pagedFrom`), so a
 * page of the entry is a page of the memory: a revisit copies each stored page into the memory as it
 * is (sparse-restore.ts), without first unpacking 31 MB.
 *
 * Layout (little-endian): "PES2", the snapshot's length, `pagedFrom`, the head (the bytes before
 * `pagedFrom`), then one bit per page (set: stored), then the stored pages in order, the last one
 * possibly short.
 *
 * The prebuilt snapshot (wasm/pack-against.mjs) is "PEB1": after `pagedFrom` two words (`kept`
 * below) and the length of the standard library zip's tail, then that tail (`zipTail`), then the
 * head. A page it does not store is not zero but what the memory holds when a restore begins: the
 * module's data, which the wasm carries already (3.4 MB gzip, not 4.8).
 */

const MAGIC = 0x32534550; // "PES2"
const PREBUILT_MAGIC = 0x31424550; // "PEB1"
const HEADER_BYTES = 12;
const PREBUILT_HEADER_BYTES = 24;

const pagesOf = (length: number) => Math.ceil(length / PAGE_BYTES);
const mapBytes = (pages: number) => Math.ceil(pages / 8);

/** A packed snapshot read: views into the entry's bytes, nothing copied. */
export interface PackedSnapshot {
  /** The snapshot's length, unpacked. */
  length: number;
  /** Where its pages start: the head before it is kept as it is. */
  pagedFrom: number;
  head: Uint8Array;
  /** The stored pages, by their index counted from `pagedFrom`, in order. */
  pages: Array<[index: number, bytes: Uint8Array]>;
  /**
   * Prebuilt ("PEB1"): a page not stored is left as the memory holds it. Below page `upTo` those
   * pages must hash (wordHash) to `hash`, as they did when the snapshot was made; from it on they are
   * zero. Absent: a page not stored is zero.
   */
  kept?: { upTo: number; hash: number };
  /** Prebuilt: the directory and end record of the standard library zip it was made with. */
  zipTail?: Uint8Array;
}

/** FNV-1a over 32-bit words, continued from `hash`: the prebuilt snapshot's check of the pages it keeps. */
export function wordHash(words: Int32Array, start: number, end: number, hash = 0x811c9dc5): number {
  for (let at = start; at < end; at++) hash = Math.imul(hash ^ words[at]!, 0x01000193);
  return hash;
}

/** What a packed snapshot's first bytes say: its length, and a prebuilt one's zip tail. */
export interface Preamble {
  length: number;
  zipTail?: Uint8Array;
}

/**
 * The preamble of a packed snapshot (either layout) from its first bytes: 'more' where it takes more
 * of them, undefined where they are not a packed snapshot's.
 */
export function packedPreamble(start: Uint8Array): Preamble | 'more' | undefined {
  if (start.length < HEADER_BYTES) return 'more';
  const header = new DataView(start.buffer, start.byteOffset, start.length);
  const magic = header.getUint32(0, true);
  const length = header.getUint32(4, true);
  if (magic === MAGIC) return { length };
  if (magic !== PREBUILT_MAGIC) return undefined;
  if (start.length < PREBUILT_HEADER_BYTES) return 'more';
  const tailEnd = PREBUILT_HEADER_BYTES + header.getUint32(20, true);
  return start.length < tailEnd ? 'more' : { length, zipTail: start.subarray(PREBUILT_HEADER_BYTES, tailEnd) };
}

export function pack(snapshot: Uint8Array, pagedFrom = 0): Uint8Array {
  if (!Number.isSafeInteger(pagedFrom) || pagedFrom < 0 || pagedFrom > snapshot.length) pagedFrom = 0;
  const paged = snapshot.subarray(pagedFrom);
  const pages = pagesOf(paged.length);
  const stored: number[] = [];
  // Whole words where the bytes allow, the odd bytes one by one.
  const words = paged.byteOffset % 4 ? new Int32Array(0) : new Int32Array(paged.buffer, paged.byteOffset, paged.length >> 2);
  for (let page = 0; page < pages; page++) {
    const start = page * PAGE_BYTES;
    const end = Math.min(start + PAGE_BYTES, paged.length);
    const wordsEnd = Math.min(end >> 2, words.length);
    const wordsStart = Math.min(start >> 2, wordsEnd);
    if (!isZero(words, wordsStart, wordsEnd) || paged.subarray(Math.max(start, wordsEnd << 2), end).some((byte) => byte !== 0)) {
      stored.push(page);
    }
  }
  const bodyBytes = stored.reduce((sum, page) => sum + Math.min(PAGE_BYTES, paged.length - page * PAGE_BYTES), 0);
  const mapAt = HEADER_BYTES + pagedFrom;
  const packed = new Uint8Array(mapAt + mapBytes(pages) + bodyBytes);
  const header = new DataView(packed.buffer);
  header.setUint32(0, MAGIC, true);
  header.setUint32(4, snapshot.length, true);
  header.setUint32(8, pagedFrom, true);
  packed.set(snapshot.subarray(0, pagedFrom), HEADER_BYTES);
  let at = mapAt + mapBytes(pages);
  for (const page of stored) {
    packed[mapAt + (page >> 3)] |= 1 << (page & 7);
    const piece = paged.subarray(page * PAGE_BYTES, (page + 1) * PAGE_BYTES);
    packed.set(piece, at);
    at += piece.length;
  }
  return packed;
}

/**
 * The packed snapshot in `bytes`, read; undefined for bytes that are not one (a snapshot as Pyodide
 * makes it). One that does not add up throws.
 */
export function readPacked(bytes: Uint8Array): PackedSnapshot | undefined {
  if (bytes.length < HEADER_BYTES) return undefined;
  const header = new DataView(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, PREBUILT_HEADER_BYTES));
  const magic = header.getUint32(0, true);
  if (magic !== MAGIC && magic !== PREBUILT_MAGIC) return undefined;
  const prebuilt = magic === PREBUILT_MAGIC;
  if (prebuilt && bytes.length < PREBUILT_HEADER_BYTES) throw new Error('the packed snapshot is cut short');
  const headerBytes = prebuilt ? PREBUILT_HEADER_BYTES + header.getUint32(20, true) : HEADER_BYTES;
  const length = header.getUint32(4, true);
  const pagedFrom = header.getUint32(8, true);
  if (pagedFrom > length) throw new Error('the packed snapshot has a head longer than itself');
  const pageCount = pagesOf(length - pagedFrom);
  const kept = prebuilt ? { upTo: header.getUint32(12, true), hash: header.getUint32(16, true) | 0 } : undefined;
  if (kept && kept.upTo > pageCount) throw new Error('the packed snapshot keeps pages it does not have');
  const mapAt = headerBytes + pagedFrom;
  if (mapAt > bytes.length) throw new Error('the packed snapshot is cut short');
  let at = mapAt + mapBytes(pageCount);
  if (at > bytes.length) throw new Error('the packed snapshot is cut short');
  const pages: PackedSnapshot['pages'] = [];
  for (let page = 0; page < pageCount; page++) {
    if (!(bytes[mapAt + (page >> 3)] & (1 << (page & 7)))) continue;
    const size = Math.min(PAGE_BYTES, length - pagedFrom - page * PAGE_BYTES);
    if (at + size > bytes.length) throw new Error('the packed snapshot is cut short');
    pages.push([page, bytes.subarray(at, at + size)]);
    at += size;
  }
  if (at !== bytes.length) throw new Error('the packed snapshot is longer than its pages');
  const zipTail = prebuilt ? { zipTail: bytes.subarray(PREBUILT_HEADER_BYTES, headerBytes) } : {};
  return { length, pagedFrom, head: bytes.subarray(headerBytes, mapAt), pages, ...(kept ? { kept } : {}), ...zipTail };
}

/**
 * The snapshot again, whole, in a new zeroed buffer whose zero pages are never written. Not for a
 * prebuilt one: the pages it keeps are only in a memory it is restored into.
 */
export function unpack(packed: PackedSnapshot): Uint8Array {
  if (packed.kept) throw new Error('a prebuilt snapshot unpacks only into the memory it is restored into');
  const snapshot = new Uint8Array(packed.length);
  snapshot.set(packed.head);
  for (const [page, bytes] of packed.pages) snapshot.set(bytes, packed.pagedFrom + page * PAGE_BYTES);
  return snapshot;
}
