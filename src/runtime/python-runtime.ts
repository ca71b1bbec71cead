import type { PyodideAPI } from 'pyodide';
import type { PyProxy } from 'pyodide/ffi';
import type { SnapshotSource } from './interpreter.js';

/** One completion, computed in Python on the live object (see pyelements.complete). */
export interface Completion {
  /** The name to insert. */
  label: string;
  kind: 'function' | 'class' | 'module' | 'keyword' | 'variable' | 'property';
  /** Short type information, e.g. "int" or "(x, /)". */
  detail?: string;
  /** First paragraph of the docstring. */
  documentation?: string;
}

/** Where a run's output goes. Implemented by the elements (see internal/dom-output.ts). */
export interface OutputSink {
  write(stream: 'stdout' | 'stderr', text: string): void;
  display(mime: string, data: unknown): void;
  clear(): void;
  /** The sink for `display(..., target=...)`: an element id or an element. Throws if there is none. */
  sinkFor(target: unknown): OutputSink;
  /** input(): asks the reader for one line, shown with the prompt; resolves on Enter, null if cancelled. */
  ask?(prompt: string): Promise<string | null>;
}

export interface RunOptions {
  /** Output of this run and of every task it starts. */
  sink: OutputSink;
  /** Named namespace; runs with the same scope share variables. Default: the page's main scope. */
  scope?: string;
  /** Bound to `element` in the code. */
  element?: Element;
  /** Shown in tracebacks, e.g. `<py-script #intro>` or the `src` URL. */
  filename: string;
  /** Return the repr of the last expression's value (REPL behaviour). */
  wantValue?: boolean;
  /**
   * Makes the run stoppable: while it runs the page stays responsive (Python breathes every ~50 ms)
   * and setting `stop = true` raises KeyboardInterrupt in it. Needs JSPI; ignored without it.
   */
  control?: RunControl;
}

/** A run's stop switch; create with runControl(). */
export interface RunControl {
  stop: boolean;
  /** Set by a runtime that must act at once on a stop (the worker one interrupts its interpreter). */
  onStop?: () => void;
  /** Resolves after one turn of the event loop: the page repaints and handles input meanwhile. */
  breathe(): Promise<void>;
}

export function runControl(): RunControl {
  return { stop: false, breathe: () => new Promise((resolve) => setTimeout(resolve, 0)) };
}

export interface RunResult {
  ok: boolean;
  /** repr() of the last expression, when asked for and not None. */
  value?: string;
  /** The formatted Python traceback, interpreter frames left out. */
  error?: string;
  /** The exception's class name, e.g. `ZeroDivisionError`. */
  errorType?: string;
  /** str() of the exception. */
  message?: string;
}

/**
 * What an element needs from a Python: the page's own interpreter (PythonRuntime) or one in a Web
 * Worker (worker/worker-runtime.ts).
 */
export interface ElementRuntime {
  /** The interpreter's version, e.g. "3.14.2". */
  readonly pythonVersion: string;
  /** Set by the runtime hub: called once if the interpreter dies for good (a crash, or exit()). */
  onStopped?: (reason: string) => void;
  /** Set by the runtime hub: replaces this interpreter with a new one (see RuntimeHub.restart). */
  restart?: () => void;
  run(code: string, options: RunOptions): Promise<RunResult>;
  complete(code: string, offset: number, scope?: string): Completion[] | Promise<Completion[]>;
  describe(code: string, offset: number, scope?: string): string | null | Promise<string | null>;
  /** Console rules for "is this input complete?"; only where it can answer synchronously. */
  isComplete?(source: string): boolean;
  release(element: Element): void;
  /** Frees what the interpreter holds (a worker is terminated); the page's own cannot be unloaded. */
  dispose?(): void;
}

type PyRun = (
  source: string,
  scope: string | undefined,
  sink: OutputSink,
  element: Element | undefined,
  filename: string,
  wantValue: boolean,
  control: RunControl | undefined,
) => Promise<RunResult>;

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

interface PyElementsModule {
  run: PyRun;
  evaluate(source: string, scope: string | undefined): Promise<EvaluateResult>;
  namespace(scope: string | undefined): ScopeDict;
  complete(code: string, offset: number, scope: string | undefined): Completion[];
  describe(code: string, offset: number, scope: string | undefined): string | undefined;
  is_complete(source: string): boolean;
  run_attribute(code: string, scope: string | undefined, event: Event, element: Element, filename: string): RunResult;
  release(element: Element): void;
  events: { live_proxy_count(): number };
}

/** The page's Python: one Pyodide instance plus the pyelements module. Created by load.ts. */
export class PythonRuntime implements ElementRuntime {
  /** @internal Pyodide's own API: not part of py-elements' typed contract (its types stay out of ours). */
  readonly pyodide: PyodideAPI;
  onStopped?: (reason: string) => void;
  /** Started from a memory snapshot rather than by initialising Python. */
  readonly fromSnapshot: SnapshotSource;
  readonly #module: PyElementsModule & PyProxy;

  /** @internal */
  constructor(pyodide: PyodideAPI, fromSnapshot: SnapshotSource = false) {
    this.pyodide = pyodide;
    this.fromSnapshot = fromSnapshot;
    this.#module = pyodide.pyimport('pyelements') as PyElementsModule & PyProxy;
    // Pyodide's hook for a fatal error (a wasm trap such as an out-of-bounds access, or the C exit());
    // afterwards every call into it throws, so the page must be told to restart.
    (pyodide as unknown as { _api: { on_fatal?: (error: unknown) => void } })._api.on_fatal = (error) => this.#fatal(error);
  }

  #stopped = false;

  /** The interpreter died: settle the runs under way and tell the hub, once, whichever path saw it first. */
  #fatal(error: unknown): void {
    if (this.#stopped) return;
    this.#stopped = true;
    const reason = fatalReason(error);
    this.#died({ ok: false, error: `Python stopped: ${reason}`, errorType: 'RuntimeError', message: reason });
    this.onStopped?.(reason);
  }

  /** Settles runs that were under way when the interpreter died: their own promises never would. */
  #died!: (result: RunResult) => void;
  readonly #dead = new Promise<RunResult>((resolve) => {
    this.#died = resolve;
  });

  /** The interpreter's version, e.g. "3.14.2". */
  get pythonVersion(): string {
    return this.pyodide.runPython('import sys; sys.version.split()[0]') as string;
  }

  /**
   * Runs code and resolves when it finishes, top-level `await` included. Never rejects for Python
   * errors: they come back as `{ ok: false, error }`. Callers serialise runs (see acquireTurn()).
   */
  run(code: string, options: RunOptions): Promise<RunResult> {
    const run = this.#module
      .run(
        code,
        options.scope || undefined,
        options.sink,
        options.element,
        options.filename,
        options.wantValue ?? false,
        options.control,
      )
      .catch((error: unknown) => {
        // Pyodide marks its fatal errors. Its on_fatal hook is the usual way we hear of one; a run that
        // rejects with one is the other (seen beside another test run: os._exit() after a restart
        // rejected the run while the hook never told the page, which then stayed "ready" for ever).
        if ((error as { pyodide_fatal_error?: boolean } | null)?.pyodide_fatal_error) this.#fatal(error);
        throw error;
      });
    return Promise.race([run, this.#dead]);
  }

  /**
   * For the JavaScript API (js-api.ts): the value of the code's last expression, converted to
   * JavaScript, or its traceback. Callers serialise it with element runs (acquireTurn()).
   */
  evaluate(code: string, scope?: string): Promise<EvaluateResult> {
    return Promise.race([this.#module.evaluate(code, scope || undefined), this.#dead]);
  }

  /** The globals of a scope, shared with the elements of that scope. */
  namespace(scope?: string): ScopeDict {
    return this.#module.namespace(scope || undefined);
  }

  /** Completions for the name being typed at `offset`, from the scope's live objects. */
  complete(code: string, offset: number, scope?: string): Completion[] {
    return this.#module.complete(code, offset, scope || undefined);
  }

  /** Signature and docstring, or type and value, of the dotted name at `offset`; null if unknown. */
  describe(code: string, offset: number, scope?: string): string | null {
    return this.#module.describe(code, offset, scope || undefined) ?? null;
  }

  /** Whether console input is a complete statement (codeop rules: blocks end with a blank line). */
  isComplete(source: string): boolean {
    return this.#module.is_complete(source);
  }

  /**
   * Runs a `py-<event>` attribute's code synchronously (so the handler can still call
   * `event.preventDefault()`), with `event` bound; a callable result is called with the event.
   */
  runAttribute(code: string, options: { scope?: string; event: Event; element: Element; filename: string }): RunResult {
    return this.#module.run_attribute(code, options.scope || undefined, options.event, options.element, options.filename);
  }

  /** Removes and destroys the event-listener proxies that code run for `element` registered. */
  release(element: Element): void {
    this.#module.release(element);
  }

  /** How many listener proxies Python code holds through pyelements (for leak tests). */
  get liveProxyCount(): number {
    return this.#module.events.live_proxy_count();
  }
}

function fatalReason(error: unknown): string {
  if (error instanceof Error && error.name === 'Exit') return `the program exited (${error.message})`;
  return error instanceof Error ? error.message : String(error);
}
