import { PyRuntimeErrorEvent, PyRuntimeProgressEvent, PyRuntimeReadyEvent } from '../events/runtime-events.js';
import { PYODIDE_VERSION } from './config.js';
import { type Loader, type Progress, loadRuntime } from './load.js';
import { AsyncLock } from './lock.js';
import type { PythonRuntime } from './python-runtime.js';
import { errorMessage } from '../internal/error-message.js';

export type RuntimeStatus = 'idle' | 'loading' | 'ready' | 'failed';

export interface RuntimeState {
  status: RuntimeStatus;
  progress: Progress;
  /** Why the last load failed, when status is 'failed'. */
  error?: string;
}

type Listener = (state: RuntimeState) => void;

/**
 * Everything page-wide lives in one object on globalThis, not in module variables: CMSs often include
 * the bundle twice (two plugins, two copies), and every copy must share one interpreter, one run
 * queue and one status.
 */
interface Hub {
  pending?: Promise<PythonRuntime>;
  /** Set once loaded: for work that must not start a load (releasing, sync event handlers). */
  runtime?: PythonRuntime;
  loader: Loader;
  lock: AsyncLock;
  state: RuntimeState;
  listeners: Set<Listener>;
}

const HUB_KEY = Symbol.for('py-elements.runtime.v1');
const hub: Hub = ((globalThis as Record<symbol, Hub | undefined>)[HUB_KEY] ??= {
  loader: loadRuntime,
  lock: new AsyncLock(),
  state: { status: 'idle', progress: { loaded: 0, total: 0 } },
  listeners: new Set(),
});

/** Returns the page-wide runtime; the first call starts the download, later calls share it. */
export function getRuntime(): Promise<PythonRuntime> {
  hub.pending ??= start();
  return hub.pending;
}

async function start(): Promise<PythonRuntime> {
  update({ status: 'loading', error: undefined });
  try {
    const runtime = await hub.loader((progress) => {
      update({ progress });
      document.dispatchEvent(new PyRuntimeProgressEvent(progress));
    });
    hub.runtime = runtime;
    update({ status: 'ready' });
    document.dispatchEvent(
      new PyRuntimeReadyEvent({ pythonVersion: runtime.pythonVersion, pyodideVersion: PYODIDE_VERSION }),
    );
    return runtime;
  } catch (cause) {
    hub.pending = undefined; // the next caller retries
    const message = errorMessage(cause);
    update({ status: 'failed', error: message });
    document.dispatchEvent(new PyRuntimeErrorEvent({ error: message }));
    throw new Error(`Python could not start: ${message}`, { cause });
  }
}

/** The runtime if it has finished loading, without starting a load. */
export function loadedRuntime(): PythonRuntime | undefined {
  return hub.runtime;
}

/**
 * Call from disconnectedCallback: once the element has really left the page (a move reconnects it
 * within the same task), the event-listener proxies its Python code registered are destroyed.
 */
export function releaseWhenGone(element: Element): void {
  queueMicrotask(() => {
    if (!element.isConnected) hub.runtime?.release(element);
  });
}

/** The current status and progress. */
export function runtimeState(): RuntimeState {
  return hub.state;
}

/** Calls listener now and on every change; returns the unsubscribe function. */
export function onRuntimeState(listener: Listener): () => void {
  hub.listeners.add(listener);
  listener(hub.state);
  return () => hub.listeners.delete(listener);
}

function update(change: Partial<RuntimeState>): void {
  hub.state = { ...hub.state, ...change };
  for (const listener of hub.listeners) listener(hub.state);
}

/**
 * Takes a place in the page's run queue; resolves to `release` when it is this caller's turn. Taken
 * in connection order, so blocks run in document order whatever each one waits for.
 */
export function acquireTurn(): Promise<() => void> {
  return hub.lock.acquire();
}

/**
 * @internal Test seam: forget the runtime and use `loader` for the next getRuntime(). The old
 * interpreter is not shut down (Pyodide cannot be unloaded); it is only dropped.
 */
export function resetRuntimeForTests(loader: Loader = loadRuntime): void {
  hub.pending = undefined;
  hub.runtime = undefined;
  hub.loader = loader;
  hub.lock = new AsyncLock();
  hub.state = { status: 'idle', progress: { loaded: 0, total: 0 } };
}
