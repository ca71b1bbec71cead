// The <py-repl> demo page (demo/repl.html, with the built library) in Firefox and WebKit, driven with
// real mouse and keyboard input: what repl-demo.test.mjs checks in Chromium that depends on the engine
// (Monaco's editing, Shift+Enter, console Enter, Ctrl+Space completion from the live module, Reset).
// Screenshots go to test/e2e/.tmp/screenshots/<engine>-*.png. PY_ENGINES (default all) leaves engines out.
import assert from 'node:assert/strict';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { selectedEngines } from '../../scripts/engines.mjs';
import { ERROR_RECORDER, openPage } from './engines.mjs';
import { PYTHON_TIMEOUT, ROOT, TMP, buildLibrary, removeBuild, startServer, waitUntil } from './support.mjs';

const PAGE = '/demo/repl.html';
const SHOTS = join(TMP, 'screenshots');
const TAG = '<script type="module" src="/py-elements.js"></script>';
/** Every py-done, per element, in window.__done. */
const DONE_RECORDER = `<script>window.__done = [];
document.addEventListener('py-done', (e) => __done.push({ id: e.target.id, ...e.detail }));</script>`;

let build;
let server;
let demoHtml;

before(async () => {
  build = await buildLibrary('repl-demo-engines');
  demoHtml = await readFile(join(ROOT, 'demo', 'repl.html'), 'utf8');
  assert.ok(demoHtml.includes(TAG), 'demo/repl.html loads /py-elements.js');
  const page = demoHtml.replace(
    TAG,
    `${ERROR_RECORDER}${DONE_RECORDER}<script type="module" src="/lib/py-elements.js"></script>`,
  );
  server = await startServer({
    pages: { [PAGE]: page },
    files: { '/demo/demo.css': join(ROOT, 'demo', 'demo.css') },
    mounts: [['/lib/', build]],
  });
  await mkdir(SHOTS, { recursive: true });
});

after(async () => {
  await server?.close();
  await removeBuild(build);
});

/** The author's code of `<py-repl id=…>` as the element reads it (its `code` before any edit). */
const codeOf = (page, id) => page.evaluate((id) => document.getElementById(id).code, id);
const runsOf = (page, id) => page.evaluate((id) => window.__done.filter((run) => run.id === id), id);
const outputOf = (page, id) =>
  page.evaluate(
    (id) =>
      [...document.getElementById(id).shadowRoot.querySelectorAll('[part~="output"] > *')].map((node) => ({
        part: node.getAttribute('part'),
        text: node.textContent,
      })),
    id,
  );

async function waitFor(page, what, check, timeout = PYTHON_TIMEOUT) {
  let last;
  return waitUntil(
    async () => {
      last = await check();
      return last;
    },
    {
      timeout,
      describe: async () =>
        `${what}; last: ${JSON.stringify(last)}; page errors: ${JSON.stringify(await page.evaluate(() => window.__errors))}`,
    },
  );
}

/** Scrolls `<py-repl id=…>` into view, waits for Monaco to replace its textarea. */
function waitForMonaco(page, id) {
  return waitFor(page, `#${id} never showed Monaco`, () =>
    page.evaluate((id) => {
      const repl = document.getElementById(id);
      repl.scrollIntoView({ block: 'center' });
      return !!repl.querySelector('.monaco-editor .view-line') && !repl.querySelector('textarea.py-repl-plain');
    }, id),
  );
}

/** Clicks at the right end of the editor's last line, as a person putting the caret after the code. */
async function clickAfterCode(page, id) {
  const point = await page.evaluate(async (id) => {
    await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    const box = [...document.querySelectorAll(`py-repl#${id} .view-lines .view-line`)].at(-1).getBoundingClientRect();
    return { x: box.right - 4, y: box.top + box.height / 2 };
  }, id);
  await page.click(point.x, point.y);
}

async function waitForRun(page, id, count) {
  const runs = await waitFor(page, `#${id} did not finish run ${count}`, async () => {
    const runs = await runsOf(page, id);
    return runs.length >= count && runs;
  });
  return runs.at(-1);
}

/** The visible suggestion rows' labels (empty when the widget is closed). */
const suggestions = (page) =>
  page.evaluate(() =>
    [...document.querySelectorAll('py-repl#console .suggest-widget.visible .monaco-list-row')].map(
      (row) => row.getAttribute('aria-label').split(',')[0],
    ),
  );

async function shot(page, name) {
  await writeFile(join(SHOTS, `${name}.png`), await page.screenshot());
}

for (const engine of selectedEngines().filter((name) => name !== 'chromium')) {
  describe(`the <py-repl> demo page in ${engine}`, () => {
    let page;
    before(async () => {
      page = await openPage(engine, server.origin + PAGE);
    });
    after(async () => {
      await page?.close();
    });

    test('type a line after the code, Shift+Enter: the output and the value show', async () => {
      await waitForMonaco(page, 'fib');
      const original = await codeOf(page, 'fib');
      await clickAfterCode(page, 'fib');
      await page.press('Control', 'End');
      await page.press('Enter');
      // Typed in full: Monaco auto-closes ( and [, and typing the closing bracket steps over its own.
      await page.type('fib(5)[-1] * 100');
      assert.equal(await codeOf(page, 'fib'), `${original}\nfib(5)[-1] * 100`, 'the editor holds exactly what was typed');
      await page.press('Shift', 'Enter');
      assert.deepEqual(await waitForRun(page, 'fib', 1), { id: 'fib', ok: true });
      assert.equal(await codeOf(page, 'fib'), `${original}\nfib(5)[-1] * 100`, 'Shift+Enter ran without typing a newline');
      assert.deepEqual(await outputOf(page, 'fib'), [
        { part: 'stdout', text: 'The first ten:\n' },
        { part: 'value', text: '300' },
      ]);
      await shot(page, `${engine}-repl-run`);
      assert.deepEqual(await page.evaluate(() => window.__errors), []);
    });

    test('console: Enter runs, Ctrl+Space completes from the live module, the completed call runs', async () => {
      await waitForMonaco(page, 'console');
      await clickAfterCode(page, 'console');
      await page.type('import statistics');
      await page.press('Enter');
      assert.deepEqual(await waitForRun(page, 'console', 1), { id: 'console', ok: true });
      assert.equal(await codeOf(page, 'console'), '', 'the input line is empty after a run');

      // The dot already opens suggestions (a trigger character): close them, then ask with Ctrl+Space.
      await page.type('statistics.me');
      await page.press('Escape');
      await waitFor(page, 'the suggestions closed', async () => (await suggestions(page)).length === 0, 10_000);
      await page.press('Control', ' ');
      const labels = await waitFor(page, 'Ctrl+Space listed suggestions', async () => {
        const labels = await suggestions(page);
        return labels.length > 0 && labels;
      });
      assert.ok(labels.includes('mean') && labels.includes('median'), `suggestions: ${JSON.stringify(labels)}`);
      assert.equal(labels[0], 'mean', 'the first suggestion is mean');
      await shot(page, `${engine}-repl-suggest`);

      await page.press('Enter'); // accepts the suggestion, does not run
      await waitFor(
        page,
        'the suggestion was accepted',
        async () => (await codeOf(page, 'console')) === 'statistics.mean',
        10_000,
      );
      await page.type('([1, 2, 3])');
      assert.equal(await codeOf(page, 'console'), 'statistics.mean([1, 2, 3])');
      assert.equal((await runsOf(page, 'console')).length, 1, 'accepting the suggestion did not run anything');
      await page.press('Enter');
      assert.deepEqual(await waitForRun(page, 'console', 2), { id: 'console', ok: true });
      assert.deepEqual(await outputOf(page, 'console'), [
        { part: 'input', text: '>>> import statistics' },
        { part: 'input', text: '>>> statistics.mean([1, 2, 3])' },
        { part: 'value', text: '2' },
      ]);
      await shot(page, `${engine}-repl-console`);
      assert.deepEqual(await page.evaluate(() => window.__errors), []);
    });

    test('Ctrl+M then Tab leaves the editor for the Run button, which shows its focus ring', async () => {
      await waitForMonaco(page, 'readonly');
      await clickAfterCode(page, 'console');
      await page.press('Control', 'm');
      await page.press('Tab');
      const focus = await waitFor(
        page,
        'Tab reached the Run button',
        () =>
          page.evaluate(() => {
            const button = document.getElementById('console').shadowRoot.activeElement;
            if (button?.getAttribute('part') !== 'run-button') return false;
            const style = getComputedStyle(button);
            return { visible: button.matches(':focus-visible'), outline: `${style.outlineStyle} ${style.outlineWidth}` };
          }),
        10_000,
      );
      assert.equal(focus.visible, true, 'the keyboard focus is :focus-visible');
      assert.match(focus.outline, /^solid [1-9]/, 'a solid outline of at least 1px');
      await shot(page, `${engine}-repl-focus`);
    });

    test('Reset brings the author’s code back', async () => {
      await waitForMonaco(page, 'shop');
      const original = await codeOf(page, 'shop');
      await clickAfterCode(page, 'shop');
      await page.press('Control', 'End');
      await page.press('Enter');
      await page.type('# scratch');
      assert.equal(await codeOf(page, 'shop'), `${original}\n# scratch`);
      const reset = await page.evaluate(() => {
        const box = document.getElementById('shop').shadowRoot.querySelector('[part="reset-button"]').getBoundingClientRect();
        return { x: box.left + box.width / 2, y: box.top + box.height / 2 };
      });
      await page.click(reset.x, reset.y);
      await waitFor(page, 'Reset restored the code', async () => (await codeOf(page, 'shop')) === original, 10_000);
      const shown = await page.evaluate(() => document.querySelector('py-repl#shop .view-lines').innerText);
      assert.ok(!shown.includes('scratch'), `the edit is gone from the screen: ${shown}`);
      assert.deepEqual(await page.evaluate(() => window.__errors), []);
    });
  });
}
