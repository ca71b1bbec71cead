// A failed load is abandoned while its download or compile may still finish late; a retry started
// meanwhile must fail only for its own reasons (seen in WebKit: a stalled load's failure reached the
// next load). The corrupt route serves a 9.6 MB file of the right size that is not WebAssembly.
import { expect, waitFor } from '../../../test/browser/helpers.js';
import { watchFetches, watchWasmCompile, type FetchWatch } from './fetch-watch.js';

const corruptWasm = () =>
  `/__test/fault-once/corrupt/t${Date.now()}-${Math.random().toString(36).slice(2)}/wasm/pyodide.asm.wasm`;

/** 'failed: message' if the watch failed within a moment, else 'quiet'. */
const outcome = (watch: FetchWatch) =>
  Promise.race([
    watch.failed.catch((error: Error) => `failed: ${error.message}`),
    new Promise<string>((resolve) => setTimeout(() => resolve('quiet'), 300)),
  ]);

describe('watchWasmCompile of a retry', () => {
  let stops: (() => void)[] = [];
  afterEach(() => {
    for (const stop of stops.reverse()) stop();
    stops = [];
  });
  function watchLoad() {
    const download = watchFetches(() => true, { received() {} });
    const compile = watchWasmCompile(download);
    stops.push(download.stop, compile.stop);
    return { download, compile };
  }

  it('ignores the late compile failure of an earlier, abandoned load, and reports its own', async () => {
    const earlier = watchLoad();
    const lateResponse = await fetch(corruptWasm());
    const lateBytes = await (await fetch(corruptWasm())).arrayBuffer();
    earlier.download.stop();
    earlier.compile.stop();

    const retry = watchLoad();
    const streamed = await WebAssembly.instantiateStreaming(lateResponse).catch((error: Error) => error);
    expect(streamed, 'the late compile still fails for whoever awaits it').to.be.instanceOf(Error);
    await WebAssembly.instantiate(new Uint8Array(lateBytes)).catch(() => {});
    expect(await outcome(retry.compile), "the earlier load's failures are not the retry's").to.equal('quiet');

    const own = await (await fetch(corruptWasm())).arrayBuffer();
    await WebAssembly.instantiate(own).catch(() => {});
    expect(await outcome(retry.compile)).to.match(
      /^failed: The Python interpreter \(pyodide\.asm\.wasm\) is not valid WebAssembly: /,
    );
  });

  it("reports a streamed compile of the retry's own download", async () => {
    const retry = watchLoad();
    const error = await WebAssembly.instantiateStreaming(fetch(corruptWasm())).catch((e: Error) => e);
    expect(error).to.be.instanceOf(Error);
    expect(await outcome(retry.compile)).to.match(
      /^failed: The Python interpreter \(pyodide\.asm\.wasm\) is not valid WebAssembly: /,
    );
  });
});

describe('watchFetches stopped out of order', () => {
  it('passes requests on, and hands nobody what it fetched ahead', async () => {
    // A start's watch and a run's package watch overlap and may stop in either order; the one that
    // stops first then stays in the chain of fetch wrappers.
    const native = globalThis.fetch;
    const url = new URL('/wasm/pyodide-lock.json', location.href).href;
    let fetchedAhead: (response: Response) => void = () => {};
    const ahead = new Promise<Response>((resolve) => (fetchedAhead = resolve));
    try {
      const first = watchFetches(() => true, { received() {}, answered: (_, response) => fetchedAhead(response) });
      first.prefetch(url);
      const second = watchFetches(() => true, { received() {} });
      first.stop(); // out of order: the second is the page's fetch, the first is under it
      second.stop(); // puts the first's wrapper back as the page's fetch
      // Its answer, however long the loaded machine takes (a fixed 100 ms failed under the full suite).
      const early = await ahead;
      const response = await fetch(url);
      expect(response).to.not.equal(early);
      expect(Object.keys((await response.json()) as object)).to.include('packages');
    } finally {
      globalThis.fetch = native;
    }
  });
});

describe('watchFetches drop', () => {
  const paced = async (what: 'requests' | 'cut', token: string) =>
    (await (await fetch(`/__test/paced-${what}/${token}`)).json()) as Record<string, number>;

  it('aborts a prefetch nobody took, and what it fell back to, without failing the watch', async () => {
    const token = `t${Date.now()}${Math.random().toString(36).slice(2, 8)}`;
    // 100 KB/s: a zip of megabytes is still arriving when it is dropped.
    const folder = `/__test/paced/100000/0/${token}/wasm/`;
    const url = (file: string) => new URL(`${folder}${file}`, location.href).href;
    const native = globalThis.fetch;
    let received = 0;
    const watch = watchFetches(() => true, { received: (bytes) => (received += bytes) });
    try {
      // A name the folder has not: it falls back to the compiled zip's first part, then the one cut.
      watch.fallBack(url('missing.zip'), url('python_stdlib.compiled.zip.startup'));
      watch.prefetch(url('missing.zip'));
      watch.prefetch(url('python_stdlib.zip'));
      await waitFor(() => received > 100_000, 'the first bytes of both');
      watch.drop(url('missing.zip'));
      watch.drop(url('python_stdlib.zip'));
      await waitFor(async () => Object.keys(await paced('cut', token)).length === 2, 'both requests to be closed');
      expect(await paced('cut', token)).to.deep.equal({ 'python_stdlib.compiled.zip.startup': 1, 'python_stdlib.zip': 1 });
      expect(await outcome(watch), 'a dropped download is no failure').to.equal('quiet');
      // Nobody gets a dropped response: the URL is asked for afresh.
      const again = await fetch(url('python_stdlib.zip'));
      expect(again.ok).to.equal(true);
      expect((await paced('requests', token))['python_stdlib.zip']).to.equal(2);
    } finally {
      watch.stop();
      globalThis.fetch = native;
    }
  });
});

describe('a response provided to the watch', () => {
  it('answers the next request of its URL, once, without asking the network', async () => {
    const url = `${location.origin}/__test/paced-requests/provided-${Date.now()}`;
    let requests = 0;
    const watch = watchFetches((asked) => asked === url, { received() {}, requested: () => requests++ });
    try {
      watch.provide(url, new Response('made here'));
      expect(await (await fetch(url)).text()).to.equal('made here');
      expect(requests, 'no request made').to.equal(0);
      expect(await (await fetch(url)).text(), 'the next one goes to the server').to.equal('{}');
      expect(requests).to.equal(1);
    } finally {
      watch.stop();
    }
  });
});
