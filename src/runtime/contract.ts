/**
 * The contract between the elements, the hubs and the two interpreters (the page's own and the
 * worker one): interfaces only, so every layer can import it without importing any behaviour.
 * docs/architecture.md draws who calls what.
 */

/** Which interpreter: the page's own (main thread), or the one in a Web Worker (`worker` elements). */
export type RuntimeKind = 'page' | 'worker';

export interface Progress {
  /** Bytes of the interpreter's files (and `<py-config>` packages) received so far. */
  loaded: number;
  /** Bytes in all: the interpreter's sizes from wasm/checksums.json, plus each package as it starts. */
  total: number;
}

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

/** Where a run's output goes. The page's implementation is output/dom-output.ts; Python calls it. */
export interface OutputSink {
  write(stream: 'stdout' | 'stderr', text: string): void;
  display(mime: string, data: unknown): void;
  clear(): void;
  /** The sink for `display(..., target=...)`: an element id or an element. Throws if there is none. */
  sinkFor(target: unknown): OutputSink;
  /** input(): asks the reader for one line, shown with the prompt; resolves on Enter, null if cancelled. */
  ask?(prompt: string): Promise<string | null> | string | null;
  /** ask() answers synchronously (a worker blocked on shared memory), so input() needs no JSPI. */
  askBlocks?: boolean;
}

/** One run of code, as an interpreter gets it. */
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
   * Makes the run stoppable: aborting it raises KeyboardInterrupt in the code. On the page, while the
   * code runs the page stays responsive (Python breathes every ~50 ms; page/run-pacer.ts), given JSPI.
   */
  signal?: AbortSignal;
  /**
   * Told what the code's imports download before it runs (`numpy 3.1 / 7.4 MB`), and `undefined` once
   * that is done (see boot/packages.ts).
   */
  onPackages?: (status: string | undefined) => void;
  /**
   * Where Python cannot pause (no JSPI), what `confirm()` asks once a stoppable run has held the page
   * for a while, in the reader's language (the runtime knows no DOM, so no `lang`). Default: English.
   */
  holdQuestion?: string;
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
  /** What a beginner's error most likely means: an id and its arguments (output/error-hints.ts). */
  hint?: ErrorHint;
  /** Set when Python itself failed, for the elements to say it in the reader's language. */
  failure?: RuntimeFailure;
}

/**
 * A failure of Python itself rather than of the code (it stopped, could not start, was restarted):
 * an id of the elements' message tables (i18n `failures`) and its detail, the engine's or server's
 * own text. `error` says the same in English.
 */
export type RuntimeFailure = [id: RuntimeFailureId, detail: string];
export type RuntimeFailureId =
  | 'stopped'
  | 'stopped-restart'
  | 'could-not-start'
  | 'restarted'
  | 'worker-stopped'
  | 'worker-restarted'
  | 'worker-not-running'
  | 'worker-restarted-to-stop';

/** `[id, ...arguments]` of an explanation in output/error-hints.ts. */
export type ErrorHint = [id: string, ...args: string[]];

/**
 * What elements need from a Python: the page's own interpreter (page/page-interpreter.ts) or the one in
 * a Web Worker (worker/worker-interpreter.ts). It tells its hub of its death through the loader's
 * `onDied`, never through fields someone else sets.
 */
export interface Interpreter {
  /** The interpreter's version, e.g. "3.14.2". */
  readonly pythonVersion: string;
  /** Runs code; resolves when it finishes. Never rejects for Python errors: they come back as results. */
  run(code: string, options: RunOptions): Promise<RunResult>;
  complete(code: string, offset: number, scope?: string): Completion[] | Promise<Completion[]>;
  describe(code: string, offset: number, scope?: string): string | null | Promise<string | null>;
  /** Console rules for "is this input complete?"; only where it can answer synchronously. */
  isComplete?(source: string): boolean;
  /** Destroys what code run for `element` registered (event listeners); called once it left the page. */
  release(element: Element): void;
  /** Frees what the interpreter holds (a worker is terminated); the page's own cannot be unloaded. */
  dispose?(): void;
}

/** How an interpreter ended. */
export interface Death {
  /** For the reader, e.g. "memory access out of bounds" or "the program exited (...)". */
  reason: string;
  /**
   * true: it was ended on purpose to stop runaway code (a worker without isolation), and a new one
   * starts at once; false: it died (a crash, exit()), and nothing runs until the reader restarts it.
   */
  replace: boolean;
}

/**
 * Starts an interpreter; its hub calls it once per (re)start. `onProgress` gets download progress;
 * `onDied` is called at most once, if the interpreter ends after it was handed over.
 */
export type Loader<I> = (
  onProgress: (progress: Progress) => void,
  onDied: (death: Death) => void,
  services: PageServices,
) => Promise<I>;

/** What the page hands the runtime (see index.ts): the runtime itself never touches the DOM. */
export interface PageServices {
  /** The page's configuration (`<py-config>`, the script tag's `data-index-url`, the base URL). */
  config: () => Promise<InterpreterConfig>;
  /** The configuration's `indexURL` where it is known at once; undefined: only from config(). */
  indexURL: () => string | undefined;
  /**
   * `display(target=...)` outside element code: the sink for an element id or element. A promise: the
   * page's output code is loaded with the interpreter, not with py-elements.js.
   */
  sinks: () => Promise<(target: unknown) => OutputSink>;
  /** Tells the page: runtime events are dispatched at the document. */
  emit: (event: Event) => void;
}

/** The settings an interpreter starts with; read from the page by config/read-config.ts. */
export interface InterpreterConfig {
  /** Folder holding pyodide.mjs, pyodide.asm.wasm, python_stdlib.zip and pyodide-lock.json. */
  indexURL: string;
  /** Package names (resolved with their dependencies through the lock file) or wheel URLs. */
  packages: string[];
  /** URL → path in the interpreter's file system (relative paths are under /home/pyodide, importable). */
  files: Record<string, string>;
  /** Lock file naming the packages that can be installed; default: the interpreter's own. */
  lockFileURL?: string;
  /** Where package files are downloaded from; default: the lock file's folder. */
  packagesURL?: string;
  /**
   * Whether the interpreter's lock-file packages that the site does not host come from Pyodide's
   * distribution of this version (see boot/packages.ts); `<py-config> packages-cdn`, default true.
   */
  packagesCDN: boolean;
  /**
   * Start from memory snapshots instead of initialising Python: `true` the prebuilt one shipped in
   * wasm/ on a first visit, then one made for this browser and kept in Cache Storage; `'cache'` only
   * the latter (no extra download on a first visit); `false` neither.
   */
  snapshot: boolean | 'cache';
  /** The page's base URL: relative URLs in Python (urlopen, fetch) are the page's. */
  baseURL: string;
}
