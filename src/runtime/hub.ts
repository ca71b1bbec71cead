import {
  PyRuntimeErrorEvent,
  PyRuntimeProgressEvent,
  PyRuntimeReadyEvent,
  PyRuntimeStoppedEvent,
} from '../events/runtime-events.js';
import { errorMessage } from '../internal/error-message.js';
import type { Death, Interpreter, Loader, PageServices, Progress, RunResult, RuntimeKind } from './contract.js';
import { RuntimeFailureError } from './failure.js';
import { AsyncLock } from './lock.js';
import { Run, type RunRequest, type Source } from './run.js';
import { PYODIDE_VERSION } from './version.js';

/** `stopped`: the interpreter died (a crash, or os._exit()); nothing runs until restart(). */
export type RuntimeStatus = 'idle' | 'loading' | 'ready' | 'failed' | 'stopped';

export interface RuntimeState {
  status: RuntimeStatus;
  progress: Progress;
  /** Why the last load failed ('failed') or why Python stopped ('stopped'). */
  error?: string;
  /** Counts restarts: elements re-run their code when it changes. */
  generation: number;
}

type Listener = (state: RuntimeState) => void;

const IDLE: RuntimeState = { status: 'idle', progress: { loaded: 0, total: 0 }, generation: 0 };

/**
 * One interpreter, started on first use and shared by every element that uses it: its load, its run
 * queue (document order), its status and its restarts. The page has two (hubs.ts): its own and the
 * worker one. Runs go through run(), which owns the turn, the interpreter and the restart check.
 */
export class RuntimeHub<I extends Interpreter = Interpreter> {
  readonly kind: RuntimeKind;
  #loader: Loader<I>;
  /** Until index.ts provides the page's (a module imported on its own, as unit tests do): NO_SERVICES. */
  #services: PageServices = NO_SERVICES;
  #pending?: Promise<I>;
  #interpreter?: I;
  #lock = new AsyncLock();
  #state: RuntimeState = IDLE;
  #listeners = new Set<Listener>();

  constructor(kind: RuntimeKind, loader: Loader<I>) {
    this.kind = kind;
    this.#loader = loader;
  }

  /** What the page provides (index.ts): its configuration, `display(target=)` sinks and where events go. */
  provide(services: PageServices): void {
    this.#services = services;
  }

  /** The interpreter; the first call starts the download, later calls share it. */
  get(): Promise<I> {
    if (this.#state.status === 'stopped') {
      return Promise.reject(new RuntimeFailureError('stopped-restart', this.#state.error));
    }
    if (!this.#pending) {
      // #pending is set before #start() tells any listener: a listener that asks for Python at once
      // (a <py-script> re-running after a restart) must share this load. Assigned after #start()
      // returned, it began a second load, and elements ran on an interpreter the hub did not hold,
      // whose death then went unheard (the flaky os._exit test, about one loaded run in two).
      let begin!: (start: Promise<I>) => void;
      this.#pending = new Promise<I>((resolve) => (begin = resolve));
      begin(this.#start());
    }
    return this.#pending;
  }

  async #start(): Promise<I> {
    // An element already in the page is upgraded, and may ask for Python (`<py-repl load="eager">`),
    // while the bundle's modules evaluate, before index.ts has provided the page's services. Those
    // modules evaluate in one go, so one microtask later the services are there.
    await Promise.resolve();
    const { generation } = this.#state;
    const current = () => this.#state.generation === generation;
    this.#update({ status: 'loading', error: undefined });
    let interpreter: I | undefined;
    /** A death reported before the loader handed the interpreter over. */
    let diedWhileLoading: Death | undefined;
    const onDied = (death: Death) => {
      if (!interpreter) {
        diedWhileLoading ??= death;
        return;
      }
      // An interpreter that was replaced meanwhile is nobody's concern any more.
      if (this.#interpreter !== interpreter) return;
      if (death.replace) this.#replace();
      else this.#stop(death.reason);
    };
    try {
      interpreter = await this.#loader(
        (progress) => {
          if (!current()) return;
          this.#update({ progress });
          this.#emit(new PyRuntimeProgressEvent({ ...progress, runtime: this.kind }));
        },
        onDied,
        this.#services,
      );
      if (!current()) {
        interpreter.dispose?.(); // restarted while loading: callers get the newer one
        return this.get();
      }
      this.#interpreter = interpreter;
      if (diedWhileLoading) {
        // Handed over dead: "stopped" with the reason, not "ready" for a corpse (returned, not thrown:
        // the catch below would call it a failed load).
        onDied(diedWhileLoading);
        return Promise.reject(new RuntimeFailureError('stopped', diedWhileLoading.reason));
      }
      this.#update({ status: 'ready' });
      this.#emit(
        new PyRuntimeReadyEvent({
          pythonVersion: interpreter.pythonVersion,
          pyodideVersion: PYODIDE_VERSION,
          runtime: this.kind,
        }),
      );
      return interpreter;
    } catch (cause) {
      const message = errorMessage(cause);
      if (current()) {
        this.#pending = undefined; // the next caller retries
        this.#update({ status: 'failed', error: message });
        this.#emit(new PyRuntimeErrorEvent({ error: message, runtime: this.kind }));
      }
      throw new RuntimeFailureError('could-not-start', message, { cause });
    }
  }

  #stop(reason: string): void {
    // Nothing may call into a dead interpreter (event handlers, releases), and the page lets go of it.
    const dead = this.#interpreter;
    this.#interpreter = undefined;
    dead?.dispose?.();
    this.#update({ status: 'stopped', error: reason });
    this.#emit(new PyRuntimeStoppedEvent({ error: reason, runtime: this.kind }));
  }

  /** An interpreter ended to stop runaway code: start its successor at once. */
  #replace(): void {
    // Not awaited: a failed start is shown by py-runtime-error and by each run that needs Python.
    this.restart().catch(() => {});
  }

  #emit(event: Event): void {
    this.#services.emit(event);
  }

  /** The interpreter if it has finished loading, without starting a load. */
  loaded(): I | undefined {
    return this.#interpreter;
  }

  /**
   * Drops the interpreter (a worker is terminated; the page's own is only let go, as Pyodide cannot be
   * unloaded) and starts a new one; elements re-run their code when `generation` changes.
   */
  restart(): Promise<I> {
    this.#interpreter?.dispose?.();
    this.#interpreter = undefined;
    this.#pending = undefined;
    this.#lock = new AsyncLock();
    this.#update({ ...IDLE, generation: this.#state.generation + 1 });
    return this.get();
  }

  /** The current status and progress. */
  get state(): RuntimeState {
    return this.#state;
  }

  /** Calls listener now and on every change, in subscription order; returns the unsubscribe function. */
  subscribe(listener: Listener): () => void {
    this.#listeners.add(listener);
    listener(this.#state);
    return () => this.#listeners.delete(listener);
  }

  #update(change: Partial<RuntimeState>): void {
    this.#state = { ...this.#state, ...change };
    for (const listener of [...this.#listeners]) listener(this.#state);
  }

  /**
   * Queues code to run. The run takes its place in the queue now (so blocks run in document order
   * whatever each one waits for), starts the interpreter and the source download at once, and at its
   * turn checks for a restart, asks `starting()`, runs, then `after()` and `finish()`. Its result never rejects.
   */
  run(request: RunRequest): Run {
    const { generation } = this.#state;
    const turn = this.#lock.acquire();
    const interpreter = this.get();
    const source = Promise.resolve(request.source);
    // Both are awaited at the run's turn, where a failure becomes the run's error; until then a
    // rejection would be reported as unhandled.
    interpreter.catch(() => {});
    source.catch(() => {});
    return new Run(async (run) => {
      const release = await turn;
      try {
        const restarted = this.#state.generation !== generation;
        if (run.stopped || (restarted && request.ifRestarted === 'skip')) return undefined;
        if (request.starting && !request.starting()) return undefined;
        run.setState('starting');
        const result = await this.#execute(request, run, restarted ? this.get() : interpreter, await source.catch(errorResult));
        request.finish?.(result);
        return result;
      } finally {
        release();
      }
    });
  }

  async #execute(request: RunRequest, run: Run, waiting: Promise<I>, source: Source | RunResult): Promise<RunResult> {
    try {
      const sink = request.sink();
      if ('ok' in source) return source;
      // If Python stopped while this waited, ask again: the hub says why it cannot run.
      const interpreter = await (this.#state.status === 'stopped' ? this.get() : waiting);
      run.setState('running');
      const result = await interpreter.run(source.code, {
        sink,
        scope: request.scope,
        element: request.element,
        filename: source.filename,
        wantValue: request.wantValue,
        signal: request.stoppable ? run.signal : undefined,
        holdQuestion: request.holdQuestion,
        onPackages: (status) => run.setPackages(status),
      });
      await request.after?.(interpreter, result);
      return result;
    } catch (error) {
      return errorResult(error);
    }
  }

  /**
   * Work that needs the interpreter to itself (the JS API's runPython): queued like a run, so it never
   * interleaves with a block that is awaiting something.
   */
  async turn<T>(work: (interpreter: I) => Promise<T>): Promise<T> {
    const { generation } = this.#state;
    const interpreter = this.get();
    interpreter.catch(() => {}); // awaited below, at its turn
    const release = await this.#lock.acquire();
    try {
      return await work(await (this.#state.generation === generation ? interpreter : this.get()));
    } finally {
      release();
    }
  }

  /**
   * Call from disconnectedCallback: once the element has really left the page (a move reconnects it
   * within the same task), the event-listener proxies its Python code registered are destroyed.
   */
  releaseWhenGone(element: Element): void {
    queueMicrotask(() => {
      if (!element.isConnected) this.#interpreter?.release(element);
    });
  }

  /** @internal Test seam: forget everything and use `loader` from now on. */
  resetForTests(loader: Loader<I>): void {
    this.#loader = loader;
    this.#interpreter = undefined;
    this.#pending = undefined;
    this.#lock = new AsyncLock();
    this.#state = IDLE;
  }
}

/** Services that say they are missing: the page's loader cannot start, and events go nowhere. */
const NO_SERVICES: PageServices = {
  config: () =>
    Promise.reject(new Error('the page has not provided its services: import py-elements itself, not one of its modules')),
  indexURL: () => undefined,
  sinks: () => Promise.reject(new Error('the page has not provided its services')),
  emit: () => {},
};

function errorResult(error: unknown): RunResult {
  const result: RunResult = { ok: false, error: errorMessage(error) };
  if (error instanceof RuntimeFailureError) result.failure = error.failure;
  return result;
}
