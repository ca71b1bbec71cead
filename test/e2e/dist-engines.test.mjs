// The built library (dist/) in Firefox and WebKit: what dist.test.mjs checks in Chromium that can
// differ by engine (the interpreter's start, neither Python nor the elements' code on a page without
// elements, the worker with and without isolation). PY_ENGINES (default all) leaves engines out.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { selectedEngines } from '../../scripts/engines.mjs';
import { ERROR_RECORDER, openPage } from './engines.mjs';
import { PYTHON_TIMEOUT, buildLibrary, removeBuild, startServer, waitUntil } from './support.mjs';

const HEAD = `<!doctype html><link rel=icon href="data:,">${ERROR_RECORDER}<script type="module" src="/a/py-elements.js"></script>`;

const PAGES = {
  '/plain.html': `${HEAD}<py-script>print("hi")</py-script>`,
  '/no-python.html': `${HEAD}<p>This page has no Python on it.</p>`,
  '/plain-worker.html': `${HEAD}<py-script worker>import js
print("worker", not hasattr(js, "document"))</py-script>`,
  // The error is caught: WebKitWebDriver fails every later script of a page that logged one.
  '/isolated-worker.html': `${HEAD}<p id="target">before</p>
<py-script worker>print("worker runs")
try:
    document.querySelector("#target").textContent = "from the worker"
except RuntimeError as error:
    print("unreachable:", error)</py-script>`,
};

/** COOP/COEP for the isolated page; COEP for every file (its worker script needs it, others ignore it). */
function isolation(pathname) {
  if (pathname === '/isolated-worker.html') {
    return { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };
  }
  return pathname.endsWith('.html') ? {} : { 'Cross-Origin-Embedder-Policy': 'require-corp' };
}

/** The page's state: first element's output and error, recorded errors, requested URLs. */
const snapshot = () => ({
  output: document.querySelector('py-script .py-output')?.textContent ?? null,
  error: document.querySelector('py-script .py-error')?.textContent ?? null,
  errors: window.__errors,
  requests: performance.getEntriesByType('resource').map((entry) => entry.name),
  defined: !!customElements.get('py-script'),
  // py-elements.js ran: <py-config> is defined by the entry itself.
  entryRan: !!customElements.get('py-config'),
  target: document.querySelector('#target')?.textContent ?? null,
  isolated: crossOriginIsolated,
  sharedMemory: typeof SharedArrayBuffer === 'function',
});

let dist;
let server;

before(async () => {
  dist = await buildLibrary('dist-engines');
  server = await startServer({ pages: PAGES, mounts: [['/a/', dist]], headers: isolation });
});

after(async () => {
  await server?.close();
  await removeBuild(dist);
});

/** Opens path in engine and polls the page until `done(state)`; returns the last state. */
async function visit(engine, path, done, timeout = PYTHON_TIMEOUT) {
  const page = await openPage(engine, server.origin + path);
  try {
    let state;
    await waitUntil(
      async () => {
        state = await page.evaluate(snapshot);
        return done(state);
      },
      { timeout, describe: () => `${path} in ${engine}: ${JSON.stringify({ ...state, requests: undefined })}` },
    );
    return state;
  } finally {
    await page.close();
  }
}

for (const engine of selectedEngines().filter((name) => name !== 'chromium')) {
  describe(`dist/py-elements.js in ${engine}`, () => {
    test('a plain page shows hi, with every file from its own server', async () => {
      const state = await visit(engine, '/plain.html', (s) => s.output === 'hi\n' || s.error);
      assert.equal(state.error, null);
      assert.equal(state.output, 'hi\n');
      const foreign = state.requests.filter((url) => !url.startsWith(`${server.origin}/`));
      assert.deepEqual(foreign, []);
      assert.ok(state.requests.includes(`${server.origin}/a/wasm/pyodide.asm.wasm`), 'the interpreter came from /a/wasm/');
      assert.deepEqual(state.errors, []);
    });

    test("a page without elements loads neither Python nor the elements' code", async () => {
      const start = Date.now();
      const state = await visit(engine, '/no-python.html', (s) => s.entryRan && Date.now() - start > 1500, 20_000);
      assert.deepEqual(
        state.requests.filter((url) => url.includes('/wasm/') || /\/a\/elements-[\w-]+\.js$/.test(url)),
        [],
      );
      assert.equal(state.defined, false, '<py-script> is defined only once a page has one');
      assert.deepEqual(state.errors, []);
    });

    test('<py-script worker> runs in the built worker on an ordinary page', async () => {
      // A worker's output may arrive in more than one batch: wait for the whole line.
      const state = await visit(engine, '/plain-worker.html', (s) => s.output?.endsWith('\n') || s.error);
      assert.equal(state.output, 'worker True\n');
      assert.deepEqual(state.errors, []);
    });

    test('on an isolated page the worker reaches the page, or says in plain words why not', async () => {
      const state = await visit(
        engine,
        '/isolated-worker.html',
        // Whole lines only: the page's text can change before the worker's next output batch.
        (s) => s.error || (s.output?.endsWith('\n') && (s.target !== 'before' || s.output.includes('unreachable'))),
      );
      assert.equal(state.isolated, true, 'the page is cross-origin isolated');
      assert.equal(state.error, null);
      if (state.sharedMemory) {
        assert.equal(state.output, 'worker runs\n');
        assert.equal(state.target, 'from the worker');
      } else {
        // WebKitGTK: isolated, but no SharedArrayBuffer for the bridge.
        assert.match(state.output, /^worker runs\nunreachable: .*this page is, but this browser gives it no SharedArrayBuffer/);
      }
    });
  });
}
