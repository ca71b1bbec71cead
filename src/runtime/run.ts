import type { Interpreter, OutputSink, RunResult } from './contract.js';

/** Code and the name tracebacks give it. */
export interface Source {
  code: string;
  /** e.g. `<py-script #intro>` or the `src` URL. */
  filename: string;
}

/** A request to run code, as an element's RunController makes it (see RuntimeHub.run). */
export interface RunRequest {
  /** The code; a promise (a `src` download) is awaited at the run's turn, its failure is the run's error. */
  source: Source | Promise<Source>;
  /** Where output goes; asked at the run's turn (a `target` looked up then), its throw is the run's error. */
  sink: () => OutputSink;
  scope?: string;
  element?: Element;
  wantValue?: boolean;
  /** Stop may interrupt the code (see RunOptions.signal); otherwise stop() only cancels a queued run. */
  stoppable?: boolean;
  /** See RunOptions.holdQuestion. */
  holdQuestion?: string;
  /**
   * If Python restarted while the run waited: `skip` it (a `<py-script>`, which the restart runs again)
   * or `run` it on the new interpreter (a REPL run the reader asked for).
   */
  ifRestarted: 'skip' | 'run';
  /** Called at the run's turn, before anything else: false cancels it (a py-run listener said no). */
  starting?(): boolean;
  /** More work in the same turn, after the code (a REPL's checks run before anything else may). */
  after?(interpreter: Interpreter, result: RunResult): Promise<void>;
  /**
   * The run has ended (it ran, or failed before it could): still in its turn, so what the element
   * shows and fires here (py-done) comes before the next run starts.
   */
  finish?(result: RunResult): void;
}

/**
 * `queued`: waiting for its turn; `starting`: its turn, waiting for Python (or the source); `running`:
 * in Python; `done`: finished, failed, cancelled or skipped.
 */
export type RunState = 'queued' | 'starting' | 'running' | 'done';

/**
 * One run, handed to whoever asked for it: its state, its result and its Stop. Nobody sets callbacks
 * on it; the caller awaits `result` and listens for `statechange`.
 */
export class Run extends EventTarget {
  #state: RunState = 'queued';
  #packages: string | undefined;
  readonly #abort = new AbortController();
  /** The outcome; undefined if the code did not run (cancelled, skipped after a restart, stopped while queued). */
  readonly result: Promise<RunResult | undefined>;

  /** @internal Made by RuntimeHub.run, which passes the work to do in the run's turn. */
  constructor(work: (run: Run) => Promise<RunResult | undefined>) {
    super();
    this.result = work(this).finally(() => this.setState('done'));
  }

  get state(): RunState {
    return this.#state;
  }

  /** What the code's imports are downloading before it runs (`numpy 3.1 / 7.4 MB`), if anything. */
  get packages(): string | undefined {
    return this.#packages;
  }

  /** Aborted by stop(): the interpreter raises KeyboardInterrupt in the code (see RunOptions.signal). */
  get signal(): AbortSignal {
    return this.#abort.signal;
  }

  get stopped(): boolean {
    return this.#abort.signal.aborted;
  }

  /** Stops the code if it runs (stoppable runs), or cancels it if it has not started. */
  stop(): void {
    this.#abort.abort();
  }

  /** @internal Fires `statechange` too: what an element shows of its run changed. */
  setPackages(status: string | undefined): void {
    if (this.#packages === status) return;
    this.#packages = status;
    this.dispatchEvent(new Event('statechange'));
  }

  /** @internal */
  setState(state: RunState): void {
    if (this.#state === state) return;
    this.#state = state;
    this.dispatchEvent(new Event('statechange'));
  }
}
