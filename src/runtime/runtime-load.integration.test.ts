// The real loader, once per page: concurrent callers share one download.
import { expect, mount, nextEvent, outputText, unmountAll, waitFor } from '../../test/browser/helpers.js';
import '../index.js';
import { getRuntime, resetRuntimeForTests } from './runtime.js';

const wasmRequests = () =>
  performance.getEntriesByType('resource').filter((entry) => entry.name.endsWith('/pyodide.asm.wasm'));

describe('runtime loading', () => {
  afterEach(unmountAll);

  it('downloads nothing until something needs Python', async () => {
    mount('<p>no python here</p>');
    await new Promise((resolve) => setTimeout(resolve, 300));
    const interpreterFiles = /\/(pyodide\.mjs|pyodide\.asm\.(mjs|wasm)|python_stdlib\.zip|pyodide-lock\.json|interpreter-snapshot\.bin\.gz)$/;
    expect(performance.getEntriesByType('resource').filter((entry) => interpreterFiles.test(entry.name))).to.have.length(0);
  });

  it('fetches the interpreter once for concurrent callers and elements', async () => {
    const page = mount(`<div><py-script id="a">print("a")</py-script><py-script id="b">print("b")</py-script></div>`);
    const [first, second] = await Promise.all([getRuntime(), getRuntime()]);
    expect(first).to.equal(second);
    await nextEvent(page.querySelector('#b')!, 'py-done');
    expect(outputText(page.querySelector('#a')!)).to.equal('a\n');
    expect(outputText(page.querySelector('#b')!)).to.equal('b\n');
    expect(wasmRequests()).to.have.length(1);
    expect(first.pythonVersion).to.match(/^3\.\d+\.\d+$/);
  });

  it('starts a first visit from the prebuilt snapshot, with a fresh random seed each time', async () => {
    const draws: number[] = [];
    for (let i = 0; i < 2; i++) {
      await caches.delete('py-elements');
      resetRuntimeForTests();
      const runtime = await getRuntime();
      expect(runtime.fromSnapshot).to.equal('prebuilt');
      draws.push(runtime.pyodide.runPython('import random; random.random()') as number);
      // JavaScript Promise Integration works (input(), time.sleep() and Stop depend on it).
      const syncified = await runtime.pyodide.runPythonAsync(
        'from pyodide.ffi import run_sync\nimport js\nasync def f():\n    return run_sync(js.Promise.resolve(5))\nawait f()',
      );
      expect(syncified).to.equal(5);
      expect(runtime.pyodide.runPython('import os; os.environ["HOME"], os.getcwd(), "_" in os.environ and os.environ["_"]')
        .toJs()).to.deep.equal(['/home/pyodide', '/home/pyodide', './this.program']);
    }
    expect(draws[0]).to.not.equal(draws[1]);
    const snapshotRequests = performance.getEntriesByType('resource').filter((e) => e.name.endsWith('/wasm/interpreter-snapshot.bin.gz'));
    expect(snapshotRequests.length).to.be.at.least(2);
  });

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
    await waitFor(async () => ((await (await cache.match(entry))?.arrayBuffer())?.byteLength ?? 0) > 1_000_000, 'a good snapshot', 60_000);
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
    const fetched = performance.getEntriesByType('resource').slice(before).map((e) => e.name);
    expect(fetched.filter((name) => name.endsWith('interpreter-snapshot.bin.gz'))).to.deep.equal([]);
  });
});
