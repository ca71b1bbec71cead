// What a start leaves alive once Python runs: the interpreter's memory and its files, not the
// downloads it started from. Pyodide keeps its start options for the interpreter's lifetime; a
// function in them made inside the start kept that whole scope alive, and with it the prebuilt
// snapshot's 8.5 MB and a second copy of the 3.1 MB zip (this browser's snapshot: 11.7 MB), which
// put the renderer ~12 MB above bare Pyodide's after garbage collection.
import { executeServerCommand } from '@web/test-runner-commands';
import { expect, itExcept, mount, nextEvent, outputText, unmountAll, waitFor } from '../../test/browser/helpers.js';
import { firstVisitOnFastLink } from '../../test/browser/fast-link.js';
import '../../test/browser/elements.js';
import { getRuntime, resetRuntimeForTests } from './hubs.js';
import type { PageInterpreter } from './page/page-interpreter.js';

/** Buffers this big or bigger are counted: the interpreter's memory, the zip, a snapshot. */
const BIG = 1_000_000;

interface EmscriptenFS {
  readdir(path: string): string[];
  lookupPath(path: string, options: { follow: boolean }): { node: { mode: number; contents?: unknown } };
  isDir(mode: number): boolean;
}

interface Interpreter {
  _module: { HEAPU8: Uint8Array };
  FS: EmscriptenFS;
}

/** The big buffers `runtime` owns: its wasm memory, and each file of its (in-memory) file system. */
function ownBuffers(runtime: PageInterpreter): number[] {
  const pyodide = runtime.pyodide as unknown as Interpreter;
  const sizes = [pyodide._module.HEAPU8.buffer.byteLength];
  const walk = (folder: string) => {
    for (const name of pyodide.FS.readdir(folder)) {
      const path = `${folder === '/' ? '' : folder}/${name}`;
      if (name === '.' || name === '..' || path === '/dev' || path === '/proc') continue;
      const { node } = pyodide.FS.lookupPath(path, { follow: false });
      if (pyodide.FS.isDir(node.mode)) walk(path);
      else if (node.contents instanceof Uint8Array) sizes.push(node.contents.buffer.byteLength);
    }
  };
  walk('/');
  return sizes.filter((size) => size >= BIG);
}

/**
 * Every interpreter the tests started, kept: one let go may or may not have been collected by the
 * time the buffers are counted (V8's hidden classes can keep an Emscripten getter, and its module's
 * scope, alive), and a kept one's buffers are known.
 */
const made: PageInterpreter[] = [];

/**
 * The page's big buffers alive after a full collection, less those the interpreters `made` own: ''
 * if none, else their sizes and, for every big buffer, what holds it.
 */
async function strayBuffers(): Promise<string> {
  const { sizes } = (await executeServerCommand('array-buffers', { minBytes: BIG })) as { sizes: number[] };
  const stray = [...sizes];
  for (const size of made.flatMap(ownBuffers)) {
    const at = stray.indexOf(size);
    // Not found: the heap snapshot no longer names buffers as this reads them, and the test would
    // pass whatever stayed alive.
    expect(at, `a buffer of ${size} bytes the interpreter owns, among ${sizes.join(', ')}`).to.not.equal(-1);
    stray.splice(at, 1);
  }
  if (!stray.length) return '';
  const held = (await executeServerCommand('array-buffers', { minBytes: BIG, holders: true })) as {
    sizes: number[];
    holders: string[];
  };
  const why = held.sizes.map((size, i) => `${size} bytes, held by ${held.holders[i]}`);
  return `stray: ${stray.join(', ')} bytes; of all big buffers:\n${why.join('\n')}`;
}

async function printed(code: string): Promise<string> {
  const el = mount(`<py-script>${code}</py-script>`);
  await nextEvent(el, 'py-done');
  return outputText(el);
}

describe('memory a start leaves alive', () => {
  afterEach(() => {
    unmountAll();
    resetRuntimeForTests();
  });

  const heapSnapshot = "a heap snapshot (which buffers are alive) comes from Chromium's DevTools protocol only";
  itExcept({ firefox: heapSnapshot, webkit: heapSnapshot })(
    "after a start from a snapshot, prebuilt or this browser's, only the interpreter's memory and its files",
    async () => {
      const { runtime: first, readings, attempts } = await firstVisitOnFastLink();
      made.push(...attempts);
      expect(first.fromSnapshot, readings).to.equal('prebuilt');
      expect(await printed('print("hello")')).to.equal('hello\n');
      // Measured once this browser's snapshot is stored: the worker that makes it, and the bytes it
      // sends back, are gone by then.
      const cache = await caches.open('py-elements');
      await waitFor(async () => (await cache.keys()).length === 1, 'the snapshot to be stored', 60_000);
      expect(await strayBuffers(), 'big buffers alive beside the interpreters').to.equal('');

      resetRuntimeForTests();
      const second = await getRuntime();
      made.push(second);
      expect(second.fromSnapshot).to.equal('cached');
      expect(await printed('print("again")')).to.equal('again\n');
      expect(await strayBuffers(), 'big buffers alive beside the interpreters').to.equal('');
    },
  );

  itExcept({ firefox: heapSnapshot, webkit: heapSnapshot })(
    "after a start on a slow link, with the xz standard library: not the xz decoder's memory",
    async () => {
      await caches.delete('py-elements');
      const token = `t${Date.now()}${Math.random().toString(36).slice(2, 8)}`;
      // 150 KB/s: under the xz zip's threshold (boot/stdlib.ts), as in snapshot-cache's test of it.
      mount(`<py-config>index-url = "/__test/paced/150000/0/${token}/wasm/"</py-config>`);
      resetRuntimeForTests();
      const runtime = await getRuntime();
      made.push(runtime);
      const started = performance.getEntriesByName('py-elements: interpreter started', 'mark').at(-1) as PerformanceMark;
      expect(started.detail).to.deep.include({ stdlib: 'compiled-xz' });
      expect(await printed('import csv\nprint(csv.__name__)')).to.equal('csv\n'); // from the rest part
      const cache = await caches.open('py-elements');
      await waitFor(async () => (await cache.keys()).length === 1, 'the snapshot to be stored', 60_000);
      // xz-decompress kept its decoder, and its 8 MB of memory, for the page's lifetime.
      expect(await strayBuffers(), 'big buffers alive beside the interpreters').to.equal('');
    },
  );
});
