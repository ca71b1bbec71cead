// A newcomer's first command, on a fresh clone: `git clone` this repository into an empty folder (no
// node_modules, no Vite cache), run `npm start` there, and use the demo in Chromium. A warm checkout
// hides exactly the breakage this catches (a dev server that crashed on every fresh clone). The clone
// is of the repository's HEAD: commit first when running it by hand. `npm test`'s own install path is
// what `.ci/run` runs on every submission (it runs `npm test` with nothing installed).
import assert from 'node:assert/strict';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { PYTHON_TIMEOUT, ROOT, TMP, freePort, launchBrowser, record, run, startProcess, waitUntil } from './support.mjs';

let clone;
let server;
let browser;
let origin;

/** What every page needs to count as working: its <py-script> blocks all finished, nothing uncaught. */
async function openDemoPage(url) {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const seen = record(page);
    await page.addInitScript(() => {
      window.__pyDone = 0;
      document.addEventListener('py-done', () => window.__pyDone++);
    });
    // A fresh clone's first page waits for Vite to pre-bundle the dependencies: on a CI machine
    // busy with the browser suites, the index page's load once took over Playwright's default 30 s.
    await page.goto(url, { waitUntil: 'load', timeout: PYTHON_TIMEOUT });
    await waitUntil(() => page.evaluate(() => window.__pyDone >= document.querySelectorAll('py-script').length), {
      timeout: PYTHON_TIMEOUT,
      // The console too: a Python fatal error says what it was there ("Fatal Python error: ...").
      describe: () =>
        `${url}: not every <py-script> finished. Page errors: ${JSON.stringify(seen.pageErrors)}; ` +
        `console errors: ${JSON.stringify(seen.consoleErrors())}`,
    });
    assert.deepEqual(seen.pageErrors, [], `${url}: no uncaught exception`);
    return { page, seen, text: await page.locator('body').innerText() };
  } finally {
    await context.close();
  }
}

describe('a fresh clone, as a newcomer uses it', () => {
  before(async () => {
    clone = join(TMP, `newcomer-${process.pid}`);
    await rm(clone, { recursive: true, force: true });
    await mkdir(TMP, { recursive: true });
    run('git', ['clone', '--quiet', '--no-hardlinks', ROOT, clone], { cwd: TMP });
    browser = await launchBrowser();
  });

  after(async () => {
    server?.stop();
    await browser?.close();
    await rm(clone, { recursive: true, force: true });
  });

  test('`npm start` installs, serves the demo, and Python runs on every demo page', { timeout: 600_000 }, async () => {
    const port = await freePort();
    // The README's command, with a port of our own so it cannot meet a developer's running server.
    server = await startProcess('npm', ['start', '--', '--port', String(port), '--strictPort'], {
      cwd: clone,
      ready: /Local:\s+(http:\/\/\S+\/)/,
      timeout: 300_000,
    });
    origin = server.match[1].replace('localhost', '127.0.0.1');

    const index = await openDemoPage(origin);
    const links = await (async () => {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(origin, { timeout: PYTHON_TIMEOUT });
      const hrefs = await page.locator('a[href^="/demo/"]').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
      await context.close();
      return hrefs;
    })();
    assert.ok(index.text.includes('py-elements'), 'the demo index is served at /');
    assert.ok(links.length >= 8, `the index links the demo pages (found ${links.length})`);

    const hello = await openDemoPage(`${origin}demo/hello.html`);
    assert.match(hello.text, /Hello, world! This is Python 3\.\d+/, 'the hello page shows Python’s output');

    for (const link of links.filter((href) => href !== '/demo/hello.html')) {
      await openDemoPage(new URL(link, origin).href);
    }
  });
});
