import { expect } from '../../../test/browser/helpers.js';
import { SNAPSHOT_MIN_MBPS, snapshotWorthDownloading } from './snapshot-policy.js';

describe('whether the prebuilt snapshot is downloaded', () => {
  it('on a fast link with JSPI: yes, also where the browser says nothing of its connection', () => {
    expect(snapshotWorthDownloading(true, undefined)).to.equal(true);
    expect(snapshotWorthDownloading(true, { effectiveType: '4g', downlink: 10 })).to.equal(true);
    expect(snapshotWorthDownloading(true, { effectiveType: '4g', downlink: 0 }), 'no estimate').to.equal(true);
  });

  it('without JSPI, on Save-Data, on 3G or slower, or under the bandwidth where it stops paying: no', () => {
    expect(snapshotWorthDownloading(false, undefined)).to.equal(false);
    expect(snapshotWorthDownloading(true, { saveData: true, downlink: 10 })).to.equal(false);
    expect(snapshotWorthDownloading(true, { effectiveType: '3g' })).to.equal(false);
    // Chromium under a 1.6 Mbps / 150 ms emulation says "4g", but its downlink estimate follows.
    expect(snapshotWorthDownloading(true, { effectiveType: '4g', downlink: 1.6 })).to.equal(false);
    expect(snapshotWorthDownloading(true, { effectiveType: '4g', downlink: SNAPSHOT_MIN_MBPS - 0.1 })).to.equal(false);
  });
});
