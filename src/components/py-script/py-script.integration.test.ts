// <py-script> against the real interpreter. One page, one Pyodide: the first test sees it load.
import { hasJSPI, itExcept } from '../../../test/browser/engine.js';
import { expect, mount, nextEvent, outputText, part, quietly, unmountAll, waitFor } from '../../../test/browser/helpers.js';
import type { PyDoneEvent } from '../../events/py-done.js';
import '../../../test/browser/elements.js';
import type { PyScriptElement } from './py-script.js';

/** Mounts markup and resolves with the py-done detail of its first <py-script>. */
async function runMarkup(markup: string): Promise<{ el: PyScriptElement; ok: boolean; error?: string }> {
  const el = mount<PyScriptElement>(markup);
  const host = el.localName === 'py-script' ? el : el.querySelector('py-script')!;
  const { detail } = await nextEvent<PyDoneEvent>(host, 'py-done');
  return { el: host as PyScriptElement, ...detail };
}

function py(code: string): string {
  return `<py-script><script type="text/python">${code}</script></py-script>`;
}

/** Captures console.error calls while fn runs. */
async function capturingConsoleErrors<T>(fn: () => Promise<T>): Promise<[T, unknown[][]]> {
  const original = console.error;
  const calls: unknown[][] = [];
  console.error = (...args: unknown[]) => calls.push(args);
  try {
    return [await fn(), calls];
  } finally {
    console.error = original;
  }
}

describe('<py-script> with Python', () => {
  afterEach(unmountAll);

  it('shows an accessible loading indicator and progress until Python is ready, then the output', async () => {
    const progress: { loaded: number; total: number }[] = [];
    const onProgress = (e: Event) => progress.push((e as CustomEvent).detail);
    document.addEventListener('py-runtime-progress', onProgress);
    const ready = nextEvent(document, 'py-runtime-ready');
    const el = mount<PyScriptElement>(py('print("hi")'));
    await waitFor(() => el.shadowRoot?.querySelector('[part="status"] progress'), 'the loading indicator');
    const status = el.shadowRoot!.querySelector('[part="status"]')!;
    expect(status.getAttribute('role')).to.equal('status');
    expect(status.textContent).to.contain('Loading Python');

    await nextEvent(el, 'py-done');
    document.removeEventListener('py-runtime-progress', onProgress);
    await el.updateComplete;
    expect(outputText(el)).to.equal('hi\n');
    expect(status.textContent!.trim()).to.equal('');
    expect((await ready).detail.pyodideVersion).to.equal('314.0.7');
    const last = progress.at(-1)!;
    expect(last.total).to.be.greaterThan(10_000_000);
    expect(last.loaded).to.equal(last.total);
    expect(
      progress.some((p) => p.loaded > 0 && p.loaded < p.total),
      'intermediate progress',
    ).to.be.true;
  });

  it('keeps < and & in <script type="text/python"> and escapes printed HTML', async () => {
    const { el, ok } = await runMarkup(py('print("<b>&amp;</b>", 1 < 2)'));
    expect(ok).to.be.true;
    expect(outputText(el)).to.equal('<b>&amp;</b> True\n');
    expect(el.querySelector('.py-output b')).to.equal(null);
  });

  it('runs dedented inline text', async () => {
    const { el, ok } = await runMarkup(`<py-script>
        def greet(name):
            return "hello " + name

        print(greet("text"))
      </py-script>`);
    expect(ok).to.be.true;
    expect(outputText(el)).to.equal('hello text\n');
    // The source text stays in the DOM (run() reads it again) but is not rendered: no raw code on screen.
    const source = [...el.childNodes].find(
      (node) => node.nodeType === Node.TEXT_NODE && node.textContent!.includes('def greet'),
    )!;
    const range = document.createRange();
    range.selectNodeContents(source);
    expect(range.getClientRects().length).to.equal(0);
    expect(el.querySelector('.py-output')!.getClientRects().length).to.be.greaterThan(0);
  });

  it('explains how to fix code the HTML parser turned into elements', async () => {
    const [{ el, ok, error }] = await capturingConsoleErrors(() => runMarkup('<py-script>if 1<b: print(1)</py-script>'));
    expect(ok).to.be.false;
    expect(error).to.contain('<script type="text/python">');
    expect(el.querySelector('.py-error')!.textContent).to.contain('read part of the Python code as a <b:> tag');
  });

  it('shows stderr apart from stdout and print(end="") at once', async () => {
    const el = mount<PyScriptElement>(
      py(`import sys, asyncio
print("partial", end="")
print("oops", file=sys.stderr)
await asyncio.sleep(0.3)
print(" line")`),
    );
    await waitFor(() => el.querySelector('.py-stderr'), 'stderr');
    expect(outputText(el)).to.equal('partialoops\n');
    expect(el.querySelector('.py-stdout')!.textContent).to.equal('partial');
    expect(el.querySelector('.py-stderr')!.textContent).to.equal('oops\n');
    await nextEvent(el, 'py-done');
    expect(outputText(el)).to.equal('partialoops\n line\n');
  });

  it('keeps the last lines of endless output and says how many earlier ones are hidden', async () => {
    const { el, ok } = await runMarkup(py('for i in range(20_000):\n    print(i)'));
    expect(ok).to.be.true;
    const text = [...el.querySelectorAll('.py-output .py-stdout')].map((span) => span.textContent).join('');
    const lines = text.split('\n').filter(Boolean);
    expect(lines.length).to.be.at.most(5000);
    expect(lines.at(-1)).to.equal('19999');
    expect(lines).to.not.include('0');
    const marker = el.querySelector('.py-output > .py-hidden-lines')!;
    expect(el.querySelector('.py-output')!.firstElementChild).to.equal(marker);
    const hidden = Number(/… ([\d,]+) earlier lines hidden/.exec(marker.textContent!)![1].replace(/,/g, ''));
    expect(hidden + lines.length).to.equal(20_000); // every line is either shown or counted
    expect(lines[0]).to.equal(String(hidden)); // and the shown ones are the last, in order
  });

  it('gives element code document, window, element and display, also from pyelements', async () => {
    const { el, ok, error } = await runMarkup(
      py(`from pyelements import document as d, window as w, element as e, display as show
assert d is document and w is window and e is element and show is display
element.dataset.seen = "yes"
document.title = "set from Python"
print(element.tagName, window.location.pathname == document.location.pathname)`),
    );
    expect(ok, error).to.be.true;
    expect(outputText(el)).to.equal('PY-SCRIPT True\n');
    expect(el.dataset.seen).to.equal('yes');
    expect(document.title).to.equal('set from Python');
  });

  it('display() escapes text and renders HTML, SVG, PNG and HTML("...") that page CSS can style', async () => {
    const style = document.createElement('style');
    style.textContent = '.from-python { color: rgb(1, 2, 3); }';
    document.head.append(style);
    try {
      const { el, ok, error } = await runMarkup(
        py(`import base64
class Rich:
    def _repr_html_(self): return '<em class="from-python">rich</em>'
class Svg:
    def _repr_svg_(self): return '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"><rect width="4" height="4"/></svg>'
class Png:
    def _repr_png_(self):
        return base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==")
display("<i>not html</i>", Rich(), Svg(), Png(), HTML('<span class="from-python">raw</span>'), 42)`),
      );
      expect(ok, error).to.be.true;
      const boxes = [...el.querySelectorAll('.py-display')];
      expect(boxes.map((b) => (b as HTMLElement).dataset.mime)).to.deep.equal([
        'text/plain',
        'text/html',
        'image/svg+xml',
        'image/png',
        'text/html',
        'text/plain',
      ]);
      expect(boxes[0].textContent).to.equal('<i>not html</i>');
      expect(boxes[0].querySelector('i')).to.equal(null);
      expect(getComputedStyle(boxes[1].querySelector('em')!).color).to.equal('rgb(1, 2, 3)');
      expect(boxes[2].querySelector('svg rect')).to.not.equal(null);
      const img = boxes[3].querySelector('img')!;
      await img.decode();
      expect(img.naturalWidth).to.equal(1);
      expect(getComputedStyle(boxes[4].querySelector('span')!).color).to.equal('rgb(1, 2, 3)');
      expect(boxes[5].textContent).to.equal('42');
    } finally {
      style.remove();
    }
  });

  it('display(target=..., append=False) writes to another element and replaces its content', async () => {
    const page = mount(
      `<div><p id="elsewhere">placeholder</p>${py(`display("one", target="elsewhere")
display("two", target="elsewhere", append=False)`)}</div>`,
    );
    const el = page.querySelector('py-script')!;
    const { detail } = await nextEvent<PyDoneEvent>(el, 'py-done');
    expect(detail.ok, detail.error).to.be.true;
    expect(page.querySelector('#elsewhere')!.textContent).to.equal('two');
  });

  it('target="id" sends output to that element; a missing id is a clear error', async () => {
    const page = mount(`<div><pre id="out"></pre><py-script target="out">print("over there")</py-script></div>`);
    const el = page.querySelector('py-script')!;
    await nextEvent(el, 'py-done');
    expect(page.querySelector('#out')!.textContent).to.equal('over there\n');
    expect(outputText(el)).to.equal('');

    const [{ el: broken, ok }] = await capturingConsoleErrors(() =>
      runMarkup('<py-script target="nowhere">print("lost")</py-script>'),
    );
    expect(ok).to.be.false;
    expect(broken.querySelector('.py-error')!.textContent).to.equal(
      'target "nowhere": there is no element with id "nowhere" on this page',
    );
  });

  it('every name of the Python API table in the README is defined in element code, in the main and a named scope', async () => {
    const check = `names = ["document", "window", "element", "display", "HTML", "current_element", "when",
         "add_event_listener", "remove_event_listener", "fetch"]
print([n for n in names if n not in globals()], current_element() is element, element.id)`;
    for (const scope of ['', 'scope="lesson-names"']) {
      const { el, ok, error } = await runMarkup(
        `<py-script id="names" ${scope}><script type="text/python">${check}</script></py-script>`,
      );
      expect(ok, error).to.be.true;
      expect(outputText(el), scope || 'main scope').to.equal('[] True names\n');
      el.remove();
    }
    // A learner's own definition of such a name wins in its namespace.
    const { el, ok } = await runMarkup(py('def fetch():\n    return "mine"\nprint(fetch())'));
    expect(ok).to.be.true;
    expect(outputText(el)).to.equal('mine\n');
  });

  it('output sent to a target looks as it does in the element: lines stay lines, for stdout, stderr and display()', async () => {
    const code = 'import sys\nprint("one.")\nprint("two.")\nprint("three.", file=sys.stderr)\ndisplay("four.")';
    const page = mount(`<div><div id="out">waiting</div>
<py-script id="there" target="out"><script type="text/python">${code}</script></py-script>
<py-script id="here"><script type="text/python">${code}</script></py-script></div>`);
    const there = page.querySelector<PyScriptElement>('#there')!;
    const here = page.querySelector<PyScriptElement>('#here')!;
    await nextEvent(here, 'py-done');
    const out = page.querySelector<HTMLElement>('#out')!;
    // innerText is what a reader sees: it follows the CSS (white-space), unlike textContent.
    // (Trailing line breaks aside: WebKit's innerText of a last block line differs by context.)
    const own = here.querySelector<HTMLElement>('.py-output')!.innerText.trimEnd();
    expect(own.split('\n').filter(Boolean)).to.deep.equal(['one.', 'two.', 'three.', 'four.']);
    expect(out.innerText.trimEnd()).to.equal(own);
    const wrapper = out.querySelector(':scope > div.py-output')!;
    expect(wrapper, 'the same div.py-output wrapper the element uses').to.not.equal(null);
    expect([...wrapper.children].map((c) => c.className)).to.deep.equal(['py-stdout', 'py-stderr', 'py-display']);
    expect(out.textContent, 'the earlier content is replaced').to.not.contain('waiting');

    await there.run(); // a second run replaces the first run's output, and keeps one wrapper
    expect(out.querySelectorAll('.py-output')).to.have.length(1);
    expect(out.innerText.trimEnd()).to.equal(own);
  });

  it('display() with a target that does not exist raises a ValueError that says so', async () => {
    const { el, ok, error } = await runMarkup(
      py(`try:
    display("x", target="missing")
except ValueError as e:
    print(type(e).__name__, e)`),
    );
    expect(ok, error).to.be.true;
    expect(outputText(el)).to.equal(
      'ValueError display(target=\'missing\'): target "missing": there is no element with id "missing" on this page\n',
    );
  });

  it('shows an uncaught exception with a trimmed traceback relative to the block, logs it, and later blocks still run', async () => {
    const [page, errors] = await capturingConsoleErrors(async () => {
      const page = mount(`<div>
        <py-script id="bad"><script type="text/python">
          def divide(a, b):
              return a / b

          divide(1, 0)
        </script></py-script>
        <py-script id="after">print("still running")</py-script>
      </div>`);
      await nextEvent(page.querySelector('#after')!, 'py-done');
      return page;
    });
    const traceback = page.querySelector('#bad .py-error')!.textContent!;
    expect(traceback).to.equal(
      [
        'Traceback (most recent call last):',
        '  File "<py-script #bad>", line 4, in <module>',
        '    divide(1, 0)',
        '    ~~~~~~^^^^^^',
        '  File "<py-script #bad>", line 2, in divide',
        '    return a / b',
        '           ~~^~~',
        'ZeroDivisionError: division by zero',
        '',
      ].join('\n'),
    );
    expect(outputText(page.querySelector('#after')!)).to.equal('still running\n');
    expect(errors.some(([message]) => String(message).includes('ZeroDivisionError'))).to.be.true;
  });

  it('shows a syntax error with its line', async () => {
    const [{ el, ok, error }] = await capturingConsoleErrors(() => runMarkup(py('x = 1\nprint(x +)')));
    expect(ok).to.be.false;
    expect(error).to.match(/line 2[\s\S]*SyntaxError/);
    expect(el.querySelector('.py-error')!.textContent).to.contain('print(x +)');
  });

  it('runs src files; a missing one shows its URL and status', async () => {
    const { el, ok } = await runMarkup('<py-script src="/test/fixtures/hello.py"></py-script>');
    expect(ok).to.be.true;
    expect(outputText(el)).to.equal('from a file\n');

    const [{ el: missing, error }] = await capturingConsoleErrors(() =>
      runMarkup('<py-script src="/test/fixtures/nope.py"></py-script>'),
    );
    expect(error).to.equal(
      `Could not load src="/test/fixtures/nope.py": ${location.origin}/test/fixtures/nope.py answered 404 Not Found`,
    );
    expect(missing.querySelector('.py-error')!.textContent).to.equal(error);

    const [{ error: traceback }] = await capturingConsoleErrors(() =>
      runMarkup('<py-script src="/test/fixtures/broken.py"></py-script>'),
    );
    expect(traceback).to.contain(`File "${location.origin}/test/fixtures/broken.py", line 4`);
  });

  it('runs blocks in document order, waiting for slow src files and top-level await', async () => {
    const page = mount(`<div>
      <py-script>order = []</py-script>
      <py-script><script type="text/python">
        import asyncio
        await asyncio.sleep(0.2)
        order.append(1)
      </script></py-script>
      <py-script src="/__test/slow/300/test/fixtures/second.py"></py-script>
      <py-script id="last">order.append(3); print(order)</py-script>
    </div>`);
    const { detail } = await nextEvent<PyDoneEvent>(page.querySelector('#last')!, 'py-done');
    expect(detail.ok, detail.error).to.be.true;
    expect(outputText(page.querySelector('#last')!)).to.equal('[1, 2, 3]\n');
  });

  it('runs elements added later, never re-runs a moved one, and run() runs again', async () => {
    const el = document.createElement('py-script');
    el.textContent = 'runs = globals().get("runs", 0) + 1\nprint("run", runs)';
    const done = nextEvent(el, 'py-done');
    const box = mount('<div></div>');
    box.append(el);
    await done;
    expect(outputText(el)).to.equal('run 1\n');

    const other = mount('<section></section>');
    other.append(el); // a move: disconnect + connect
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(outputText(el)).to.equal('run 1\n');

    const detail = await el.run();
    expect(detail).to.deep.equal({ ok: true });
    expect(outputText(el)).to.equal('run 2\n'); // the previous output is replaced
  });

  it('shares the main namespace; scope="name" gives a separate one shared by name', async () => {
    const page = mount(`<div>
      <py-script>shared = "main"</py-script>
      <py-script scope="lesson">shared = "lesson"; only_here = 1</py-script>
      <py-script scope="lesson" id="same">print(shared, only_here)</py-script>
      <py-script id="main">print(shared, "only_here" in globals())</py-script>
    </div>`);
    await nextEvent(page.querySelector('#main')!, 'py-done');
    expect(outputText(page.querySelector('#same')!)).to.equal('lesson 1\n');
    expect(outputText(page.querySelector('#main')!)).to.equal('main False\n');
  });

  it('fires py-run before running, and preventDefault() skips the run', async () => {
    const page = mount('<div></div>');
    const el = document.createElement('py-script');
    el.textContent = 'print("should not run")';
    let ran = false;
    el.addEventListener('py-done', () => {
      ran = true;
    });
    const run = nextEvent(el, 'py-run');
    el.addEventListener('py-run', (e) => e.preventDefault());
    page.append(el);
    expect((await run).cancelable).to.be.true;
    const after = mount<PyScriptElement>('<py-script>pass</py-script>');
    await nextEvent(after, 'py-done'); // queued behind the cancelled one
    expect(ran).to.be.false;
    expect(outputText(el)).to.equal('');
  });

  it('routes output by context: a task that prints later writes into the element that started it', async () => {
    const page = mount(`<div>
      <py-script id="starter"><script type="text/python">
        import asyncio
        async def later():
            await asyncio.sleep(0.3)
            print("late line")
        task = asyncio.ensure_future(later())
        print("started")
      </script></py-script>
      <py-script id="busy"><script type="text/python">
        import asyncio
        print("busy begins")
        await asyncio.sleep(0.6)
        print("busy ends")
      </script></py-script>
    </div>`);
    await nextEvent(page.querySelector('#busy')!, 'py-done');
    expect(outputText(page.querySelector('#starter')!)).to.equal('started\nlate line\n');
    expect(outputText(page.querySelector('#busy')!)).to.equal('busy begins\nbusy ends\n');
  });

  const held =
    'no JSPI: Python cannot let the page breathe, so the page is held and Stop cannot be clicked (see the dialog test)';
  itExcept({ webkit: held })(
    'a block stuck in `while True: pass` leaves the page answering, shows Stop after a second, and Stop frees the blocks after it',
    async () => {
      // One bug in one block of a blog post must not take the reader's tab down (#13).
      const root = mount(`<div>${py('while True:\n    pass').replace('<py-script>', '<py-script id="stuck">')}
      ${py('print("after")').replace('<py-script>', '<py-script id="after">')}</div>`);
      const stuck = root.querySelector<PyScriptElement>('#stuck')!;
      const after = root.querySelector<PyScriptElement>('#after')!;
      try {
        await waitFor(() => part(stuck, 'stop-button'), 'Stop on the stuck block', 60_000);
        expect(part(stuck, 'status')!.textContent).to.equal('Running…');
        await waitFor(
          () => part(after, 'status')?.textContent === 'Waiting for the Python before this block to finish…',
          'the next block to say why it waits',
          10_000,
        );
        // The page answers while the loop runs: timers fire again and again (a held page would fire
        // none, and this wait would never end). A rate, not a count per breath: the CI machine is loaded.
        let ticks = 0;
        const timer = setInterval(() => ticks++, 10);
        await new Promise((resolve) => setTimeout(resolve, 1000));
        clearInterval(timer);
        expect(ticks, 'timer ticks in 1 s of the loop').to.be.at.least(3);

        const stopped = nextEvent<PyDoneEvent>(stuck, 'py-done');
        const ran = nextEvent<PyDoneEvent>(after, 'py-done');
        const clicked = performance.now();
        part(stuck, 'stop-button')!.click();
        const { detail } = await quietly(() => stopped);
        expect(performance.now() - clicked, 'ms from the click to the end of the run').to.be.lessThan(1000);
        expect(detail.error).to.contain('KeyboardInterrupt');
        expect(outputText(stuck)).to.contain('KeyboardInterrupt: stopped from the page');
        expect((await ran).detail).to.deep.equal({ ok: true });
        expect(outputText(after)).to.equal('after\n');
        await stuck.updateComplete;
        expect(part(stuck, 'stop-button'), 'Stop gone once stopped').to.equal(null);
      } finally {
        // A failed assertion must not leave the loop holding every later test's Python.
        part(stuck, 'stop-button')?.click();
      }
    },
  );

  const breathes = 'JSPI: the page breathes during the loop, and Stop is its button (test above)';
  itExcept({ chromium: breathes, firefox: breathes })(
    'without JSPI a held page asks the reader after 10 s whether to stop, and OK stops the run',
    async () => {
      expect(hasJSPI).to.equal(false);
      const asked: string[] = [];
      const saved = window.confirm;
      window.confirm = (message?: string) => {
        asked.push(message ?? '');
        return asked.length > 1; // "let it run" the first time, stop the second
      };
      try {
        const started = performance.now();
        const { el, ok, error } = await quietly(() => runMarkup(py('n = 0\nwhile True:\n    n += 1')));
        const elapsed = performance.now() - started;
        expect(ok).to.equal(false);
        expect(error).to.contain('KeyboardInterrupt');
        expect(asked).to.have.length(2);
        expect(asked[0]).to.contain('this browser cannot pause it').and.contain('Stop it?');
        expect(elapsed, 'two 10 s holds').to.be.within(19_000, 60_000);
        expect(outputText(el)).to.contain('KeyboardInterrupt');
        // Stopped, not restarted: the loop's variable is still there, and Python runs on.
        const next = await runMarkup(py('print(n > 1000)'));
        expect(next.ok).to.equal(true);
        expect(outputText(next.el)).to.equal('True\n');
      } finally {
        window.confirm = saved;
      }
    },
  );

  it('Stop ends a block waiting in input()', async () => {
    const el = mount<PyScriptElement>(py('name = input("Name? ")\nprint("never", name)'));
    await waitFor(() => el.querySelector('input'), 'the input field', 60_000);
    const done = nextEvent<PyDoneEvent>(el, 'py-done');
    el.stop();
    const { detail } = await quietly(() => done);
    expect(detail.ok).to.equal(false);
    expect(outputText(el)).to.not.contain('never');
  });
});
