import checksums from '../../../wasm/checksums.json';
import { PYODIDE_VERSION } from '../version.js';

/**
 * A memory snapshot of the interpreter taken right after Python initialised, kept in the origin's
 * Cache Storage per Pyodide build. Python's own start-up is most of a warm page load (~1.6 s of
 * ~1.8 s here); starting from the snapshot takes ~0.3 s. It is ~31 MB.
 *
 * It is made in a Web Worker after the page's own interpreter is up: an interpreter started in
 * snapshot-making mode cannot reach the page (its `js` module is a stand-in), so the page's own one
 * could not be it, and making a second one on the main thread would freeze the page for a second or
 * more. Nothing of ours runs in the worker, so the snapshot holds no page state.
 *
 * Cache Storage exists only in secure contexts (https, localhost); elsewhere this does nothing. Any
 * failure to read or write it is ignored: the snapshot is an optimisation, never a requirement.
 */
const CACHE_NAME = 'py-elements';

function key(): string {
  const build = checksums.files['pyodide.asm.wasm'].sha256.slice(0, 16);
  return new URL(`/.py-elements/interpreter-snapshot-${PYODIDE_VERSION}-${build}.bin`, location.origin).href;
}

export async function readSnapshot(): Promise<Uint8Array | undefined> {
  try {
    const response = await (await caches.open(CACHE_NAME)).match(key());
    return response ? new Uint8Array(await response.arrayBuffer()) : undefined;
  } catch {
    return undefined; // no Cache Storage here (insecure context, storage blocked)
  }
}

export async function saveSnapshot(bytes: Uint8Array): Promise<void> {
  try {
    await (await caches.open(CACHE_NAME)).put(key(), new Response(bytes as BufferSource));
  } catch {
    // quota, private mode: start-up stays as it was
  }
}

export async function forgetSnapshot(): Promise<void> {
  try {
    await (await caches.open(CACHE_NAME)).delete(key());
  } catch {
    // as above
  }
}

/** Starts a throwaway interpreter in a worker and resolves with its memory snapshot. */
export function makeSnapshotInWorker(indexURL: string, timeout = 120_000): Promise<Uint8Array> {
  const source = `
    const { loadPyodide } = await import(${JSON.stringify(`${indexURL}pyodide.mjs`)});
    const pyodide = await loadPyodide({ indexURL: ${JSON.stringify(indexURL)}, _makeSnapshot: true });
    const bytes = pyodide.makeMemorySnapshot();
    postMessage(bytes, [bytes.buffer]);
  `;
  const url = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
  const worker = new Worker(url, { type: 'module', name: 'py-elements snapshot' });
  return new Promise<Uint8Array>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the snapshot worker timed out')), timeout);
    worker.onmessage = (event: MessageEvent<Uint8Array>) => resolve(event.data);
    worker.onerror = (event) => reject(new Error(`the snapshot worker failed: ${event.message}`));
    worker.addEventListener('message', () => clearTimeout(timer));
  }).finally(() => {
    worker.terminate();
    URL.revokeObjectURL(url);
  });
}
