import { expect } from '../../../test/browser/helpers.js';
import { packAgainst } from '../../../wasm/pack-against.mjs';
import type { InterpreterConfig } from '../contract.js';
import type { FoundSnapshot } from './snapshot.js';
import { chooseSnapshot, openPrebuiltSnapshot, type PrebuiltSnapshot } from './snapshot-choice.js';
import type { StdlibKind } from './stdlib.js';

const reading = async () => ({ from: 'network' as const, bytesPerSecond: 125_000_000 });
const config = { indexURL: 'https://example.test/wasm/', snapshot: true } as InterpreterConfig;
const progress = { size: () => {}, received: () => {} };

/** A prebuilt snapshot asked for at once, that counts its drops. */
function opened(): { prebuilt: Promise<PrebuiltSnapshot>; drops: () => number } {
  let drops = 0;
  const prebuilt = { bytes: Promise.resolve(new Uint8Array(8)), length: 8, drop: () => void drops++ };
  return { prebuilt: Promise.resolve(prebuilt), drops: () => drops };
}

/** The choice, with the URLs it asked the network for. */
async function choose(
  options: { opened?: Promise<PrebuiltSnapshot>; own?: FoundSnapshot; stdlib?: StdlibKind; stillWanted?: () => boolean } = {},
) {
  const asked: string[] = [];
  const fetch = (async (url: string) => {
    asked.push(url);
    return new Response(new Uint8Array([1, 2, 3]));
  }) as typeof globalThis.fetch;
  const chosen = await chooseSnapshot(
    config,
    Promise.resolve(options.own),
    Promise.resolve(options.stdlib ?? 'compiled'),
    options.opened,
    reading,
    fetch,
    progress,
    options.stillWanted,
  );
  return { chosen, asked };
}

describe('which snapshot a start uses', () => {
  it('a first visit: the prebuilt snapshot asked for at once, nothing more', async () => {
    const { prebuilt, drops } = opened();
    const { chosen, asked } = await choose({ opened: prebuilt });
    expect(chosen?.kind).to.equal('prebuilt');
    expect(chosen?.length).to.equal(8);
    expect(asked).to.deep.equal([]);
    expect(drops()).to.equal(0);
  });

  it("drops it for this browser's own snapshot, for the xz zip, and once the start has failed", async () => {
    for (const [why, options] of [
      ['own', { own: { bytes: Promise.resolve(new Uint8Array(4)), length: 4 } }],
      ['xz', { stdlib: 'compiled-xz' }],
      ['failed', { stillWanted: () => false }],
    ] as const) {
      const { prebuilt, drops } = opened();
      const { chosen, asked } = await choose({ ...options, opened: prebuilt });
      expect(chosen?.kind, why).to.equal(why === 'own' ? 'cached' : undefined);
      await Promise.resolve();
      expect(drops(), why).to.equal(1);
      expect(asked, why).to.deep.equal([]);
    }
  });

  it('a later visit whose files came over the network: no prebuilt snapshot, nothing asked for', async () => {
    const { chosen, asked } = await choose();
    expect(chosen).to.equal(undefined);
    expect(asked).to.deep.equal([]);
  });
});

describe('opening the prebuilt snapshot', () => {
  // A snapshot of one 4 KB page after a 16-byte head, packed with a zip tail of 5 bytes.
  const snapshot = new Uint8Array(16 + 4096);
  new DataView(snapshot.buffer).setUint32(4, 16, true);
  snapshot.fill(7, 16);
  const zipTail = new Uint8Array([1, 2, 3, 4, 5]);
  const packed = packAgainst(snapshot, new Uint8Array(8192), zipTail);
  const gzip = async (bytes: Uint8Array) =>
    new Uint8Array(
      await new Response(new Blob([bytes as BufferSource]).stream().pipeThrough(new CompressionStream('gzip'))).arrayBuffer(),
    );

  /** A fetch whose body sends `first` bytes at once and the rest when `release` is called. */
  function heldBack(body: Uint8Array, first: number) {
    let release!: () => void;
    const later = new Promise<void>((resolve) => (release = resolve));
    const fetch = (async () =>
      new Response(
        new ReadableStream<Uint8Array>({
          async start(controller) {
            controller.enqueue(body.slice(0, first));
            await later;
            controller.enqueue(body.slice(first));
            controller.close();
          },
        }),
      )) as unknown as typeof globalThis.fetch;
    return { fetch, release };
  }

  it('knows its length and zip tail from its first bytes, gunzipped as they arrive', async () => {
    const zipped = await gzip(packed);
    const { fetch, release } = heldBack(zipped, zipped.length >> 1);
    const prebuilt = (await openPrebuiltSnapshot(fetch, 'https://example.test/s.bin.gz', 'download', progress))!;
    expect(prebuilt.length, 'before the rest of the body came').to.equal(snapshot.length);
    expect(prebuilt.zipTail).to.deep.equal(zipTail);
    release();
    expect(await prebuilt.bytes).to.deep.equal(packed);
  });

  it('takes it as it is from a host that decoded it already, and waits for one of another layout whole', async () => {
    const decoded = heldBack(packed, 40);
    decoded.release();
    const prebuilt = (await openPrebuiltSnapshot(decoded.fetch, 'https://example.test/s.bin.gz', 'download', progress))!;
    expect(prebuilt.length).to.equal(snapshot.length);
    expect(await prebuilt.bytes).to.deep.equal(packed);
    const other = heldBack(snapshot, 100);
    other.release();
    const raw = (await openPrebuiltSnapshot(other.fetch, 'https://example.test/s.bin.gz', 'download', progress))!;
    expect(raw.length, 'not known before it is whole').to.equal(undefined);
    expect(await raw.bytes).to.deep.equal(snapshot);
  });
});
