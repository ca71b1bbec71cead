import { expect } from '../../../test/browser/helpers.js';
import { rememberStdlib, rememberedStdlib, stdlibFor } from './stdlib.js';
import { unxz } from './xz.js';

const mbits = (rate: number) => ({ from: 'network' as const, bytesPerSecond: (rate * 1_000_000) / 8 });

describe('which standard library a start asks for', () => {
  it('the xz zip on a slow link or for a reader saving data, else the compiled one', () => {
    // As LinkMeter reads links: 1.6 Mbit/s read ~1, 5 Mbit/s ~3, 20 Mbit/s 8-16 (bench (l)).
    expect(stdlibFor(mbits(1), false)).to.equal('compiled-xz');
    expect(stdlibFor(mbits(3), false)).to.equal('compiled-xz');
    expect(stdlibFor(mbits(5.9), false)).to.equal('compiled-xz');
    expect(stdlibFor(mbits(8), false)).to.equal('compiled');
    expect(stdlibFor(mbits(500), false)).to.equal('compiled');
    expect(stdlibFor(mbits(500), true)).to.equal('compiled-xz');
    expect(stdlibFor(undefined, false), 'nothing measured').to.equal('compiled');
    expect(stdlibFor({ from: 'cache' }, false)).to.equal('compiled');
  });

  describe('unpacking the xz zip', () => {
    // Python's lzma.compress of TEXT (xz, CRC32, LZMA2 with an 8 MiB dictionary: as wasm/stdlib.mjs).
    const TEXT = 'PK\x03\x04 a zip, for the test '.repeat(40);
    const XZ = Uint8Array.from(
      atob(
        '/Td6WFoAAAFpIt42AgAhARYAAAB0L+Wj4APnACZdACgSvGApAlvPbDlXEXSDKm91BNGcaeqCJ/G5TigxFG3TdvwMXoQAAAAA10j99AABPugHAAAApwZWeD4wDYsCAAAAAAFZWg==',
      ),
      (c) => c.charCodeAt(0),
    );
    const FILE_URL = 'https://example.org/wasm/python_stdlib.compiled.zip.startup.xz';
    /** A response whose body comes in `size`-byte chunks, as a download's does. */
    const chunked = (bytes: Uint8Array, size: number) =>
      new Response(
        new ReadableStream<Uint8Array>({
          start(controller) {
            for (let at = 0; at < bytes.length; at += size) controller.enqueue(bytes.slice(at, at + size));
            controller.close();
          },
        }),
      );

    it('as it arrives, in chunks of any size', async () => {
      for (const size of [1, 5, 64, XZ.length]) {
        const failures: Error[] = [];
        const unpacked = await unxz(chunked(XZ, size), FILE_URL, (error) => failures.push(error));
        expect(await unpacked.text(), `chunks of ${size}`).to.equal(TEXT);
        expect(failures).to.deep.equal([]);
      }
    });

    it('holds no decoder for a file not read: another decodes meanwhile (a rest part, a dropped download)', async () => {
      // xz-decompress decodes one stream at a time, from its start to its end: begun at once, the
      // first (never read here) held the decoder, and the second's text never came.
      const unread = await unxz(chunked(XZ, 64), FILE_URL, () => {});
      const read = await unxz(chunked(XZ, 64), FILE_URL, () => {});
      const text = read.text();
      const late = new Promise((resolve) => setTimeout(resolve, 5000, 'no text in 5 s'));
      expect(await Promise.race([text, late])).to.equal(TEXT);
      expect(await unread.text(), 'read later, it decodes then').to.equal(TEXT);
    });

    it('says which file is not xz, and what it starts with (a host answering with its HTML page)', async () => {
      const failures: Error[] = [];
      const page = new TextEncoder().encode('<!doctype html>\n<title>Not found</title>');
      let thrown: unknown;
      await unxz(chunked(page, 7), FILE_URL, (error) => failures.push(error)).catch((error: unknown) => (thrown = error));
      expect(String(thrown)).to.include(
        `Could not unpack ${FILE_URL}: it is not xz data (it starts with "<!doctype html> <title>`,
      );
      expect(failures.map(String)).to.deep.equal([String(thrown)]);
    });

    it('fails, naming the file, where its bytes are damaged or cut short', async () => {
      const damaged = XZ.slice();
      damaged[40] ^= 0xff;
      for (const [what, bytes] of [
        ['damaged', damaged],
        ['cut short', XZ.slice(0, 60)],
      ] as const) {
        const failures: Error[] = [];
        const unpacked = await unxz(chunked(bytes, 16), FILE_URL, (error) => failures.push(error));
        // The reader's error is the browser's own ("Failed to fetch" in Chromium); the watch hears why.
        let rejected = false;
        await unpacked.arrayBuffer().catch(() => (rejected = true));
        expect(rejected, what).to.equal(true);
        expect(failures, what).to.have.length(1);
        expect(String(failures[0]), what).to.include(`Could not unpack ${FILE_URL}: its bytes do not decode`);
      }
    });
  });

  it("remembers which zip a start from a folder installed, per folder; never Pyodide's own", () => {
    const folder = `${location.origin}/remembered-${Math.random().toString(36).slice(2)}/`;
    expect(rememberedStdlib(folder)).to.equal(undefined);
    rememberStdlib(folder, 'compiled-xz');
    expect(rememberedStdlib(folder)).to.equal('compiled-xz');
    expect(rememberedStdlib(`${folder}other/`)).to.equal(undefined);
    rememberStdlib(folder, 'compiled');
    expect(rememberedStdlib(folder)).to.equal('compiled');
    rememberStdlib(folder, 'source'); // a folder without our zips: nothing to remember
    expect(rememberedStdlib(folder)).to.equal('compiled');
  });
});
