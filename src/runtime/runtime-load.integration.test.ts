// The real loader, once per page: concurrent callers share one download.
import { expect, itExcept, mount, nextEvent, outputText, unmountAll, waitFor } from '../../test/browser/helpers.js';
import { firstVisitOnFastLink } from '../../test/browser/fast-link.js';
import '../../test/browser/elements.js';
import { getRuntime, resetRuntimeForTests } from './hubs.js';
import { runPython } from './js-api.js';

const wasmRequests = () => performance.getEntriesByType('resource').filter((entry) => entry.name.endsWith('/pyodide.asm.wasm'));

describe('runtime loading', () => {
  afterEach(unmountAll);

  it('downloads nothing until something needs Python', async () => {
    mount('<p>no python here</p>');
    await new Promise((resolve) => setTimeout(resolve, 300));
    const interpreterFiles =
      /\/(pyodide\.mjs|pyodide\.asm\.(mjs|wasm)|python_stdlib\.zip|pyodide-lock\.json|interpreter-snapshot\.bin\.gz)$/;
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

  it('imports its own package from the bytecode the compiled standard library carries', async () => {
    await getRuntime();
    const started = performance.getEntriesByName('py-elements: interpreter started', 'mark').at(-1) as PerformanceMark;
    expect(started.detail.stdlib, 'a start on loopback takes the compiled zip').to.equal('compiled');
    // Checked-hash pycs (flags 3) beside the sources, whose hash they carry: Python imported them.
    const [flags, sameSource] = (await runPython(`
import importlib.util, pyelements
data = open(pyelements.__cached__, 'rb').read()
[int.from_bytes(data[4:8], 'little'), data[8:16] == importlib.util.source_hash(open(pyelements.__file__, 'rb').read())]`)) as [
      number,
      boolean,
    ];
    expect(flags).to.equal(3);
    expect(sameSource).to.equal(true);
  });

  itExcept({
    webkit:
      'no JSPI: the prebuilt snapshot holds a Python that suspends through JSPI, so it is never fetched here (the first snapshot-cache test)',
  })('starts a first visit from the prebuilt snapshot, with a fresh random seed each time', async () => {
    const draws: number[] = [];
    for (let i = 0; i < 2; i++) {
      const { runtime, readings } = await firstVisitOnFastLink();
      expect(runtime.fromSnapshot, readings).to.equal('prebuilt');
      // What DevTools (and a failed test's log: test/browser/failure-context.ts) shows of this start.
      const started = performance.getEntriesByName('py-elements: interpreter started', 'mark').at(-1) as PerformanceMark;
      expect(started.detail).to.deep.include({ fromSnapshot: 'prebuilt', stdlib: 'compiled' });
      // The snapshot's zero pages were not written into the new memory (sparse-restore.ts): ~18 of its
      // 30 MB, which the renderer would otherwise keep resident.
      const restored = performance.getEntriesByName('py-elements: snapshot restored', 'mark').at(-1) as PerformanceMark;
      const { bytes, written } = restored.detail as { bytes: number; written: number };
      expect(written, `${written} of ${bytes} bytes written`).to.be.within(1, bytes * 0.75);
      // Pyodide keeps its options (its private _api.config) for the interpreter's lifetime: the 31 MB
      // it restored from must not stay reachable through them.
      const kept = (runtime.pyodide as unknown as { _api: { config: { _loadSnapshot?: PromiseLike<unknown> } } })._api.config
        ._loadSnapshot;
      expect(kept, 'the option is still there').to.not.equal(undefined);
      const left = await Promise.resolve(kept).then(
        (value) => (ArrayBuffer.isView(value) ? `${value.byteLength} bytes` : typeof value),
        () => 'released',
      );
      expect(left, 'the snapshot bytes are let go').to.equal('released');
      draws.push(runtime.pyodide.runPython('import random; random.random()') as number);
      // JavaScript Promise Integration works (input(), time.sleep() and Stop depend on it).
      const syncified = await runtime.pyodide.runPythonAsync(
        'from pyodide.ffi import run_sync\nimport js\nasync def f():\n    return run_sync(js.Promise.resolve(5))\nawait f()',
      );
      expect(syncified).to.equal(5);
      expect(
        runtime.pyodide.runPython('import os; os.environ["HOME"], os.getcwd(), "_" in os.environ and os.environ["_"]').toJs(),
      ).to.deep.equal(['/home/pyodide', '/home/pyodide', './this.program']);
    }
    expect(draws[0]).to.not.equal(draws[1]);
    const snapshotRequests = performance
      .getEntriesByType('resource')
      .filter((e) => e.name.endsWith('/wasm/interpreter-snapshot.bin.gz'));
    expect(snapshotRequests.length).to.be.at.least(2);
  });

  const prebuiltReason = 'no JSPI: the prebuilt snapshot holds a Python that suspends through JSPI, so it is never fetched here';
  /** A fresh interpreter folder on a link of `rate` bytes a second (test/server/routes.mjs). */
  const pacedFolder = (rate: number, snapshotDelayMs = 0) =>
    `/__test/paced/${rate}/${snapshotDelayMs}/t${Date.now()}${Math.random().toString(36).slice(2, 8)}/wasm/`;
  const timing = (url: string) => performance.getEntriesByName(url, 'resource').at(-1) as PerformanceResourceTiming;

  itExcept({ webkit: prebuiltReason })(
    'on a slow link a first visit starts without the prebuilt snapshot: its 6 MB would cost more than they save',
    async () => {
      await caches.delete('py-elements');
      // The interpreter's files at 600 KB/s each: ~10 Mbit/s in all, where the snapshot would take ~5 s
      // to save ~1.4.
      const folder = pacedFolder(600_000);
      mount(`<py-config>index-url = "${folder}"</py-config>`);
      resetRuntimeForTests();
      const runtime = await getRuntime();
      expect(runtime.fromSnapshot).to.equal(false);
      expect(runtime.pyodide.runPython('6 * 7')).to.equal(42);
      const snapshot = timing(`${location.origin}${folder}interpreter-snapshot.bin.gz`);
      expect(snapshot, 'not even asked for').to.equal(undefined);
    },
  );

  itExcept({ webkit: prebuiltReason })(
    "on a fast link the interpreter downloads, compiles and instantiates while the snapshot's bytes are on their way",
    async () => {
      let folder = '';
      const compiled: number[] = [];
      const instantiated: number[] = [];
      const { compileStreaming, instantiate } = WebAssembly;
      WebAssembly.compileStreaming = (source) => {
        const module = compileStreaming.call(WebAssembly, source);
        module.then(() => compiled.push(performance.now())).catch(() => {});
        return module;
      };
      // The interpreter's module (thousands of exports), not the small ones Pyodide makes as it starts.
      WebAssembly.instantiate = ((source: WebAssembly.Module, imports?: WebAssembly.Imports) => {
        const big = source instanceof WebAssembly.Module && WebAssembly.Module.exports(source).length > 1000;
        if (big) instantiated.push(performance.now());
        return instantiate.call(WebAssembly, source, imports);
      }) as typeof WebAssembly.instantiate;
      const { runtime, readings } = await firstVisitOnFastLink(() => {
        unmountAll();
        compiled.length = 0;
        instantiated.length = 0;
        folder = pacedFolder(1e9, 2000); // the snapshot's body 2 s after its headers
        mount(`<py-config>index-url = "${folder}"</py-config>`);
      }).finally(() => Object.assign(WebAssembly, { compileStreaming, instantiate }));
      expect(runtime.fromSnapshot, readings).to.equal('prebuilt');
      // Listed once its response has ended, which may be a moment after the page has read it.
      const url = `${location.origin}${folder}interpreter-snapshot.bin.gz`;
      await waitFor(() => timing(url) !== undefined, "the snapshot's timing entry");
      const snapshot = timing(url);
      const wasm = timing(`${location.origin}${folder}pyodide.asm.wasm`);
      const at = (e: PerformanceResourceTiming) => [e.startTime, e.responseStart, e.responseEnd].map(Math.round).join('/');
      expect(wasm.responseEnd, `the wasm was in before the snapshot: wasm ${at(wasm)}, snapshot ${at(snapshot)}`).to.be.below(
        snapshot.responseEnd - 500,
      );
      expect(compiled, 'one compile, of the interpreter').to.have.length(1);
      expect(compiled[0], 'compiled before the snapshot was in').to.be.below(snapshot.responseEnd);
      // Its length came with its first bytes (packed-snapshot.ts): Pyodide did not wait for the rest.
      expect(instantiated, 'one instantiation').to.have.length(1);
      expect(instantiated[0], 'instantiated before the snapshot was in').to.be.below(snapshot.responseEnd - 500);
      const restored = performance.getEntriesByName('py-elements: snapshot restored', 'mark').at(-1) as PerformanceMark;
      expect(restored.detail).to.deep.include({ readMeanwhile: true, packed: true, kept: true });
      expect(compiled[0], 'compiled before the snapshot was in').to.be.below(snapshot.responseEnd);
    },
  );
});
