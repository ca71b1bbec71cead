import { expect } from '../../../test/browser/helpers.js';
import { backgroundSnapshotWanted, fromHttpCache, prebuiltSnapshotWanted } from './snapshot-policy.js';

const MB = 1_000_000;
/** A Resource Timing entry of `bytes` (on the wire: `transferred`) whose body took `ms`. */
const timing = (bytes: number, ms: number, transferred = bytes + 300) => ({
  encodedBodySize: bytes,
  transferSize: transferred,
  responseStart: 100,
  responseEnd: 100 + ms,
});

describe('whether the prebuilt snapshot is downloaded', () => {
  it('tells a download from the HTTP cache (fresh, or a 304) from one over the network, and says nothing where a host hides its sizes', () => {
    expect(fromHttpCache(timing(200_000, 100))).to.equal(false);
    expect(fromHttpCache(timing(200_000, 3, 0))).to.equal(true);
    expect(fromHttpCache(timing(200_000, 3, 290))).to.equal(true);
    expect(fromHttpCache({ encodedBodySize: 0, transferSize: 0, responseStart: 0 })).to.equal(undefined);
    expect(fromHttpCache(undefined)).to.equal(undefined);
  });

  it('with JSPI: downloaded on a fast link or an unmeasured one, only from the HTTP cache where the files came from it', () => {
    // As LinkMeter reads links: 1 Gbit/s read 28-75 under the bench's emulation, 100 Mbit/s 28-44,
    // where the snapshot lost to the compiled standard library's start.
    const mbits = (rate: number) => ({ from: 'network' as const, bytesPerSecond: (rate * MB) / 8 });
    expect(prebuiltSnapshotWanted(true, mbits(1000), {})).to.equal('download');
    expect(prebuiltSnapshotWanted(true, mbits(60), {})).to.equal('download');
    expect(prebuiltSnapshotWanted(true, mbits(44), {})).to.equal(false);
    expect(prebuiltSnapshotWanted(true, mbits(16), {})).to.equal(false);
    expect(prebuiltSnapshotWanted(true, mbits(5), {})).to.equal(false);
    expect(prebuiltSnapshotWanted(true, undefined, { effectiveType: '4g' })).to.equal('download');
    expect(prebuiltSnapshotWanted(true, { from: 'cache' }, {})).to.equal('cachedOnly');
  });

  it('without JSPI, on Save-Data, or on 3G or slower: never', () => {
    expect(prebuiltSnapshotWanted(false, undefined, {})).to.equal(false);
    expect(prebuiltSnapshotWanted(true, undefined, { saveData: true })).to.equal(false);
    expect(prebuiltSnapshotWanted(true, { from: 'cache' }, { effectiveType: '3g' })).to.equal(false);
  });

  it("this browser's own snapshot is made in the background, but not on Save-Data or a slow (likely metered) connection", () => {
    expect(backgroundSnapshotWanted({})).to.equal(true);
    expect(backgroundSnapshotWanted({ effectiveType: '4g' })).to.equal(true);
    expect(backgroundSnapshotWanted({ saveData: true })).to.equal(false);
    expect(backgroundSnapshotWanted({ effectiveType: '2g' })).to.equal(false);
  });
});
