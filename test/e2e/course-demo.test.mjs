// The course demo (demo/course/lesson.<lang>.md) as a course site would build it: each lesson's markdown
// through markdown-it and the built `py-elements/markdown-it` plugin, served with the built library,
// in Chromium, Firefox and WebKit. The English lesson's exercise goes from a wrong attempt through a
// hint and the solution to a pass counted by <py-progress>; the Korean lesson, with every part of the
// exercise interface showing, has no English interface string left. Screenshots of both go to
// test/e2e/.tmp/screenshots/<engine>-course-<lang>.png. PY_ENGINES (default all) leaves engines out.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import MarkdownIt from 'markdown-it';
import { coursePage } from '../../demo/course/page.mjs';
import { selectedEngines } from '../../scripts/engines.mjs';
import { ERROR_RECORDER, openPage } from './engines.mjs';
import { PYTHON_TIMEOUT, ROOT, TMP, buildLibrary, launchBrowser, removeBuild, startServer, waitUntil } from './support.mjs';

const SHOTS = join(TMP, 'screenshots');
const PAGES = { en: '/demo/course.html', ko: '/demo/course.ko.html' };

let build;
let server;
let chromium;

before(async () => {
  build = await buildLibrary('course-demo');
  const pyElements = (await import(pathToFileURL(join(build, 'markdown', 'markdown-it.js')).href)).default;
  const pages = {};
  for (const path of Object.values(PAGES)) {
    const html = await coursePage(path, {
      markdownIt: (options) => new MarkdownIt(options),
      pyElements,
      script: '/lib/py-elements.js',
    });
    pages[path] = html.replace('<head>', `<head>${ERROR_RECORDER}`);
  }
  server = await startServer({ pages, files: { '/demo/demo.css': join(ROOT, 'demo', 'demo.css') }, mounts: [['/lib/', build]] });
  await mkdir(SHOTS, { recursive: true });
});

after(async () => {
  await chromium?.close();
  await server?.close();
  await removeBuild(build);
});

/** The page in `engine`, with what the tests need: evaluate, screenshot, close (engines.mjs for the others). */
async function open(engine, path) {
  const url = `${server.origin}${path}`;
  if (engine !== 'chromium') return openPage(engine, url);
  chromium ??= await launchBrowser();
  const page = await chromium.newPage({ viewport: { width: 1100, height: 900 } });
  await page.goto(url, { waitUntil: 'load' });
  return {
    evaluate: (fn, ...args) => page.evaluate(fn, ...args),
    screenshot: () => page.screenshot({ fullPage: true }),
    close: () => page.close(),
  };
}

async function ready(page) {
  let last;
  await waitUntil(
    async () =>
      (last = await page.evaluate(() =>
        [...document.querySelectorAll('py-repl')].every((el) => el.shadowRoot?.querySelector('[part~="run-button"]')),
      )),
    { timeout: PYTHON_TIMEOUT, describe: () => `the REPLs' toolbars (${last})` },
  );
}

/**
 * Runs `code` in the REPL `id` as the reader's answer and resolves with the py-check detail. Written
 * as one self-contained function: WebKit's evaluate sends its source.
 */
const answer = (page, id, code) =>
  page.evaluate(
    async ({ id, code }) => {
      const el = document.getElementById(id);
      el.code = code;
      const checked = new Promise((resolve) => el.addEventListener('py-check', (e) => resolve(e.detail), { once: true }));
      await el.run();
      return await checked;
    },
    { id, code },
  );

async function shoot(page, engine, lang) {
  await writeFile(join(SHOTS, `${engine}-course-${lang}.png`), await page.screenshot());
}

for (const engine of selectedEngines()) {
  describe(`the course demo, built from markdown, in ${engine}`, () => {
    test(
      'English: a wrong attempt, a hint, the solution, a pass, and the page’s progress',
      { timeout: 4 * PYTHON_TIMEOUT },
      async () => {
        const page = await open(engine, PAGES.en);
        try {
          await ready(page);
          const built = await page.evaluate(() =>
            [...document.querySelectorAll('py-repl')].map((el) => ({
              id: el.id,
              checks: el.querySelectorAll('script[data-check]').length,
              hints: el.querySelectorAll('template[data-hint]').length,
              solution: !!el.querySelector('script[data-solution]'),
            })),
          );
          assert.deepEqual(built, [
            { id: 'ex-area', checks: 2, hints: 2, solution: true },
            { id: 'ex-greet', checks: 1, hints: 1, solution: false },
            { id: 'ex-vowels', checks: 2, hints: 2, solution: true },
          ]);
          const progress = () => page.evaluate(() => document.querySelector('py-progress').shadowRoot.textContent.trim());
          assert.equal(await progress(), '0 of 3 exercises passed');

          const wrong = await answer(page, 'ex-area', 'def area(width, height):\n    return width - height');
          assert.deepEqual([wrong.passed, wrong.attempts], [false, 1]);
          const revealed = await page.evaluate(async () => {
            const el = document.getElementById('ex-area');
            const part = (name) => el.shadowRoot.querySelector(`[part~="${name}"]`);
            el.showHint(); // not a synthetic click: in WebKit, Monaco answers every click on the page with a
            // clipboard write (its Safari workaround), which a click without a user gesture makes fail loudly
            await el.updateComplete;
            el.showSolution();
            await el.updateComplete;
            return { hint: part('hint').textContent.trim(), solution: part('solution').textContent.trim() };
          });
          assert.deepEqual(revealed, {
            hint: 'The area of a rectangle is its width multiplied by its height.',
            solution: 'def area(width, height):\n    return width * height',
          });
          const right = await answer(page, 'ex-area', revealed.solution);
          assert.deepEqual([right.passed, right.attempts], [true, 2]);
          await waitUntil(async () => (await progress()) === '1 of 3 exercises passed', {
            timeout: 10_000,
            describe: () => 'the progress to count the pass',
          });
          await shoot(page, engine, 'en');
          assert.deepEqual(await page.evaluate(() => window.__errors), []);
        } finally {
          await page.close();
        }
      },
    );

    test(
      'Korean: every part of the exercise interface is in Korean, no English left',
      { timeout: 4 * PYTHON_TIMEOUT },
      async () => {
        const page = await open(engine, PAGES.ko);
        try {
          await ready(page);
          // Bring out every part: failed checks, attempts, a hint, the solution, a beginner's error hint.
          const answers = [
            'def area(width, height):\n    return width - height',
            'def vowels(text):\n    return 0\n\nprint(vowels(txt))',
          ];
          await answer(page, 'ex-area', answers[0]);
          await answer(page, 'ex-vowels', answers[1]); // a NameError, with its explanation
          const strings = await page.evaluate(async () => {
            const area = document.getElementById('ex-area');
            area.showHint(); // the API, not synthetic clicks (see the English test)
            area.showSolution();
            await area.updateComplete;
            // What the interface says: text and labels in our shadow roots and in the editors we made.
            // Not what the author or Python wrote: code, output, tracebacks, hints and solutions.
            const authored =
              '[part~="stdout"], [part~="stderr"], [part~="value"], [part~="error"], [part~="solution"], [part~="hint"], pre';
            const found = [];
            const attributes = ['title', 'aria-label', 'placeholder', 'aria-roledescription', 'aria-description'];
            const collect = (root) => {
              const walker = document.createTreeWalker(root, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
              for (let node = walker.nextNode(); node; node = walker.nextNode()) {
                if (node.nodeType === Node.TEXT_NODE) {
                  const parent = node.parentElement;
                  const ours = !parent?.closest(authored) || parent.closest('[part~="error-hint"]'); // the line above a traceback
                  if (ours && !parent?.closest('style') && node.data.trim()) found.push(node.data.trim());
                  continue;
                }
                for (const name of attributes) if (node.getAttribute(name)) found.push(node.getAttribute(name));
                if (node.shadowRoot) collect(node.shadowRoot);
              }
            };
            for (const el of document.querySelectorAll('py-repl, py-progress, py-export')) collect(el.shadowRoot);
            return found;
          });
          // The names in the lesson's code and in the answers may appear in what the interface says.
          const lesson = await readFile(join(ROOT, 'demo', 'course', 'lesson.ko.md'), 'utf8');
          const code = [...lesson.matchAll(/```python[^\n]*\n([\s\S]*?)```/g)].map((m) => m[1]).join('\n') + answers.join('\n');
          const english = strings.flatMap((text) => englishWords(text, code).map((word) => `${word} in ${JSON.stringify(text)}`));
          assert.deepEqual(english, []);
          assert.ok(
            strings.some((text) => /통과/.test(text)),
            `the progress and checks speak Korean: ${JSON.stringify(strings)}`,
          );
          await shoot(page, engine, 'ko');
          assert.deepEqual(await page.evaluate(() => window.__errors), []);
        } finally {
          await page.close();
        }
      },
    );
  });
}

/** Words every language keeps (keys, Python's names, error types): the list the browser tests use. */
const KEPT = new Set(
  Object.values(JSON.parse(readFileSync(join(ROOT, 'test', 'browser', 'english-allowed.json'), 'utf8'))).flat(),
);

/** English words in `text`: runs of Latin letters that are neither kept nor names from the lesson's code (`code`). */
function englishWords(text, code) {
  const names = new Set(code.match(/[A-Za-z]+/g));
  return (text.match(/[A-Za-z]+/g) ?? []).filter((word) => !KEPT.has(word) && !names.has(word));
}
