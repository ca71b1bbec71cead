import { expect } from '../../../test/browser/helpers.js';
import { pack, unpack } from './packed-snapshot.js';

const PAGE = 4096;

describe('a snapshot packed as its non-zero pages', () => {
  // Pages: 0 data, 1-2 zero, 3 one byte, 4 zero, then 123 bytes with one non-zero at the very end.
  const snapshot = new Uint8Array(5 * PAGE + 123);
  snapshot.fill(7, 0, PAGE);
  snapshot[3 * PAGE + 17] = 1;
  snapshot[5 * PAGE + 122] = 9;

  it('keeps only the pages that are not all zero, and unpacks to the same bytes', () => {
    const packed = pack(snapshot);
    expect(packed.length).to.equal(8 + 1 + 2 * PAGE + 123);
    expect(unpack(packed)).to.deep.equal(snapshot);
  });

  it('packs a view into a bigger buffer, at an odd offset', () => {
    const bigger = new Uint8Array(snapshot.length + 3);
    bigger.set(snapshot, 3);
    const view = bigger.subarray(3);
    expect(pack(view)).to.deep.equal(pack(snapshot));
    expect(unpack(pack(view))).to.deep.equal(snapshot);
  });

  it('packs a snapshot of zeros to its header, and an empty one', () => {
    expect(unpack(pack(new Uint8Array(3 * PAGE)))).to.deep.equal(new Uint8Array(3 * PAGE));
    expect(pack(new Uint8Array(3 * PAGE)).length).to.equal(8 + 1);
    expect(unpack(pack(new Uint8Array(0)))).to.deep.equal(new Uint8Array(0));
  });

  it('hands back as they are bytes that are not packed (an entry of an earlier build)', () => {
    const raw = new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(unpack(raw)).to.equal(raw);
  });

  it('refuses a packed snapshot cut short or with bytes to spare', () => {
    const packed = pack(snapshot);
    expect(() => unpack(packed.subarray(0, packed.length - 1))).to.throw(/cut short/);
    const longer = new Uint8Array(packed.length + 1);
    longer.set(packed);
    expect(() => unpack(longer)).to.throw(/longer than its pages/);
  });
});
