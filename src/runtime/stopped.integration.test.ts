// A fatal interpreter crash (a wasm trap, or the C-level exit) stops Python for good: every element
// of that interpreter says so with a Restart button, the page keeps working, and Restart brings
// Python back with the page's <py-script> code run again.
import {
  axeViolations,
  expect,
  itExcept,
  mount,
  nextEvent,
  outputText,
  pyScript,
  quietly,
  unmountAll,
  waitFor,
} from '../../test/browser/helpers.js';
import { executeServerCommand } from '@web/test-runner-commands';
import type { PyReplElement } from '../components/py-repl/py-repl.js';
import type { PyScriptElement } from '../components/py-script/py-script.js';
import type { PyDoneEvent } from '../events/py-done.js';
import type { PyRuntimeStoppedEvent } from '../events/runtime-events.js';
import '../../test/browser/elements.js';
import { getRuntime, restartRuntime, runtimeState } from './hubs.js';

declare global {
  interface Window {
    crashNow?: boolean;
    definedRuns?: number;
  }
}

// A real crash: ctypes reading memory outside the wasm heap traps ("memory access out of bounds").
const CRASH = 'import js, ctypes\nif js.window.crashNow:\n    js.window.crashNow = False\n    ctypes.string_at(0xFFFFFFF0, 100)';
/** Fails with `what` (and the runtime's state) if promise has not settled within ms. */
function within<T>(promise: Promise<T>, what: string, ms = 20_000): Promise<T> {
  const late = new Promise<never>((_, reject) =>
    setTimeout(() => reject(new Error(`${what} did not happen within ${ms} ms; runtime: ${JSON.stringify(runtimeState())}`)), ms),
  );
  return Promise.race([promise, late]);
}
const banner = (el: Element) => el.shadowRoot!.querySelector<HTMLElement>('[part="stopped"]');

describe('when Python stops', () => {
  afterEach(unmountAll);

  it('a crash shows "Python stopped" with Restart on every element; Restart runs the page code again', async () => {
    await getRuntime();
    window.definedRuns = 0;
    const root = mount(`<div>
      ${pyScript('import js\njs.window.definedRuns += 1\ngreeting = "defined before the crash"\nprint(greeting)', 'id="first"')}
      <py-repl id="repl" load="eager" no-persist><script type="text/python">greeting</script></py-repl>
      <button id="plain" onclick="this.textContent = 'still works'">page button</button>
    </div>`);
    const first = root.querySelector<PyScriptElement>('#first')!;
    const repl = root.querySelector<PyReplElement>('#repl')!;
    await waitFor(() => window.definedRuns === 1, 'the first block');

    window.crashNow = true;
    const stopped = nextEvent<PyRuntimeStoppedEvent>(document, 'py-runtime-stopped');
    const crasher = await quietly(async () => {
      const el = mount<PyScriptElement>(pyScript(CRASH, 'id="crasher"'));
      await nextEvent(el, 'py-done');
      return el;
    }, ['error', 'warn']);
    const { detail } = await stopped;
    expect(detail.runtime).to.equal('page');
    expect(detail.error).to.contain('memory access out of bounds');
    expect(runtimeState().status).to.equal('stopped');

    for (const el of [first, repl, crasher]) {
      await waitFor(() => banner(el), `the banner on #${el.id}`);
      expect(banner(el)!.getAttribute('role')).to.equal('alert');
      expect(banner(el)!.textContent).to.contain('Python stopped:').and.contain('memory access out of bounds');
      expect(banner(el)!.querySelector('button')!.textContent).to.equal('Restart Python');
    }

    expect(await axeViolations(first)).to.deep.equal([]);
    expect(await axeViolations(repl)).to.deep.equal([]);

    // Code run now says why it cannot run, instead of a Pyodide internals message.
    const late = await quietly(() => repl.run());
    expect(late?.error).to.contain('Python stopped').and.contain('Press Restart');

    // The host page is untouched.
    root.querySelector<HTMLButtonElement>('#plain')!.click();
    expect(root.querySelector('#plain')!.textContent).to.equal('still works');

    // Restart from any element: a new interpreter, the <py-script> code defined again, banners gone.
    // (Its py-done, not its first line: page Python breathes while it runs, so the test may look in
    // between two writes of one print.)
    const rerun = nextEvent(first, 'py-done');
    banner(repl)!.querySelector('button')!.click();
    await within(rerun, 'the first block to run again', 60_000);
    expect(window.definedRuns).to.equal(2);
    await waitFor(() => !banner(first) && !banner(repl) && !banner(crasher), 'the banners to go');
    expect(runtimeState().status).to.equal('ready');
    expect(outputText(first)).to.equal('defined before the crash\n');
    const again = await repl.run();
    expect(again).to.deep.equal({ ok: true });
    expect(repl.shadowRoot!.querySelector('[part~="value"]')!.textContent).to.contain("'defined before the crash'");
  });

  it('os._exit() stops Python the same way, saying the program exited', async () => {
    await within(getRuntime(), 'the runtime');
    const stopped = nextEvent<PyRuntimeStoppedEvent>(document, 'py-runtime-stopped');
    const { el, done } = await quietly(async () => {
      const exiting = mount<PyScriptElement>(pyScript('import os\nos._exit(3)'));
      const event = await within(nextEvent<PyDoneEvent>(exiting, 'py-done'), 'py-done of the exiting block');
      return { el: exiting, done: event.detail };
    }, ['error', 'warn']);
    // If the event never comes, the run's own outcome says how far the death was heard.
    expect((await within(stopped, `py-runtime-stopped (the run ended with ${JSON.stringify(done)})`)).detail.error)
      .to.contain('exited')
      .and.contain('exit(3)');
    await waitFor(() => banner(el), 'the banner');
    expect(banner(el)!.textContent).to.contain('the program exited');
    el.remove(); // its code would exit again when Python restarts
    await within(restartRuntime(), 'the restart', 40_000);
    const after = mount<PyScriptElement>(pyScript('print(6 * 7)'));
    await waitFor(() => outputText(after) === '42\n', 'a block to run on the new interpreter', 60_000);
  });

  const noForcedGC = "a forced garbage collection and a heap size come from Chromium's DevTools protocol only";
  itExcept({ firefox: noForcedGC, webkit: noForcedGC })(
    '20 restarts let every stopped interpreter go: none stays alive, and the JS heap is back within 10%',
    async () => {
      // In a function of its own: a local of this (suspended) async function could keep one alive.
      const weakModule = async () =>
        new WeakRef(((await within(getRuntime(), 'the runtime', 60_000)).pyodide as unknown as { _module: object })._module);
      const heapNow = async () => {
        await new Promise((resolve) => setTimeout(resolve, 500)); // a dead interpreter's last callbacks first
        return ((await executeServerCommand('collect-garbage')) as { usedSize: number }).usedSize;
      };
      // Each interpreter holds ~30 MB of wasm memory; Pyodide's own page hooks (a window message
      // listener, a MessageChannel) used to keep every stopped one alive: 20 restarts, 42 memories,
      // JS heap 17 → 122 MB.
      const modules: WeakRef<object>[] = [];
      let oneInterpreter = 0;
      for (let cycle = 0; cycle < 20; cycle++) {
        modules.push(await weakModule());
        if (cycle === 0) oneInterpreter = await heapNow();
        const stopped = nextEvent<PyRuntimeStoppedEvent>(document, 'py-runtime-stopped');
        await quietly(async () => {
          const exiting = mount<PyScriptElement>(pyScript('import os\nos._exit(3)'));
          await within(stopped, 'py-runtime-stopped');
          exiting.remove();
        }, ['error', 'warn']);
        await within(restartRuntime(), 'the restart', 60_000);
      }
      const after = await heapNow(); // restartRuntime() resolved with the running one
      // The twenty stopped ones are gone (none of them is the one running now).
      expect(modules.filter((ref) => ref.deref() !== undefined).length, 'stopped interpreters still alive').to.equal(0);
      expect(
        after / oneInterpreter,
        `JS heap ${Math.round(after / 1e6)} MB against ${Math.round(oneInterpreter / 1e6)} MB`,
      ).to.be.below(1.1);
    },
  );
});
