import { expect } from '../../../test/browser/helpers.js';
import { backgroundSnapshotWanted, snapshotWorthDownloading } from './snapshot-policy.js';

describe('whether the prebuilt snapshot is downloaded', () => {
  it('on a fast link with JSPI: yes, also where the browser says nothing of its connection', () => {
    expect(snapshotWorthDownloading(true, {})).to.equal(true);
    expect(snapshotWorthDownloading(true, { effectiveType: '4g' })).to.equal(true);
  });

  it('without JSPI, on Save-Data, or on 3G or slower: no', () => {
    expect(snapshotWorthDownloading(false, {})).to.equal(false);
    expect(snapshotWorthDownloading(true, { saveData: true })).to.equal(false);
    expect(snapshotWorthDownloading(true, { effectiveType: '3g' })).to.equal(false);
  });

  it("this browser's own snapshot is made in the background, but not on Save-Data or a slow (likely metered) connection", () => {
    expect(backgroundSnapshotWanted({})).to.equal(true);
    expect(backgroundSnapshotWanted({ effectiveType: '4g' })).to.equal(true);
    expect(backgroundSnapshotWanted({ saveData: true })).to.equal(false);
    expect(backgroundSnapshotWanted({ effectiveType: '2g' })).to.equal(false);
  });
});
