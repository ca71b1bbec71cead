// End-to-end tests of the built bundle (py-elements.js + wasm/, from `npm run build`) in a real
// Chromium. Run with `node --test test/e2e/` (Node 20). Builds once, serves the build from a
// throwaway node:http server on 127.0.0.1, and drives Debian's /usr/bin/chromium through
// playwright-core (never a downloaded browser); the helpers are in support.mjs.
import assert from 'node:assert/strict';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import {
  PYTHON_TIMEOUT,
  assertNoErrors,
  buildLibrary,
  launchBrowser,
  record,
  removeBuild,
  startServer,
  waitUntil,
} from './support.mjs';

// Every page gets an inline favicon: otherwise Chromium asks for /favicon.ico, which 404s and logs
// a console error that would hide (or fake) the errors these tests look for.
const HEAD = '<!doctype html><link rel=icon href="data:,">';

const PAGES = {
  '/plain.html': `${HEAD}<script type="module" src="/a/py-elements.js"></script><py-script>print("hi")</py-script>`,

  '/no-python.html': `${HEAD}<script type="module" src="/a/py-elements.js"></script>
<p>This page has no Python on it.</p>`,

  '/twice.html': `${HEAD}<script type="module" src="/a/py-elements.js"></script>
<script type="module" src="/b/py-elements.js"></script>
<py-script id="first">x = 41</py-script>
<py-script id="second">print(x + 1)</py-script>`,

  '/taken.html': `${HEAD}<script>customElements.define('py-script', class extends HTMLElement {});</script>
<script type="module" src="/a/py-elements.js"></script>
<script type="module">document.title = 'still alive';</script>`,

  // Served cross-origin isolated (see isolation()): worker code reaches the page.
  '/isolated-worker.html': `${HEAD}<script type="module" src="/a/py-elements.js"></script>
<p id="target">before</p>
<py-script worker>document.querySelector("#target").textContent = "from the worker"
print("worker", element.localName)</py-script>`,

  '/plain-worker.html': `${HEAD}<script type="module" src="/a/py-elements.js"></script>
<py-script worker>import js
print("worker", not hasattr(js, "document"))</py-script>`,

  // Below the fold: nothing needs Python or Monaco; scrolled to, its toolbar renders.
  '/korean.html': `<!doctype html><html lang="ko"><link rel=icon href="data:,">
<script type="module" src="/a/py-elements.js"></script>
<py-repl load="visible" style="margin-top: 3000px">print(1)</py-repl>`,

  // Served from /c/, where the elements' chunk is missing (a partial deploy): see mountsFor.
  '/c/chunk-missing.html': `${HEAD}<script type="module" src="/c/py-elements.js"></script>
<py-script>print("never")</py-script>
<script type="module">document.title = 'still alive';</script>`,

  // In view at once, with nothing to run: the elements' code is all the page asks for.
  '/repl-near.html': `${HEAD}<script type="module" src="/a/py-elements.js"></script>
<py-repl editor="plain" no-persist>print(1)</py-repl>`,

  '/index-url.html': `${HEAD}<script type="module" src="/a/py-elements.js" data-index-url="/other-wasm/"></script>
<py-script>print("from other")</py-script>`,
};

/** URL prefix → directory on disk, given the build's directory. */
const mountsFor = (dist) => [
  ['/a/', dist],
  ['/b/', dist],
  ['/c/', dist],
  ['/other-wasm/', join(dist, 'wasm')],
];

/** Under /c/, the elements' chunk is not there (answered 404). */
async function missingChunk(dist) {
  const chunk = (await readdir(dist)).find((name) => /^elements-[\w-]+\.js$/.test(name));
  assert.ok(chunk, "the build has an elements' chunk");
  return { [`/c/${chunk}`]: join(dist, 'not-deployed', chunk) };
}

/** COOP/COEP for the isolated page; COEP for every file (its worker script needs it, others ignore it). */
function isolation(pathname) {
  if (pathname === '/isolated-worker.html') {
    return { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };
  }
  return pathname.endsWith('.html') ? {} : { 'Cross-Origin-Embedder-Policy': 'require-corp' };
}

let dist;
let server;
let origin;
let browser;

/**
 * Opens `path` in a fresh context and records what happens. `fn` gets the page and the records;
 * the context is always closed.
 */
async function withPage(path, fn) {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const seen = record(page);
    await page.goto(origin + path, { waitUntil: 'load' });
    return await fn(page, seen);
  } finally {
    await context.close();
  }
}

/** Waits until `<py-script>` output (matched by `selector`) reads `expected`; fails fast on a Python error. */
async function expectOutput(page, seen, selector, expected) {
  const output = page.locator(selector);
  let last = '';
  await waitUntil(
    async () => {
      const error = page.locator(`${selector} .py-error`);
      if (await error.count()) assert.fail(`${selector} shows an error:\n${await error.first().textContent()}`);
      last = (await output.count()) ? ((await output.first().textContent()) ?? '') : '<no output element>';
      return last === expected;
    },
    {
      timeout: PYTHON_TIMEOUT,
      describe: () =>
        `${selector} is ${JSON.stringify(last)}, expected ${JSON.stringify(expected)}. ` +
        `Page errors: ${JSON.stringify(seen.pageErrors)}; console errors: ${JSON.stringify(seen.consoleErrors())}`,
    },
  );
}

describe('dist/py-elements.js in Chromium', () => {
  before(async () => {
    dist = await buildLibrary('dist');
    server = await startServer({ pages: PAGES, files: await missingChunk(dist), mounts: mountsFor(dist), headers: isolation });
    origin = server.origin;
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await server?.close();
    await removeBuild(dist);
  });

  test('a plain page shows hi', async () => {
    await withPage('/plain.html', async (page, seen) => {
      await expectOutput(page, seen, 'py-script .py-output', 'hi\n');
      const foreign = seen.requests.filter((url) => !url.startsWith('data:') && !url.startsWith(`${origin}/`));
      assert.deepEqual(foreign, [], 'every request goes to the page’s own server');
      assert.ok(seen.paths().includes('/a/wasm/pyodide.asm.wasm'), 'the interpreter came from /a/wasm/');
      assertNoErrors(seen);
    });
  });

  test('a page without elements loads py-elements.js (≤ 15 KB gzip with its chunks) and no Python', async () => {
    await withPage('/no-python.html', async (page, seen) => {
      await page.waitForTimeout(1500);
      // The bundle really ran (it defines <py-config> itself), so what was not requested means something.
      assert.ok(await page.evaluate(() => !!customElements.get('py-config')), 'py-elements.js ran');
      assert.equal(await page.evaluate(() => customElements.get('py-script')), undefined, 'no element code loaded');
      const wasm = seen.paths().filter((path) => path.includes('/wasm/'));
      assert.deepEqual(wasm, [], 'no interpreter file was requested');
      const scripts = seen.paths().filter((path) => path.startsWith('/a/') && path.endsWith('.js'));
      assert.ok(scripts.includes('/a/py-elements.js'), `the bundle was requested: ${JSON.stringify(scripts)}`);
      assert.ok(!scripts.some((path) => /\/elements-/.test(path)), `no element code: ${JSON.stringify(scripts)}`);
      const gzipped = await Promise.all(scripts.map(async (path) => gzipSync(await readFile(join(dist, path.slice(3)))).length));
      const total = gzipped.reduce((sum, bytes) => sum + bytes, 0);
      assert.ok(total <= 15_000, `${JSON.stringify(scripts)} are ${total} bytes gzip, over 15 KB`);
      assertNoErrors(seen);
    });
  });

  test('an element whose code cannot be loaded says so beside it, and the page goes on', async () => {
    await withPage('/c/chunk-missing.html', async (page, seen) => {
      const note = page.locator('py-script + .py-error[role="alert"]');
      await waitUntil(async () => (await note.count()) > 0, {
        timeout: 10_000,
        describe: () => `no note beside the element; console: ${JSON.stringify(seen.console)}`,
      });
      assert.match(
        (await note.textContent()) ?? '',
        /the elements' code could not be loaded .*were all the files of dist\/ deployed/,
      );
      assert.ok(seen.consoleErrors().some((text) => text.includes("the elements' code could not be loaded")));
      assert.deepEqual(seen.pageErrors, [], 'no uncaught exception on the page');
      await page.waitForFunction(() => document.title === 'still alive', undefined, { timeout: 10_000 });
    });
  });

  test("the chunks the elements' code imports are asked for beside it, not a round trip later", async () => {
    // Every chunk but the bundle itself answered 700 ms late (a slow link's round trip): a chunk asked
    // for only once the elements' chunk had arrived and been read is a round trip more before the
    // elements are defined. The bundler's runtime helpers (~150 bytes) included: py-elements.js
    // imports them (build/runtime-beside-entry.mjs).
    for (const path of ['/repl-near.html', '/plain.html']) {
      const context = await browser.newContext();
      try {
        await context.route(/\/a\/(?!py-elements\.js)[\w-]+\.js$/, async (route) => {
          await new Promise((resolve) => setTimeout(resolve, 700));
          await route.continue();
        });
        const page = await context.newPage();
        await page.goto(origin + path);
        await page.waitForFunction(() => !!customElements.get('py-script'), undefined, { timeout: 20_000 });
        const late = await page.evaluate(() => {
          const chunks = performance.getEntriesByType('resource').filter((entry) => /\/a\/[\w-]+\.js$/.test(entry.name));
          const elements = chunks.find((entry) => /\/elements-[\w-]+\.js$/.test(entry.name));
          return chunks
            .filter((entry) => entry.startTime >= elements.responseEnd)
            .map((entry) => new URL(entry.name).pathname.replace(/-[\w-]{8}\.js$/, '')); // the name without its 8-character hash
        });
        assert.deepEqual(late, [], `${path}: asked for after the elements' chunk arrived`);
      } finally {
        await context.close();
      }
    }
  });

  test("a page in Korean gets its language's text, and a page in English loads no language", async () => {
    await withPage('/korean.html', async (page, seen) => {
      await page.locator('py-repl').scrollIntoViewIfNeeded(); // a REPL gets its code near the viewport
      const label = page.locator('py-repl [part="run-button"]');
      await waitUntil(async () => (await label.count()) > 0, { timeout: 10_000, describe: () => 'the toolbar rendered' });
      assert.match((await label.textContent()) ?? '', /실행/);
      const chunks = seen.paths().filter((path) => /\/a\/(ko|fr)-[\w-]+\.js$/.test(path));
      assert.equal(chunks.length, 1, `the Korean table only: ${JSON.stringify(chunks)}`);
      assert.match(chunks[0], /\/a\/ko-/);
      assertNoErrors(seen);
    });
    await withPage('/plain.html', async (page, seen) => {
      await expectOutput(page, seen, 'py-script .py-output', 'hi\n');
      const chunks = seen.paths().filter((path) => /\/a\/(ko|fr)-[\w-]+\.js$/.test(path));
      assert.deepEqual(chunks, [], 'no language table for an English page');
    });
  });

  test('loading the bundle twice reuses one runtime', async () => {
    await withPage('/twice.html', async (page, seen) => {
      await expectOutput(page, seen, 'py-script#second .py-output', '42\n');
      const paths = seen.paths();
      assert.ok(paths.includes('/a/py-elements.js') && paths.includes('/b/py-elements.js'), 'both copies loaded');
      // The elements all come from the copy defined first; ask both copies directly that they share
      // one interpreter (getRuntime() hands out the page-wide promise).
      const shared = await page.evaluate(async () => {
        const [a, b] = await Promise.all([import('/a/py-elements.js'), import('/b/py-elements.js')]);
        return a !== b && a.getRuntime() === b.getRuntime();
      });
      assert.ok(shared, 'both copies of the bundle return the same runtime');
      const wasm = seen.paths().filter((path) => path.endsWith('/pyodide.asm.wasm'));
      assert.equal(wasm.length, 1, `pyodide.asm.wasm requested once, got ${JSON.stringify(wasm)}`);
      assertNoErrors(seen);
    });
  });

  test('a tag taken by another library gets a clear console error', async () => {
    await withPage('/taken.html', async (page, seen) => {
      await page.waitForFunction(() => document.title === 'still alive', undefined, { timeout: 10_000 });
      await waitUntil(() => seen.consoleErrors().some((text) => text.includes('already defined by another script')), {
        timeout: 5_000,
        describe: () => `no such console error; console: ${JSON.stringify(seen.console)}`,
      });
      assert.ok(seen.paths().includes('/a/py-elements.js'), 'the bundle was requested');
      assert.deepEqual(seen.pageErrors, [], 'no uncaught exception on the page');
      assert.equal(await page.title(), 'still alive');
    });
  });

  test('<py-script worker> runs in the built worker and reaches the page when isolated', async () => {
    await withPage('/isolated-worker.html', async (page, seen) => {
      assert.equal(await page.evaluate(() => crossOriginIsolated), true, 'the page is cross-origin isolated');
      await expectOutput(page, seen, 'py-script .py-output', 'worker py-script\n');
      assert.equal(await page.locator('#target').textContent(), 'from the worker');
      assert.ok(
        seen.paths().some((path) => /^\/a\/assets\/python-worker-[\w-]+\.js$/.test(path)),
        'the worker script came from /a/assets/',
      );
      assertNoErrors(seen);
    });
    await withPage('/plain-worker.html', async (page, seen) => {
      await expectOutput(page, seen, 'py-script .py-output', 'worker True\n');
      assertNoErrors(seen);
    });
  });

  test('data-index-url overrides where the interpreter comes from', async () => {
    await withPage('/index-url.html', async (page, seen) => {
      await expectOutput(page, seen, 'py-script .py-output', 'from other\n');
      const paths = seen.paths();
      assert.ok(paths.includes('/other-wasm/pyodide.asm.wasm'), `wasm from /other-wasm/; requests: ${paths}`);
      const fromDefault = paths.filter((path) => path.startsWith('/a/wasm/'));
      assert.deepEqual(fromDefault, [], 'nothing requested from the default /a/wasm/');
      assertNoErrors(seen);
    });
  });
});
