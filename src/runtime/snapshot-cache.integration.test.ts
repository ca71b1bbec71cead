// Snapshots this browser makes and keeps in Cache Storage, and starting without one. Split from
// runtime-load.integration.test.ts: each test starts interpreters several times, and on a loaded
// machine one file of both outgrew the runner's per-file budget.
import {
  expect,
  hasJSPI,
  mount,
  nextEvent,
  outputText,
  runScriptMarkup,
  unmountAll,
  waitFor,
} from '../../test/browser/helpers.js';
import { firstVisitOnFastLink } from '../../test/browser/fast-link.js';
import '../../test/browser/elements.js';
import { getRuntime, resetRuntimeForTests } from './hubs.js';
import { version } from './version.js';
import { PYTHON_PACKAGE_HASH } from './boot/python-package.js';
import { pack, readPacked, unpack } from './boot/packed-snapshot.js';
import { findSnapshot, saveSnapshot } from './boot/snapshot.js';
import { rememberStdlib, rememberedStdlib } from './boot/stdlib.js';

describe('snapshots kept in Cache Storage', () => {
  afterEach(unmountAll);

  // First in this file: it needs the page's first start, before the loader's code is in the page.
  it("asks for the wasm before the loader's own code has arrived, and for each big file once", async () => {
    const token = `t${Date.now()}${Math.random().toString(36).slice(2, 8)}`;
    const folder = `/__test/paced/1000000000/0/${token}/wasm/`;
    // JSON: TOML would import its parser first, and the early request would wait for that.
    const config = mount(`<py-config>{"index-url": "${folder}", "snapshot": false}</py-config>`);
    resetRuntimeForTests();
    await getRuntime();
    const entries = performance.getEntriesByType('resource') as PerformanceResourceTiming[];
    // The loader's code is page/load.ts and what it imports (one chunk in a build; modules here, where
    // load.ts alone arrives within a millisecond): the wasm is asked for before the start code it
    // imports has arrived. Without the early request it came hundreds of milliseconds later, once that
    // code had arrived and run.
    const loader = entries.find((entry) => new URL(entry.name).pathname.endsWith('/runtime/boot/start-interpreter.ts'));
    expect(loader, "the loader's start code, fetched at the first start").to.not.equal(undefined);
    const wasm = entries.find((entry) => entry.name.endsWith(`${folder}pyodide.asm.wasm`));
    expect(wasm!.startTime).to.be.below(loader!.responseEnd);
    const requests = (await (await fetch(`/__test/paced-requests/${token}`)).json()) as Record<string, number>;
    expect(requests['pyodide.asm.wasm'], 'the wasm').to.equal(1);
    expect(requests['python_stdlib.compiled.zip.startup'], 'the standard library').to.equal(1);
    expect(requests['python_stdlib.compiled.zip.rest'], 'the rest of it').to.equal(1);
    config.remove();
  });

  it('keeps a snapshot made by this browser and starts from it next time', async () => {
    const { runtime: first, readings } = await firstVisitOnFastLink();
    // Without JSPI (WebKit) the prebuilt snapshot is not used (runtime-load's tests): Python starts
    // the ordinary way, and this browser makes its own snapshot all the same.
    expect(first.fromSnapshot, readings).to.equal(hasJSPI ? 'prebuilt' : false);
    if (!hasJSPI) {
      const prebuilt = performance.getEntriesByType('resource').filter((e) => e.name.endsWith('/interpreter-snapshot.bin.gz'));
      expect(prebuilt, 'the prebuilt snapshot is never fetched without JSPI').to.deep.equal([]);
    }
    const cache = await caches.open('py-elements');
    await waitFor(async () => (await cache.keys()).length === 1, 'the snapshot to be stored', 60_000);
    const [entry] = await cache.keys();
    // The entry's layout, Pyodide version, wasm and stdlib hashes, py-elements version and Python package, then the
    // browser, the interpreter folder and the standard library zip it was made with.
    expect(entry.url).to.match(
      new RegExp(
        `/\\.py-elements/interpreter-snapshot-pes2-314\\.0\\.7-[0-9a-f]{16}-[0-9a-f]{8}-pe${version.replace(/\./g, '\\.')}-py${PYTHON_PACKAGE_HASH}-[0-9a-z]+-[0-9a-z]+-compiled\\.bin$`,
      ),
    );
    const stored = await cache.match(entry);
    expect(stored!.headers.get('X-Py-Elements-Sha256')).to.match(/^[0-9a-f]{64}$/);
    // Kept as its non-zero pages (packed-snapshot.ts): well under the ~31 MB it unpacks to.
    const length = Number(stored!.headers.get('X-Py-Elements-Length'));
    expect(length).to.be.above(20_000_000);
    expect((await stored!.arrayBuffer()).byteLength).to.be.below(length * 0.6);

    // The zip the first start installed is asked for at once, beside the wasm: not once the snapshot
    // lookup has answered, which here takes 3 s (Cache Storage answered ~100-200 ms late in a page
    // that was loading, and the instantiation then waited for the zip).
    const open = caches.open.bind(caches);
    caches.open = (name) => new Promise((resolve) => setTimeout(resolve, 3000)).then(() => open(name));
    const zips: PerformanceResourceTiming[] = [];
    const observer = new PerformanceObserver((list) => {
      for (const entry of list.getEntries())
        if (entry.name.includes('/python_stdlib')) zips.push(entry as PerformanceResourceTiming);
    });
    observer.observe({ type: 'resource' });
    const asked = performance.now();
    resetRuntimeForTests();
    const second = await getRuntime().finally(() => (caches.open = open));
    observer.disconnect();
    // Both parts, each once; listed as each finished (Firefox's rest part may finish first).
    expect(zips.map((zip) => zip.name.split('/').pop())).to.have.members([
      'python_stdlib.compiled.zip.startup',
      'python_stdlib.compiled.zip.rest', // from the HTTP cache: not held back (see the next tests)
    ]);
    for (const zip of zips) expect(zip.startTime - asked, `${zip.name} asked for before the lookup answered`).to.be.below(2000);
    expect(second.fromSnapshot).to.equal('cached');
    // Our package came with it: the worker imported it before it took the snapshot.
    const secondStarted = performance.getEntriesByName('py-elements: interpreter started', 'mark').at(-1) as PerformanceMark;
    expect(secondStarted.detail).to.deep.include({ pythonPackage: 'snapshot' });
    // Its length known from the entry, Pyodide instantiated while the bytes were read and checked.
    const restored = performance.getEntriesByName('py-elements: snapshot restored', 'mark').at(-1) as PerformanceMark;
    // Its stored pages copied into the memory as they are (no 31 MB unpacked first), and its zero
    // pages not written there (sparse-restore.ts).
    expect(restored.detail).to.deep.include({ readMeanwhile: true, packed: true });
    const { bytes, written } = restored.detail as { bytes: number; written: number };
    expect(written, `${written} of ${bytes} bytes written`).to.be.within(1, bytes * 0.75);
    const el = mount('<py-script>import json, textwrap\nprint(json.dumps(textwrap.wrap("from a snapshot", 8)))</py-script>');
    await nextEvent(el, 'py-done');
    expect(outputText(el)).to.equal('["from a", "snapshot"]\n');

    // The zip remembered is not always the snapshot's (another page of the site started without it):
    // the snapshot's own is used, not whichever zip the server answered first.
    const started = performance.getEntriesByName('py-elements: interpreter started', 'mark').at(-1) as PerformanceMark;
    const { indexURL } = started.detail as { indexURL: string };
    rememberStdlib(indexURL, 'compiled-xz');
    resetRuntimeForTests();
    // Should it fail, the next tests still find the zip remembered that they expect.
    const third = await getRuntime().finally(() => rememberStdlib(indexURL, 'compiled'));
    expect(third.fromSnapshot).to.equal('cached');
    const last = performance.getEntriesByName('py-elements: interpreter started', 'mark').at(-1) as PerformanceMark;
    expect(last.detail).to.deep.include({ stdlib: 'compiled' });
  });

  it('starts afresh, replacing it, when the cached snapshot is unusable', async () => {
    const cache = await caches.open('py-elements');
    const [entry] = await cache.keys();
    // Intact (its hash matches) but not a snapshot this interpreter can restore: a piece of garbage,
    // packed with its length (Pyodide instantiates while it is read, then refuses it), not packed
    // (an entry of another layout: damaged), and without a length (not used at all).
    const garbage = new Uint8Array(65536).map((_, i) => (i * 7) % 256);
    const entries: Array<[string, Uint8Array, string | undefined]> = [
      ['packed', pack(garbage), String(garbage.length)],
      ['not packed', garbage, String(garbage.length)],
      ['no length', pack(garbage), undefined],
    ];
    for (const [what, bytes, length] of entries) {
      const hash = Array.from(new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as BufferSource)), (b) =>
        b.toString(16).padStart(2, '0'),
      ).join('');
      const headers = { 'X-Py-Elements-Sha256': hash, ...(length ? { 'X-Py-Elements-Length': length } : {}) };
      await cache.put(entry, new Response(bytes as BufferSource, { headers }));
      resetRuntimeForTests();
      const { warn } = console;
      const warnings: unknown[][] = [];
      console.warn = (...args: unknown[]) => warnings.push(args);
      const runtime = await getRuntime().finally(() => (console.warn = warn));
      if (length) {
        expect(runtime.fromSnapshot, what).to.be.false;
        expect(String(warnings[0]?.[0]), what).to.contain('the cached interpreter snapshot could not be used');
      } else {
        expect(runtime.fromSnapshot, what).to.not.equal('cached'); // the prebuilt one may serve
      }
      expect(runtime.pyodide.runPython('1 + 1')).to.equal(2);
      await waitFor(
        async () => ((await (await cache.match(entry))?.arrayBuffer())?.byteLength ?? 0) > 1_000_000,
        `a good snapshot in place of the ${what} one`,
        60_000,
      );
    }
  });

  it('the worker that makes it downloads none of the big interpreter files again: the page hands them over', async () => {
    // A host that forbids caching (no-store), where every download would be a second one.
    await caches.delete('py-elements');
    const token = `t${Date.now()}${Math.random().toString(36).slice(2, 8)}`;
    mount(`<py-config>index-url = "/__test/paced/1000000000/0/${token}/wasm/"</py-config>`);
    resetRuntimeForTests();
    await getRuntime();
    // This folder's entry: an earlier test's background snapshot may land after the delete above.
    const folder = `${location.origin}/__test/paced/1000000000/0/${token}/wasm/`;
    await waitFor(async () => !!(await findSnapshot(folder)), 'the snapshot to be stored', 60_000);
    const requests = (await (await fetch(`/__test/paced-requests/${token}`)).json()) as Record<string, number>;
    expect(requests['pyodide.asm.wasm'], 'the wasm').to.equal(1);
    expect(requests['python_stdlib.compiled.zip.startup'], 'the standard library').to.equal(1);
    expect(requests['python_stdlib.compiled.zip.rest'], 'the rest of it').to.equal(1);
    expect(requests['python_stdlib.zip'], "Pyodide's source-only one").to.equal(undefined);
    expect(requests['pyodide-lock.json'], 'the lock file').to.equal(1);
    resetRuntimeForTests();
    unmountAll();
    mount(`<py-config>index-url = "/__test/paced/1000000000/0/${token}/wasm/"</py-config>`);
    const next = await getRuntime();
    expect(next.fromSnapshot, 'the snapshot it made restores').to.equal('cached');
    expect(next.pyodide.runPython('import json; json.dumps([1])')).to.equal('[1]');
  });

  it('starts the ordinary way where there is no prebuilt snapshot, or with snapshot = "cache"', async () => {
    await caches.delete('py-elements');
    const config = mount('<py-config>index-url = "/node_modules/pyodide/"</py-config>');
    resetRuntimeForTests();
    // node_modules/pyodide has no prebuilt snapshot and no compiled standard library: 404s, not errors.
    const bare = await getRuntime();
    expect(bare.fromSnapshot).to.equal(false);
    expect(bare.pyodide.runPython('6 * 7')).to.equal(42);
    expect(bare.pyodide.runPython('import asyncio; asyncio.__file__')).to.match(/\/asyncio\/__init__\.py$/);
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

  it('starts with the compiled standard library: what Python imports at start-up is bytecode, the rest source', async () => {
    await caches.delete('py-elements');
    // A folder this browser has not started from (none remembered: its first visit), without a snapshot.
    const token = `t${Date.now()}${Math.random().toString(36).slice(2, 8)}`;
    mount(`<py-config>index-url = "/__test/paced/1000000000/0/${token}/wasm/"\nsnapshot = false</py-config>`);
    resetRuntimeForTests();
    const runtime = await getRuntime();
    expect(runtime.fromSnapshot).to.equal(false);
    // In two parts: Python starts from the first (its start-up modules and the zip's directory); the
    // rest is asked for once that is in, so that it does not share the link with it.
    const zips = (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).filter((entry) =>
      entry.name.includes('/wasm/python_stdlib'),
    );
    const [startup, rest] = zips.slice(-2);
    expect(startup!.name).to.match(/\/wasm\/python_stdlib\.compiled\.zip\.startup$/);
    expect(rest!.name).to.match(/\/wasm\/python_stdlib\.compiled\.zip\.rest$/);
    expect(rest!.startTime).to.be.at.least(startup!.responseEnd);
    // Whole once the start is done: every entry's bytes match its checksum, the rest's included.
    const zip = 'import sys, zipfile; zipfile.ZipFile(next(p for p in sys.path if p.endswith(".zip")))';
    expect(runtime.pyodide.runPython(`${zip}.testzip()`)).to.equal(undefined);
    const file = (module: string) => runtime.pyodide.runPython(`import ${module}; ${module}.__file__`) as string;
    expect(file('asyncio')).to.match(/\/asyncio\/__init__\.pyc$/);
    expect(file('csv')).to.match(/\/csv\.py$/); // in the rest part
    // A traceback through compiled code still names the file and line (only the source line is gone).
    const { detail } = await runScriptMarkup('<py-script>import json\njson.loads("{")</py-script>');
    expect(detail.ok).to.be.false;
    expect(detail.error).to.match(/File "\/lib\/python\d+\.zip\/json\/decoder\.py", line \d+, in raw_decode/);
    expect(detail.error).to.contain('json.decoder.JSONDecodeError: Expecting property name enclosed in double quotes');
  });

  it('on a slow link starts from the xz standard library, with its bytecode, and restores its own snapshot with it', async () => {
    await caches.delete('py-elements');
    const token = `t${Date.now()}${Math.random().toString(36).slice(2, 8)}`;
    // 150 KB/s (1.2 Mbit/s): under the xz zip's threshold (boot/stdlib.ts), whatever the meter's error.
    const folder = `/__test/paced/150000/0/${token}/wasm/`;
    mount(`<py-config>index-url = "${folder}"</py-config>`);
    resetRuntimeForTests();
    const first = await getRuntime();
    expect(first.fromSnapshot).to.equal(false);
    const csv = `import csv, io; list(csv.reader(io.StringIO("a,b")))[0]`;
    expect(first.pyodide.runPython(csv).toJs()).to.deep.equal(['a', 'b']);
    // Unpacked as it arrived: the compiled zip's files, bytecode for what Python imports at start-up.
    expect(first.pyodide.runPython('import asyncio; asyncio.__file__')).to.match(/\/asyncio\/__init__\.pyc$/);
    expect(first.pyodide.runPython('import csv; csv.__file__')).to.match(/\/csv\.py$/);
    const paced = async (what: 'requests' | 'cut') =>
      (await (await fetch(`/__test/paced-${what}/${token}`)).json()) as Record<string, number>;
    const requests = () => paced('requests');
    // Asked for at once, on the guess of a fast link, and dropped when the link read slow: with JSPI
    // the prebuilt snapshot (the compiled zip's rest part waits for it to be kept, so is never asked
    // for), else the compiled zip's start-up part (its request closed). The xz zip's rest part was
    // asked for once its start-up part was in.
    expect(Object.keys(await requests()).filter((file) => file.startsWith('python_stdlib'))).to.have.members([
      ...(hasJSPI ? [] : ['python_stdlib.compiled.zip.startup']),
      'python_stdlib.compiled.zip.startup.xz',
      'python_stdlib.compiled.zip.rest.xz',
    ]);
    if (hasJSPI) expect((await requests())['interpreter-snapshot.bin.gz']).to.equal(1);
    else expect(await paced('cut')).to.deep.equal({ 'python_stdlib.compiled.zip.startup': 1 });
    // A revisit reads the wasm from the HTTP cache, as if the link were fast: the zip it has is used.
    expect(rememberedStdlib(`${location.origin}${folder}`)).to.equal('compiled-xz');
    // Other tests' snapshots may be stored meanwhile (each start makes one in the background).
    const cache = await caches.open('py-elements');
    const made = async () => (await cache.keys()).filter((request) => request.url.endsWith('-compiled-xz.bin'));
    await waitFor(async () => (await made()).length === 1, 'the snapshot to be stored', 60_000);

    // Next visit: its snapshot, with the zip it was made with (a module not imported yet reads the zip).
    resetRuntimeForTests();
    const next = await getRuntime();
    expect(next.fromSnapshot).to.equal('cached');
    expect(next.pyodide.runPython(csv).toJs()).to.deep.equal(['a', 'b']);
    expect(await requests()).to.deep.include({
      'python_stdlib.compiled.zip.startup.xz': 2,
      'python_stdlib.compiled.zip.rest.xz': 2,
    });
  });

  it('does not use an entry whose bytes are damaged, and drops it', async () => {
    // 64 flipped bytes in the middle: the length is right, and Pyodide may well have started from it.
    const indexURL = `${location.origin}/test-index/`;
    const bytes = new Uint8Array(1_000_000).map((_, i) => i % 251);
    await saveSnapshot(indexURL, 'compiled-xz', bytes);
    const saved = await findSnapshot(indexURL);
    expect(saved?.stdlib, 'the standard library it was made with').to.equal('compiled-xz');
    expect(unpack(readPacked(await saved!.bytes)!)).to.deep.equal(bytes);
    const cache = await caches.open('py-elements');
    let entry!: Request; // ours is the 1 MB one (a real snapshot, stored in the background meanwhile, is ~31 MB)
    for (const request of await cache.keys()) {
      if ((await cache.match(request))!.headers.get('X-Py-Elements-Length') === String(bytes.length)) entry = request;
    }
    const stored = await cache.match(entry);
    const damaged = new Uint8Array(await stored!.arrayBuffer());
    for (let i = 0; i < 64; i++) damaged[500_000 + i] ^= 0xff;
    await cache.put(entry, new Response(damaged, { headers: stored!.headers }));
    const found = await findSnapshot(indexURL);
    const error = await found?.bytes.then(
      () => undefined,
      (reason: unknown) => reason,
    );
    expect(String(error)).to.contain('the cached interpreter snapshot is damaged');
    expect(await cache.match(entry), 'the damaged entry is deleted').to.equal(undefined);
  });

  it("deletes other versions' entries when it stores its own, and leaves the rest alone", async () => {
    await caches.delete('py-elements');
    const cache = await caches.open('py-elements');
    const path = `${location.origin}/.py-elements/interpreter-snapshot-`;
    const olderPyodide = `${path}314.0.6-0123456789abcdef.bin`;
    const olderPyElements = `${path}314.0.7-0123456789abcdef-01234567-pe0.0.1-00000000-00000000.bin`;
    const unrelated = `${location.origin}/.py-elements/something-else.json`;
    for (const url of [olderPyodide, olderPyElements, unrelated]) await cache.put(url, new Response('x'));
    await saveSnapshot(`${location.origin}/one/`, 'compiled', new Uint8Array(10));
    await saveSnapshot(`${location.origin}/two/`, 'compiled', new Uint8Array(10)); // another folder of this version stays
    const left = (await cache.keys()).map((request) => request.url);
    expect(left).to.include(unrelated);
    expect(left).to.not.include(olderPyodide);
    expect(left).to.not.include(olderPyElements);
    expect(left.filter((url) => url.includes(`-pe${version}-`))).to.have.length(2);
  });

  it('says which zip it installed from the answer to the chosen request, not the first one', async () => {
    // A folder without the compiled zip (a partial deploy), which this browser remembers, and a
    // snapshot made with the xz one: the remembered request falls back to Pyodide's own zip,
    // answered first here (the xz one comes 1.5 s late); the zip chosen (the snapshot's) is the
    // xz one.
    const token = `t${Date.now()}${Math.random().toString(36).slice(2, 8)}`;
    const folder = `/__test/without/python_stdlib.compiled.zip.startup/late/python_stdlib.compiled.zip.startup.xz/${token}/wasm/`;
    const indexURL = `${location.origin}${folder}`;
    rememberStdlib(indexURL, 'compiled');
    // Not a snapshot this interpreter can restore: it starts afresh, with the xz zip.
    await saveSnapshot(
      indexURL,
      'compiled-xz',
      new Uint8Array(65536).map((_, i) => (i * 7) % 256),
    );
    mount(`<py-config>index-url = "${folder}"</py-config>`);
    resetRuntimeForTests();
    const { warn } = console;
    console.warn = () => {}; // the unusable snapshot's warning (checked above)
    const runtime = await getRuntime().finally(() => (console.warn = warn));
    const started = performance.getEntriesByName('py-elements: interpreter started', 'mark').at(-1) as PerformanceMark;
    expect(started.detail).to.deep.include({ indexURL, stdlib: 'compiled-xz' });
    expect(runtime.pyodide.runPython('import csv; csv.__name__')).to.equal('csv');
    unmountAll();
  });
});
