// Blocking calls that work in a browser tab: input(), time.sleep(), urllib; and errors that must not
// take the interpreter down with them.
import { sendKeys } from '@web/test-runner-commands';
import {
  expect,
  typeText,
  hasJSPI,
  itExcept,
  mount,
  nextEvent,
  outputText,
  pyScript,
  quietly,
  runScriptMarkup,
  unmountAll,
  waitFor,
} from '../../test/browser/helpers.js';
import type { PyScriptElement } from '../components/py-script/py-script.js';
import type { PyDoneEvent } from '../events/py-done.js';
import '../../test/browser/elements.js';
import { getRuntime } from './hubs.js';

const py = (code: string) => pyScript(code);
const run = (code: string) => runScriptMarkup(py(code));

describe('blocking calls in the browser', () => {
  before(() => getRuntime());
  afterEach(unmountAll);

  it('input() asks in an inline field labelled by the prompt, waits for Enter and echoes the answer', async () => {
    const el = mount<PyScriptElement>(py('name = input("Your name? ")\nprint(f"Hello, {name}!")'));
    const done = nextEvent<PyDoneEvent>(el, 'py-done');
    await waitFor(() => el.querySelector('input.py-ask-field'), 'the input field');
    const field = el.querySelector<HTMLInputElement>('input.py-ask-field')!;
    expect(field.closest('label')!.textContent).to.equal('Your name? ');
    expect(document.activeElement).to.equal(field);

    let ticks = 0; // the page keeps running while Python waits
    const timer = setInterval(() => ticks++, 10);
    await new Promise((resolve) => setTimeout(resolve, 100));
    clearInterval(timer);
    expect(ticks, 'the page runs while Python waits (a frozen page would never get here)').to.be.at.least(2);

    await typeText('Ada');
    await sendKeys({ press: 'Enter' });
    expect((await done).detail).to.deep.equal({ ok: true });
    expect(outputText(el)).to.equal('Your name? Ada\nHello, Ada!\n');
    expect(el.querySelector('input')).to.equal(null);
  });

  const suspends = 'JSPI: input() and time.sleep() suspend Python wherever they are called (the tests above)';
  itExcept({ chromium: suspends, firefox: suspends })(
    'without JSPI, input() and time.sleep() in a function fall back to prompt() and a held page; at the top level they still wait inline',
    async () => {
      expect(hasJSPI).to.equal(false);
      const asked: string[] = [];
      const saved = window.prompt;
      window.prompt = (message?: string) => (asked.push(message ?? ''), 'Grace');
      try {
        const el = mount<PyScriptElement>(
          py(
            'import time\ndef ask():\n    time.sleep(0.2)\n    return input("Inside? ")\nprint(ask())\ntime.sleep(0.3)\nprint(input("Top? "))',
          ),
        );
        const done = nextEvent<PyDoneEvent>(el, 'py-done');
        await waitFor(() => el.querySelector('input.py-ask-field'), 'the inline field of the top-level input()', 30_000);
        expect(asked).to.deep.equal(['Inside? ']);
        let ticks = 0; // the top-level input() is awaited: the page runs meanwhile
        const timer = setInterval(() => ticks++, 10);
        await new Promise((resolve) => setTimeout(resolve, 100));
        clearInterval(timer);
        expect(ticks).to.be.at.least(2);
        await typeText('Ada');
        await sendKeys({ press: 'Enter' });
        expect((await done).detail).to.deep.equal({ ok: true });
        expect(outputText(el)).to.equal('Grace\nTop? Ada\nAda\n');
      } finally {
        window.prompt = saved;
      }
    },
  );

  it('time.sleep() waits without freezing the page', async () => {
    const el = mount<PyScriptElement>(py('import time\nstart = time.time()\ntime.sleep(0.3)\nprint(time.time() - start)'));
    let ticks = 0;
    const timer = setInterval(() => ticks++, 10);
    await nextEvent(el, 'py-done');
    clearInterval(timer);
    // At least the time asked for; a loaded machine may add to it, never take from it.
    const slept = Number(outputText(el));
    expect(slept).to.be.at.least(0.3);
    expect(slept).to.be.below(3);
    expect(ticks).to.be.greaterThan(10);
  });

  it('urllib.request.urlopen reads text and binary, same-origin and CORS; errors are Python errors', async () => {
    const cors = `http://127.0.0.1:${location.port}/__test/cors`;
    const { el, detail } = await run(`import urllib.request, urllib.error
print(urllib.request.urlopen("/test/fixtures/second.py").read().decode().strip())
print(urllib.request.urlopen("/wasm/pyodide.asm.wasm").read(4))
with urllib.request.urlopen("${cors}/test/fixtures/second.py") as r:
    print(r.status, r.read().decode().strip())
try:
    urllib.request.urlopen("/test/fixtures/missing.txt")
except urllib.error.HTTPError as e:
    print("HTTPError", e.code)
try:
    urllib.request.urlopen("http://127.0.0.1:${location.port}/__test/no-cors/second.py")
except urllib.error.URLError as e:
    print("URLError", "CORS" in str(e.reason))`);
    expect(detail.ok, detail.error).to.be.true;
    expect(outputText(el)).to.equal("order.append(2)\nb'\\x00asm'\n200 order.append(2)\nHTTPError 404\nURLError True\n");
  });

  it('pyelements.fetch is the browser fetch, awaitable', async () => {
    const { el, detail } = await run(
      'from pyelements import fetch\nr = await fetch("/test/fixtures/second.py")\nprint(r.status, (await r.text()).strip())',
    );
    expect(detail.ok, detail.error).to.be.true;
    expect(outputText(el)).to.equal('200 order.append(2)\n');
  });

  it('RecursionError and MemoryError are shown and the interpreter stays usable', async () => {
    const recursion = await quietly(() => run('def f(n):\n    return f(n + 1)\nf(0)'));
    expect(recursion.detail.ok).to.be.false;
    expect(recursion.detail.error).to.contain('RecursionError: maximum recursion depth exceeded');
    const memory = await quietly(() => run('data = [0] * 10 ** 9'));
    expect(memory.detail.ok).to.be.false;
    expect(memory.detail.error).to.match(/MemoryError/);
    const after = await run('print(sum(range(10)))');
    expect(outputText(after.el)).to.equal('45\n');
  });
});
