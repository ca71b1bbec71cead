// py-elements on a page that enforces Trusted Types (loaded by trusted-types.test.html, which the test
// server sends with `require-trusted-types-for 'script'`): raw-HTML display and the workers go
// through the `py-elements` policy, and nothing on the page is refused.
import { runTests } from '@web/test-runner-mocha';
import { expect, nextEvent, outputText, waitFor } from '../../test/browser/helpers.js';
import type { PyScriptElement } from '../components/py-script/py-script.js';
import type { PyDoneEvent } from '../events/py-done.js';
import '../index.js';

// The test's own policy, for the fixtures only: the helpers' markup goes through innerHTML, refused here.
const fixtures = (
  globalThis as unknown as { trustedTypes: { createPolicy(name: string, rules: object): { createScript(s: string): unknown } } }
).trustedTypes.createPolicy('test-fixtures', { createScript: (input: string) => input });

/** A <py-script> as an author's markup makes it. */
async function runScript(code: string, worker = false) {
  const el = document.createElement('py-script') as PyScriptElement;
  if (worker) el.setAttribute('worker', '');
  const script = document.createElement('script');
  script.type = 'text/python';
  script.text = fixtures.createScript(code) as string; // what an author's markup would hold
  el.append(script);
  const done = nextEvent<PyDoneEvent>(el, 'py-done');
  document.body.append(el);
  return { el, detail: (await done).detail };
}

const violations: string[] = [];
document.addEventListener('securitypolicyviolation', (event) => violations.push(`${event.violatedDirective}: ${event.sample}`));
const uncaught: string[] = [];
addEventListener('error', (event) => uncaught.push(String(event.message)));

void runTests(() => {
  describe('under Trusted Types', () => {
    afterEach(() => document.querySelectorAll('py-script').forEach((el) => el.remove()));

    it('is enforced on this page', () => {
      const probe = document.createElement('div');
      expect(() => (probe.innerHTML = '<b>probe</b>'), 'a plain string is refused').to.throw();
    });

    it('display(HTML(...)) and _repr_html_ insert their markup', async () => {
      const { el, detail } = await runScript(
        'class Card:\n    def _repr_html_(self):\n        return "<i>card</i>"\ndisplay(HTML("<b>bold</b>"))\ndisplay(Card())',
      );
      expect(detail.ok, detail.error).to.equal(true);
      expect(el.querySelector('.py-display b')?.textContent).to.equal('bold');
      expect(el.querySelector('.py-display i')?.textContent).to.equal('card');
    });

    it('<py-script worker> starts its worker and runs', async () => {
      const { el, detail } = await runScript('print("from the worker")', true);
      expect(detail.ok, detail.error).to.equal(true);
      expect(outputText(el)).to.equal('from the worker\n');
    });

    it('the background snapshot worker starts too, and nothing was refused or thrown', async () => {
      // The page interpreter started above schedules it 3 s after its start; it stores its snapshot.
      const cache = await caches.open('py-elements');
      await waitFor(async () => (await cache.keys()).length > 0, 'the snapshot to be stored', 90_000);
      expect(violations.filter((v) => !v.endsWith('|<b>probe</b>'))).to.deep.equal([]); // the probe's was expected
      expect(uncaught).to.deep.equal([]);
    });
  });
});
