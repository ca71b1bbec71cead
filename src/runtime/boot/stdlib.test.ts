import { expect } from '../../../test/browser/helpers.js';
import { gunzipped, rememberStdlib, rememberedStdlib, stdlibFor } from './stdlib.js';

const mbits = (rate: number) => ({ from: 'network' as const, bytesPerSecond: (rate * 1_000_000) / 8 });

describe('which standard library a start asks for', () => {
  it('the compact zip on a slow link or for a reader saving data, else the compiled one', () => {
    // As LinkMeter reads links: 1.6 Mbit/s read ~1, 5 Mbit/s ~3, 20 Mbit/s ~15 (bench (l)).
    expect(stdlibFor(mbits(1), false)).to.equal('compact');
    expect(stdlibFor(mbits(1.9), false)).to.equal('compact');
    expect(stdlibFor(mbits(3), false)).to.equal('compiled');
    expect(stdlibFor(mbits(14), false)).to.equal('compiled');
    expect(stdlibFor(mbits(500), false)).to.equal('compiled');
    expect(stdlibFor(mbits(500), true)).to.equal('compact');
    expect(stdlibFor(undefined, false), 'nothing measured').to.equal('compiled');
    expect(stdlibFor({ from: 'cache' }, false)).to.equal('compiled');
  });

  it('unpacks the compact zip, or passes it on where the host unpacked it already', async () => {
    const zip = new TextEncoder().encode('PK\x03\x04 a zip, for the test');
    const gzip = new Uint8Array(
      await new Response(new Blob([zip]).stream().pipeThrough(new CompressionStream('gzip'))).arrayBuffer(),
    );
    expect(gzip[0]).to.equal(0x1f);
    const bytes = async (response: Response) => new Uint8Array(await response.arrayBuffer());
    expect(await bytes(await gunzipped(new Response(gzip)))).to.deep.equal(zip);
    expect(await bytes(await gunzipped(new Response(zip)))).to.deep.equal(zip);
  });

  it("remembers which zip a start from a folder installed, per folder; never Pyodide's own", () => {
    const folder = `${location.origin}/remembered-${Math.random().toString(36).slice(2)}/`;
    expect(rememberedStdlib(folder)).to.equal(undefined);
    rememberStdlib(folder, 'compact');
    expect(rememberedStdlib(folder)).to.equal('compact');
    expect(rememberedStdlib(`${folder}other/`)).to.equal(undefined);
    rememberStdlib(folder, 'compiled');
    expect(rememberedStdlib(folder)).to.equal('compiled');
    rememberStdlib(folder, 'source'); // a folder without our zips: nothing to remember
    expect(rememberedStdlib(folder)).to.equal('compiled');
  });
});
