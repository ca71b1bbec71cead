// Deep recursion in C (repr, json, pickle, copy of deeply nested data) raises RecursionError and
// leaves the interpreter running, on the page and in a worker; recursion that worked before still
// works (see python/pyelements/_stack.py). Freeing such data, and comparing or hashing it, still stops Python:
// those recursions hardly use the stack CPython watches (docs/decisions.md).
import { expect, mount, nextEvent, outputText, pyScript, unmountAll, waitFor } from '../../test/browser/helpers.js';
import { sendKeys } from '@web/test-runner-commands';
import type { PyDoneEvent } from '../events/py-done.js';
import '../../test/browser/elements.js';

const NESTED = `import copy, json, pickle
alive = []  # freeing 100,000 levels of nesting still stops Python (docs/decisions.md): keep them
def nested(make, depth=100_000):
    x = make(None)
    for _ in range(depth):
        x = make(x)
    alive.append(x)
    return x
cases = {
    "repr": lambda: repr(nested(lambda x: [x])),
    "str": lambda: str(nested(lambda x: (x,))),
    "json.dumps": lambda: json.dumps(nested(lambda x: {"a": x})),
    "pickle.dumps": lambda: pickle.dumps(nested(lambda x: [x])),
    "copy.deepcopy": lambda: copy.deepcopy(nested(lambda x: [x])),
}
for name, case in cases.items():
    try:
        case()
        print(name, "returned")
    except RecursionError:
        print(name, "RecursionError")
`;

const STILL_WORKS = `import functools, sys
@functools.lru_cache(None)
def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)
sys.setrecursionlimit(60_000)
def down(n):
    return down(n - 1) + 1 if n else 0
print(fib(200) > 0, down(50_000))
`;

const EXPECTED = ['repr', 'str', 'json.dumps', 'pickle.dumps', 'copy.deepcopy']
  .map((name) => `${name} RecursionError\n`)
  .join('');

async function run(code: string, attributes = ''): Promise<{ el: HTMLElement; detail: PyDoneEvent['detail'] }> {
  const el = mount(pyScript(code, attributes));
  const { detail } = await nextEvent<PyDoneEvent>(el, 'py-done');
  return { el, detail };
}

describe('deep recursion', () => {
  afterEach(unmountAll);

  for (const where of ['page', 'worker'] as const) {
    const attributes = where === 'worker' ? 'worker' : '';

    it(`repr, str, json, pickle and deepcopy of 100,000-deep nesting raise RecursionError (${where})`, async () => {
      const { el, detail } = await run(NESTED, attributes);
      expect(detail, outputText(el)).to.deep.equal({ ok: true });
      expect(outputText(el)).to.equal(EXPECTED);
      const after = await run('print("still running")', attributes);
      expect(outputText(after.el)).to.equal('still running\n');
    });

    it(`so does code that resumes after an await, a sleep and input() (${where})`, async () => {
      // Each resumption may run in another thread state, elsewhere in the wasm stack (_stack.py).
      const code = `import asyncio, json, time
await asyncio.sleep(0)
time.sleep(0.01)
input("go? ")
deep = {}
for _ in range(100_000):
    deep = {"a": deep}
try:
    json.dumps(deep)
except RecursionError:
    print("RecursionError after resuming")
kept_too = [deep]  # not freed either
`;
      const el = mount(pyScript(code, attributes));
      await waitFor(() => el.querySelector('input.py-ask-field'), 'the input field', 60_000);
      const done = nextEvent<PyDoneEvent>(el, 'py-done');
      el.querySelector<HTMLInputElement>('input.py-ask-field')!.focus();
      await sendKeys({ press: 'Enter' });
      const { detail } = await done;
      expect(detail, outputText(el)).to.deep.equal({ ok: true });
      expect(outputText(el)).to.contain('RecursionError after resuming\n');
    });

    it(`memoised recursion 200 deep and plain recursion 50,000 deep still work (${where})`, async () => {
      const { el, detail } = await run(STILL_WORKS, attributes);
      expect(detail, outputText(el)).to.deep.equal({ ok: true });
      expect(outputText(el)).to.equal('True 50000\n');
    });
  }

  it('so does an event handler (a py-click attribute, called synchronously)', async () => {
    const code = `import pickle
handler_kept = []
def dump():
    deep = []
    for _ in range(100_000):
        deep = [deep]
    handler_kept.append(deep)
    try:
        pickle.dumps(deep)
    except RecursionError:
        display("RecursionError in a handler", target="handler-out")`;
    const root = mount(`<div>${pyScript(code)}<button py-click="dump()">dump</button><div id="handler-out"></div></div>`);
    await nextEvent(root.querySelector('py-script')!, 'py-done');
    root.querySelector('button')!.click();
    await waitFor(
      () => root.querySelector('#handler-out')!.textContent!.includes('RecursionError in a handler'),
      'the handler output',
      30_000,
    );
    const after = await run('print("still running")');
    expect(outputText(after.el)).to.equal('still running\n');
  });
});
