/**
 * Python from page JavaScript, without an element: run code and exchange values with a scope of the
 * page's interpreter. Runs take their turn in the same queue as the elements' runs, so they never
 * interleave with a block that is awaiting something.
 */
import type { PyProxy } from 'pyodide/ffi';
import { getRuntime, onRuntimeState, pageRuntime } from './hubs.js';
import { PYODIDE_VERSION } from './version.js';

export interface RunPythonOptions {
  /** The namespace to run in, shared with elements of that `scope`; default: the main one. */
  scope?: string;
}

/** The variables of one scope, read and written as JavaScript values. */
export interface PythonGlobals {
  /** The variable's value converted to JavaScript (lists → arrays, dicts → objects); undefined if unset. */
  get(name: string): unknown;
  /** Sets the variable; JavaScript values are converted (arrays → JsProxy, numbers, strings as they are). */
  set(name: string, value: unknown): void;
  /** Removes the variable, if set. */
  delete(name: string): void;
  /** The names set in the scope. */
  keys(): string[];
}

/**
 * Plain data (numbers, strings, lists, dicts) comes back as JavaScript values; other objects as proxies.
 * The same conversion as runPython()'s, which pyelements.evaluate does in Python with to_js.
 */
function toJs(value: unknown): unknown {
  const proxy = value as PyProxy & { toJs?: (options: object) => unknown };
  if (proxy && typeof proxy === 'object' && typeof proxy.toJs === 'function') {
    const converted = proxy.toJs({ dict_converter: Object.fromEntries });
    proxy.destroy();
    return converted;
  }
  return value;
}

/**
 * Runs `code` in the page's interpreter (starting it if needed) and resolves with the value of its last
 * expression, converted to JavaScript; rejects with an Error whose message is the Python traceback.
 * What it prints goes to the browser console: it has no element to show it in.
 */
export async function runPython(code: string, { scope }: RunPythonOptions = {}): Promise<unknown> {
  const result = await pageRuntime.turn((interpreter) => interpreter.evaluate(code, scope));
  if (!result.ok) throw new PythonError(result.error ?? 'Python failed', result.errorType ?? 'Exception');
  return result.value;
}

/** A Python exception, as runPython() rejects with it: the message is the traceback. */
export class PythonError extends Error {
  /** The exception's class name, e.g. `ZeroDivisionError`. */
  readonly type: string;

  constructor(traceback: string, type: string) {
    super(traceback);
    this.name = 'PythonError';
    this.type = type;
  }
}

/** The variables of `scope` (default: the main one); starts Python if needed. */
export async function globals(scope?: string): Promise<PythonGlobals> {
  const runtime = await getRuntime();
  const dict = runtime.namespace(scope);
  return {
    get: (name) => (dict.has(name) ? toJs(dict.get(name)) : undefined),
    set: (name, value) => dict.set(name, value),
    delete: (name) => {
      if (dict.has(name)) dict.delete(name);
    },
    keys: () => [...(dict.keys() as Iterable<string>)].filter((key) => !key.startsWith('__')),
  };
}

/**
 * Resolves once the page's Python is ready, with its versions. It does not start Python: an element
 * that needs it, `runPython()` or `getRuntime()` does. After a restart it has resolved already.
 */
export const ready: Promise<{ pythonVersion: string; pyodideVersion: string }> = new Promise((resolve) => {
  const unsubscribe = onRuntimeState((state) => {
    if (state.status !== 'ready') return;
    void getRuntime().then((runtime) => {
      resolve({ pythonVersion: runtime.pythonVersion, pyodideVersion: PYODIDE_VERSION });
      queueMicrotask(() => unsubscribe());
    });
  });
});
