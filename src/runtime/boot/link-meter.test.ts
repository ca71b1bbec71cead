import { expect } from '../../../test/browser/helpers.js';
import { LinkMeter } from './link-meter.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const rateOf = async (meter: LinkMeter) => {
  const reading = await meter.reading();
  return reading?.from === 'network' ? reading.bytesPerSecond : undefined;
};

describe('LinkMeter', () => {
  it('reads the bytes over the time since they were asked for, and stops counting once the sample is in', async () => {
    const meter = new LinkMeter(300_000, 5_000);
    meter.start();
    await sleep(100);
    meter.received(100_000);
    await sleep(100);
    meter.received(250_000); // the sample is in: 350 kB in ~200 ms
    meter.received(10_000_000); // a burst after it is not counted
    const rate = await rateOf(meter);
    expect(rate).to.be.within(350_000 / 0.4, 350_000 / 0.19);
  });

  it('on a slow link reads what came within its time, and does not wait for the rest', async () => {
    const meter = new LinkMeter(1_000_000, 300);
    meter.start();
    await sleep(100);
    meter.received(30_000);
    const asked = performance.now();
    const rate = await rateOf(meter);
    expect(performance.now() - asked, 'waited for the sample time only').to.be.below(1_000);
    expect(rate).to.be.within(30_000 / 0.4, 30_000 / 0.09);
  });

  it('reads nothing where nothing came, or nothing was asked for', async () => {
    const idle = new LinkMeter(1_000_000, 50);
    idle.start();
    expect(await idle.reading()).to.equal(undefined);
    expect(await new LinkMeter().reading()).to.equal(undefined);
  });
});
