// The JS ⇄ Python conversion table (docs/ffi.md) as executable documentation: each row is a test,
// run through <py-script>'s own machinery (runtime.run with a sink), on the real interpreter.
import { expect } from '../../test/browser/helpers.js';
import '../../test/browser/elements.js';
import type { OutputSink, RunResult } from './contract.js';
import { getRuntime } from './hubs.js';

/** Runs Python in its own scope; returns what it printed, or throws its traceback. */
async function py(code: string): Promise<string> {
  const runtime = await getRuntime();
  let printed = '';
  const sink: OutputSink = {
    write: (_stream, text) => {
      printed += text;
    },
    display: () => {},
    clear: () => {},
    sinkFor: () => sink,
  };
  const result: RunResult = await runtime.run(code, { sink, scope: 'ffi-table', filename: '<ffi test>' });
  if (!result.ok) throw new Error(result.error);
  return printed;
}

declare global {
  interface Window {
    ffi: Record<string, unknown>;
  }
}

describe('JS ⇄ Python conversions', () => {
  before(async () => {
    await getRuntime();
    await py('import js\nfrom pyodide.ffi import to_js, JsException, create_proxy');
  });

  beforeEach(() => {
    window.ffi = {};
  });

  it('str(proxy) is x.toString()', async () => {
    window.ffi.obj = { toString: () => 'custom text' };
    expect(await py('print(str(js.ffi.obj))')).to.equal('custom text\n');
  });

  it('len(proxy) is x.length, or x.size for Map and Set', async () => {
    window.ffi.list = [1, 2, 3];
    window.ffi.map = new Map([['a', 1]]);
    window.ffi.set = new Set([1, 2, 3, 4]);
    expect(await py('print(len(js.ffi.list), len(js.ffi.map), len(js.ffi.set))')).to.equal('3 1 4\n');
  });

  it('proxy.new(...) is new X(...)', async () => {
    window.ffi.Point = class {
      constructor(
        public x: number,
        public y: number,
      ) {}
    };
    expect(await py('p = js.ffi.Point.new(3, 4)\nprint(p.x + p.y)')).to.equal('7\n');
    expect(await py('d = js.Date.new(2020, 0, 2)\nprint(d.getFullYear(), d.getDate())')).to.equal('2020 2\n');
  });

  it('hasattr(proxy, "foo") is "foo" in x (prototype chain included)', async () => {
    window.ffi.obj = Object.assign(Object.create({ inherited: 1 }), { own: 2 });
    expect(await py('print(hasattr(js.ffi.obj, "own"), hasattr(js.ffi.obj, "inherited"), hasattr(js.ffi.obj, "nope"))')).to.equal(
      'True True False\n',
    );
  });

  it('del proxy.foo is delete x.foo', async () => {
    window.ffi.obj = { foo: 1, bar: 2 };
    await py('del js.ffi.obj.foo');
    expect(window.ffi.obj).to.deep.equal({ bar: 2 });
  });

  it('proxy[k] is x.get(k) on a Map, and proxy[k] = v is x.set(k, v)', async () => {
    window.ffi.map = new Map<unknown, unknown>([
      ['key', 'value'],
      [1, 'one'],
    ]);
    expect(await py('m = js.ffi.map\nprint(m["key"], m[1])\nm["new"] = 5')).to.equal('value one\n');
    expect((window.ffi.map as Map<string, number>).get('new')).to.equal(5);
  });

  it('iterating a NodeList gives the elements, in order', async () => {
    const list = document.createElement('ul');
    list.id = 'ffi-list';
    list.innerHTML = '<li>a</li><li>b</li><li>c</li>';
    document.body.append(list);
    try {
      expect(await py('print([li.textContent for li in js.document.querySelectorAll("#ffi-list li")])')).to.equal(
        "['a', 'b', 'c']\n",
      );
    } finally {
      list.remove();
    }
  });

  it('to_py() turns nested JS objects and arrays into dicts and lists', async () => {
    window.ffi.nested = { name: 'x', items: [1, { deep: [true, null] }] };
    expect(await py('v = js.ffi.nested.to_py()\nprint(type(v).__name__, v["items"][1]["deep"][0], v["items"][0])')).to.equal(
      'dict True 1\n',
    );
  });

  it('to_js() turns nested dicts and lists into plain JS objects and arrays', async () => {
    await py('js.ffi.result = to_js({"a": [1, 2, {"b": None}]}, dict_converter=js.Object.fromEntries)');
    expect(window.ffi.result).to.deep.equal({ a: [1, 2, { b: undefined }] });
  });

  it('Python awaits JS promises', async () => {
    window.ffi.later = (value: number) => new Promise((resolve) => setTimeout(() => resolve(value * 2), 10));
    expect(await py('print(await js.ffi.later(21))')).to.equal('42\n');
  });

  it('a Python coroutine called from JS returns a promise', async () => {
    await py('async def answer(x):\n    return x + 1\njs.ffi.answer = create_proxy(answer)');
    const answer = window.ffi.answer as (x: number) => Promise<number>;
    expect(await answer(41)).to.equal(42);
  });

  it('a JS error becomes a Python JsException with its message', async () => {
    window.ffi.fail = () => {
      throw new TypeError('js says no');
    };
    expect(
      await py('try:\n    js.ffi.fail()\nexcept JsException as e:\n    print(type(e).__name__, e.name, e.message)'),
    ).to.equal('JsException TypeError js says no\n');
  });

  it('a Python exception reaching JS becomes a PythonError with the Python message', async () => {
    await py('def boom():\n    raise ValueError("python says no")\njs.ffi.boom = create_proxy(boom)');
    const boom = window.ffi.boom as () => void;
    let caught: unknown;
    try {
      boom();
    } catch (error) {
      caught = error;
    }
    expect((caught as Error).constructor.name).to.equal('PythonError');
    expect((caught as Error).message).to.contain('ValueError: python says no');
  });

  it('print() outside element code (a callback the page calls later) goes to the browser console', async () => {
    await py('def shout():\n    print("to the console")\njs.ffi.shout = create_proxy(shout)');
    const logged: string[] = [];
    const original = console.log;
    console.log = (...args: unknown[]) => logged.push(args.join(' '));
    try {
      (window.ffi.shout as () => void)();
    } finally {
      console.log = original;
    }
    expect(logged).to.deep.equal(['to the console']);
  });
});
