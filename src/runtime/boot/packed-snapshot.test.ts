import { expect } from '../../../test/browser/helpers.js';
import { packAgainst } from '../../../wasm/pack-against.mjs';
import { pack, packedPreamble, readPacked, unpack } from './packed-snapshot.js';

const PAGE = 4096;

describe('a snapshot packed as its non-zero pages', () => {
  // Pages: 0 data, 1-2 zero, 3 one byte, 4 zero, then 123 bytes with one non-zero at the very end.
  const snapshot = new Uint8Array(5 * PAGE + 123);
  snapshot.fill(7, 0, PAGE);
  snapshot[3 * PAGE + 17] = 1;
  snapshot[5 * PAGE + 122] = 9;
  const again = (packed: Uint8Array) => unpack(readPacked(packed)!);

  it('keeps only the pages that are not all zero, and unpacks to the same bytes', () => {
    const packed = pack(snapshot);
    expect(packed.length).to.equal(12 + 1 + 2 * PAGE + 123);
    expect(readPacked(packed)!.pages.map(([page]) => page)).to.deep.equal([0, 3, 5]);
    expect(again(packed)).to.deep.equal(snapshot);
  });

  it('keeps a head as it is and counts the pages from its end', () => {
    // A 48-byte head, then the pages of the rest: 0 data, 1-2 zero, 3 one byte, 4 zero, a short tail.
    const withHead = new Uint8Array(48 + snapshot.length);
    withHead.fill(1, 0, 48);
    withHead.set(snapshot, 48);
    const packed = pack(withHead, 48);
    const read = readPacked(packed)!;
    expect(read.pagedFrom).to.equal(48);
    expect(read.head).to.deep.equal(withHead.subarray(0, 48));
    expect(read.pages.map(([page, bytes]) => [page, bytes.length])).to.deep.equal([
      [0, PAGE],
      [3, PAGE],
      [5, 123],
    ]);
    expect(packed.length).to.equal(12 + 48 + 1 + 2 * PAGE + 123);
    expect(again(packed)).to.deep.equal(withHead);
    // A head that does not fit is no head.
    expect(readPacked(pack(snapshot, snapshot.length + 1))!.pagedFrom).to.equal(0);
  });

  it('packs a view into a bigger buffer, at an odd offset', () => {
    const bigger = new Uint8Array(snapshot.length + 3);
    bigger.set(snapshot, 3);
    const view = bigger.subarray(3);
    expect(pack(view)).to.deep.equal(pack(snapshot));
    expect(again(pack(view))).to.deep.equal(snapshot);
  });

  it('packs a snapshot of zeros to its header, and an empty one', () => {
    expect(again(pack(new Uint8Array(3 * PAGE)))).to.deep.equal(new Uint8Array(3 * PAGE));
    expect(pack(new Uint8Array(3 * PAGE)).length).to.equal(12 + 1);
    expect(again(pack(new Uint8Array(0)))).to.deep.equal(new Uint8Array(0));
  });

  it('reads nothing from bytes that are not packed (a snapshot as Pyodide makes it)', () => {
    expect(readPacked(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]))).to.equal(undefined);
    expect(readPacked(new Uint8Array(3))).to.equal(undefined);
  });

  it('refuses a packed snapshot cut short or with bytes to spare', () => {
    const packed = pack(snapshot);
    expect(() => readPacked(packed.subarray(0, packed.length - 1))).to.throw(/cut short/);
    expect(() => readPacked(packed.subarray(0, 14))).to.throw(/cut short/);
    const longer = new Uint8Array(packed.length + 1);
    longer.set(packed);
    expect(() => readPacked(longer)).to.throw(/longer than its pages/);
  });
});

describe('the prebuilt snapshot, packed against the memory a restore begins with', () => {
  // A 128-byte head whose second word says where the memory part starts, then 6 pages: 0 as the
  // memory holds it (data), 1 changed, 2 zero in both, 3 as the memory holds it, 4 zero where the
  // memory holds data, 5 zero in both.
  const head = 128;
  const snapshot = new Uint8Array(head + 6 * PAGE);
  new DataView(snapshot.buffer).setUint32(4, head, true);
  const memory = new Uint8Array(8 * PAGE);
  memory.fill(1, 0, PAGE);
  memory.fill(3, 3 * PAGE, 4 * PAGE);
  memory.fill(4, 4 * PAGE, 5 * PAGE);
  snapshot.set(memory.subarray(0, 6 * PAGE), head);
  snapshot.fill(2, head + PAGE, head + 2 * PAGE);
  snapshot.fill(0, head + 4 * PAGE, head + 5 * PAGE);
  const zipTail = new Uint8Array([5, 6, 7, 8, 9]);

  it('stores only the pages that differ from the memory, and says which it keeps up to where', () => {
    const packed = packAgainst(snapshot, memory, zipTail);
    const read = readPacked(packed)!;
    expect(read.length).to.equal(snapshot.length);
    expect(read.pagedFrom).to.equal(head);
    expect(read.head).to.deep.equal(snapshot.subarray(0, head));
    expect(read.zipTail).to.deep.equal(zipTail);
    expect(read.pages.map(([page]) => page)).to.deep.equal([1, 4]);
    expect(read.kept?.upTo, 'the last kept page that is not zero is page 3').to.equal(4);
    expect(packed.length).to.equal(24 + zipTail.length + head + 1 + 2 * PAGE);
    expect(() => unpack(read), 'its kept pages are only in the memory').to.throw(/only into the memory/);
  });

  it('tells its length and zip tail from its first bytes, once they are in', () => {
    const packed = packAgainst(snapshot, memory, zipTail);
    expect(packedPreamble(packed.subarray(0, 23))).to.equal('more');
    expect(packedPreamble(packed.subarray(0, 28))).to.equal('more');
    expect(packedPreamble(packed.subarray(0, 29))).to.deep.equal({ length: snapshot.length, zipTail });
    expect(packedPreamble(pack(snapshot).subarray(0, 12)), "this browser's own: its length").to.deep.equal({
      length: snapshot.length,
    });
    expect(packedPreamble(snapshot.subarray(0, 30)), 'as Pyodide makes it').to.equal(undefined);
  });

  it('refuses one cut short', () => {
    const packed = packAgainst(snapshot, memory, zipTail);
    expect(() => readPacked(packed.subarray(0, 16))).to.throw(/cut short/);
    expect(() => readPacked(packed.subarray(0, 26))).to.throw(/cut short/);
    expect(() => readPacked(packed.subarray(0, packed.length - 1))).to.throw(/cut short/);
  });
});
