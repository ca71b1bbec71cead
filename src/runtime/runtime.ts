import {
  PyRuntimeErrorEvent,
  PyRuntimeProgressEvent,
  PyRuntimeReadyEvent,
  PyRuntimeStoppedEvent,
  type RuntimeKind,
} from '../events/runtime-events.js';
import { errorMessage } from '../internal/error-message.js';
import { PYODIDE_VERSION } from './config.js';
import { type Loader, type Progress, loadRuntime } from './load.js';
import { AsyncLock } from './lock.js';
import type { ElementRuntime, PythonRuntime } from './python-runtime.js';

export type { RuntimeKind } from '../events/runtime-events.js';

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
 * queue (document order) and its status. The page has two: its own (`pageRuntime`) and the worker
 * one (`workerRuntime`) for elements with the `worker` attribute.
 */
export class RuntimeHub<R extends ElementRuntime = ElementRuntime> {
  readonly kind: RuntimeKind;
  #loader: Loader<R>;
  #pending?: Promise<R>;
  #runtime?: R;
  #lock = new AsyncLock();
  #state: RuntimeState = IDLE;
  #listeners = new Set<Listener>();

  constructor(kind: RuntimeKind, loader: Loader<R>) {
    this.kind = kind;
    this.#loader = loader;
  }

  /** The runtime; the first call starts the download, later calls share it. */
  get(): Promise<R> {
    if (this.#state.status === 'stopped') {
      return Promise.reject(new Error(`Python stopped: ${this.#state.error}. Press Restart to start it again.`));
    }
    this.#pending ??= this.#start();
    return this.#pending;
  }

  async #start(): Promise<R> {
    const { generation } = this.#state;
    const current = () => this.#state.generation === generation;
    this.#update({ status: 'loading', error: undefined });
    try {
      const runtime = await this.#loader((progress) => {
        if (!current()) return;
        this.#update({ progress });
        document.dispatchEvent(new PyRuntimeProgressEvent({ ...progress, runtime: this.kind }));
      });
      if (!current()) {
        runtime.dispose?.(); // restarted while loading: callers get the newer one
        return this.get();
      }
      runtime.onStopped = (reason) => {
        if (this.#runtime === runtime) this.#stop(reason);
      };
      runtime.restart = () => {
        if (this.#runtime === runtime) void this.restart().catch(() => {}); // failures show where Python is needed
      };
      this.#runtime = runtime;
      this.#update({ status: 'ready' });
      document.dispatchEvent(
        new PyRuntimeReadyEvent({ pythonVersion: runtime.pythonVersion, pyodideVersion: PYODIDE_VERSION, runtime: this.kind }),
      );
      return runtime;
    } catch (cause) {
      const message = errorMessage(cause);
      if (current()) {
        this.#pending = undefined; // the next caller retries
        this.#update({ status: 'failed', error: message });
        document.dispatchEvent(new PyRuntimeErrorEvent({ error: message, runtime: this.kind }));
      }
      throw new Error(`Python could not start: ${message}`, { cause });
    }
  }

  #stop(reason: string): void {
    this.#runtime = undefined; // nothing may call into a dead interpreter (event handlers, releases)
    this.#update({ status: 'stopped', error: reason });
    document.dispatchEvent(new PyRuntimeStoppedEvent({ error: reason, runtime: this.kind }));
  }

  /** The runtime if it has finished loading, without starting a load. */
  loaded(): R | undefined {
    return this.#runtime;
  }

  /**
   * Drops the interpreter (a worker is terminated; the page's own is only let go, as Pyodide cannot be
   * unloaded) and starts a new one; elements re-run their code when `generation` changes.
   */
  restart(): Promise<R> {
    this.#runtime?.dispose?.();
    this.#runtime = undefined;
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
   * Takes a place in this runtime's run queue; resolves to `release` when it is this caller's turn.
   * Taken in connection order, so blocks run in document order whatever each one waits for.
   */
  acquireTurn(): Promise<() => void> {
    return this.#lock.acquire();
  }

  /**
   * Call from disconnectedCallback: once the element has really left the page (a move reconnects it
   * within the same task), the event-listener proxies its Python code registered are destroyed.
   */
  releaseWhenGone(element: Element): void {
    queueMicrotask(() => {
      if (!element.isConnected) this.#runtime?.release(element);
    });
  }

  /** @internal Test seam: forget everything and use `loader` from now on. */
  resetForTests(loader: Loader<R>): void {
    this.#loader = loader;
    this.#runtime = undefined;
    this.#pending = undefined;
    this.#lock = new AsyncLock();
    this.#state = IDLE;
  }
}

/**
 * The hubs live on globalThis, not in module variables: CMSs often include the bundle twice (two
 * plugins, two copies), and every copy must share one interpreter, one run queue and one status.
 */
interface Hubs {
  page: RuntimeHub<PythonRuntime>;
  worker: RuntimeHub;
}
const HUBS_KEY = Symbol.for('py-elements.runtime.v2');
const hubs: Hubs = ((globalThis as Record<symbol, Hubs | undefined>)[HUBS_KEY] ??= {
  page: new RuntimeHub('page', loadRuntime),
  // Its code (and coincident) is downloaded only when an element asks for a worker.
  worker: new RuntimeHub('worker', async (onProgress) => (await import('./worker/worker-runtime.js')).loadWorkerRuntime(onProgress)),
});

/** The page's own interpreter, on the main thread. */
export const pageRuntime = hubs.page;
/** The interpreter in a Web Worker, for elements with the `worker` attribute. */
export const workerRuntime = hubs.worker;

/** The runtime for an element: the worker one if it has the `worker` attribute or property. */
export function hubFor(element: Element): RuntimeHub {
  // The property too: Lit reflects it to the attribute only after the first connection.
  return (element as { worker?: boolean }).worker || element.hasAttribute('worker') ? workerRuntime : pageRuntime;
}

/** Returns the page's runtime; the first call starts the download, later calls share it. */
export function getRuntime(): Promise<PythonRuntime> {
  return pageRuntime.get();
}

/** The page's runtime if it has finished loading, without starting a load. */
export function loadedRuntime(): PythonRuntime | undefined {
  return pageRuntime.loaded();
}

/** The page runtime's current status and progress. */
export function runtimeState(): RuntimeState {
  return pageRuntime.state;
}

/** Calls listener now and on every change of the page runtime's state; returns the unsubscribe function. */
export function onRuntimeState(listener: Listener): () => void {
  return pageRuntime.subscribe(listener);
}

/** Restarts the page's Python (after it stopped); its elements run their code again. */
export function restartRuntime(): Promise<PythonRuntime> {
  return pageRuntime.restart();
}

/**
 * @internal Test seam: forget the runtime and use `loader` for the next getRuntime(). The old
 * interpreter is not shut down (Pyodide cannot be unloaded); it is only dropped.
 */
export function resetRuntimeForTests(loader: Loader<PythonRuntime> = loadRuntime): void {
  pageRuntime.resetForTests(loader);
}
