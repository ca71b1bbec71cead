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
    const interpreterFiles = /\/(pyodide\.mjs|pyodide\.asm\.(mjs|wasm)|python_stdlib\.zip|pyodide-lock\.json)$/;
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

  it('keeps a snapshot of the started interpreter and starts from it next time', async () => {
    await caches.delete('py-elements');
    resetRuntimeForTests();
    const first = await getRuntime();
    expect(first.fromSnapshot).to.be.false;
    const cache = await caches.open('py-elements');
    await waitFor(async () => (await cache.keys()).length === 1, 'the snapshot to be stored', 60_000);
    const [entry] = await cache.keys();
    expect(entry.url).to.match(/\/\.py-elements\/interpreter-snapshot-314\.0\.7-[0-9a-f]{16}\.bin$/);

    resetRuntimeForTests();
    const second = await getRuntime();
    expect(second.fromSnapshot).to.be.true;
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
});
