// <py-script> with a fake runtime: what a reader sees, without loading Python.
import { axeViolations, expect, mount, nextEvent, quietly, unmountAll } from '../../../test/browser/helpers.js';
import type { RunOptions } from '../../runtime/contract.js';
import type { PageInterpreter } from '../../runtime/page/page-interpreter.js';
import { resetRuntimeForTests } from '../../runtime/hubs.js';
import './py-script.js';

function fakeRuntime(): void {
  const runtime = {
    pythonVersion: '3.fake',
    run: async (_code: string, { sink }: RunOptions) => {
      sink.write('stdout', 'printed\n');
      sink.write('stderr', 'warned\n');
      sink.display('text/html', '<strong>shown</strong>');
      return { ok: false, error: 'Traceback (most recent call last):\nValueError: fake\n' };
    },
  } as unknown as PageInterpreter;
  resetRuntimeForTests(async () => runtime);
}

describe('<py-script> accessibility', () => {
  afterEach(() => {
    unmountAll();
    resetRuntimeForTests();
  });

  it('has no axe violations with output, stderr, display and an error shown', async () => {
    fakeRuntime();
    await quietly(async () => {
      const box = mount('<main><h1>Page</h1><py-script>print(1)</py-script></main>');
      await nextEvent(box.querySelector('py-script')!, 'py-done');
    });
    const box = document.querySelector('main')!;
    expect(box.querySelector('.py-error')).to.not.equal(null);
    expect(await axeViolations(box)).to.deep.equal([]);
  });

  it('(the check itself) reports a violation when there is one', async () => {
    const box = mount('<div><img src="data:,"><button></button></div>');
    const violations = await axeViolations(box);
    expect(violations.some((v) => v.startsWith('image-alt'))).to.be.true;
    expect(violations.some((v) => v.startsWith('button-name'))).to.be.true;
  });
});
