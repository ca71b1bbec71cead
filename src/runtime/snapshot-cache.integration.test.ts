// Snapshots this browser makes and keeps in Cache Storage, and starting without one. Split from
// runtime-load.integration.test.ts: each test starts interpreters several times, and on a loaded
// machine one file of both outgrew the runner's per-file budget.
import { expect, mount, nextEvent, outputText, unmountAll, waitFor } from '../../test/browser/helpers.js';
import '../index.js';
import { getRuntime, resetRuntimeForTests } from './hubs.js';

describe('snapshots kept in Cache Storage', () => {
  afterEach(unmountAll);

  it('keeps a snapshot made by this browser and starts from it next time', async () => {
    await caches.delete('py-elements');
    resetRuntimeForTests();
    const first = await getRuntime();
    expect(first.fromSnapshot).to.equal('prebuilt');
    const cache = await caches.open('py-elements');
    await waitFor(async () => (await cache.keys()).length === 1, 'the snapshot to be stored', 60_000);
    const [entry] = await cache.keys();
    expect(entry.url).to.match(/\/\.py-elements\/interpreter-snapshot-314\.0\.7-[0-9a-f]{16}\.bin$/);

    resetRuntimeForTests();
    const second = await getRuntime();
    expect(second.fromSnapshot).to.equal('cached');
    const el = mount('<py-script>import json, textwrap\nprint(json.dumps(textwrap.wrap("from a snapshot", 8)))</py-script>');
    await nextEvent(el, 'py-done');
    expect(outputText(el)).to.equal('["from a", "snapshot"]\n');
  });

  it('starts afresh, replacing it, when the cached snapshot is unusable', async () => {
    const cache = await caches.open('py-elements');
    const [entry] = await cache.keys();
    await cache.put(entry, new Response(new Uint8Array([1, 2, 3])));
    resetRuntimeForTests();
    const { warn } = console;
    console.warn = () => {};
    const runtime = await getRuntime().finally(() => (console.warn = warn));
    expect(runtime.fromSnapshot).to.be.false;
    expect(runtime.pyodide.runPython('1 + 1')).to.equal(2);
    await waitFor(
      async () => ((await (await cache.match(entry))?.arrayBuffer())?.byteLength ?? 0) > 1_000_000,
      'a good snapshot',
      60_000,
    );
  });

  it('starts the ordinary way where there is no prebuilt snapshot, or with snapshot = "cache"', async () => {
    await caches.delete('py-elements');
    const config = mount('<py-config>index-url = "/node_modules/pyodide/"</py-config>');
    resetRuntimeForTests();
    const bare = await getRuntime(); // node_modules/pyodide has no prebuilt snapshot: a 404, not an error
    expect(bare.fromSnapshot).to.equal(false);
    expect(bare.pyodide.runPython('6 * 7')).to.equal(42);
    config.remove();

    await caches.delete('py-elements');
    mount('<py-config>snapshot = "cache"</py-config>');
    const before = performance.getEntriesByType('resource').length;
    resetRuntimeForTests();
    const cacheOnly = await getRuntime();
    expect(cacheOnly.fromSnapshot).to.equal(false);
    const fetched = performance
      .getEntriesByType('resource')
      .slice(before)
      .map((e) => e.name);
    expect(fetched.filter((name) => name.endsWith('interpreter-snapshot.bin.gz'))).to.deep.equal([]);
  });
});
