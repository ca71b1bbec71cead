import { expect } from '../../../test/browser/helpers.js';
import {
  FAST_LINK_BYTES_PER_SECOND,
  backgroundSnapshotWanted,
  fromHttpCache,
  prebuiltSnapshotWanted,
  snapshotLinkReading,
  type LinkReading,
} from './snapshot-policy.js';

const MB = 1_000_000;
const mbits = (rate: number) => ({ from: 'network' as const, bytesPerSecond: (rate * MB) / 8 });
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

  it('with JSPI: downloaded on a fast link or an unmeasured one, only from the HTTP cache where the files came from it', async () => {
    // As LinkMeter reads links: 1 Gbit/s read 28-75 under the bench's emulation, 100 Mbit/s 28-44,
    // where the snapshot lost to the compiled standard library's start.
    const wanted = (link: LinkReading, connection = {}) => prebuiltSnapshotWanted(true, () => link, connection);
    expect(await wanted(mbits(1000))).to.equal('download');
    expect(await wanted(mbits(60))).to.equal('download');
    expect(await wanted(mbits(44))).to.equal(false);
    expect(await wanted(mbits(16))).to.equal(false);
    expect(await wanted(mbits(5))).to.equal(false);
    expect(await wanted(undefined, { effectiveType: '4g' })).to.equal('download');
    expect(await wanted({ from: 'cache' })).to.equal('cachedOnly');
  });

  it('without JSPI, on Save-Data, or on 3G or slower: never, and without waiting for a reading', async () => {
    let asked = 0;
    const link = () => {
      asked++;
      return new Promise<LinkReading>(() => {}); // a reading that would never come
    };
    expect(await prebuiltSnapshotWanted(false, link, {})).to.equal(false);
    expect(await prebuiltSnapshotWanted(true, link, { saveData: true })).to.equal(false);
    expect(await prebuiltSnapshotWanted(true, link, { effectiveType: '3g' })).to.equal(false);
    expect(asked).to.equal(0);
  });

  it('decides from the quick reading where it is under a third of the threshold, else waits for the full one', async () => {
    const full = mbits(70);
    const reading = (quick: LinkReading) =>
      snapshotLinkReading(
        async () => quick,
        async () => full,
      );
    expect(await reading(mbits(16))).to.deep.equal(mbits(16));
    expect(await reading({ from: 'network', bytesPerSecond: FAST_LINK_BYTES_PER_SECOND / 3 - 1 })).to.have.property(
      'bytesPerSecond',
      FAST_LINK_BYTES_PER_SECOND / 3 - 1,
    );
    expect(await reading({ from: 'network', bytesPerSecond: FAST_LINK_BYTES_PER_SECOND / 3 })).to.equal(full);
    expect(await reading(mbits(25))).to.equal(full);
    expect(await reading(undefined), 'nothing measured quickly').to.equal(full);
  });

  it("this browser's own snapshot is made in the background, but not on Save-Data or a slow (likely metered) connection", () => {
    expect(backgroundSnapshotWanted({})).to.equal(true);
    expect(backgroundSnapshotWanted({ effectiveType: '4g' })).to.equal(true);
    expect(backgroundSnapshotWanted({ saveData: true })).to.equal(false);
    expect(backgroundSnapshotWanted({ effectiveType: '2g' })).to.equal(false);
  });
});
