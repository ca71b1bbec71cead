// Failed loads: clear errors in the page, and a later run retries. The index URL comes from the
// page's data-index-url, pointed at test routes that fail (see test/server/routes.mjs).
import { expect, mount, nextEvent, outputText, quietly, unmountAll } from '../../test/browser/helpers.js';
import type { PyDoneEvent } from '../events/py-done.js';
import '../index.js';
import type { PyScriptElement } from '../components/py-script/py-script.js';

function pointInterpreterAt(path: string): void {
  document.querySelector('script[data-index-url]')?.remove();
  const marker = document.createElement('script');
  marker.type = 'text/plain'; // never executed: only carries the attribute
  marker.dataset.indexUrl = path;
  document.head.append(marker);
}

const quiet = <T>(fn: () => Promise<T>) => quietly(fn, ['error', 'warn']); // the failures here are deliberate

describe('runtime load failures', () => {
  afterEach(unmountAll);

  it('names the URL and status when the interpreter is not where the page says', async () => {
    pointInterpreterAt('/nowhere/');
    const failed = nextEvent(document, 'py-runtime-error');
    const el = mount<PyScriptElement>('<py-script>print("x")</py-script>');
    const { detail } = await quiet(() => nextEvent<PyDoneEvent>(el, 'py-done'));
    expect(detail.ok).to.be.false;
    expect(detail.error).to.equal(
      `Python could not start: Could not load the Python interpreter from ${location.origin}/nowhere/pyodide.mjs: ` +
        'the server answered 404 Not Found. Is the wasm/ folder deployed next to py-elements.js, or does data-index-url point at it?',
    );
    expect(el.querySelector('.py-error')!.textContent).to.equal(detail.error);
    expect((await failed).detail.error).to.contain('/nowhere/pyodide.mjs');
  });

  it('reports a failed wasm download instead of hanging, and run() retries successfully', async () => {
    const token = `t${Date.now()}`;
    pointInterpreterAt(`/__test/fail-once/${token}/wasm/`);
    const page = mount(`<div><py-script id="one">print("one")</py-script><py-script id="two">print("two")</py-script></div>`);
    const one = page.querySelector<PyScriptElement>('#one')!;
    const two = page.querySelector<PyScriptElement>('#two')!;
    const first = await quiet(() => nextEvent<PyDoneEvent>(two, 'py-done'));
    const wasmURL = `${location.origin}/__test/fail-once/${token}/wasm/pyodide.asm.wasm`;
    expect(first.detail.error).to.equal(
      `Python could not start: Could not download ${wasmURL}: the server answered 500 Internal Server Error`,
    );
    expect(one.querySelector('.py-error')!.textContent).to.equal(first.detail.error);

    expect(await one.run()).to.deep.equal({ ok: true });
    expect(await two.run()).to.deep.equal({ ok: true });
    expect(outputText(one)).to.equal('one\n');
    expect(outputText(two)).to.equal('two\n');
  });
});
