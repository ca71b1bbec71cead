// A <py-script> added to a page that had no element (define-on-demand.ts): its Python starts while its
// code is still on its way, and it runs once defined. Its own page: the elements must not be defined
// before it is added (define-on-demand.test.ts covers the rest).
import { expect, mount, nextEvent, outputText } from '../test/browser/helpers.js';
import type { RunOptions } from './runtime/contract.js';
import type { PageInterpreter } from './runtime/page/page-interpreter.js';
import { resetRuntimeForTests } from './runtime/hubs.js';
import './index.js';

describe('a <py-script> added to a page without elements', () => {
  it('starts Python before its code is in, then runs', async () => {
    let definedAtStart: boolean | undefined;
    resetRuntimeForTests(async () => {
      definedAtStart = !!customElements.get('py-script');
      return {
        pythonVersion: '3.fake',
        run: async (_code: string, { sink }: RunOptions) => {
          sink.write('stdout', 'ran\n');
          return { ok: true };
        },
      } as unknown as PageInterpreter;
    });
    expect(customElements.get('py-script')).to.equal(undefined);
    const script = mount('<py-script>print("ran")</py-script>');
    expect(getComputedStyle(script).display, 'its code is not shown meanwhile').to.equal('none');
    await nextEvent(script, 'py-done');
    expect(definedAtStart, 'Python was asked for before <py-script> was defined').to.equal(false);
    expect(outputText(script)).to.equal('ran\n');
  });
});
