import { expect } from '../../../test/browser/helpers.js';
import {
  backgroundSnapshotWanted,
  fromHttpCache,
  prebuiltPays,
  prebuiltSnapshotFirst,
  prebuiltSnapshotWanted,
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

  it('a first visit asks for it at once with JSPI, but not on Save-Data or 3G or slower', () => {
    expect(prebuiltSnapshotFirst(true, {})).to.equal(true);
    expect(prebuiltSnapshotFirst(true, { effectiveType: '4g' })).to.equal(true);
    expect(prebuiltSnapshotFirst(false, {})).to.equal(false);
    expect(prebuiltSnapshotFirst(true, { saveData: true })).to.equal(false);
    expect(prebuiltSnapshotFirst(true, { effectiveType: '3g' })).to.equal(false);
  });

  it('a first visit keeps it where the wasm read 100 Mbit/s or more, not 20, nor slower', () => {
    // As the wasm alone read those links under the bench's emulation (3 loads each): 100 Mbps 12-17
    // Mbit/s, 1 Gbps 23-29, 20 Mbps 6-8, 10 Mbps 3-4.
    for (const read of [12, 17, 23, 29]) expect(prebuiltPays(mbits(read)), `${read} Mbit/s`).to.equal(true);
    for (const read of [3, 6, 8]) expect(prebuiltPays(mbits(read)), `${read} Mbit/s`).to.equal(false);
    expect(prebuiltPays(undefined), 'nothing measured (a host that hides its timing)').to.equal(true);
  });

  it('a later visit takes it only from the HTTP cache, where the files came from it', async () => {
    const wanted = (link: LinkReading, connection = {}) => prebuiltSnapshotWanted(true, () => link, connection);
    expect(await wanted({ from: 'cache' })).to.equal('cachedOnly');
    expect(await wanted(mbits(1000))).to.equal(false);
    expect(await wanted(undefined)).to.equal(false);
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

  it("this browser's own snapshot is made in the background, but not on Save-Data or a slow (likely metered) connection", () => {
    expect(backgroundSnapshotWanted({})).to.equal(true);
    expect(backgroundSnapshotWanted({ effectiveType: '4g' })).to.equal(true);
    expect(backgroundSnapshotWanted({ saveData: true })).to.equal(false);
    expect(backgroundSnapshotWanted({ effectiveType: '2g' })).to.equal(false);
  });
});
