// The real loader, once per page: concurrent callers share one download.
import { expect, itExcept, mount, nextEvent, outputText, unmountAll, waitFor } from '../../test/browser/helpers.js';
import { firstVisitOnFastLink } from '../../test/browser/fast-link.js';
import '../../test/browser/elements.js';
import { getRuntime, resetRuntimeForTests } from './hubs.js';
import { runPython } from './js-api.js';
import { PYTHON_PACKAGE } from './boot/python-package.js';

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

  it('imports its own package from the bytecode the compiled standard library carries', async () => {
    // The page's first start, the ordinary way: a start from a snapshot finds the package imported
    // already. (The next test's elements use this interpreter.)
    mount('<py-config>snapshot = false</py-config>');
    await getRuntime();
    const started = performance.getEntriesByName('py-elements: interpreter started', 'mark').at(-1) as PerformanceMark;
    expect(started.detail.stdlib, 'a start on loopback takes the compiled zip').to.equal('compiled');
    expect(started.detail).to.deep.include({ fromSnapshot: false, pythonPackage: 'imported' });
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
  /** How many times each file of a token's test folder was asked for (test/server/routes.mjs). */
  const requestsOf = async (token: string) =>
    (await (await fetch(`/__test/paced-requests/${token}`)).json()) as Record<string, number>;
  const newToken = () => `t${Date.now()}${Math.random().toString(36).slice(2, 8)}`;
  /** Whether the installed standard library zip reads whole (every entry's CRC checked). */
  const zipWhole = (runtime: Awaited<ReturnType<typeof getRuntime>>) =>
    runtime.pyodide.runPython(
      'import sys, zipfile; zipfile.ZipFile(next(p for p in sys.path if p.endswith(".zip"))).testzip() is None',
    ) as boolean;

  itExcept({ webkit: prebuiltReason })(
    "a first visit from the prebuilt snapshot waits for neither the zip's start-up part nor its modules' bytecode",
    async () => {
      let token = '';
      const { runtime, readings } = await firstVisitOnFastLink(() => {
        unmountAll();
        token = newToken();
        mount(`<py-config>index-url = "/__test/paced/1000000000/0/${token}/wasm/"</py-config>`);
      });
      expect(runtime.fromSnapshot, readings).to.equal('prebuilt');
      // The snapshot holds every module of the start-up part: it is asked for only after the restore,
      // to make the zip whole, and the start used the zip's directory the snapshot carries.
      const restored = performance.getEntriesByName('py-elements: snapshot restored', 'mark').at(-1)!;
      const startup = (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).filter((entry) =>
        entry.name.endsWith(`/${token}/wasm/python_stdlib.compiled.zip.startup`),
      );
      expect(startup.every((entry) => entry.startTime > restored.startTime)).to.equal(true);
      // Modules of the rest part import; one of the start-up part's is read again once it is in.
      expect(runtime.pyodide.runPython('import fractions; str(fractions.Fraction(1, 3))')).to.equal('1/3');
      await waitFor(() => zipWhole(runtime), 'the start-up part to be written into the zip');
      expect(runtime.pyodide.runPython('import importlib, json; importlib.reload(json).dumps([1])')).to.equal('[1]');
      // Our package from the snapshot, which imported it, with its sources beside it (tracebacks).
      const started = performance.getEntriesByName('py-elements: interpreter started', 'mark').at(-1) as PerformanceMark;
      expect(started.detail).to.deep.include({ pythonPackage: 'snapshot' });
      expect(runtime.pyodide.runPython('import inspect, pyelements; inspect.getsource(pyelements.display)')).to.contain(
        'def display(',
      );
      const requests = await requestsOf(token);
      for (const file of [
        'interpreter-snapshot.bin.gz',
        'python_stdlib.compiled.zip.rest',
        'python_stdlib.compiled.zip.startup',
      ]) {
        expect(requests[file], file).to.equal(1);
      }
    },
  );

  itExcept({ webkit: prebuiltReason })(
    'a prebuilt snapshot made for another build is refused before the restore writes, and Python starts the ordinary way',
    async () => {
      let token = '';
      const warnings: string[] = [];
      const warn = console.warn;
      console.warn = (...args: unknown[]) => void warnings.push(args.map(String).join(' '));
      const { runtime } = await firstVisitOnFastLink(() => {
        unmountAll();
        token = newToken();
        mount(`<py-config>index-url = "/__test/other-build-snapshot/${token}/wasm/"</py-config>`);
      }).finally(() => (console.warn = warn));
      expect(runtime.fromSnapshot).to.equal(false);
      expect(warnings.join('\n')).to.contain('made for another build of the interpreter');
      expect(runtime.pyodide.runPython('import json, fractions; json.dumps(str(fractions.Fraction(2, 4)))')).to.equal('"1/2"');
      expect(zipWhole(runtime), 'the start-up part, asked for once the snapshot failed').to.equal(true);
      const requests = await requestsOf(token);
      expect(requests['python_stdlib.compiled.zip.startup']).to.equal(1);
      expect(requests['python_stdlib.compiled.zip.rest']).to.equal(1);
    },
  );
  itExcept({ webkit: prebuiltReason })(
    "imports its package afresh where the prebuilt snapshot's copy was made from other sources",
    async () => {
      // This page's bundle with an edited module, as under another build's wasm/ folder.
      const original = PYTHON_PACKAGE['_explain.py'];
      PYTHON_PACKAGE['_explain.py'] = `${original}\nEDITED_IN_THIS_BUNDLE = True\n`;
      const { runtime, readings } = await firstVisitOnFastLink().finally(() => (PYTHON_PACKAGE['_explain.py'] = original));
      expect(runtime.fromSnapshot, readings).to.equal('prebuilt');
      const started = performance.getEntriesByName('py-elements: interpreter started', 'mark').at(-1) as PerformanceMark;
      expect(started.detail).to.deep.include({ pythonPackage: 'imported' });
      expect(runtime.pyodide.runPython('import pyelements._explain as e; e.EDITED_IN_THIS_BUNDLE')).to.equal(true);
      // None of the snapshot's copy left: the other modules use the edited one.
      expect(
        runtime.pyodide.runPython(
          'import sys, pyelements._run; pyelements._run.explain.__globals__.get("EDITED_IN_THIS_BUNDLE")',
        ),
      ).to.equal(true);
      const el = mount('<py-script>print(1 / 0)</py-script>');
      await nextEvent(el, 'py-done');
      expect(outputText(el)).to.contain('ZeroDivisionError');
    },
  );

  /** A fresh interpreter folder on a link of `rate` bytes a second (test/server/routes.mjs). */
  const pacedFolder = (rate: number, snapshotDelayMs = 0) =>
    `/__test/paced/${rate}/${snapshotDelayMs}/t${Date.now()}${Math.random().toString(36).slice(2, 8)}/wasm/`;
  const timing = (url: string) => performance.getEntriesByName(url, 'resource').at(-1) as PerformanceResourceTiming;

  itExcept({ webkit: prebuiltReason })(
    'on a slow link a first visit drops the prebuilt snapshot it asked for at once, and starts from the xz zip',
    async () => {
      await caches.delete('py-elements');
      // The interpreter's files at 600 KB/s each, under the xz zip's threshold: there the snapshot's
      // ~1.9 MB more would cost more than the start they save. Its body held back 5 s: cut, not done.
      const token = `t${Date.now()}${Math.random().toString(36).slice(2, 8)}`;
      const folder = `/__test/paced/600000/5000/${token}/wasm/`;
      mount(`<py-config>index-url = "${folder}"</py-config>`);
      resetRuntimeForTests();
      const runtime = await getRuntime();
      expect(runtime.fromSnapshot).to.equal(false);
      expect(runtime.pyodide.runPython('6 * 7')).to.equal(42);
      const started = performance.getEntriesByName('py-elements: interpreter started', 'mark').at(-1) as PerformanceMark;
      expect(started.detail.stdlib).to.equal('compiled-xz');
      const requests = (await (await fetch(`/__test/paced-requests/${token}`)).json()) as Record<string, number>;
      expect(requests['interpreter-snapshot.bin.gz'], 'asked for at once').to.equal(1);
      // Not a Resource Timing entry in a failed assertion: chai's message for one hangs the page.
      await waitFor(async () => {
        const cut = (await (await fetch(`/__test/paced-cut/${token}`)).json()) as Record<string, number>;
        return cut['interpreter-snapshot.bin.gz'] === 1;
      }, 'the snapshot download to be cut');
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
