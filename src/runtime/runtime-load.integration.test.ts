// The real loader, once per page: concurrent callers share one download.
import { expect, itExcept, mount, nextEvent, outputText, unmountAll } from '../../test/browser/helpers.js';
import '../index.js';
import { getRuntime, resetRuntimeForTests } from './hubs.js';

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

  itExcept({
    webkit:
      'no JSPI: the prebuilt snapshot holds a Python that suspends through JSPI, so it is never fetched here (the first snapshot-cache test)',
  })('starts a first visit from the prebuilt snapshot, with a fresh random seed each time', async () => {
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
});
