// <py-repl> against the real interpreter, with real key presses. Most tests use editor="plain" so
// they do not wait for Monaco; monaco-editor.test.ts covers Monaco itself, and the last tests here
// cover the upgrade to it.
import { itExcept } from '../../../test/browser/engine.js';
import { sendKeys } from '@web/test-runner-commands';
import {
  axeViolations,
  expect,
  typeText,
  mount,
  nextEvent,
  part,
  pressCombo,
  quietly,
  runThenStop,
  unmountAll,
  waitFor,
} from '../../../test/browser/helpers.js';
import type { PyDoneEvent } from '../../events/py-done.js';
import '../../../test/browser/elements.js';
import { editorWait } from '../../internal/editors-first.js';
import { getRuntime, resetRuntimeForTests } from '../../runtime/hubs.js';
import { MAX_CHARS } from '../../output/dom-output.js';
import { monacoStats } from './monaco.js';
import type { PyReplElement } from './py-repl.js';

const parts = (el: PyReplElement, name: string) => [...el.shadowRoot!.querySelectorAll<HTMLElement>(`[part~="${name}"]`)];
const textarea = (el: PyReplElement) => el.querySelector<HTMLTextAreaElement>('textarea.py-repl-plain')!;

async function mountRepl(markup: string): Promise<PyReplElement> {
  const el = mount<PyReplElement>(markup);
  const repl = el.localName === 'py-repl' ? el : el.querySelector<PyReplElement>('py-repl')!;
  await waitFor(() => repl.querySelector('.py-repl-editor textarea, .py-repl-editor .monaco-editor'), 'the editor');
  return repl;
}

async function runViaKeys(el: PyReplElement, keys: string): Promise<PyDoneEvent['detail']> {
  const done = nextEvent<PyDoneEvent>(el, 'py-done');
  textarea(el).focus();
  await pressCombo(keys);
  return (await done).detail;
}

/** Why a test of the page staying live during a run cannot hold in WebKit. */
const HELD =
  'no JSPI: Python cannot let the page breathe, so a long run holds it (py-script.integration.test.ts tests the dialog that stops it)';

describe('<py-repl> with Python', () => {
  before(async () => {
    await getRuntime(); // load once up front; lazy loading has its own file
  });
  beforeEach(() => localStorage.clear());
  afterEach(unmountAll);

  it('loads the author code into the editor without running it', async () => {
    let ran = false;
    const el = await mountRepl(`<py-repl editor="plain"><script type="text/python">
      def f(x):
          return x < 3 and "&"
      f(1)
    </script></py-repl>`);
    el.addEventListener('py-done', () => (ran = true));
    expect(textarea(el).value).to.equal('def f(x):\n    return x < 3 and "&"\nf(1)');
    expect(el.code).to.equal(textarea(el).value);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(ran).to.be.false;
    expect(part(el, 'output')!.childElementCount).to.equal(0);
  });

  it('loads src into the editor', async () => {
    const el = await mountRepl('<py-repl editor="plain" src="/test/fixtures/hello.py"></py-repl>');
    await waitFor(() => textarea(el).value.includes('from a file'), 'the src code');
    expect(textarea(el).value).to.equal('import sys\n\nprint("from a file", file=sys.stdout)\nloaded_from_src = True');
  });

  it('Shift+Enter and Ctrl+Enter run without inserting a newline; output, then the value, each run replacing the last', async () => {
    const el = await mountRepl(`<py-repl editor="plain"><script type="text/python">
print("side effect")
[1, 2] + [3]
    </script></py-repl>`);
    const before = textarea(el).value;
    expect(await runViaKeys(el, 'Shift+Enter')).to.deep.equal({ ok: true });
    expect(textarea(el).value).to.equal(before);
    expect(part(el, 'stdout')!.textContent).to.equal('side effect\n');
    expect(part(el, 'value')!.textContent).to.equal('[1, 2, 3]');

    expect(await runViaKeys(el, 'Control+Enter')).to.deep.equal({ ok: true });
    expect(textarea(el).value).to.equal(before);
    expect(parts(el, 'stdout')).to.have.length(1);
    expect(parts(el, 'value')).to.have.length(1);
  });

  it('does not show None, and shows stderr and tracebacks in their parts', async () => {
    const el = await mountRepl(`<py-repl editor="plain"><script type="text/python">
import sys
print("careful", file=sys.stderr)
None
    </script></py-repl>`);
    await el.run();
    expect(part(el, 'value')).to.equal(null);
    expect(part(el, 'stderr')!.textContent).to.equal('careful\n');

    el.code = 'x = 1\n{}["missing"]';
    const detail = await el.run();
    expect(detail?.ok).to.be.false;
    expect(part(el, 'error')!.textContent).to.equal(
      'Traceback (most recent call last):\n  File "<py-repl 1>", line 2, in <module>\n    {}["missing"]\n    ~~^^^^^^^^^^^\nKeyError: \'missing\'\n',
    );
    expect(part(el, 'error')!.getAttribute('role')).to.equal('alert');
  });

  it("explains a beginner's common errors in one line above the traceback, and guesses at nothing else", async () => {
    const el = await mountRepl('<py-repl editor="plain" no-persist></py-repl>');
    const cases: [code: string, hint: string | null][] = [
      ['prnt("hi")', '"prnt" is not defined here: check its spelling'],
      ['age = 12\n"I am " + age', 'Text and a number cannot be added'],
      ['if True:\nprint(1)', 'The spaces at the start of a line are off'],
      ['print("hi"', 'A bracket (, [ or { is opened and never closed'],
      ['if 1 = 1:\n    pass', 'To compare two values use "==", not "="'],
      ['for i in range(3)\n    pass', 'must end with a colon ":"'],
      ['1 / 0', 'A number was divided by zero'],
      ['[1, 2, 3][3]', 'positions start at 0, so the last one is len(...) - 1'],
      ['{"a": 1}["b"]', "The dictionary has no key 'b'"],
      ['int("seven")', "The text 'seven' is not a number"],
      ['def f(x):\n    return x\nf()', 'f() was called with fewer arguments than it needs'],
      ['[3, 1].sort()[0]', 'Something is None where a list or dictionary was expected'],
      ['"abc".lenght', 'A str value has no attribute "lenght"'],
      ['numbers = [3, 1].sort()\nnumbers.append(2)', 'Something is None where an object with .append was expected'],
      ['raise NameError("no name given")', null],
      ['raise RuntimeError("the author\'s own")', null],
    ];
    const seen: [string, string | null][] = [];
    for (const [code, expected] of cases) {
      el.code = code;
      const detail = await el.run();
      expect(detail?.ok, code).to.be.false;
      const hint = part(el, 'error-hint');
      seen.push([code, hint && expected && hint.textContent!.includes(expected) ? expected : (hint?.textContent ?? null)]);
      if (hint) expect(hint.nextElementSibling, 'the hint is just above the traceback').to.equal(part(el, 'error'));
    }
    expect(seen).to.deep.equal(cases);
  });

  it('input() asks inside the REPL output and the answer becomes the value', async () => {
    const el = await mountRepl('<py-repl editor="plain">input("Number? ") * 2</py-repl>');
    const done = nextEvent<PyDoneEvent>(el, 'py-done');
    void el.run();
    await waitFor(() => part(el, 'ask-field'), 'the input field');
    await typeText('21');
    await sendKeys({ press: 'Enter' });
    expect((await done).detail).to.deep.equal({ ok: true });
    expect(part(el, 'stdout')!.textContent).to.equal('Number? 21\n');
    expect(part(el, 'value')!.textContent).to.equal("'2121'");
  });

  it('Clear ends an input() nobody will answer, so the REPL and the page queue are free again', async () => {
    const el = await mountRepl('<py-repl editor="plain">input("Waiting? ")</py-repl>');
    const done = nextEvent<PyDoneEvent>(el, 'py-done');
    void el.run();
    await waitFor(() => part(el, 'ask-field'), 'the input field');
    (part(el, 'clear-button') as HTMLButtonElement).click();
    const { detail } = await quietly(() => done);
    expect(detail.error).to.contain('EOFError: input() was cancelled');
    el.code = '"next"';
    await el.run();
    expect(part(el, 'value')!.textContent).to.equal("'next'");
  });

  itExcept({ webkit: HELD })(
    'a runaway loop leaves the page responsive and the Stop button stops it within a second',
    async () => {
      const el = await mountRepl('<py-repl editor="plain">while True:\n    pass</py-repl>');
      const done = nextEvent<PyDoneEvent>(el, 'py-done');
      void el.run();
      let clicked = 0;
      try {
        await waitFor(() => part(el, 'stop-button'), 'the Stop button');
        let ticks = 0;
        const timer = setInterval(() => ticks++, 10);
        await new Promise((resolve) => setTimeout(resolve, 500));
        clearInterval(timer);
        // Python breathes once every ~50 ms, and each breath lets the page run one task: ~10 ticks in
        // 500 ms at best, fewer on a loaded machine. A frozen page gets none.
        expect(ticks, 'timer ticks while Python loops').to.be.at.least(4);
        clicked = performance.now();
        (part(el, 'stop-button') as HTMLButtonElement).click();
      } finally {
        // Never leave the loop running: every later test in this page would queue behind it for ever.
        if (!clicked) el.stop();
      }
      const { detail } = await quietly(() => done);
      expect(performance.now() - clicked).to.be.below(1000);
      expect(detail.ok).to.be.false;
      expect(detail.error).to.contain('KeyboardInterrupt: stopped from the page');
      await el.updateComplete;
      expect(part(el, 'stop-button')).to.equal(null);
      el.code = '"still usable"';
      await el.run();
      expect(part(el, 'value')!.textContent).to.equal("'still usable'");
    },
  );

  itExcept({ webkit: HELD })('200,000 printed lines leave the page responsive and the output bounded', async () => {
    const el = await mountRepl('<py-repl editor="plain">for i in range(200_000):\n    print(i)</py-repl>');
    const stamps = [performance.now()];
    const timer = setInterval(() => stamps.push(performance.now()), 10);
    const started = performance.now();
    const detail = await el.run();
    const ran = performance.now() - started;
    clearInterval(timer);
    stamps.push(performance.now());
    expect(detail).to.deep.equal({ ok: true });
    // Responsive means no long freeze: idle, the run takes ~2 s and the page's longest wait ~150 ms.
    // Beside another test run the same run took 25 s; a tenth of the run still tells a freeze (a gap
    // as long as the run) from a slow machine, where an average rate of ticks did not.
    const longestGap = Math.max(...stamps.slice(1).map((t, i) => t - stamps[i]));
    expect(longestGap, `longest gap in a ${Math.round(ran)} ms run`).to.be.below(Math.max(1000, ran / 10));
    expect(part(el, 'hidden-lines')!.textContent).to.match(/earlier lines hidden$/);
    const shown = part(el, 'output')!.textContent!.split('\n');
    expect(shown.length).to.be.below(5100);
    expect(shown.at(-2)).to.equal('199999');
  });

  itExcept({ webkit: HELD })('an endless line without newlines stays bounded, and Stop still ends it', async () => {
    // print(..., end="") never ends a line, so the 5,000-line cap alone kept all of it (480k
    // characters after a minute), and Stop slowed as the page laid the growing line out again.
    const el = await mountRepl('<py-repl editor="plain" no-persist>while True:\n    print("x" * 10_000, end="")</py-repl>');
    const { detail, elapsed } = await runThenStop(el, 3000);
    expect(detail.error).to.match(/KeyboardInterrupt/);
    expect(elapsed, 'Stop ends the run (a bound for a hang, not a speed target)').to.be.below(10_000);
    const printed = part(el, 'output')!.querySelector('.py-stdout')!.textContent!;
    expect(printed.length).to.be.at.most(MAX_CHARS);
    expect(printed).to.match(/^x+$/);
    expect(part(el, 'hidden-lines')!.textContent, 'more was printed than kept').to.match(/earlier characters hidden$/);
  });

  itExcept({ webkit: HELD })('a loop of slow iterations (a call into C each) still lets the page run', async () => {
    // 300 iterations of ~10 ms in C: few jumps, each long. Counting jumps alone, Python looked at the
    // clock every 1000 jumps, i.e. never here, and the page froze for the whole run.
    const el = await mountRepl('<py-repl editor="plain" no-persist>for i in range(300):\n    sum(range(300_000))</py-repl>');
    const stamps = [performance.now()];
    const timer = setInterval(() => stamps.push(performance.now()), 10);
    const started = performance.now();
    expect(await el.run()).to.deep.equal({ ok: true });
    const ran = performance.now() - started;
    clearInterval(timer);
    stamps.push(performance.now());
    const longestGap = Math.max(...stamps.slice(1).map((t, i) => t - stamps[i]));
    expect(ran, 'the run is long enough to tell').to.be.above(1000);
    expect(longestGap, `longest gap in a ${Math.round(ran)} ms run`).to.be.below(ran / 3);
  });

  it('long printed output is laid out in blocks of lines, not one ever-growing paragraph', async () => {
    const el = await mountRepl('<py-repl editor="plain" no-persist>for i in range(1000):\n    print(i)</py-repl>');
    expect(await el.run()).to.deep.equal({ ok: true });
    const output = part(el, 'output')!;
    const texts: Text[] = [];
    const walker = document.createTreeWalker(output, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) texts.push(walker.currentNode as Text);
    const longest = Math.max(...texts.map((t) => t.data.split('\n').length - 1));
    expect(longest, 'lines in the largest text node').to.be.at.most(110);
    expect(output.textContent!.split('\n').filter(Boolean)).to.have.length(1000);
    expect(output.textContent!.endsWith('998\n999\n')).to.be.true;
  });

  it('the Run button runs, and it is labelled', async () => {
    const el = await mountRepl('<py-repl editor="plain">6 * 7</py-repl>');
    const button = part(el, 'run-button') as HTMLButtonElement;
    expect(button.textContent!.trim()).to.contain('Run');
    const done = nextEvent<PyDoneEvent>(el, 'py-done');
    button.click();
    await done;
    expect(part(el, 'value')!.textContent).to.equal('42');
  });

  it('sees variables of <py-script> blocks in the same scope', async () => {
    const page = mount(`<div>
      <py-script scope="lesson">secret = 21</py-script>
      <py-repl scope="lesson" editor="plain">secret * 2</py-repl>
      <py-repl editor="plain" id="other">"secret" in globals()</py-repl>
    </div>`);
    await nextEvent(page.querySelector('py-script')!, 'py-done');
    const [lesson, other] = page.querySelectorAll<PyReplElement>('py-repl');
    await lesson.run();
    await other.run();
    expect(part(lesson, 'value')!.textContent).to.equal('42');
    expect(part(other, 'value')!.textContent).to.equal('False');
  });

  it('Reset restores the author code, Clear empties the output, readonly blocks edits but not runs', async () => {
    const el = await mountRepl('<py-repl editor="plain" readonly>1 + 1</py-repl>');
    expect(textarea(el).readOnly).to.be.true;
    expect(part(el, 'reset-button')!.hidden, 'no Reset for code that cannot change').to.be.true;
    textarea(el).focus();
    await typeText('zzz');
    expect(textarea(el).value).to.equal('1 + 1');
    await el.run();
    expect(part(el, 'value')!.textContent).to.equal('2');
    (part(el, 'clear-button') as HTMLButtonElement).click();
    expect(part(el, 'output')!.childElementCount).to.equal(0);

    el.readonly = false;
    await el.updateComplete;
    el.code = 'changed';
    (part(el, 'reset-button') as HTMLButtonElement).click();
    expect(textarea(el).value).to.equal('1 + 1');
  });

  it('keeps edits in localStorage per page, element and author code; no-persist keeps none', async () => {
    let el = await mountRepl('<py-repl editor="plain" id="kept">print("original")</py-repl>');
    textarea(el).focus();
    textarea(el).setSelectionRange(textarea(el).value.length, textarea(el).value.length);
    await typeText(' # edited');
    expect(textarea(el).value).to.equal('print("original") # edited');
    unmountAll();

    el = await mountRepl('<py-repl editor="plain" id="kept">print("original")</py-repl>');
    expect(textarea(el).value).to.equal('print("original") # edited');
    unmountAll();

    el = await mountRepl('<py-repl editor="plain" id="kept">print("the author changed this")</py-repl>');
    expect(textarea(el).value).to.equal('print("the author changed this")');
    unmountAll();

    localStorage.clear();
    el = await mountRepl('<py-repl editor="plain" id="kept" no-persist>print("original")</py-repl>');
    textarea(el).focus();
    await typeText('x');
    expect(localStorage.length).to.equal(0);
  });

  it('console mode: Enter runs complete input into a transcript, continues blocks, Up/Down walk history', async () => {
    const el = await mountRepl('<py-repl editor="plain" mode="console"></py-repl>');
    const area = textarea(el);
    area.focus();
    await typeText('a = 20');
    let done = nextEvent<PyDoneEvent>(el, 'py-done');
    await sendKeys({ press: 'Enter' });
    await done;
    expect(area.value).to.equal('');

    await typeText('def f():');
    await sendKeys({ press: 'Enter' });
    expect(area.value).to.equal('def f():\n    '); // incomplete: a newline, indented
    await typeText('return a + 1');
    await sendKeys({ press: 'Enter' });
    expect(area.value).to.equal('def f():\n    return a + 1\n    ');
    await pressCombo('Shift+Enter'); // run as is
    await waitFor(() => area.value === '', 'the input to clear');

    await typeText('f() * 2');
    done = nextEvent<PyDoneEvent>(el, 'py-done');
    await sendKeys({ press: 'Enter' });
    await done;
    expect(parts(el, 'input').map((p) => p.textContent)).to.deep.equal([
      '>>> a = 20',
      '>>> def f():\n...     return a + 1\n...     ',
      '>>> f() * 2',
    ]);
    expect(part(el, 'value')!.textContent).to.equal('42');

    await sendKeys({ press: 'ArrowUp' });
    expect(area.value).to.equal('f() * 2');
    await sendKeys({ press: 'ArrowUp' });
    expect(area.value).to.equal('def f():\n    return a + 1\n    ');
    await sendKeys({ press: 'ArrowDown' });
    await sendKeys({ press: 'ArrowDown' });
    expect(area.value).to.equal('');
  });

  it('completes names, module members and DOM properties from the live namespace', async () => {
    const runtime = await getRuntime();
    const el = await mountRepl('<py-repl editor="plain" scope="completion">import math\nvalue_one = 1</py-repl>');
    await el.run();
    const labels = (code: string) => runtime.complete(code, code.length, 'completion').map((c) => c.label);
    expect(labels('val')).to.deep.equal(['value_one']);
    expect(labels('math.fl')).to.deep.equal(['floor']);
    expect(labels('document.getElementBy')).to.include('getElementById');
    expect(labels('pri')).to.include('print');
    expect(labels('whi')).to.include('while');
    const [floor] = runtime.complete('math.fl', 7, 'completion');
    expect(floor).to.deep.include({ label: 'floor', kind: 'function' });
    expect(runtime.complete('math', 4, 'completion')[0]).to.deep.include({ label: 'math', kind: 'module' });
    expect(runtime.complete('nothing_here.x', 14, 'completion')).to.deep.equal([]);
  });

  it('describes the name under the cursor: signature and doc, or type and value', async () => {
    const runtime = await getRuntime();
    const el = await mountRepl('<py-repl editor="plain" scope="hover">import math\nanswer = 42</py-repl>');
    await el.run();
    expect(runtime.describe('math.floor(2.5)', 7, 'hover')).to.match(/^math\.floor\(x, \/\)\n\nReturn the floor of x/);
    expect(runtime.describe('answer + 1', 2, 'hover')).to.equal('answer: int = 42');
    expect(runtime.describe('unknown_name', 3, 'hover')).to.equal(null);
  });

  it('console mode: Enter on an auto-indented, empty-looking line ends the block and runs it', async () => {
    const el = await mountRepl('<py-repl editor="plain" mode="console"></py-repl>');
    const area = textarea(el);
    area.focus();
    await typeText('for i in range(2):');
    await sendKeys({ press: 'Enter' });
    await typeText('print(i * 10)');
    await sendKeys({ press: 'Enter' });
    expect(area.value).to.equal('for i in range(2):\n    print(i * 10)\n    '); // the editor indented the new line
    const done = nextEvent<PyDoneEvent>(el, 'py-done');
    await sendKeys({ press: 'Enter' }); // on that line, which looks empty: the block ends and runs
    expect((await done).detail).to.deep.equal({ ok: true });
    expect(area.value).to.equal('');
    expect(
      parts(el, 'stdout')
        .map((p) => p.textContent)
        .join(''),
    ).to.equal('0\n10\n');
  });

  it('tells complete console input from incomplete with the interpreter rules', async () => {
    const runtime = await getRuntime();
    expect(runtime.isComplete('x = 1')).to.be.true;
    expect(runtime.isComplete('for i in range(3):')).to.be.false;
    expect(runtime.isComplete('for i in range(3):\n    print(i)')).to.be.false;
    expect(runtime.isComplete('for i in range(3):\n    print(i)\n')).to.be.true;
    expect(runtime.isComplete('for i in range(3):\n    print(i)\n    '), 'a line of only spaces is blank').to.be.true;
    expect(runtime.isComplete('if x:\n    \t')).to.be.false; // a block with no body yet
    expect(runtime.isComplete('(1,\n 2')).to.be.false;
    expect(runtime.isComplete('1 +* 2')).to.be.true; // a syntax error runs, to show it
  });

  describe('with Monaco', () => {
    const monacoIn = (el: PyReplElement) => el.querySelector('.py-repl-editor .monaco-editor');

    it("shows Monaco before Python's start takes the main thread, when a REPL starts both", async () => {
      // The first Monaco of this page (the tests above use the plain editor): from the dev server's
      // ~800 modules it takes seconds, while Python starts again from cached files in less. Before,
      // Monaco's steps waited between Python's long tasks and it came after Python was ready.
      resetRuntimeForTests();
      performance.clearMarks('py-elements: editor ready');
      const maxMs = editorWait.maxMs;
      editorWait.maxMs = 60_000; // the dev server's Monaco can take longer than the default 3 s
      try {
        const ready = nextEvent(document, 'py-runtime-ready').then(() => performance.now());
        const el = mount<PyReplElement>('<py-repl load="eager" no-persist>1 + 1</py-repl>');
        const pythonReady = await ready;
        await waitFor(() => monacoIn(el), 'Monaco', 30_000);
        const [editorReady] = performance.getEntriesByName('py-elements: editor ready');
        expect(editorReady, 'the editor marks when it is ready').to.exist;
        expect(editorReady.startTime).to.be.below(pythonReady);
      } finally {
        editorWait.maxMs = maxMs;
      }
    });

    it('replaces the text area with Monaco, keeping what was typed and where, and has no axe violations', async () => {
      const el = await mountRepl('<py-repl load="eager" aria-label="Practice code">1 + 1</py-repl>');
      const typed = !monacoIn(el);
      if (typed) {
        textarea(el).focus();
        textarea(el).setSelectionRange(1, 1);
        await typeText('0'); // while Monaco loads: into the text area, or into Monaco if it came meanwhile
      }
      await waitFor(() => monacoIn(el), 'Monaco', 30_000);
      expect(el.querySelector('textarea.py-repl-plain')).to.equal(null);
      // Monaco goes on at the caret the text area had: it used to start at the beginning ('01 + 1').
      if (typed) await typeText('0');
      expect(el.code).to.equal(typed ? '100 + 1' : '1 + 1');
      const expected = typed ? '101' : '2';
      await el.run();
      expect(part(el, 'value')!.textContent).to.equal(expected);
      expect(await axeViolations(el)).to.deep.equal([]);
    });

    it('100 removals and re-insertions dispose and recreate the editor, keep the text, and leave nothing behind', async () => {
      const box = mount('<div></div>');
      const baseline = monacoStats();
      const el = document.createElement('py-repl');
      el.setAttribute('load', 'eager');
      el.textContent = 'kept = "original"';
      box.append(el);
      await waitFor(() => monacoIn(el), 'Monaco', 30_000);
      el.code = 'kept = "edited"';
      for (let i = 0; i < 100; i++) {
        el.remove();
        expect(monacoStats()).to.deep.equal(baseline);
        box.append(el);
        await waitFor(() => monacoIn(el), 'Monaco again');
        expect(monacoStats()).to.deep.equal({ editors: baseline.editors + 1, models: baseline.models + 1 });
      }
      expect(el.code).to.equal('kept = "edited"');
      expect(el.querySelectorAll('.monaco-editor')).to.have.length(1);
      el.remove();
      expect(monacoStats()).to.deep.equal(baseline);
      expect(el.querySelectorAll('.py-repl-editor > *')).to.have.length(0);
    });
  });
});
