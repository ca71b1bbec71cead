import { expect } from '../../../test/browser/helpers.js';
import { packAgainst } from '../../../wasm/pack-against.mjs';
import { pack, readPacked } from './packed-snapshot.js';
import { copyPackedPages, copyPagesThatMatter, restoreSparsely } from './sparse-restore.js';

const PAGE = 4096;

/** Byte ranges written through the typed arrays' set() and fill() while `run` runs. */
function writesDuring(run: () => void): Array<[number, number]> {
  const writes: Array<[number, number]> = [];
  // Both live on %TypedArray%.prototype: own properties of Int32Array.prototype (and Uint8Array's)
  // shadow them, and deleting those restores them.
  const typedArray = Object.getPrototypeOf(Int32Array.prototype) as Int32Array;
  const prototypes = [Int32Array.prototype, Uint8Array.prototype];
  for (const prototype of prototypes) {
    Object.assign(prototype, {
      set(this: Int32Array, source: ArrayLike<number>, offset = 0) {
        const size = this.BYTES_PER_ELEMENT;
        writes.push([this.byteOffset + offset * size, this.byteOffset + (offset + source.length) * size]);
        typedArray.set.call(this, source, offset);
      },
      fill(this: Int32Array, value: number, start = 0, end = this.length) {
        const size = this.BYTES_PER_ELEMENT;
        writes.push([this.byteOffset + start * size, this.byteOffset + end * size]);
        return typedArray.fill.call(this, value, start, end);
      },
    });
  }
  try {
    run();
  } finally {
    for (const prototype of prototypes) {
      delete (prototype as Partial<Int32Array>).set;
      delete (prototype as Partial<Int32Array>).fill;
    }
  }
  return writes;
}

describe('restoring a snapshot page by page', () => {
  // Pages: 0 data, 1 zero, 2 zero (the memory holds something there), 3 zero, 4 one byte at its
  // end, then a tail of 7 bytes (not a whole word).
  const source = new Uint8Array(5 * PAGE + 7);
  source.fill(7, 0, PAGE);
  source[5 * PAGE - 1] = 9;
  source.set([1, 2, 3, 4, 5, 6, 7], 5 * PAGE);

  const packed = readPacked(pack(source))!; // packed here: pack() writes too
  const copies: Array<[string, (memory: Uint8Array) => number]> = [
    ['as Pyodide makes it', (memory) => copyPagesThatMatter(source, memory)],
    ['packed (this browser’s own), its stored pages copied as they are', (memory) => copyPackedPages(packed, memory)],
  ];
  for (const [form, copy] of copies) {
    describe(`from a snapshot ${form}`, () => {
      it('leaves the memory equal to the snapshot, and what lies beyond it untouched', () => {
        const memory = new Uint8Array(8 * PAGE);
        memory.fill(3, 2 * PAGE + 100, 2 * PAGE + 200);
        memory.fill(5, 6 * PAGE, 7 * PAGE);
        const written = copy(memory);
        expect(memory.subarray(0, source.length)).to.deep.equal(source);
        expect(memory.subarray(6 * PAGE, 7 * PAGE).every((byte) => byte === 5)).to.equal(true);
        expect(written).to.equal(3 * PAGE + 7);
      });

      it('writes no page that is zero in the snapshot and in the memory', () => {
        const memory = new Uint8Array(8 * PAGE);
        memory[2 * PAGE + 5] = 1;
        const writes = writesDuring(() => copy(memory));
        const touches = (page: number) => writes.some(([from, to]) => from < (page + 1) * PAGE && to > page * PAGE);
        expect([0, 1, 2, 3, 4, 5, 6].map(touches)).to.deep.equal([true, false, true, false, true, true, false]);
        expect(memory.subarray(0, source.length)).to.deep.equal(source);
      });
    });
  }

  it('copies all of a snapshot that is not word-aligned', () => {
    const unaligned = new Uint8Array(source.length + 1).subarray(1);
    unaligned.set(source);
    const memory = new Uint8Array(8 * PAGE);
    expect(copyPagesThatMatter(unaligned, memory)).to.equal(source.length);
    expect(memory.subarray(0, source.length)).to.deep.equal(source);
  });

  it('refuses a snapshot bigger than the memory', () => {
    expect(() => copyPagesThatMatter(source, new Uint8Array(PAGE))).to.throw(RangeError);
    expect(() => copyPackedPages(readPacked(pack(source))!, new Uint8Array(PAGE))).to.throw(RangeError);
  });

  describe('from a packed snapshot', () => {
    it('zeroes a short last page the snapshot does not store, where the memory holds something', () => {
      const zeroTail = new Uint8Array(2 * PAGE + 6);
      zeroTail.fill(4, 0, PAGE);
      const memory = new Uint8Array(4 * PAGE);
      memory[2 * PAGE + 5] = 8; // in the tail
      memory[2 * PAGE + 6] = 9; // past the snapshot: not its business
      expect(copyPackedPages(readPacked(pack(zeroTail))!, memory)).to.equal(PAGE + 6);
      expect(memory.subarray(0, zeroTail.length)).to.deep.equal(zeroTail);
      expect(memory[2 * PAGE + 6]).to.equal(9);
    });
  });

  /** A module as createPyodideModule resolves with: its memory, and Pyodide's restore (recorded). */
  const moduleWith = (memoryBytes: number) => {
    const received: Uint8Array[] = [];
    const module = {
      HEAP8: new Int8Array(memoryBytes),
      API: {
        restoreSnapshot(snapshot: Uint8Array) {
          received.push(snapshot);
          new Uint8Array(module.HEAP8.buffer).set(snapshot.subarray(new Uint32Array(snapshot.buffer, snapshot.byteOffset, 2)[1]));
          return 'config';
        },
      },
    };
    return { module, received };
  };
  /** A snapshot as Pyodide lays it out: a header whose second word is where the memory part starts. */
  const snapshotOf = (memoryAt: number) => {
    const snapshot = new Uint8Array(memoryAt + source.length);
    new Uint32Array(snapshot.buffer, 0, 2).set([0x12345678, memoryAt]);
    snapshot.set(source, memoryAt);
    return snapshot;
  };

  it("copies the memory part itself and hands Pyodide's restore the header only", async () => {
    const { module, received } = moduleWith(8 * PAGE);
    const snapshot = snapshotOf(128);
    expect((await restoreSparsely(module)).API.restoreSnapshot(snapshot)).to.equal('config');
    expect(received).to.have.length(1);
    expect(received[0]).to.deep.equal(snapshot.subarray(0, 128));
    expect(new Uint8Array(module.HEAP8.buffer, 0, source.length)).to.deep.equal(source);
    const mark = performance.getEntriesByName('py-elements: snapshot restored', 'mark').at(-1) as PerformanceMark;
    expect(mark.detail).to.deep.equal({
      bytes: source.length,
      written: 2 * PAGE + 7,
      readMeanwhile: false,
      packed: false,
      kept: false,
    });
  });

  it("leaves a snapshot it does not understand to Pyodide's own restore", async () => {
    const { module, received } = moduleWith(8 * PAGE);
    const snapshot = snapshotOf(128);
    new Uint32Array(snapshot.buffer, 0, 2)[1] = snapshot.length + 4; // the memory part starts past its end
    (await restoreSparsely(module)).API.restoreSnapshot(snapshot);
    expect(received).to.deep.equal([snapshot]);
  });

  describe('the prebuilt snapshot (pages kept as the memory holds them)', () => {
    // The memory a restore begins with: data in pages 0 and 2, the rest zero. The snapshot keeps
    // page 0, changes page 1, zeroes page 2, keeps page 3 (zero) and puts data in page 5.
    const begins = () => {
      const memory = new Uint8Array(8 * PAGE);
      memory.fill(1, 0, PAGE);
      memory.fill(2, 2 * PAGE, 3 * PAGE);
      return memory;
    };
    const snapshot = new Uint8Array(16 + 6 * PAGE);
    new DataView(snapshot.buffer).setUint32(4, 16, true);
    snapshot.set(begins().subarray(0, 6 * PAGE), 16);
    snapshot.fill(9, 16 + PAGE, 16 + 2 * PAGE);
    snapshot.fill(0, 16 + 2 * PAGE, 16 + 3 * PAGE);
    snapshot.fill(5, 16 + 5 * PAGE, 16 + 6 * PAGE);
    const packed = readPacked(packAgainst(snapshot, begins()))!;

    it('writes only the pages it stores, and leaves the kept ones as they are', () => {
      const memory = begins();
      memory.fill(6, 7 * PAGE, 8 * PAGE); // beyond the snapshot: untouched
      const writes = writesDuring(() => copyPackedPages(packed, memory));
      expect(memory.subarray(0, 6 * PAGE)).to.deep.equal(snapshot.subarray(16));
      expect(memory.subarray(7 * PAGE).every((byte) => byte === 6)).to.equal(true);
      expect(writes, 'pages 1, 2 and 5').to.deep.equal([
        [PAGE, 2 * PAGE],
        [2 * PAGE, 3 * PAGE],
        [5 * PAGE, 6 * PAGE],
      ]);
    });

    it('writes nothing where a kept page is not what it was when the snapshot was made', () => {
      const memory = begins();
      memory[100] = 42; // another build's data
      const before = memory.slice();
      expect(() => copyPackedPages(packed, memory)).to.throw(/another build of the interpreter/);
      expect(memory).to.deep.equal(before);
    });

    it('makes a page above the kept ones zero where the memory holds something there', () => {
      const memory = begins();
      memory.fill(3, 4 * PAGE, 4 * PAGE + 10);
      copyPackedPages(packed, memory);
      expect(memory.subarray(0, 6 * PAGE)).to.deep.equal(snapshot.subarray(16));
    });
  });

  it('leaves a module without a restore as it is', async () => {
    const module = { HEAP8: new Int8Array(PAGE) };
    expect(await restoreSparsely(module)).to.equal(module);
  });

  describe('bytes that arrive after Pyodide got zeros of their length', () => {
    it('restores the bytes, not the zeros, and only once', async () => {
      const { module, received } = moduleWith(8 * PAGE);
      const snapshot = snapshotOf(128);
      let arrive!: (bytes: Uint8Array) => void;
      const restoring = restoreSparsely(module, new Promise<Uint8Array>((resolve) => (arrive = resolve)));
      arrive(snapshot);
      const standIn = new Uint8Array(snapshot.length);
      (await restoring).API.restoreSnapshot(standIn);
      expect(received).to.deep.equal([snapshot.subarray(0, 128)]);
      expect(new Uint8Array(module.HEAP8.buffer, 0, source.length)).to.deep.equal(source);
      const mark = performance.getEntriesByName('py-elements: snapshot restored', 'mark').at(-1) as PerformanceMark;
      expect(mark.detail).to.deep.include({ readMeanwhile: true });
      // A second restore gets what it is given: the function let go of the bytes.
      module.HEAP8.fill(0);
      module.API.restoreSnapshot(standIn);
      expect(module.HEAP8.every((byte) => byte === 0)).to.equal(true);
    });

    it('copies a packed snapshot’s pages into the memory, and hands Pyodide its head', async () => {
      const { module, received } = moduleWith(8 * PAGE);
      const snapshot = snapshotOf(128);
      const restored = await restoreSparsely(module, Promise.resolve(pack(snapshot, 128)));
      expect(restored.API.restoreSnapshot(new Uint8Array(snapshot.length))).to.equal('config');
      expect(received).to.deep.equal([snapshot.subarray(0, 128)]);
      expect(new Uint8Array(module.HEAP8.buffer, 0, source.length)).to.deep.equal(source);
      const mark = performance.getEntriesByName('py-elements: snapshot restored', 'mark').at(-1) as PerformanceMark;
      expect(mark.detail).to.deep.equal({
        bytes: source.length,
        written: 2 * PAGE + 7,
        readMeanwhile: true,
        packed: true,
        kept: false,
      });
    });

    it("hands Pyodide's own restore the whole snapshot where the packed pages are not the memory's", async () => {
      const { module, received } = moduleWith(8 * PAGE);
      const snapshot = snapshotOf(128);
      const restored = await restoreSparsely(module, Promise.resolve(pack(snapshot, 64)));
      restored.API.restoreSnapshot(new Uint8Array(snapshot.length));
      expect(received).to.deep.equal([snapshot]);
    });

    it('refuses bytes of another length than the zeros', async () => {
      const { module } = moduleWith(8 * PAGE);
      const snapshot = snapshotOf(128);
      const restored = await restoreSparsely(module, Promise.resolve(snapshot));
      expect(() => restored.API.restoreSnapshot(new Uint8Array(snapshot.length - 4))).to.throw(/not the size/);
    });

    it('fails, so that Python starts afresh, when the bytes do not come or the module cannot restore', async () => {
      const { module } = moduleWith(8 * PAGE);
      const damaged = Promise.reject(new Error('the cached interpreter snapshot is damaged'));
      await restoreSparsely(module, damaged).then(
        () => expect.fail('restored'),
        (error: Error) => expect(error.message).to.include('damaged'),
      );
      await restoreSparsely({ HEAP8: new Int8Array(PAGE) }, Promise.resolve(snapshotOf(128))).then(
        () => expect.fail('restored'),
        (error: Error) => expect(error.message).to.include('no snapshot restore'),
      );
    });
  });
});
