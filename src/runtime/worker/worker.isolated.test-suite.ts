// The worker interpreter on a cross-origin isolated page (loaded by worker.isolated.test.html, which the
// test server sends with COOP/COEP): worker code reaches document, window and its element
// synchronously, input() blocks the worker on a SharedArrayBuffer, and Stop interrupts the code
// without losing the worker's state.
import { sendKeys } from '@web/test-runner-commands';
import { runTests } from '@web/test-runner-mocha';
import {
  describeExcept,
  expect,
  itExcept,
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
import '../../../test/browser/elements.js';
import { workerRuntime } from '../hubs.js';

const inWorker = (code: string, attributes = '') => runScriptMarkup(pyScript(code, `worker ${attributes}`));

// WebKitGTK marks this page cross-origin isolated but gives it no SharedArrayBuffer: there the worker
// is the ordinary page's (the `worker` group), and says why the page cannot be reached (below).
const noSharedMemory = typeof SharedArrayBuffer !== 'function';

void runTests(() => {
  const hasIt = 'SharedArrayBuffer is there, and the suite below tests the isolated worker';
  itExcept(noSharedMemory ? {} : { chromium: hasIt, firefox: hasIt, webkit: hasIt })(
    'an isolated page without SharedArrayBuffer: worker code runs, and document says why it cannot be reached',
    async () => {
      const { el, detail } = await inWorker('print(1 + 1)\ndocument.title');
      expect(detail.ok).to.equal(false);
      expect(outputText(el)).to.contain('2\n');
      expect(detail.error).to.contain('this page is, but this browser gives it no SharedArrayBuffer');
    },
  );

  (noSharedMemory
    ? describeExcept({ webkit: 'no SharedArrayBuffer on this isolated page (WebKitGTK): see the test above' })
    : describe)('<py-script worker> on a cross-origin isolated page', () => {
    before(async () => {
      expect(crossOriginIsolated, 'the test server sends COOP/COEP for this page').to.equal(true);
      await workerRuntime.get();
    });
    afterEach(unmountAll);

    it('reaches document, window and its element synchronously', async () => {
      mount('<p id="target">before</p>');
      const { el, detail } = await inWorker(
        'document.querySelector("#target").textContent = "from the worker"\n' +
          'print(document.querySelector("#target").textContent, element.id, element.localName, window.location.pathname)\n' +
          'element.dataset.touched = "yes"',
        'id="iso"',
      );
      expect(detail.ok, detail.error).to.equal(true);
      expect(document.querySelector('#target')!.textContent).to.equal('from the worker');
      expect(outputText(el)).to.equal(`from the worker iso py-script ${location.pathname}\n`);
      expect(el.dataset.touched).to.equal('yes');
    });

    it('@when handlers in the worker receive page events', async () => {
      const root = mount('<div><button id="press">press</button></div>');
      const { el, detail } = await inWorker(
        'from pyelements import when\n@when("click", "#press")\ndef pressed(event):\n    print("pressed", event.type, event.target.id)',
      );
      expect(detail.ok, detail.error).to.equal(true);
      root.querySelector<HTMLButtonElement>('#press')!.click();
      await waitFor(() => outputText(el) === 'pressed click press\n', 'the handler output', 10_000);
    });

    it('input() blocks the worker on a SharedArrayBuffer, so it works even where JSPI cannot suspend', async () => {
      // Called back synchronously from JavaScript (Array.map), Python cannot be suspended by JSPI: only
      // a blocking wait can answer here.
      const el = mount(
        pyScript(
          'import js\nfrom pyodide.ffi import create_proxy\nask = create_proxy(lambda *_: input("Colour? "))\nprint("got", js.Array.of(1).map(ask)[0])',
          'worker',
        ),
      );
      const done = nextEvent<PyDoneEvent>(el, 'py-done');
      await waitFor(() => el.querySelector('input.py-ask-field'), 'the input field', 30_000);
      await typeText('teal');
      await sendKeys({ press: 'Enter' });
      expect((await done).detail).to.deep.equal({ ok: true });
      expect(outputText(el)).to.equal('Colour? teal\ngot teal\n');
    });

    it('Stop interrupts a runaway loop within a second and keeps what the worker defined', async () => {
      const repl = mount<PyReplElement>('<py-repl worker editor="plain" no-persist>kept = 5</py-repl>');
      expect(await repl.run()).to.deep.equal({ ok: true });
      const generation = workerRuntime.state.generation;
      repl.code = 'while True:\n    pass';
      const { detail, elapsed } = await runThenStop(repl);
      // ~100 ms on an idle machine, 1.5 s seen beside another test run. What tells the interrupt path
      // from the restart that follows 3 s of ignoring it is that no restart happened (checked next).
      expect(elapsed).to.be.below(3000);
      expect(detail.error).to.contain('KeyboardInterrupt');
      expect(workerRuntime.state.generation, 'no restart').to.equal(generation);
      repl.code = 'kept * 2';
      expect(await repl.run()).to.deep.equal({ ok: true });
      expect(part(repl, 'value')!.textContent).to.equal('10');
    });

    it('Stop lands in the run it was meant for while the worker still runs a task an earlier run left', async () => {
      // Python notices an interrupt at its next check, wherever that is. Noticed in the earlier task,
      // it ended that task instead, and the loop ran on until the worker was restarted (seen in CI).
      const repl = mount<PyReplElement>(
        `<py-repl worker editor="plain" no-persist>import asyncio, time
async def busy():
    start = time.monotonic()
    while time.monotonic() - start < 1:
        pass
    return "busy done"
task = asyncio.ensure_future(busy())</py-repl>`,
      );
      expect(await repl.run()).to.deep.equal({ ok: true });
      const generation = workerRuntime.state.generation;
      repl.code = 'while True:\n    pass';
      const { detail } = await runThenStop(repl, 0);
      expect(workerRuntime.state.generation, 'no restart').to.equal(generation);
      expect(detail.error).to.match(/^KeyboardInterrupt/m);
      repl.code = 'task.result()';
      expect(await repl.run()).to.deep.equal({ ok: true });
      expect(part(repl, 'value')!.textContent, 'the earlier task ran to its end').to.equal("'busy done'");
    });

    it('Stop ends a pending input() (the worker is blocked on it, not running Python)', async () => {
      const repl = mount<PyReplElement>('<py-repl worker editor="plain" no-persist>answer = input("Wait? ")</py-repl>');
      const done = nextEvent<PyDoneEvent>(repl, 'py-done');
      void repl.run();
      await waitFor(() => part(repl, 'ask-field'), 'the input field', 30_000);
      part(repl, 'stop-button')!.click();
      const { detail } = await quietly(() => done);
      // The input is cancelled and the interrupt lands as the code resumes: either ends the run.
      expect(detail.error).to.match(/KeyboardInterrupt|EOFError: input\(\) was cancelled/);
      expect(part(repl, 'ask-field')).to.equal(null);
      repl.code = '"free again"';
      expect(await repl.run()).to.deep.equal({ ok: true });
      expect(part(repl, 'value')!.textContent).to.equal("'free again'");
    });

    it('Stop replaces the worker when a long call into C ignores the interrupt', async () => {
      const repl = mount<PyReplElement>('<py-repl worker editor="plain" no-persist>sum(range(10 ** 12))</py-repl>');
      // Stopped before the worker has entered the call into C, the code stops at the interrupt like any
      // other (and the page cannot see when it enters: a busy worker sends no output). So a plain
      // KeyboardInterrupt means "too early": try again, waiting longer, as a loaded machine needs.
      let outcome: Awaited<ReturnType<typeof runThenStop>> | undefined;
      let generation = workerRuntime.state.generation;
      for (const settle of [300, 1500, 5000]) {
        generation = workerRuntime.state.generation;
        outcome = await runThenStop(repl, settle);
        if (outcome.detail.error?.includes('the worker was restarted')) break;
      }
      const { detail, elapsed } = outcome!;
      // 3 s of grace for the interrupt, then the restart: ~3.1 s idle; the bound catches a hang.
      expect(elapsed).to.be.below(6000);
      expect(detail.error).to.contain('KeyboardInterrupt: the worker was restarted');
      expect(workerRuntime.state.generation).to.equal(generation + 1);
      repl.code = '2 + 2';
      expect(await repl.run()).to.deep.equal({ ok: true });
      expect(part(repl, 'value')!.textContent).to.equal('4');
    });
  });
});
