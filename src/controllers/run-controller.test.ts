// When py-run and py-done fire, the same for both elements (docs/decisions.md): py-run when the run's
// turn has come, just before its code goes to Python; cancelling it skips the code and fires no
// py-done. A fake interpreter whose runs end when the test says so makes the turns visible.
import { expect, mount, nextEvent, unmountAll, waitFor } from '../../test/browser/helpers.js';
import type { PyScriptElement } from '../components/py-script/py-script.js';
import type { PyReplElement } from '../components/py-repl/py-repl.js';
import type { RunOptions } from '../runtime/contract.js';
import { resetRuntimeForTests } from '../runtime/hubs.js';
import type { PageInterpreter } from '../runtime/page/page-interpreter.js';
import '../../test/browser/elements.js';

/** An interpreter that records what ran and, for code `hold`, finishes only when release() is called. */
function holdingInterpreter() {
  const ran: string[] = [];
  let release = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  const interpreter = {
    pythonVersion: '3.fake',
    run: async (code: string, { sink }: RunOptions) => {
      ran.push(code);
      if (code === 'hold') await held;
      sink.write('stdout', `ran ${code}\n`);
      return { ok: true };
    },
    complete: () => [],
    describe: () => null,
    release: () => {},
  } as unknown as PageInterpreter;
  resetRuntimeForTests(async () => interpreter);
  return { ran, release: () => release() };
}

/** Records py-run and py-done of every element on the page, as `<id> <type>`, until stop() is called. */
function recordEvents() {
  const log: string[] = [];
  const record = (event: Event) => log.push(`${(event.target as Element).id} ${event.type}`);
  for (const type of ['py-run', 'py-done']) document.addEventListener(type, record);
  const stop = () => {
    for (const type of ['py-run', 'py-done']) document.removeEventListener(type, record);
  };
  return { log, stop };
}

describe('py-run and py-done', () => {
  afterEach(() => {
    unmountAll();
    resetRuntimeForTests();
  });

  it("fire at each run's turn, in queue order, for <py-script> and <py-repl> alike", async () => {
    const python = holdingInterpreter();
    const { log, stop } = recordEvents();
    const root = mount(
      '<div><py-script id="first">hold</py-script><py-repl id="repl" editor="plain" no-persist>after</py-repl></div>',
    );
    const first = root.querySelector<PyScriptElement>('#first')!;
    const repl = root.querySelector<PyReplElement>('#repl')!;
    await waitFor(() => python.ran.includes('hold'), 'the first block to start');
    const replRun = repl.run();
    await new Promise((resolve) => setTimeout(resolve, 100));
    // The REPL's run is queued behind the block: its py-run has not fired, though Run was pressed.
    expect(log).to.deep.equal(['first py-run']);
    python.release();
    expect(await replRun).to.deep.equal({ ok: true });
    stop();
    expect(first.isConnected).to.be.true;
    expect(log).to.deep.equal(['first py-run', 'first py-done', 'repl py-run', 'repl py-done']);
  });

  it('a cancelled py-run skips the code and fires no py-done, for <py-script> and <py-repl> alike', async () => {
    const python = holdingInterpreter();
    python.release();
    const { log, stop } = recordEvents();
    const cancel = (event: Event) => event.preventDefault();
    document.addEventListener('py-run', cancel);
    try {
      const root = mount(
        '<div><py-script id="script">skipped_block</py-script><py-repl id="repl" editor="plain" no-persist>skipped_repl</py-repl></div>',
      );
      const script = root.querySelector<PyScriptElement>('#script')!;
      const repl = root.querySelector<PyReplElement>('#repl')!;
      expect(await script.run()).to.equal(undefined);
      expect(await repl.run()).to.equal(undefined);
    } finally {
      document.removeEventListener('py-run', cancel);
      stop();
    }
    expect(python.ran).to.deep.equal([]);
    // The block's own run when it connected, then the two asked for here: all cancelled, none done.
    expect(log).to.deep.equal(['script py-run', 'script py-run', 'repl py-run']);
  });

  it('py-done comes after the output, the value and the error are shown', async () => {
    holdingInterpreter().release();
    const repl = mount<PyReplElement>('<py-repl id="r" editor="plain" no-persist>shown</py-repl>');
    const done = nextEvent(repl, 'py-done');
    void repl.run();
    await done;
    expect(repl.shadowRoot!.querySelector('[part~="output"]')!.textContent).to.contain('ran shown');
  });
});
