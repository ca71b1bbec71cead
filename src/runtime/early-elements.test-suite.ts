// A REPL with load="eager" in the markup before the bundle (early-elements.test.html): it asks for
// Python while the bundle's modules still evaluate, before index.ts provided the page's services. That
// failed with "the page has not provided its services" and no Python ever loaded.
import { runTests } from '@web/test-runner-mocha';
import { expect, part, waitFor } from '../../test/browser/helpers.js';
import type { PyReplElement } from '../components/py-repl/py-repl.js';
import '../index.js';

declare global {
  interface Window {
    earlyEvents: [string, string][];
  }
}

void runTests(() => {
  describe('elements in the page before the bundle', () => {
    it('an eager REPL loads Python, with progress events, and runs', async () => {
      const repl = document.querySelector<PyReplElement>('#eager')!;
      await waitFor(() => window.earlyEvents.some(([name]) => name !== 'py-runtime-progress'), 'Python ready or failed', 60_000);
      expect(window.earlyEvents.filter(([name]) => name === 'py-runtime-error')).to.deep.equal([]);
      expect(
        window.earlyEvents.some(([name]) => name === 'py-runtime-progress'),
        'progress events',
      ).to.equal(true);
      expect(await repl.run()).to.deep.equal({ ok: true });
      expect(part(repl, 'value')!.textContent).to.equal('42');
    });
  });
});
