import { expect } from '../../../test/browser/helpers.js';
import { pack, readPacked, unpack } from './packed-snapshot.js';

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
