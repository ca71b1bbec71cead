import type { Loader, PageServices } from './contract.js';
import { startEarlyDownloads } from './boot/early-downloads.js';
import { RuntimeHub, type RuntimeState } from './hub.js';
import { type PageInterpreter } from './page/page-interpreter.js';

/**
 * The page's two hubs, and the public functions about its own interpreter. The hubs live on
 * globalThis, not in module variables: CMSs often include the bundle twice (two plugins, two copies),
 * and every copy must share one interpreter, one run queue and one status.
 */
interface Hubs {
  page: RuntimeHub<PageInterpreter>;
  worker: RuntimeHub;
}
const HUBS_KEY = Symbol.for('py-elements.runtime.v3');
/**
 * Its code, the Python package's source with it (~10 KB gzip), is downloaded only when an element
 * needs Python: a page that never does, or has not yet, does not pay for it before it paints.
 */
const loadPageInterpreter: Loader<PageInterpreter> = async (onProgress, onDied, services) => {
  // The interpreter's big downloads start now, beside that code's (boot/early-downloads.ts): where
  // the folder is known at once, before a TOML <py-config> is parsed.
  const quick = services.indexURL();
  const early =
    quick !== undefined
      ? Promise.resolve(startEarlyDownloads(quick))
      : services.config().then(
          (config) => startEarlyDownloads(config.indexURL),
          () => undefined, // the loader reports a configuration it cannot read
        );
  services.sinks().catch(() => {}); // the page's output code, beside the loader's (the loader reports a failure)
  try {
    const loader = await import('./page/load.js');
    return await loader.loadPageInterpreter(onProgress, onDied, services, early);
  } catch (error) {
    (await early)?.drop(); // a start that failed before it took them (a configuration it cannot read)
    throw error;
  }
};
const hubs: Hubs = ((globalThis as Record<symbol, Hubs | undefined>)[HUBS_KEY] ??= {
  page: new RuntimeHub('page', loadPageInterpreter),
  // Its code (and coincident) is downloaded only when an element asks for a worker.
  worker: new RuntimeHub('worker', async (...args) =>
    (await import('./worker/worker-interpreter.js')).loadWorkerInterpreter(...args),
  ),
});

/** The page's own interpreter, on the main thread. */
export const pageRuntime = hubs.page;
/** The interpreter in a Web Worker, for elements with the `worker` attribute. */
export const workerRuntime = hubs.worker;

/** Called once by index.ts: what the runtime needs from the page, which it never touches itself. */
export function providePageServices(services: PageServices): void {
  pageRuntime.provide(services);
  workerRuntime.provide(services);
}

/** The hub for an element: the worker one if it has the `worker` attribute or property. */
export function hubFor(element: Element): RuntimeHub {
  // The property too: Lit reflects it to the attribute only after the first connection.
  return (element as { worker?: boolean }).worker || element.hasAttribute('worker') ? workerRuntime : pageRuntime;
}

/** Returns the page's interpreter; the first call starts the download, later calls share it. */
export function getRuntime(): Promise<PageInterpreter> {
  return pageRuntime.get();
}

/** The page's interpreter if it has finished loading, without starting a load. */
export function loadedRuntime(): PageInterpreter | undefined {
  return pageRuntime.loaded();
}

/** The page interpreter's current status and progress. */
export function runtimeState(): RuntimeState {
  return pageRuntime.state;
}

/** Calls listener now and on every change of the page interpreter's state; returns the unsubscribe function. */
export function onRuntimeState(listener: (state: RuntimeState) => void): () => void {
  return pageRuntime.subscribe(listener);
}

/** Restarts the page's Python (after it stopped); its elements run their code again. */
export function restartRuntime(): Promise<PageInterpreter> {
  return pageRuntime.restart();
}

/**
 * @internal Test seam: forget the interpreter and use `loader` for the next getRuntime(). The old
 * interpreter is not shut down (Pyodide cannot be unloaded); it is only dropped.
 */
export function resetRuntimeForTests(loader: Loader<PageInterpreter> = loadPageInterpreter): void {
  pageRuntime.resetForTests(loader);
}
