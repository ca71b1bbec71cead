import type { PyodideAPI } from 'pyodide';

/**
 * How much of its C stack Python may use before it raises RecursionError. CPython 3.14 guards C
 * recursion (repr, json, pickle, comparisons of nested containers) by the C stack pointer, and
 * Pyodide gives it 10 MB of stack in wasm memory; but every C frame also takes room on the browser's
 * own stack (~1 MB in Chromium), which runs out first, and that kills the interpreter ("Maximum call
 * stack size exceeded"). Measured in Chromium (docs/decisions.md): at 128 KB, `repr`, `str`,
 * `json.dumps`, `pickle.dumps` and `copy.deepcopy` of 100,000-deep nesting raise RecursionError on
 * the page and in a worker; recursion through C calls (a function wrapped in `functools.lru_cache`)
 * goes ~250 levels deep (it died at ~600 before); plain Python recursion is not limited by it.
 */
export const C_STACK_BYTES = 128 * 1024;

interface StackExports {
  _emscripten_stack_get_base(): number;
  _emscripten_stack_set_limits(base: number, end: number): void;
  _PyThreadState_Get(): number;
  _PyUnstable_ThreadState_SetStackProtection(threadState: number, lowest: number, size: number): number;
  _PyErr_Clear(): void;
}

/** Lets Python's recursion check see a stack the size of the browser's, so it raises before that overflows. */
export function limitCStack(pyodide: PyodideAPI): void {
  const module = (pyodide as unknown as { _module: StackExports })._module;
  const top = module._emscripten_stack_get_base(); // the stack grows down from here
  // Every call from JavaScript that may suspend (JSPI) runs in a thread state of its own, which
  // takes its limits from these; the one already running takes them below.
  module._emscripten_stack_set_limits(top, top - C_STACK_BYTES);
  if (module._PyUnstable_ThreadState_SetStackProtection(module._PyThreadState_Get(), top - C_STACK_BYTES, C_STACK_BYTES) !== 0) {
    module._PyErr_Clear(); // the error it set must not surface in the next, unrelated Python call
    console.warn(
      'py-elements: could not limit the C stack; deep recursion in C may stop Python instead of raising RecursionError',
    );
  }
}
