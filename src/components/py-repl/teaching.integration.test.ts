// Teaching and CMS pages: hidden checks in a REPL, code blocks upgraded in place, autorun.
import { axeViolations, expect, mount, nextEvent, part, quietly, unmountAll, waitFor } from '../../../test/browser/helpers.js';
import type { PyCheckEvent } from '../../events/py-check.js';
import type { PyProgressDetail, PyProgressEvent } from '../../events/py-progress.js';
import '../../../test/browser/elements.js';
import DOMPurify from 'dompurify';
import { upgradeCodeBlocks } from '../../features/upgrade-code-blocks.js';
import { getRuntime } from '../../runtime/hubs.js';
import type { PyReplElement } from './py-repl.js';

const checkTexts = (el: PyReplElement) =>
  [...el.shadowRoot!.querySelectorAll('[part~="check"]')].map((li) => li.textContent!.replace(/\s+/g, ' ').trim());

const exercise = `<py-repl editor="plain" no-persist scope="exercise">
  <script type="text/python">
def area(width, height):
    return width + height  # the learner should fix this
  </script>
  <script type="text/python" data-check="area(2, 3) is 6">assert area(2, 3) == 6, f"area(2, 3) returned {area(2, 3)}"</script>
  <script type="text/python" data-check="area works for zero">assert area(0, 5) == 0</script>
</py-repl>`;

describe('teaching and CMS pages', () => {
  before(() => getRuntime());
  afterEach(unmountAll);

  it('runs hidden checks after the learner code and shows pass/fail with messages', async () => {
    const el = mount<PyReplElement>(exercise);
    await waitFor(() => el.querySelector('textarea'), 'the editor');
    expect(el.code).to.equal('def area(width, height):\n    return width + height  # the learner should fix this');
    let checked = nextEvent<PyCheckEvent>(el, 'py-check');
    await el.run();
    let { detail } = await checked;
    expect(detail.passed).to.be.false;
    expect(detail.checks).to.deep.equal([
      { name: 'area(2, 3) is 6', passed: false, message: 'area(2, 3) returned 5' },
      { name: 'area works for zero', passed: false, message: 'AssertionError' },
    ]);
    expect(checkTexts(el)).to.deep.equal([
      '✗ Failed: area(2, 3) is 6 — area(2, 3) returned 5',
      '✗ Failed: area works for zero — AssertionError',
    ]);

    el.code = 'def area(width, height):\n    return width * height';
    checked = nextEvent<PyCheckEvent>(el, 'py-check');
    await el.run();
    ({ detail } = await checked);
    expect(detail.passed).to.be.true;
    expect(checkTexts(el)).to.deep.equal(['✓ Passed: area(2, 3) is 6', '✓ Passed: area works for zero']);
    expect(await axeViolations(el)).to.deep.equal([]);
  });

  it('marks the checks failed when the learner code raises', async () => {
    const el = mount<PyReplElement>(exercise);
    await waitFor(() => el.querySelector('textarea'), 'the editor');
    el.code = 'def area(:';
    const checked = nextEvent<PyCheckEvent>(el, 'py-check');
    await quietly(() => el.run());
    const { detail } = await checked;
    expect(detail.checks.map((c) => c.message)).to.deep.equal([
      'your code raised an error; fix it first',
      'your code raised an error; fix it first',
    ]);
    expect(part(el, 'error')!.textContent).to.contain('SyntaxError');
  });

  it('an exercise: hints one at a time, the solution after a first attempt, attempts counted and kept, page progress', async () => {
    const markup = `<py-repl editor="plain" id="ex-flow">
      <script type="text/python">def double(x):\n    return x + 2</script>
      <script type="text/python" data-check="double(5) is 10">assert double(5) == 10, f"got {double(5)}"</script>
      <template data-hint>Doubling means multiplying by two.</template>
      <template data-hint>Use <code>x * 2</code>.</template>
      <script type="text/python" data-solution>def double(x):\n    return x * 2</script>
    </py-repl>`;
    localStorage.removeItem(`py-elements:exercise:${location.pathname}#ex-flow`);
    const progress = mount('<py-progress></py-progress>');
    let el = mount<PyReplElement>(markup);
    await waitFor(() => el.querySelector('textarea'), 'the editor');
    expect(el.code, 'hints and the solution are not the code').to.equal('def double(x):\n    return x + 2');
    expect(part(el, 'attempts')).to.equal(null);
    expect(part(el, 'solution-button')!.getAttribute('aria-disabled'), 'no solution before a first attempt').to.equal('true');
    part(el, 'solution-button')!.click();
    await el.updateComplete;
    expect(part(el, 'solution'), 'a click on the locked button reveals nothing').to.equal(null);
    expect(part(el, 'solution')).to.equal(null);
    expect(el.shadowRoot!.textContent, 'the solution is nowhere on the page yet').to.not.contain('x * 2');

    part(el, 'hint-button')!.click();
    await el.updateComplete;
    expect([...el.shadowRoot!.querySelectorAll('[part~="hint"]')].map((li) => li.textContent)).to.deep.equal([
      'Doubling means multiplying by two.',
    ]);
    expect(part(el, 'hint-button')!.textContent!.trim()).to.equal('Hint 2 of 2');
    part(el, 'hint-button')!.click();
    await el.updateComplete;
    expect([...el.shadowRoot!.querySelectorAll('[part~="hint"]')].map((li) => li.textContent)).to.deep.equal([
      'Doubling means multiplying by two.',
      'Use x * 2.',
    ]);
    expect(part(el, 'hint-button'), 'no hint left').to.equal(null);
    expect(el.shadowRoot!.activeElement?.textContent, 'focus moved to the last hint, not the page').to.equal('Use x * 2.');

    let checked = nextEvent<PyCheckEvent>(el, 'py-check');
    await el.run();
    expect((await checked).detail).to.include({ passed: false, attempts: 1 });
    expect(part(el, 'attempts')!.textContent).to.equal('1 attempt');
    expect(part(el, 'solution-button')!.getAttribute('aria-disabled')).to.equal('false');
    part(el, 'solution-button')!.click();
    await el.updateComplete;
    expect(part(el, 'solution')!.textContent).to.equal('def double(x):\n    return x * 2');
    expect(part(el, 'solution-button')).to.equal(null);

    el.code = part(el, 'solution')!.textContent!;
    checked = nextEvent<PyCheckEvent>(el, 'py-check');
    await el.run();
    expect((await checked).detail).to.include({ passed: true, attempts: 2 });
    expect(part(el, 'attempts')!.textContent).to.equal('2 attempts');
    await waitFor(() => part(progress, 'label')?.textContent === '1 of 1 exercise passed', 'the page progress');

    // Another visit: what the reader did is still there.
    el.remove();
    el = mount<PyReplElement>(markup);
    await el.updateComplete;
    expect(part(el, 'attempts')!.textContent).to.equal('2 attempts');
    expect(el.shadowRoot!.querySelectorAll('[part~="hint"]')).to.have.length(2);
    expect(part(el, 'solution')!.textContent).to.equal('def double(x):\n    return x * 2');
    localStorage.removeItem(`py-elements:exercise:${location.pathname}#ex-flow`);
  });

  it('<py-progress> counts the exercises passed and fires py-progress after each check', async () => {
    const seen: PyProgressDetail[] = [];
    const listen = (event: PyProgressEvent) => seen.push(event.detail);
    document.addEventListener('py-progress', listen);
    try {
      const page = mount(`<div>
        <py-progress></py-progress>
        <py-repl id="p1" editor="plain" no-persist><script type="text/python">n = 1</script><script type="text/python" data-check="n is 2">assert n == 2</script></py-repl>
        <py-repl id="p2" editor="plain" no-persist><script type="text/python">m = 1</script><script type="text/python" data-check="m">assert m</script></py-repl>
        <py-repl editor="plain" no-persist><script type="text/python">print("not an exercise")</script></py-repl>
      </div>`);
      const progress = page.querySelector('py-progress')!;
      await waitFor(() => seen.length === 1, 'the first py-progress');
      await progress.updateComplete;
      expect(part(progress, 'label')!.textContent).to.equal('0 of 2 exercises passed');
      const p1 = page.querySelector<PyReplElement>('#p1')!;
      p1.code = 'n = 2';
      await p1.run();
      await waitFor(() => seen.length === 2, 'py-progress after the check');
      const none = { passed: false, attempts: 0, hintsShown: 0, solutionShown: false };
      expect(seen[1]).to.deep.equal({
        passed: 1,
        total: 2,
        exercises: [
          { ...none, id: 'p1', passed: true, attempts: 1 },
          { ...none, id: 'p2' },
        ],
      });
      await progress.updateComplete;
      expect(part(progress, 'label')!.textContent).to.equal('1 of 2 exercises passed');
      expect(part(progress, 'bar')!.getAttribute('value')).to.equal('1');
    } finally {
      document.removeEventListener('py-progress', listen);
    }
  });

  it('<py-progress> in an embedded page posts the JSON to its parent frame, with what the reader did before', async () => {
    const frameURL = '/src/components/py-progress/embedded-frame.html';
    const key = `py-elements:exercise:${frameURL}#f1`;
    localStorage.setItem(key, JSON.stringify({ attempts: 3, passed: true, hintsShown: 1, solutionShown: false }));
    const message = new Promise<unknown>((resolve) => {
      const receive = (event: MessageEvent) => {
        if ((event.data as { type?: string })?.type !== 'py-progress') return;
        removeEventListener('message', receive);
        resolve(event.data);
      };
      addEventListener('message', receive);
    });
    const frame = mount<HTMLIFrameElement>(`<iframe src="${frameURL}" title="course page"></iframe>`);
    try {
      expect(await message).to.deep.equal({
        type: 'py-progress',
        passed: 1,
        total: 2,
        exercises: [
          { id: 'f1', passed: true, attempts: 3, hintsShown: 1, solutionShown: false },
          { id: 'f2', passed: false, attempts: 0, hintsShown: 0, solutionShown: false },
        ],
      });
    } finally {
      frame.remove();
      localStorage.removeItem(key);
    }
  });

  it('turns code blocks matched by <py-config> upgrade into REPLs in place, with the per-block options it allows', async () => {
    const config = document.createElement('py-config');
    config.textContent = 'upgrade = "pre > code.language-python"\nupgrade-options = ["readonly", "scope", "autorun"]';
    document.body.append(config);
    try {
      const page = mount(`<article>
        <p>Intro</p>
        <pre id="first"><code class="language-python">total = 1 &lt; 2
total</code></pre>
        <pre data-readonly data-scope="post"><code class="language-python">x = 40</code></pre>
        <pre><code class="language-python" data-autorun>print("ran by itself")</code></pre>
        <pre><code class="language-js">console.log("not python")</code></pre>
      </article>`);
      expect(page.querySelectorAll('pre code.language-python')).to.have.length(3); // readable before
      await upgradeCodeBlocks();
      const repls = [...page.querySelectorAll<PyReplElement>('py-repl')];
      expect(repls).to.have.length(3);
      expect(page.querySelectorAll('pre')).to.have.length(1); // the JavaScript block is left alone
      expect(repls[0].id).to.equal('first');
      expect(repls[1].readonly).to.be.true;
      expect(repls[1].scope).to.equal('post');
      await waitFor(() => repls[0].code === 'total = 1 < 2\ntotal', 'the code in the first REPL');
      await repls[0].run();
      expect(part(repls[0], 'value')!.textContent).to.equal('True');
      expect(repls[2].autorun).to.be.true;
      await waitFor(() => part(repls[2], 'stdout')?.textContent === 'ran by itself\n', 'the autorun output');
    } finally {
      config.remove();
    }
  });

  it('reads the fence options a renderer kept (data-meta, data-info, pandoc classes), within what upgrade-options allows', async () => {
    const config = document.createElement('py-config');
    config.textContent = 'upgrade = "pre > code"\nupgrade-options = ["readonly", "mode", "no-persist", "scope"]';
    document.body.append(config);
    try {
      const page = mount(`<article>
        <pre><code class="language-python" data-meta="{repl readonly scope=ch1}">a = 1</code></pre>
        <pre data-info="python {repl mode=console}"><code class="language-python">b = 2</code></pre>
        <pre class="sourceCode python repl readonly no-persist"><code>c = 3</code></pre>
        <pre><code class="language-python" data-meta="{run}">print("by itself?")</code></pre>
        <pre><code class="language-python" data-meta="{repl redonly}">d = 4</code></pre>
        <pre><code class="language-python" data-meta="{repl autorun}">print("no")</code></pre>
        <pre><code class="language-python" data-meta="{1,3}">e = 5</code></pre>
        <pre id="hidden-check"><code class="language-python" data-meta="{check for=ex1}">assert a == 1</code></pre>
      </article>`);
      const said: string[] = [];
      const saved = [console.warn, console.error];
      console.warn = console.error = (message: string) => said.push(message);
      try {
        await upgradeCodeBlocks();
      } finally {
        [console.warn, console.error] = saved;
      }
      const repls = [...page.querySelectorAll<PyReplElement>('py-repl')];
      expect(repls.map((el) => el.querySelector('script')!.textContent)).to.deep.equal([
        'a = 1',
        'b = 2',
        'c = 3',
        'print("by itself?")',
        'd = 4',
        'print("no")',
        'e = 5',
      ]);
      const options = repls.map(({ readonly, noPersist, scope, mode, autorun }) => ({
        readonly,
        noPersist,
        scope,
        mode,
        autorun,
      }));
      const plain = { readonly: false, noPersist: false, scope: undefined, mode: 'editor', autorun: false };
      expect(options).to.deep.equal([
        { ...plain, readonly: true, scope: 'ch1' },
        { ...plain, mode: 'console' },
        { ...plain, readonly: true, noPersist: true },
        plain,
        plain,
        plain,
        plain,
      ]);
      expect(page.querySelector('#hidden-check code')!.textContent, 'a {check} stays the code it was').to.equal('assert a == 1');
      expect(said.find((m) => m.includes('{run}'))).to.contain('becomes a REPL the reader runs');
      expect(said.find((m) => m.includes('redonly'))).to.contain('did you mean "readonly"');
      expect(said.find((m) => m.includes('{autorun}'))).to.contain('upgrade-options does not allow it');
      expect(said.find((m) => m.includes('{check}'))).to.contain('not upgraded');
      expect(said, 'line-highlight braces are not ours, and say nothing').to.have.length(4);
    } finally {
      config.remove();
    }
  });

  it('never lets sanitised page content autorun or pick a scope: the author must allow it', async () => {
    // A visitor's comment on a CMS page, through DOMPurify with its defaults (which keep class and
    // data-*): it asks for autorun and for the author's exercise scope.
    const comment = DOMPurify.sanitize(
      '<pre data-autorun data-scope="exercise"><code class="language-python">import js\njs.document.title = "owned"</code></pre>' +
        '<pre><code class="language-python" data-autorun data-readonly>print("second")</code></pre>' +
        '<img src="x" onerror="alert(1)"><py-script>print("smuggled")</py-script>',
    );
    expect(comment, 'DOMPurify keeps the data attributes').to.contain('data-autorun');
    const config = document.createElement('py-config');
    config.textContent = 'upgrade = "pre > code.language-python"';
    document.body.append(config);
    const title = document.title;
    try {
      const page = mount(`<article class="comment">${comment}</article>`);
      const warnings = await quietly(async () => {
        const seen: string[] = [];
        const warn = console.warn;
        console.warn = (message: string) => seen.push(message);
        try {
          await upgradeCodeBlocks();
        } finally {
          console.warn = warn;
        }
        return seen;
      });
      const repls = [...page.querySelectorAll<PyReplElement>('py-repl')];
      expect(repls).to.have.length(2);
      expect(page.querySelector('py-script'), 'the sanitiser removed it').to.equal(null);
      expect(repls.map((el) => el.autorun)).to.deep.equal([false, false]);
      expect(repls[0].scope).to.equal(undefined);
      expect(repls[1].readonly, 'a harmless option is still honoured').to.be.true;
      expect(warnings.filter((w) => w.includes('data-autorun'))).to.have.length(2);
      expect(warnings.some((w) => w.includes('data-scope'))).to.be.true;
      // Python does run on this page (another element asks for it), and still nothing of the comment ran.
      const probe = mount<PyReplElement>('<py-repl editor="plain" no-persist>1 + 1</py-repl>');
      await probe.run();
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(document.title).to.equal(title);
      expect(repls.map((el) => part(el, 'output')?.textContent ?? '')).to.deep.equal(['', '']);
    } finally {
      config.remove();
    }
  });
});
