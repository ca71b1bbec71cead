// The worker interpreter on an ordinary page (no COOP/COEP, so no SharedArrayBuffer): code runs in a Web
// Worker, output and display() work, input() works through JSPI, the page is never frozen, page
// objects say clearly why they cannot be reached, and Stop restarts the worker.
// The cross-origin isolated cases are in worker.isolated.test-suite.ts (page: worker.isolated.test.html).
import { sendKeys } from '@web/test-runner-commands';
import {
  expect,
  typeText,
  mount,
  nextEvent,
  outputText,
  part,
  pyScript,
  quietly,
  runScriptMarkup,
  runThenStop,
  unmountAll,
  waitFor,
} from '../../../test/browser/helpers.js';
import type { PyReplElement } from '../../components/py-repl/py-repl.js';
import type { PyDoneEvent } from '../../events/py-done.js';
import type { PyRuntimeStoppedEvent } from '../../events/runtime-events.js';
import '../../../test/browser/elements.js';
import { getRuntime, workerRuntime } from '../hubs.js';
import { version } from '../version.js';

const inWorker = (code: string, attributes = '') => runScriptMarkup(pyScript(code, `worker ${attributes}`));

describe('<py-script worker> / <py-repl worker> on a page without cross-origin isolation', () => {
  before(async () => {
    expect(crossOriginIsolated).to.equal(false);
    await workerRuntime.get();
  });
  afterEach(unmountAll);

  it('runs in a worker with its own interpreter; print and display() show in the element', async () => {
    const { el, detail } = await inWorker(
      'import js, sys\nprint("in a worker:", not hasattr(js, "document"))\ndisplay(HTML("<b>bold</b>"), "text <i>")\nprint("err", file=sys.stderr)',
    );
    expect(detail).to.deep.equal({ ok: true });
    expect(outputText(el)).to.equal('in a worker: True\nboldtext <i>err\n');
    expect(el.querySelector('.py-display b')!.textContent).to.equal('bold');
    expect(el.querySelector('.py-stderr')!.textContent).to.equal('err\n');
  });

  it('shares variables between worker elements of a scope, never with the page interpreter', async () => {
    await getRuntime();
    await runScriptMarkup(pyScript('only_on_page = 1'));
    await inWorker('only_in_worker = 2');
    const { el } = await inWorker('print("only_in_worker" in globals(), "only_on_page" in globals())');
    expect(outputText(el)).to.equal('True False\n');
  });

  it('document, window and element say why they cannot be reached', async () => {
    const { el, detail } = await quietly(() =>
      inWorker(
        'for name, use in [("document", lambda: document.title), ("window", lambda: window.location), ("element", lambda: element.id)]:\n    try:\n        use()\n    except RuntimeError as e:\n        print(e)',
      ),
    );
    expect(detail.ok, detail.error).to.equal(true);
    const lines = outputText(el).trim().split('\n');
    expect(lines).to.have.length(3);
    expect(lines[0]).to.match(
      /^document\.title: the page is not reachable from a worker unless the page is cross-origin isolated/,
    );
    expect(lines[1]).to.match(/^window\.location: /);
    expect(lines[2]).to.match(/^element\.id: /);
    expect(lines[0])
      .to.contain('Cross-Origin-Opener-Policy: same-origin')
      .and.contain('Cross-Origin-Embedder-Policy: require-corp');
  });

  it('every name of the Python API table in the README is defined in worker code too', async () => {
    const { el, detail } = await inWorker(`names = ["document", "window", "element", "display", "HTML", "current_element",
         "when", "add_event_listener", "remove_event_listener", "fetch"]
print([n for n in names if n not in globals()])
import pyelements
print(pyelements.__version__)`);
    expect(detail.ok, detail.error).to.equal(true);
    expect(outputText(el)).to.equal(`[]\n${version}\n`);
  });

  it('errors come back as tracebacks with the element as the file name, and a beginner hint above', async () => {
    const { el, detail } = await quietly(() => inWorker('def f():\n    return 1 / 0\nf()', 'id="broken"'));
    expect(detail.ok).to.equal(false);
    expect(detail.error)
      .to.contain('File "<py-script #broken>", line 2, in f')
      .and.contain('ZeroDivisionError: division by zero');
    expect(el.querySelector('.py-error')!.textContent).to.contain('ZeroDivisionError');
    expect(el.querySelector('.py-error-hint')!.textContent).to.contain('A number was divided by zero');
  });

  it('a long computation leaves the page running, and 200,000 prints arrive in order and bounded', async () => {
    const el = mount(
      pyScript(
        'import time\nend = time.time() + 1.5\nwhile time.time() < end:\n    pass\nfor i in range(200_000):\n    print(i)',
        'worker',
      ),
    );
    const done = nextEvent<PyDoneEvent>(el, 'py-done');
    let ticks = 0;
    const timer = setInterval(() => ticks++, 10);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    // ~100 on an idle machine; a frozen page would get 1. A loaded machine (another test run beside
    // this one) delays timers, so the bar is set well below the idle figure.
    expect(ticks, 'timer ticks while the worker computes').to.be.greaterThan(15);
    expect((await done).detail).to.deep.equal({ ok: true });
    clearInterval(timer);
    const printed = [...el.querySelectorAll('.py-stdout')]
      .map((span) => span.textContent)
      .join('')
      .split('\n');
    expect(printed.at(-2)).to.equal('199999');
    expect(Number(printed[0])).to.equal(Number(printed[1]) - 1);
    expect(printed.length).to.be.below(6000);
    expect(el.querySelector('.py-hidden-lines')!.textContent).to.match(/^… [\d,]+ earlier lines hidden$/);
  });

  it('input() asks in the element and waits for the answer', async () => {
    const el = mount(pyScript('name = input("Name? ")\nprint(f"Hi {name}")', 'worker'));
    const done = nextEvent<PyDoneEvent>(el, 'py-done');
    await waitFor(() => el.querySelector('input.py-ask-field'), 'the input field', 30_000);
    await typeText('Grace');
    await sendKeys({ press: 'Enter' });
    expect((await done).detail).to.deep.equal({ ok: true });
    expect(outputText(el)).to.equal('Name? Grace\nHi Grace\n');
  });

  it('an element removed while its code waits in input() does not hold up later worker code', async () => {
    const waiting = mount(pyScript('input("never answered? ")', 'worker'));
    await waitFor(() => waiting.querySelector('input.py-ask-field'), 'the input field', 30_000);
    waiting.remove();
    const { el, detail } = await inWorker('print("next")');
    expect(detail).to.deep.equal({ ok: true });
    expect(outputText(el)).to.equal('next\n');
  });

  it('a value comes after all the output printed before it', async () => {
    const repl = mount<PyReplElement>(
      '<py-repl worker editor="plain" no-persist>for i in range(3000):\n    print(i)\n"end"</py-repl>',
    );
    expect(await repl.run()).to.deep.equal({ ok: true });
    const output = part(repl, 'output')!;
    expect(output.lastElementChild!.getAttribute('part')).to.contain('value');
    // Long output is laid out in blocks of lines (several stdout parts): all of it, in order, before the value.
    const printed = [...output.querySelectorAll('[part~="stdout"]')].map((p) => p.textContent).join('');
    expect(printed.split('\n').filter(Boolean)).to.have.length(3000);
    expect(printed.endsWith('2998\n2999\n')).to.equal(true);
  });

  it("relative URLs are the page's, in urlopen() and pyelements.fetch", async () => {
    const { el, detail } = await inWorker(
      'import urllib.request\nfrom pyelements import fetch\nprint(urllib.request.urlopen("test/fixtures/second.py").read().decode().strip())\nprint((await (await fetch("test/fixtures/second.py")).text()).strip())',
    );
    expect(detail.ok, detail.error).to.equal(true);
    expect(outputText(el)).to.equal('order.append(2)\norder.append(2)\n');
  });

  it('Stop on a runaway loop restarts the worker within a second; worker blocks run again', async () => {
    const counter = mount(
      pyScript(
        'import js\nruns = getattr(js.globalThis, "stopRuns", 0) + 1\njs.globalThis.stopRuns = runs\nprint("defined", runs)',
        'worker id="definer"',
      ),
    );
    await nextEvent(counter, 'py-done');
    // stopRuns lives in the worker's global scope, not the page's: read it through Python output.
    expect(outputText(counter)).to.equal('defined 1\n');

    const repl = mount<PyReplElement>('<py-repl worker editor="plain" no-persist>while True:\n    pass</py-repl>');
    const { detail, elapsed } = await runThenStop(repl);
    expect(elapsed).to.be.below(1000);
    expect(detail.ok).to.equal(false);
    expect(detail.error).to.contain('KeyboardInterrupt: the worker was restarted to stop the code');

    // The new worker: the earlier <py-script worker> ran again (its globals are fresh), the REPL works.
    await waitFor(() => outputText(counter) === 'defined 1\n' && workerRuntime.state.status === 'ready', 'the restart', 60_000);
    repl.code = 'runs * 10';
    expect(await repl.run()).to.deep.equal({ ok: true });
    expect(part(repl, 'value')!.textContent).to.equal('10');
  });

  it('a worker block stuck in a loop shows Stop after a second, the next says it waits, and Stop frees both', async () => {
    // One bug in one block of a post: the reader must see why nothing happens, and be able to end it.
    const root = mount(
      `<div>${pyScript('while True:\n    pass', 'worker id="stuck"')}${pyScript('print("after")', 'worker id="after"')}</div>`,
    );
    const stuck = root.querySelector<HTMLElement>('#stuck')!;
    const after = root.querySelector<HTMLElement>('#after')!;
    await waitFor(() => part(stuck, 'stop-button'), 'Stop on the stuck block', 60_000);
    await waitFor(
      () => part(after, 'status')?.textContent === 'Waiting for the Python before this block to finish…',
      'the next block to say why it waits',
      10_000,
    );
    const stopped = nextEvent<PyDoneEvent>(stuck, 'py-done');
    const ran = nextEvent<PyDoneEvent>(after, 'py-done');
    part(stuck, 'stop-button')!.click();
    expect((await quietly(() => stopped)).detail.error).to.contain('KeyboardInterrupt');
    expect((await ran).detail).to.deep.equal({ ok: true });
    expect(outputText(after)).to.equal('after\n');
    // The restart that stopped it did not start the stuck code again.
    await waitFor(() => workerRuntime.state.status === 'ready', 'the new worker', 60_000);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(part(stuck, 'stop-button'), 'not running again').to.equal(null);
  });

  it('a crash in the worker stops only worker elements; page elements keep working; Restart recovers', async () => {
    await getRuntime();
    const page = mount(pyScript('print("page")'));
    await nextEvent(page, 'py-done');
    const stopped = nextEvent<PyRuntimeStoppedEvent>(document, 'py-runtime-stopped');
    const crasher = await quietly(async () => {
      const el = mount(pyScript('import ctypes\nctypes.string_at(0xFFFFFFF0, 100)', 'worker'));
      await nextEvent(el, 'py-done');
      return el;
    }, ['error', 'warn']);
    const { detail } = await stopped;
    expect(detail.runtime).to.equal('worker');
    expect(detail.error).to.contain('memory access out of bounds');
    await waitFor(() => part(crasher, 'stopped'), 'the banner');
    expect(part(crasher, 'stopped')!.textContent).to.contain('Python (worker) stopped:');
    expect(part(page, 'stopped')).to.equal(null);
    const { el: still } = await runScriptMarkup(pyScript('print("page still runs")'));
    expect(outputText(still)).to.equal('page still runs\n');

    crasher.remove(); // it would crash the new worker again
    await workerRuntime.restart();
    const { el: after } = await inWorker('print(6 * 7)');
    expect(outputText(after)).to.equal('42\n');
  });
});
