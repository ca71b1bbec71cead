import type { PyodideAPI } from 'pyodide';
import { errorMessage } from '../../internal/error-message.js';
import type { Completion, OutputSink, RunResult } from '../contract.js';

/**
 * The one TypeScript face of the Python package `pyelements` (src/runtime/python/pyelements/), used by
 * the page's interpreter and by the worker: what Python defines and what it reads from JS objects.
 */

/** The JS helpers `pyelements._install()` takes. */
export interface PythonHooks {
  /** display(target=...) outside element code: the sink for an element id or element. */
  sinkFor(target: unknown): unknown;
  /** What `document` and `window` are in Python; default: the real ones (js.document, js.globalThis). */
  document?: unknown;
  window?: unknown;
  /** The page's base URL, for relative URLs in urlopen() and fetch(); default: document.baseURI. */
  baseURL?: string;
  /** In a worker that cannot reach the page: why. `document`, `window` and `element` then say so. */
  unreachable?: string;
}

/** What Python's SIGINT handler asks on the page (see pace() in _run.py and page/run-pacer.ts). */
export interface PythonPacer {
  /** Stop was pressed for the run in progress: raise KeyboardInterrupt in its code. */
  readonly stopping: boolean;
  /** Python raised it: that stop is done. */
  stopped(): void;
  /** Resolves after one turn of the event loop: the page repaints and handles input meanwhile. */
  breathe(): Promise<void>;
  /**
   * Python could not breathe (no JSPI in this browser): the run holds the page. After a while this
   * asks the reader whether to stop it; `stopping` then says what they chose.
   */
  held(): void;
}

/** What `evaluate()` resolves with: the value converted to JavaScript, or the trimmed traceback. */
export interface EvaluateResult {
  ok: boolean;
  value?: unknown;
  error?: string;
  errorType?: string;
}

/** A Python dict seen from JavaScript (a PyProxy of the scope's globals). */
export interface ScopeDict {
  get(name: string): unknown;
  set(name: string, value: unknown): void;
  has(name: string): boolean;
  delete(name: string): void;
  keys(): Iterable<string>;
}

/** The module's functions, as Pyodide's proxy exposes them (snake_case, positional arguments). */
export interface PyElementsModule {
  run(
    source: string,
    scope: string | undefined,
    sink: OutputSink,
    element: unknown,
    filename: string,
    wantValue: boolean,
  ): Promise<RunResult>;
  evaluate(source: string, scope: string | undefined): Promise<EvaluateResult>;
  namespace(scope: string | undefined): ScopeDict;
  complete(code: string, offset: number, scope: string | undefined): Completion[];
  describe(code: string, offset: number, scope: string | undefined): string | undefined;
  is_complete(source: string): boolean;
  run_attribute(code: string, scope: string | undefined, event: Event, element: Element, filename: string): RunResult;
  release(element: unknown): void;
  /** A worker on an isolated page: raise SIGINT only in a run's own code; elsewhere call `rearm`. */
  watch_interrupts(rearm: () => void): void;
  /** The page: SIGINT (computed by the pacer, the interrupt buffer) breathes, or stops the run. */
  pace(pacer: PythonPacer): void;
  events: { live_proxy_count(): number };
}

/** The package's module, once start-interpreter.ts installed it. */
export interface PyElements {
  module: PyElementsModule;
  pythonVersion: string;
}

/**
 * Takes the installed module and listens for the interpreter's death: Pyodide's hook for a fatal
 * error (a wasm trap such as an out-of-bounds access, or the C exit()). Afterwards every call into the
 * interpreter throws, so `onFatal` must tell whoever can start a new one.
 */
export function bootPyElements(pyodide: PyodideAPI, onFatal: (reason: string) => void): PyElements {
  (pyodide as unknown as { _api: { on_fatal?: (error: unknown) => void } })._api.on_fatal = (error) =>
    onFatal(fatalReason(error));
  return {
    module: pyodide.pyimport('pyelements') as unknown as PyElementsModule,
    pythonVersion: pyodide.runPython('import sys; sys.version.split()[0]') as string,
  };
}

/**
 * Why the interpreter died, for the reader: Pyodide names the C exit() "Exit". A wasm trap is worded
 * by each engine ("index out of bounds" in Firefox, which reads like Python's IndexError; "Out of
 * bounds memory access" in WebKit): an out-of-bounds access gets one wording everywhere.
 */
function fatalReason(error: unknown): string {
  if (error instanceof Error && error.name === 'Exit') return `the program exited (${error.message})`;
  if (error instanceof WebAssembly.RuntimeError && /out of bounds/i.test(error.message)) {
    return 'memory access out of bounds';
  }
  return errorMessage(error);
}
