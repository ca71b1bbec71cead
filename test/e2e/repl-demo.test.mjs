// The "done when" for <py-repl>, end to end: on the demo page (demo/repl.html, served with the
// built library like a deployed site) a person can type code, press Shift+Enter, see the value, use
// completion, and reset. Driven with real mouse and keyboard input through playwright-core in
// Debian's Chromium. Screenshots of the key moments go to test/e2e/.tmp/ (gitignored).
// Run with `node --test test/e2e/`; the shared helpers are in support.mjs.
import assert from 'node:assert/strict';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  PYTHON_TIMEOUT,
  ROOT,
  TMP,
  assertNoErrors,
  buildLibrary,
  launchBrowser,
  record,
  removeBuild,
  startServer,
  waitUntil,
} from './support.mjs';

const PAGE = '/demo/repl.html';
const SHOTS = join(TMP, 'screenshots');
const VIEWPORT = { width: 1000, height: 900 };

/** Same rules as src/internal/dedent.ts: blank lines around the code dropped, common indent removed. */
function dedent(text) {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  while (lines.length && !lines[0].trim()) lines.shift();
  while (lines.length && !lines.at(-1).trim()) lines.pop();
  const indent = Math.min(...lines.filter((line) => line.trim()).map((line) => /^[ \t]*/.exec(line)[0].length));
  return lines.map((line) => (line.trim() ? line.slice(indent) : '')).join('\n');
}

/** The code the page's author wrote in `<py-repl id=…>`, read from the demo file itself. */
function authorCode(html, id) {
  const match = new RegExp(`<py-repl [^>]*id="${id}"[^>]*><script type="text/python">([\\s\\S]*?)</script>`).exec(html);
  assert.ok(match, `demo/repl.html has a <py-repl id="${id}"> with a <script type="text/python">`);
  return dedent(match[1]);
}

let build;
let server;
let browser;
let demoHtml;

/**
 * Opens the demo page in a fresh context (fresh localStorage) and records what happens. The init
 * script only listens: every py-done (per element) and which REPLs ever showed the plain textarea.
 * Resolves with { context, page, seen }; close the context when done.
 */
async function openDemo({ colorScheme = 'light' } = {}) {
  const context = await browser.newContext({ viewport: VIEWPORT, colorScheme });
  await context.addInitScript(() => {
    const e2e = { done: [], plain: [] };
    window.__e2e = e2e;
    document.addEventListener('py-done', (event) => {
      e2e.done.push({ id: event.target.id || event.target.localName, ...event.detail });
    });
    new MutationObserver(() => {
      for (const area of document.querySelectorAll('py-repl textarea.py-repl-plain')) {
        const id = area.closest('py-repl').id;
        if (!e2e.plain.includes(id)) e2e.plain.push(id);
      }
    }).observe(document, { childList: true, subtree: true });
  });
  const page = await context.newPage();
  const seen = record(page);
  await page.goto(server.origin + PAGE, { waitUntil: 'load' });
  return { context, page, seen };
}

async function withDemo(options, fn) {
  const { context, page, seen } = await openDemo(options);
  try {
    return await fn(page, seen);
  } finally {
    await context.close();
  }
}

const codeOf = (page, id) => page.locator(`py-repl#${id}`).evaluate((el) => el.code);
const runsOf = (page, id) => page.evaluate((id) => window.__e2e.done.filter((run) => run.id === id), id);

/** Waits until `<py-repl id=…>` has finished `count` runs and returns the last one's py-done detail. */
async function waitForRun(page, seen, id, count) {
  const runs = await waitUntil(async () => ((await runsOf(page, id)).length >= count ? runsOf(page, id) : undefined), {
    timeout: PYTHON_TIMEOUT,
    describe: () =>
      `py-repl#${id} did not finish run ${count}. Page errors: ${JSON.stringify(seen.pageErrors)}; ` +
      `console errors: ${JSON.stringify(seen.consoleErrors())}`,
  });
  return runs.at(-1);
}

/** Waits until the REPL's plain textarea has been replaced by Monaco. */
async function waitForMonaco(page, id) {
  await page.locator(`py-repl#${id} .monaco-editor`).waitFor({ timeout: PYTHON_TIMEOUT });
  assert.equal(await page.locator(`py-repl#${id} textarea.py-repl-plain`).count(), 0, `#${id}: the textarea is gone`);
}

/** Clicks at the right end of the editor's last line, as a person putting the caret after the code. */
async function clickAfterCode(page, id) {
  const line = page.locator(`py-repl#${id} .view-lines .view-line`).last();
  const box = await line.boundingBox();
  await line.click({ position: { x: box.width - 4, y: box.height / 2 } });
}

/** What a REPL's editor shows: the textarea's text, or Monaco's once it has replaced it. */
async function editorText(page, id) {
  const read = () =>
    page.locator(`py-repl#${id}`).evaluate((el) => {
      const area = el.querySelector('textarea.py-repl-plain');
      if (area) return area.value;
      const lines = el.querySelector('.monaco-editor .view-lines');
      return lines ? lines.innerText.replace(/\u00a0/g, ' ') : undefined;
    });
  return waitUntil(async () => (await read()) ?? false, { timeout: 10_000, describe: () => `py-repl#${id} shows no editor` });
}

async function shot(page, name) {
  await page.screenshot({ path: join(SHOTS, `${name}.png`) });
}

/** Text of the parts in a REPL's output, in order: [{ part, text }]. */
const outputOf = (page, id) =>
  page
    .locator(`py-repl#${id} [part~="output"] > *`)
    .evaluateAll((nodes) => nodes.map((node) => ({ part: node.getAttribute('part'), text: node.textContent })));

/** Editor mode: type a line after the author's code, Shift+Enter, see stdout and the value. */
async function typeAndRun(page, seen) {
  await waitForMonaco(page, 'fib');
  assert.ok((await page.evaluate(() => window.__e2e.plain)).includes('fib'), 'the plain textarea was shown first');
  const original = await codeOf(page, 'fib');
  assert.equal(original, authorCode(demoHtml, 'fib'), 'the editor starts with the author’s code');

  await clickAfterCode(page, 'fib');
  await page.keyboard.press('Control+End');
  await page.keyboard.press('Enter');
  // Typed in full: Monaco auto-closes ( and [, and typing the closing bracket steps over its own.
  await page.keyboard.type('fib(5)[-1] * 100');
  assert.equal(await codeOf(page, 'fib'), `${original}\nfib(5)[-1] * 100`, 'the editor holds exactly what was typed');

  await page.keyboard.press('Shift+Enter');
  const run = await waitForRun(page, seen, 'fib', 1);
  assert.deepEqual(run, { id: 'fib', ok: true });
  assert.equal(await codeOf(page, 'fib'), `${original}\nfib(5)[-1] * 100`, 'Shift+Enter ran without typing a newline');
  assert.deepEqual(await outputOf(page, 'fib'), [
    { part: 'stdout', text: 'The first ten:\n' },
    { part: 'value', text: '300' },
  ]);
  assert.equal(await page.locator('py-repl#fib [part~="value"]').textContent(), '300');
  assert.ok(await page.locator('py-repl#fib [part~="value"]').isVisible(), 'the value is on screen');
  return original;
}

/** Console mode: Enter runs a statement; Ctrl+Space lists live members; Enter accepts one; Enter runs. */
async function completeInConsole(page, seen, shotName) {
  await page.locator('py-repl#console').scrollIntoViewIfNeeded();
  await waitForMonaco(page, 'console');
  await clickAfterCode(page, 'console');
  await page.keyboard.type('import statistics');
  await page.keyboard.press('Enter');
  assert.deepEqual(await waitForRun(page, seen, 'console', 1), { id: 'console', ok: true });
  assert.equal(await codeOf(page, 'console'), '', 'the input line is empty after a run');

  // Typing the dot already opens suggestions (a trigger character): close them, so the list below
  // is the one Ctrl+Space asked for.
  await page.keyboard.type('statistics.me');
  await page.keyboard.press('Escape');
  const suggest = page.locator('py-repl#console .suggest-widget.visible');
  await suggest.waitFor({ state: 'detached' });
  await page.keyboard.press('Control+Space');
  const rows = suggest.locator('.monaco-list-row');
  await rows.first().waitFor();
  const labels = (await rows.evaluateAll((nodes) => nodes.map((node) => node.getAttribute('aria-label')))).map(
    (label) => label.split(',')[0],
  );
  assert.ok(labels.includes('mean') && labels.includes('median'), `suggestions: ${JSON.stringify(labels)}`);
  assert.equal(labels[0], 'mean', 'the first suggestion is mean');
  assert.match(await suggest.locator('.monaco-list-row.focused').getAttribute('aria-label'), /^mean\b/);
  await shot(page, shotName);

  await page.keyboard.press('Enter'); // accepts the suggestion, does not run
  await suggest.waitFor({ state: 'detached' });
  assert.equal(await codeOf(page, 'console'), 'statistics.mean');
  await page.keyboard.type('([1, 2, 3])');
  assert.equal(await codeOf(page, 'console'), 'statistics.mean([1, 2, 3])');
  assert.equal((await runsOf(page, 'console')).length, 1, 'accepting the suggestion did not run anything');
  await page.keyboard.press('Enter');
  assert.deepEqual(await waitForRun(page, seen, 'console', 2), { id: 'console', ok: true });
  assert.deepEqual(await outputOf(page, 'console'), [
    { part: 'input', text: '>>> import statistics' },
    { part: 'input', text: '>>> statistics.mean([1, 2, 3])' },
    { part: 'value', text: '2' },
  ]);
}

describe('the <py-repl> demo page, built and served like a deployed site', () => {
  before(async () => {
    build = await buildLibrary('repl-demo');
    demoHtml = await readFile(join(ROOT, 'demo', 'repl.html'), 'utf8');
    const tag = '<script type="module" src="/py-elements.js"></script>';
    assert.ok(demoHtml.includes(tag), 'demo/repl.html loads /py-elements.js');
    server = await startServer({
      pages: { [PAGE]: demoHtml.replace(tag, '<script type="module" src="/lib/py-elements.js"></script>') },
      files: { '/demo/demo.css': join(ROOT, 'demo', 'demo.css') },
      mounts: [['/lib/', build]],
    });
    browser = await launchBrowser();
    await mkdir(SHOTS, { recursive: true });
  });

  after(async () => {
    await browser?.close();
    await server?.close();
    await removeBuild(build);
  });

  // One visit, as a reader would make it: the tests below share the page and run in order, but each
  // only needs the page loaded (none relies on another's edits).
  describe('one visit (light)', () => {
    let visit;
    before(async () => {
      visit = await openDemo();
    });
    after(async () => {
      await visit?.context.close();
    });

    test('type a line after the code, Shift+Enter: the output and the value show', async () => {
      const { page, seen } = visit;
      await typeAndRun(page, seen);
      await shot(page, 'light-run');
      assertNoErrors(seen);
    });

    test('console: Enter runs, Ctrl+Space completes from the live module, the completed call runs', async () => {
      const { page, seen } = visit;
      await completeInConsole(page, seen, 'light-suggest');
      await shot(page, 'light-console');
      assertNoErrors(seen);
    });

    test(
      'the suggestion list opens below the line when there is room, and its details stay on screen',
      {
        todo:
          'Monaco 0.57 places the list from page coordinates (suggestWidget.js compares getDomNodePagePosition(), ' +
          'which includes scrollY, with the window height): on a scrolled page it opens above, and the details ' +
          'pane (Ctrl+Space again) lands at the bottom edge of the viewport',
      },
      async () => {
        const { page } = visit;
        const boxOf = (selector) => page.locator(selector).first().boundingBox();
        try {
          await clickAfterCode(page, 'console');
          await page.keyboard.type('statistics.me');
          await page.keyboard.press('Escape');
          const suggest = page.locator('py-repl#console .suggest-widget.visible');
          await suggest.waitFor({ state: 'detached' });
          await page.keyboard.press('Control+Space');
          await suggest.locator('.monaco-list-row').first().waitFor();
          const line = await boxOf('py-repl#console .view-line');
          const list = await boxOf('py-repl#console .suggest-widget.visible');
          assert.ok(VIEWPORT.height - (line.y + line.height) > list.height + 30, 'precondition: there is room below');
          assert.ok(list.y >= line.y + line.height - 1, `list at y=${list.y}, the line ends at y=${line.y + line.height}`);
          await page.keyboard.press('Control+Space'); // toggles the details pane
          const details = page.locator('py-repl#console .suggest-details-container');
          await details.waitFor({ state: 'visible' });
          const box = await details.boundingBox();
          assert.ok(box.y >= 0 && box.y + box.height <= VIEWPORT.height, `details at y=${box.y}..${box.y + box.height}`);
        } finally {
          await page.keyboard.press('Escape');
          await page.keyboard.press('Control+A');
          await page.keyboard.press('Backspace');
        }
      },
    );

    test('Reset brings the author’s code back', async () => {
      const { page, seen } = visit;
      const original = authorCode(demoHtml, 'fib');
      await page.locator('py-repl#fib').scrollIntoViewIfNeeded();
      await waitForMonaco(page, 'fib');
      await clickAfterCode(page, 'fib');
      await page.keyboard.press('Control+End');
      await page.keyboard.press('Enter');
      await page.keyboard.type('# scratch');
      assert.notEqual(await codeOf(page, 'fib'), original, 'the code was edited');

      await page.locator('py-repl#fib [part="reset-button"]').click();
      assert.equal(await codeOf(page, 'fib'), original, 'Reset restored the author’s code');
      const shown = await editorText(page, 'fib');
      assert.ok(!shown.includes('scratch') && !shown.includes('* 100'), `the edits are gone from the screen: ${shown}`);
      assertNoErrors(seen);
    });

    // Last: it reloads the page.
    test('edits survive a reload; after Reset, so does the original', async () => {
      const { page, seen } = visit;
      const original = authorCode(demoHtml, 'shop');
      const note = '# checked by the e2e test';
      await page.locator('py-repl#shop').scrollIntoViewIfNeeded();
      await waitForMonaco(page, 'shop');
      assert.equal(await codeOf(page, 'shop'), original);
      await clickAfterCode(page, 'shop');
      await page.keyboard.press('Control+End');
      await page.keyboard.press('Enter');
      await page.keyboard.type(note);
      assert.equal(await codeOf(page, 'shop'), `${original}\n${note}`);

      // Right after the reload, in whichever editor shows (usually still the textarea): the kept edit.
      await page.reload({ waitUntil: 'load' });
      assert.equal(await editorText(page, 'shop'), `${original}\n${note}`, 'the edit is back after a reload');
      assert.equal(await codeOf(page, 'shop'), `${original}\n${note}`);

      await page.locator('py-repl#shop [part="reset-button"]').click();
      assert.equal(await codeOf(page, 'shop'), original, 'Reset restored the author’s code');
      await page.reload({ waitUntil: 'load' });
      assert.equal(await editorText(page, 'shop'), original, 'the original is back after a reload');
      assert.equal(await codeOf(page, 'shop'), original);
      const kept = await page.evaluate(() => Object.keys(localStorage).filter((key) => key.includes('#shop:')));
      assert.deepEqual(kept, [], 'nothing is left in localStorage for this REPL');
      assertNoErrors(seen);
    });
  });

  test('dark colour scheme: the same run and completion, with dark editors', async () => {
    await withDemo({ colorScheme: 'dark' }, async (page, seen) => {
      await typeAndRun(page, seen);
      assert.equal(await page.locator('py-repl#fib .monaco-editor.vs-dark').count(), 1, 'Monaco uses its dark theme');
      assert.equal(await page.locator('py-repl#fib .frame').getAttribute('data-theme'), 'dark');
      await shot(page, 'dark-run');
      await completeInConsole(page, seen, 'dark-suggest');
      await shot(page, 'dark-console');
      assertNoErrors(seen);
    });
  });
});
