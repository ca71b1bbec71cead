import type { PyodideAPI } from 'pyodide';
import type { PyProxy } from 'pyodide/ffi';
import type { PackageLoader } from '../boot/packages.js';
import type { SnapshotSource } from '../boot/start-interpreter.js';
import { type EvaluateResult, type PyElementsModule, type ScopeDict, bootPyElements } from '../boot/python-api.js';
import type { Completion, Death, Interpreter, RunOptions, RunResult } from '../contract.js';
import { failedResult } from '../failure.js';
import { RunPacer } from './run-pacer.js';

/** The page's Python: one Pyodide instance plus the pyelements module. Created by load.ts. */
export class PageInterpreter implements Interpreter {
  /** @internal Pyodide's own API: not part of py-elements' typed contract (its types stay out of ours). */
  readonly pyodide: PyodideAPI;
  /** Started from a memory snapshot rather than by initialising Python. */
  readonly fromSnapshot: SnapshotSource;
  /** The interpreter's version, e.g. "3.14.2". */
  readonly pythonVersion: string;
  readonly #module: PyElementsModule & PyProxy;
  readonly #onDied: (death: Death) => void;
  readonly #release: () => void;
  readonly #pacer: RunPacer;
  readonly #packages: PackageLoader;
  #stopped = false;

  /** @internal `release` takes down what the interpreter hung on the page (see interpreter-hooks.ts). */
  constructor(
    pyodide: PyodideAPI,
    fromSnapshot: SnapshotSource,
    packages: PackageLoader,
    onDied: (death: Death) => void,
    release = () => {},
  ) {
    this.#packages = packages;
    this.pyodide = pyodide;
    this.fromSnapshot = fromSnapshot;
    this.#onDied = onDied;
    this.#release = release;
    const { module, pythonVersion } = bootPyElements(pyodide, (reason) => this.#fatal(reason));
    this.#module = module as PyElementsModule & PyProxy;
    this.pythonVersion = pythonVersion;
    // Pyodide only reads and clears `[0]` of its interrupt buffer: the pacer computes it.
    this.#pacer = new RunPacer((buffer) => pyodide.setInterruptBuffer(buffer as unknown as Int32Array));
    this.#module.pace(this.#pacer);
  }

  /** The interpreter died: settle the runs under way and tell the hub, once. */
  #fatal(reason: string): void {
    if (this.#stopped) return;
    this.#stopped = true;
    this.#died(failedResult('stopped', reason));
    this.#onDied({ reason, replace: false });
  }

  /**
   * Replaced by a new interpreter (a restart): runs still waiting are settled, and the page lets go
   * of this one, so its memory can be collected.
   */
  dispose(): void {
    this.#stopped = true;
    this.#died(failedResult('restarted'));
    this.#release();
  }

  /** Settles runs that were under way when the interpreter died: their own promises never would. */
  #died!: (result: RunResult) => void;
  readonly #dead = new Promise<RunResult>((resolve) => {
    this.#died = resolve;
  });

  /**
   * Runs code and resolves when it finishes, top-level `await` included. Never rejects for Python
   * errors: they come back as `{ ok: false, error }`. The hub serialises runs (see RuntimeHub.run).
   */
  run(code: string, options: RunOptions): Promise<RunResult> {
    return Promise.race([this.#run(code, options), this.#dead]);
  }

  async #run(code: string, options: RunOptions): Promise<RunResult> {
    const failed = await this.#packages.forCode(code, options.onPackages);
    if (failed) return { ok: false, error: failed, errorType: 'ImportError', message: failed };
    const start = () =>
      this.#module.run(
        code,
        options.scope || undefined,
        options.sink,
        options.element,
        options.filename,
        options.wantValue ?? false,
      );
    return options.signal ? this.#pacer.during(options.signal, start, options.holdQuestion) : start();
  }

  /**
   * For the JavaScript API (js-api.ts): the value of the code's last expression, converted to
   * JavaScript, or its traceback. Callers serialise it with element runs (RuntimeHub.turn()).
   */
  evaluate(code: string, scope?: string): Promise<EvaluateResult> {
    const evaluate = async (): Promise<EvaluateResult> => {
      const failed = await this.#packages.forCode(code);
      if (failed) return { ok: false, error: failed, errorType: 'ImportError' };
      return this.#module.evaluate(code, scope || undefined);
    };
    return Promise.race([evaluate(), this.#dead]);
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
