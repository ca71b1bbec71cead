import { expect, nextEvent } from '../../test/browser/helpers.js';
import type { PageInterpreter } from './page/page-interpreter.js';
import '../index.js';
import type { RuntimeState } from './hub.js';
import { getRuntime, loadedRuntime, onRuntimeState, resetRuntimeForTests, restartRuntime } from './hubs.js';
import type { Loader } from './contract.js';

const fakeRuntime = { pythonVersion: '3.fake' } as unknown as PageInterpreter;

describe('runtime singleton', () => {
  afterEach(() => resetRuntimeForTests());

  it('loads once for concurrent callers and shares the result', async () => {
    let loads = 0;
    resetRuntimeForTests(async () => {
      loads++;
      await new Promise((resolve) => setTimeout(resolve, 20));
      return fakeRuntime;
    });
    const [a, b] = await Promise.all([getRuntime(), getRuntime()]);
    expect(loads).to.equal(1);
    expect(a).to.equal(fakeRuntime);
    expect(b).to.equal(a);
    expect(await getRuntime()).to.equal(a);
    expect(loads).to.equal(1);
  });

  it('reports progress and readiness, then retries after a failed load', async () => {
    let attempt = 0;
    const loader: Loader<PageInterpreter> = async (onProgress) => {
      attempt++;
      onProgress({ loaded: 5, total: 10 });
      if (attempt === 1) throw new Error('server said 500');
      onProgress({ loaded: 10, total: 10 });
      return fakeRuntime;
    };
    resetRuntimeForTests(loader);
    const states: RuntimeState[] = [];
    const unsubscribe = onRuntimeState((state) => states.push(state));
    const failed = nextEvent(document, 'py-runtime-error');

    const error = await getRuntime().then(
      () => undefined,
      (e: Error) => e,
    );
    expect(error?.message).to.equal('Python could not start: server said 500');
    expect((await failed).detail.error).to.equal('server said 500');
    expect(states.at(-1)).to.include({ status: 'failed', error: 'server said 500' });

    const progress = nextEvent(document, 'py-runtime-progress');
    const ready = nextEvent(document, 'py-runtime-ready');
    expect(await getRuntime()).to.equal(fakeRuntime);
    expect((await progress).detail).to.deep.equal({ loaded: 5, total: 10, runtime: 'page' });
    expect((await ready).detail.pythonVersion).to.equal('3.fake');
    expect(attempt).to.equal(2);
    expect(states.map((s) => s.status)).to.deep.equal([
      'idle',
      'loading',
      'loading',
      'failed',
      'loading',
      'loading',
      'loading',
      'ready',
    ]);
    unsubscribe();
  });

  it('shares one load with a listener that asks for Python as the load starts, as a restart makes elements do', async () => {
    let loads = 0;
    resetRuntimeForTests(async () => {
      loads++;
      await new Promise((resolve) => setTimeout(resolve, 20 * (3 - loads))); // a later load may finish first
      return { pythonVersion: `3.fake-${loads}` } as unknown as PageInterpreter;
    });
    await getRuntime();
    // Like a <py-script> whose code must run again: it asks for Python on every state change of the new generation.
    const asked: Promise<PageInterpreter>[] = [];
    const unsubscribe = onRuntimeState((state) => {
      if (state.generation === 1 && asked.length < 5) asked.push(getRuntime());
    });
    const restarted = await restartRuntime();
    unsubscribe();
    expect(loads, 'one load per generation').to.equal(2);
    for (const interpreter of await Promise.all(asked)) expect(interpreter).to.equal(restarted);
    expect(loadedRuntime(), 'the interpreter the hub holds is the one its callers got').to.equal(restarted);
  });

  it('stops calling a listener once unsubscribed', async () => {
    resetRuntimeForTests(async () => fakeRuntime);
    let calls = 0;
    const unsubscribe = onRuntimeState(() => calls++);
    unsubscribe();
    await getRuntime();
    expect(calls).to.equal(1); // only the immediate call on subscribe
  });
});
