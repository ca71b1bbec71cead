// The markdown plugins as a site uses them: `py-elements/markdown-it` and `py-elements/rehype`, taken
// from a real `npm run build`, with the real markdown-it and unified/remark/rehype from npm. Option
// fences become our elements (exact markup, escaping, build errors that name the line and option),
// and one small static-site build per plugin (markdown file → page with the built py-elements.js)
// works in Chromium: the {run} block prints, the REPL upgrades and its check runs, and without
// JavaScript the code is still there to read.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import MarkdownIt from 'markdown-it';
import rehypeStringify from 'rehype-stringify';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified } from 'unified';
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

const LESSON = join(ROOT, 'test', 'fixtures', 'markdown', 'lesson.md');
const AUTHOR = { allow: ['run', 'scope'] };

let dist;
let pyElements; // the markdown-it plugin
let rehypePyElements;

const markdownIt = (source, options, md = new MarkdownIt()) => md.use(pyElements, options).render(source);
const rehype = (source, options) =>
  String(unified().use(remarkParse).use(remarkRehype).use(rehypePyElements, options).use(rehypeStringify).processSync(source));
const RENDERERS = { 'markdown-it': markdownIt, rehype };

/** The message each plugin throws for `source`, the same from both (one shared module decides). */
function buildError(source, options) {
  const messages = Object.entries(RENDERERS).map(([name, render]) => {
    try {
      render(source, options);
    } catch (error) {
      assert.equal(error.name, 'FenceError', `${name}: ${error.stack}`);
      return error.message;
    }
    return assert.fail(`${name} rendered ${JSON.stringify(source)} without an error`);
  });
  assert.equal(messages[0], messages[1], 'both plugins give the same error');
  return messages[0];
}

before(async () => {
  dist = await buildLibrary('markdown');
  pyElements = (await import(pathToFileURL(join(dist, 'markdown', 'markdown-it.js')).href)).default;
  rehypePyElements = (await import(pathToFileURL(join(dist, 'markdown', 'rehype.js')).href)).default;
});

after(() => removeBuild(dist));

describe('the markdown plugins', () => {
  test('package.json exports them from the build, with types, and they bring no markdown library along', async () => {
    const pkg = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8'));
    for (const entry of ['./markdown-it', './rehype']) {
      for (const file of [pkg.exports[entry].default, pkg.exports[entry].types]) {
        assert.ok(existsSync(join(dist, file.replace(/^\.\/dist\//, ''))), `${entry}: ${file} is built`);
      }
    }
    for (const name of ['markdown-it', 'unified'])
      assert.equal(pkg.peerDependenciesMeta[name].optional, true, `${name}: optional peer`);
    for (const file of ['fences.js', 'markdown-it.js', 'rehype.js']) {
      const code = await readFile(join(dist, 'markdown', file), 'utf8');
      const imports = [...code.matchAll(/^\s*(?:import|export)\b[^;]*?\bfrom\s*["']([^"']+)["']/gm)].map((m) => m[1]);
      assert.deepEqual(
        imports.filter((from) => from !== './fences.js'),
        [],
        `${file} imports only ./fences.js`,
      );
      assert.doesNotMatch(code, /\bimport\s*\(|\brequire\s*\(/, `${file} loads nothing at run time`);
    }
    const main = await readFile(join(dist, 'py-elements.js'), 'utf8');
    assert.ok(!main.includes('a block starts with repl'), 'the browser bundle does not carry the markdown plugins');
  });

  test('markdown-it: each option fence becomes its element, with the code as written', async () => {
    const html = markdownIt(await readFile(LESSON, 'utf8'), AUTHOR);
    assert.equal(
      html,
      [
        '<h1>Areas</h1>',
        '<p>A plain block stays a code block:</p>',
        '<pre><code class="language-python">plain = &quot;not run&quot; if 1 &lt; 2 else &quot;&amp;&quot;',
        '</code></pre>',
        '<py-script scope="lesson"><script type="text/python">',
        'unit = "cm²"',
        'print("run:", 1 < 2 and "a & b")',
        '</script><pre><code class="language-python">unit = "cm²"',
        'print("run:", 1 &lt; 2 and "a &amp; b")</code></pre></py-script>',
        '<p>Fix the function, then press Run:</p>',
        '<py-repl scope="lesson" id="ex1"><script type="text/python">',
        'def area(w, h):',
        '    return w + h  # 1 < 2 & "quotes"',
        '</script><script type="text/python" data-check="area(2, 3) is 6 <b>">',
        'assert area(2, 3) == 6, f"got {area(2, 3)} {unit}"',
        '</script><template data-hint>Multiply, don\'t add: &lt;b&gt;area&lt;/b&gt; is w × h.</template><script type="text/python" data-solution>',
        'def area(w, h):',
        '    return w * h',
        '</script><pre><code class="language-python">def area(w, h):',
        '    return w + h  # 1 &lt; 2 &amp; "quotes"</code></pre></py-repl>',
        '<py-repl readonly mode="console"><script type="text/python">',
        'print("console")',
        '</script><pre><code class="language-python">print("console")</code></pre></py-repl>',
        // No <script> can hold "</script": the code is the element's (escaped) text instead.
        '<py-script>',
        'print("&lt;/script&gt;&lt;b&gt;not bold&lt;/b&gt;")',
        '</py-script>',
        '',
      ].join('\n'),
    );
  });

  test('rehype writes the same elements as markdown-it (up to how each serialiser escapes)', async () => {
    const source = await readFile(LESSON, 'utf8');
    const same = (html) =>
      html
        .replace(/&#x3C;|&lt;/g, '<')
        .replace(/&#x26;|&amp;/g, '&')
        .replace(/&quot;/g, '"')
        .replace(/&gt;/g, '>')
        .replace(/\n+/g, '\n')
        .trim();
    assert.equal(same(rehype(source, AUTHOR)), same(markdownIt(source, AUTHOR)));
    assert.match(
      rehype(source, AUTHOR),
      /<script type="text\/python">\nunit = "cm²"\nprint\("run:", 1 < 2 and "a & b"\)\n<\/script>/,
    );
  });

  test('plain python fences, other languages and line-highlight braces are left to the renderer', () => {
    const source = [
      '```python',
      'x = 1',
      '```',
      '',
      '```js {run}',
      'run()',
      '```',
      '',
      '```python {1,3-4}',
      'y = 2',
      '```',
      '',
    ].join('\n');
    assert.equal(markdownIt(source), new MarkdownIt().render(source));
    assert.equal(rehype(source), String(unified().use(remarkParse).use(remarkRehype).use(rehypeStringify).processSync(source)));
  });

  test('markdown-it: the fence renderer it wrapped (here a highlighter) still renders the other fences', () => {
    const md = new MarkdownIt({ highlight: (code, lang) => `<b class="hl-${lang}">${code.trim()}</b>` });
    const html = markdownIt('```python\nx = 1\n```\n\n```python {repl}\ny = 2\n```\n', {}, md);
    assert.match(html, /<pre><code class="language-python"><b class="hl-python">x = 1<\/b>/);
    assert.match(html, /<py-repl><script type="text\/python">\ny = 2\n<\/script>/);
  });

  test('option values are escaped, and code cannot end its script early', () => {
    const html = markdownIt(
      [
        '```python {repl id=ex}',
        'x = "<!-- <script>"',
        '```',
        '```python {repl id=ex2}',
        's = 1',
        '```',
        `\`\`\`python {check for=ex2 name='" onmouseover="alert(1)' }`,
        's == 1',
        '```',
        '```python {repl}',
        '# </SCRIPT ><img src=x onerror=alert(1)>',
        '```',
        '',
      ].join('\n'),
    );
    assert.equal(
      html,
      [
        '<py-repl id="ex">',
        'x = "&lt;!-- &lt;script&gt;"',
        '</py-repl>',
        '<py-repl id="ex2"><script type="text/python">',
        's = 1',
        '</script><script type="text/python" data-check="&quot; onmouseover=&quot;alert(1)">',
        's == 1',
        '</script><pre><code class="language-python">s = 1</code></pre></py-repl>',
        '<py-repl>',
        '# &lt;/SCRIPT &gt;&lt;img src=x onerror=alert(1)&gt;',
        '</py-repl>',
        '',
      ].join('\n'),
    );
  });

  test('a mistake is a build error that names the line and the option', () => {
    const at = (fence, code = 'x = 1') => `# Title\n\nText.\n\n${fence}\n${code}\n\`\`\`\n`; // the fence is on line 5
    const cases = [
      ['```python {repl scpe=ch1}', 'unknown option "scpe" for {repl} (did you mean "scope"?)'],
      ['```python {repl onclick=x}', 'unknown option "onclick" for {repl}'],
      ['```python {repl py-click="print(1)"}', 'unknown option "py-click" for {repl}'],
      ['```python {check for=ex1 readonly}', 'unknown option "readonly" for {check}'],
      ['```python {reple}', 'a block starts with repl, run, check, hint or solution, not "reple"'],
      ['```python {readonly}', 'a block starts with repl, run, check, hint or solution, not "readonly"'],
      ['```python {repl solution-after=once}', 'solution-after="once": use a whole number'],
      ['```python {hint}', '{hint} needs the id of its REPL'],
      ['```python {solution for=nowhere}', '{solution for=nowhere}: no {repl id=nowhere} block in this document'],
      ['```python {repl mode=shell}', 'mode=shell for {repl}: use editor or console'],
      ['```python {repl readonly=yes}', '"readonly" takes no value'],
      ['```python {repl id}', '"id" needs a value'],
      ['```python {repl id="a b"}', 'id="a b": use letters, digits'],
      ['```python {repl id=x"onclick=y}', 'unexpected "\\"" after id'],
      ['```python {repl id="x}', 'the quote after id= is not closed'],
      ['```python {repl readonly readonly}', '"readonly" is given twice'],
      ['```python {repl} run', 'unexpected text after "}": "run"'],
      ['```python {check}', '{check} needs the id of its REPL'],
      ['```python {check for=nowhere}', '{check for=nowhere}: no {repl id=nowhere} block in this document'],
    ];
    for (const [fence, expected] of cases) {
      const message = buildError(at(fence), AUTHOR);
      assert.ok(message.startsWith('py-elements: line 5: '), message);
      assert.ok(message.includes(expected), `${fence}: ${message}`);
    }
    const twice = '```python {repl id=a}\n```\n\n```python {run id=a}\n```\n';
    assert.equal(buildError(twice, AUTHOR), 'py-elements: line 4: two blocks have id=a');
    const consoleMode = '```python {repl id=a mode=console}\n```\n\n```python {check for=a}\n```\n';
    assert.match(
      buildError(consoleMode, AUTHOR),
      /^py-elements: line 4: \{check for=a\}: exercises \(checks, hints, a solution\) are for REPLs in editor mode/,
    );
    const twoSolutions = '```python {repl id=a}\n```\n\n```python {solution for=a}\n```\n\n```python {solution for=a}\n```\n';
    assert.equal(buildError(twoSolutions, AUTHOR), 'py-elements: line 7: {solution for=a}: that REPL has a solution already');
    const script = '```python {repl id=a}\n```\n\n```python {check for=a}\nassert "</script>"\n```\n';
    assert.match(buildError(script, AUTHOR), /^py-elements: line 4: a check cannot contain "<\/script"/);
  });

  test('what runs Python with no reader action, or in the author’s namespaces, needs the author’s allow', () => {
    const run = buildError('```python {run}\nprint(1)\n```\n', {});
    assert.match(run, /^py-elements: line 1: \{run\}: \{run\} runs Python as the page loads, with no reader action\./);
    assert.match(run, /allow: \["run"\]/);
    assert.match(
      buildError('```python {repl autorun}\n```\n', { allow: ['run'] }),
      /"autorun" runs Python with no reader action.*allow: \["autorun"\]/,
    );
    assert.match(
      buildError('```python {repl scope=ch1}\n```\n', {}),
      /"scope" shares a namespace with the author's code.*allow: \["scope"\]/,
    );
    // A visitor's comment through the default plugin: a REPL that runs when the reader presses Run, nothing more.
    assert.equal(
      markdownIt('```python {repl readonly}\nx\n```\n'),
      '<py-repl readonly><script type="text/python">\nx\n</script><pre><code class="language-python">x</code></pre></py-repl>\n',
    );
    assert.throws(() => new MarkdownIt().use(pyElements, { allow: ['py-click'] }), /allow: unknown option "py-click"/);
    assert.throws(() => rehypePyElements({ trusted: true }), /unknown plugin option "trusted"/);
  });

  test('rehype also reads the info string from MDX’s metastring and from data-meta', () => {
    const pre = (code) => ({ type: 'element', tagName: 'pre', properties: {}, children: [code] });
    const code = (properties) => ({
      type: 'element',
      tagName: 'code',
      properties: { className: ['language-python'], ...properties },
      children: [{ type: 'text', value: 'x = 1\n' }],
    });
    const tree = {
      type: 'root',
      children: [pre(code({ metastring: '{repl readonly}' })), pre(code({ dataMeta: '{repl mode=console}' }))],
    };
    rehypePyElements()(tree);
    assert.deepEqual(
      tree.children.map((node) => [node.tagName, node.properties]),
      [
        ['py-repl', { readOnly: true }],
        ['py-repl', { mode: 'console' }],
      ],
    );
  });
});

describe('a site built from markdown, in Chromium', () => {
  let site;
  let server;
  let browser;

  /** What an Eleventy or VitePress build does, in small: each markdown page rendered into a layout. */
  async function buildSite() {
    site = join(TMP, `markdown-site-${process.pid}`);
    const source = await readFile(LESSON, 'utf8');
    for (const [name, render] of Object.entries(RENDERERS)) {
      await mkdir(join(site, name), { recursive: true });
      const page = [
        '<!doctype html>',
        '<html lang="en"><head><meta charset="utf-8"><title>Areas</title><link rel="icon" href="data:,">',
        '<script type="module" src="/lib/py-elements.js"></script></head>',
        `<body><main>\n${render(source, AUTHOR)}</main></body></html>`,
      ].join('\n');
      await writeFile(join(site, name, 'index.html'), page);
    }
  }

  before(async () => {
    await buildSite();
    server = await startServer({
      mounts: [
        ['/lib/', dist],
        ['/', site],
      ],
      files: Object.fromEntries(Object.keys(RENDERERS).map((name) => [`/${name}/`, join(site, name, 'index.html')])),
    });
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await server?.close();
    if (site) await rm(site, { recursive: true, force: true });
  });

  /** Our elements as the browser parsed them: tag, attributes, the scripts' code, the fallback's text. */
  const describeElements = () =>
    [...document.querySelectorAll('py-repl, py-script')].map((el) => ({
      tag: el.localName,
      attributes: Object.fromEntries([...el.attributes].map((a) => [a.name, a.value])),
      scripts: [...el.querySelectorAll('script')].map((s) => ({
        check: s.dataset.check ?? null,
        ...('solution' in s.dataset && { solution: true }),
        code: s.text.trim(),
      })),
      hints: [...el.querySelectorAll('template[data-hint]')].map((t) => t.content.textContent),
      fallback: el.querySelector('pre')?.textContent ?? null,
      text: [...el.childNodes]
        .filter((n) => n.nodeType === Node.TEXT_NODE)
        .map((n) => n.data)
        .join('')
        .trim(),
    }));

  const ELEMENTS = [
    {
      tag: 'py-script',
      attributes: { scope: 'lesson' },
      scripts: [{ check: null, code: 'unit = "cm²"\nprint("run:", 1 < 2 and "a & b")' }],
      hints: [],
      fallback: 'unit = "cm²"\nprint("run:", 1 < 2 and "a & b")',
      text: '',
    },
    {
      tag: 'py-repl',
      attributes: { scope: 'lesson', id: 'ex1' },
      scripts: [
        { check: null, code: 'def area(w, h):\n    return w + h  # 1 < 2 & "quotes"' },
        { check: 'area(2, 3) is 6 <b>', code: 'assert area(2, 3) == 6, f"got {area(2, 3)} {unit}"' },
        { check: null, solution: true, code: 'def area(w, h):\n    return w * h' },
      ],
      hints: ["Multiply, don't add: <b>area</b> is w × h."],
      fallback: 'def area(w, h):\n    return w + h  # 1 < 2 & "quotes"',
      text: '',
    },
    {
      tag: 'py-repl',
      attributes: { readonly: '', mode: 'console' },
      scripts: [{ check: null, code: 'print("console")' }],
      hints: [],
      fallback: 'print("console")',
      text: '',
    },
    { tag: 'py-script', attributes: {}, scripts: [], hints: [], fallback: null, text: 'print("</script><b>not bold</b>")' },
  ];

  for (const name of Object.keys(RENDERERS)) {
    test(`${name}: without JavaScript the page shows the code, and the browser parses the elements as written`, async () => {
      const context = await browser.newContext({ javaScriptEnabled: false });
      try {
        const page = await context.newPage();
        await page.goto(`${server.origin}/${name}/`);
        assert.deepEqual(await page.evaluate(describeElements), ELEMENTS);
        const shown = await page.locator('py-repl#ex1 pre').innerText();
        assert.equal(shown.trim(), 'def area(w, h):\n    return w + h  # 1 < 2 & "quotes"', 'the fallback is what a reader sees');
        assert.equal(await page.locator('py-repl#ex1 script').first().isVisible(), false);
      } finally {
        await context.close();
      }
    });

    test(`${name}: the {run} blocks print, the REPL upgrades, and its check runs`, { timeout: 5 * PYTHON_TIMEOUT }, async () => {
      const context = await browser.newContext();
      try {
        const page = await context.newPage();
        const seen = record(page);
        await page.goto(`${server.origin}/${name}/`, { waitUntil: 'load' });
        const outputs = () =>
          page.evaluate(() =>
            [...document.querySelectorAll('py-script')].map((el) => el.querySelector('.py-output')?.textContent ?? ''),
          );
        let last;
        await waitUntil(async () => (last = await outputs()).every(Boolean), {
          timeout: PYTHON_TIMEOUT,
          describe: () => `outputs ${JSON.stringify(last)}; page errors ${JSON.stringify(seen.pageErrors)}`,
        });
        assert.deepEqual(last, ['run: a & b\n', '</script><b>not bold</b>\n']);

        await page.waitForFunction(() => document.querySelector('py-repl#ex1')?.querySelector('.py-repl-editor'), undefined, {
          timeout: PYTHON_TIMEOUT,
        });
        const repl = await page.evaluate(() => {
          const el = document.querySelector('py-repl#ex1');
          return {
            code: el.code,
            fallbackShown: el.querySelector('pre').checkVisibility(),
            runButton: !!el.shadowRoot.querySelector('[part="run-button"]'),
          };
        });
        assert.deepEqual(repl, {
          code: 'def area(w, h):\n    return w + h  # 1 < 2 & "quotes"',
          fallbackShown: false,
          runButton: true,
        });
        assert.ok(await page.locator('main > pre > code.language-python').isVisible(), 'the plain block is still a code block');

        const check = (code) =>
          page.evaluate(async (code) => {
            const el = document.querySelector('py-repl#ex1');
            el.code = code;
            const checked = new Promise((resolve) => el.addEventListener('py-check', (e) => resolve(e.detail), { once: true }));
            await el.run();
            return await checked;
          }, code);
        assert.deepEqual(await check('def area(w, h):\n    return w + h'), {
          passed: false,
          checks: [{ name: 'area(2, 3) is 6 <b>', passed: false, message: 'got 5 cm²' }],
          attempts: 1,
        });
        // The hint and the solution came from their fences: one hint, and the solution after that attempt.
        const revealed = await page.evaluate(async () => {
          const el = document.querySelector('py-repl#ex1');
          el.showHint();
          el.showSolution();
          await el.updateComplete;
          const text = (part) => el.shadowRoot.querySelector(`[part~="${part}"]`)?.textContent.trim();
          return { hint: text('hint'), solution: text('solution') };
        });
        assert.deepEqual(revealed, {
          hint: "Multiply, don't add: <b>area</b> is w × h.",
          solution: 'def area(w, h):\n    return w * h',
        });
        assert.deepEqual(await check('def area(w, h):\n    return w * h'), {
          passed: true,
          checks: [{ name: 'area(2, 3) is 6 <b>', passed: true }],
          attempts: 2,
        });
        assertNoErrors(seen);
      } finally {
        await context.close();
      }
    });
  }
});
