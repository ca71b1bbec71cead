// Deep recursion in C (repr, json, pickle, copy of deeply nested data) raises RecursionError and
// leaves the interpreter running, on the page and in a worker; recursion that worked before still
// works (see boot/c-stack.ts). Freeing such data, and comparing or hashing it, still stops Python:
// those recursions hardly use the stack CPython watches (docs/decisions.md).
import { expect, mount, nextEvent, outputText, pyScript, unmountAll } from '../../test/browser/helpers.js';
import type { PyDoneEvent } from '../events/py-done.js';
import '../index.js';

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

    it(`memoised recursion 200 deep and plain recursion 50,000 deep still work (${where})`, async () => {
      const { el, detail } = await run(STILL_WORKS, attributes);
      expect(detail, outputText(el)).to.deep.equal({ ok: true });
      expect(outputText(el)).to.equal('True 50000\n');
    });
  }
});
