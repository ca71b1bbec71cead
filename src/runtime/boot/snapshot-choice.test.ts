import { expect } from '../../../test/browser/helpers.js';
import type { InterpreterConfig } from '../contract.js';
import type { LinkMeter } from './link-meter.js';
import { PREBUILT_SNAPSHOT, chooseSnapshot } from './snapshot-choice.js';

/** A meter that has read a gigabit link: the prebuilt snapshot pays there. */
const fast = { reading: async () => ({ from: 'network' as const, bytesPerSecond: 125_000_000 }) } as unknown as LinkMeter;
const config = { indexURL: 'https://example.test/wasm/', snapshot: true } as InterpreterConfig;
const progress = { size: () => {}, received: () => {} };

/** The choice on a fast link, with the URLs it asked the network for. */
async function choose(stillWanted?: () => boolean) {
  const asked: string[] = [];
  const fetch = (async (url: string) => {
    asked.push(url);
    return new Response(new Uint8Array([1, 2, 3]));
  }) as typeof globalThis.fetch;
  const chosen = await chooseSnapshot(
    config,
    Promise.resolve(undefined),
    Promise.resolve('compiled'),
    { quick: fast, full: fast },
    fetch,
    progress,
    stillWanted,
  );
  return { chosen, asked };
}

describe('which snapshot a start uses', () => {
  const hasJSPI = 'Suspending' in WebAssembly;

  it('asks for the prebuilt snapshot on a fast link where the browser has JSPI', async () => {
    const { chosen, asked } = await choose();
    expect(asked).to.deep.equal(hasJSPI ? [`${config.indexURL}${PREBUILT_SNAPSHOT}`] : []);
    expect(chosen?.kind).to.equal(hasJSPI ? 'prebuilt' : undefined);
    if (chosen) expect([...(await chosen.bytes)]).to.deep.equal([1, 2, 3]);
  });

  it('does not ask for it once the start has failed meanwhile (a download of its own did)', async () => {
    const { chosen, asked } = await choose(() => false);
    expect(chosen?.kind).to.equal(undefined);
    expect(asked, 'nothing downloaded for a start that will not happen').to.deep.equal([]);
  });
});
