import checksums from '../../../wasm/checksums.json';
import { hashText } from '../../internal/hash-text.js';
import { trustedScriptURL } from '../../internal/trusted-types.js';
import { PYODIDE_VERSION, version } from '../version.js';

/**
 * A memory snapshot of the interpreter taken right after Python initialised, kept in the origin's
 * Cache Storage (see key() for what an entry is for). Python's own start-up is most of a warm page
 * load (~1.6 s of ~1.8 s here); starting from the snapshot takes ~0.3 s. It is ~31 MB.
 *
 * It is made in a Web Worker after the page's own interpreter is up: an interpreter started in
 * snapshot-making mode cannot reach the page (its `js` module is a stand-in), so the page's own one
 * could not be it, and making a second one on the main thread would freeze the page for a second or
 * more. Nothing of ours runs in the worker, so the snapshot holds no page state.
 *
 * Cache Storage exists only in secure contexts (https, localhost); elsewhere this does nothing. Any
 * failure to read or write it is ignored: the snapshot is an optimisation, never a requirement.
 * The stored hash catches damage, not an attacker: script on the same origin can write any entry
 * (docs/security.md).
 */
const CACHE_NAME = 'py-elements';
const KEY_PATH = '/.py-elements/interpreter-snapshot-';
/** The header an entry carries its own SHA-256 in: a damaged entry (flipped bytes) is not used. */
const HASH_HEADER = 'X-Py-Elements-Sha256';

/**
 * An entry is for one interpreter build, one py-elements version, one browser build (the user agent:
 * a snapshot holds the engine's view of wasm) and one interpreter folder (the files it was made
 * from). The part before the last two is the generation: entries of other generations are deleted.
 */
function generation(): string {
  const wasm = checksums.files['pyodide.asm.wasm'].sha256.slice(0, 16);
  const stdlib = checksums.files['python_stdlib.zip'].sha256.slice(0, 8);
  return `${KEY_PATH}${PYODIDE_VERSION}-${wasm}-${stdlib}-pe${version}-`;
}

function key(indexURL: string): string {
  return new URL(`${generation()}${hashText(navigator.userAgent)}-${hashText(indexURL)}.bin`, location.origin).href;
}

export async function readSnapshot(indexURL: string): Promise<Uint8Array | undefined> {
  try {
    const cache = await caches.open(CACHE_NAME);
    const response = await cache.match(key(indexURL));
    if (!response) return undefined;
    const bytes = new Uint8Array(await response.arrayBuffer());
    if (response.headers.get(HASH_HEADER) === (await sha256(bytes))) return bytes;
    await cache.delete(key(indexURL)); // damaged (or written by something else): made again later
    return undefined;
  } catch {
    return undefined; // no Cache Storage here (insecure context, storage blocked)
  }
}

export async function saveSnapshot(indexURL: string, bytes: Uint8Array): Promise<void> {
  try {
    const cache = await caches.open(CACHE_NAME);
    const headers = { [HASH_HEADER]: await sha256(bytes) };
    await cache.put(key(indexURL), new Response(bytes as BufferSource, { headers }));
    // Older versions' entries (~30 MB each) would otherwise stay for good after every upgrade.
    const current = new URL(generation(), location.origin).href;
    for (const request of await cache.keys()) {
      if (new URL(request.url).pathname.startsWith(KEY_PATH) && !request.url.startsWith(current)) await cache.delete(request);
    }
  } catch {
    // quota, private mode: start-up stays as it was
  }
}

export async function forgetSnapshot(indexURL: string): Promise<void> {
  try {
    await (await caches.open(CACHE_NAME)).delete(key(indexURL));
  } catch {
    // as above
  }
}

async function sha256(bytes: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as BufferSource));
  return Array.from(digest, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/**
 * Starts a throwaway interpreter in a worker and resolves with its memory snapshot. Async, so a
 * worker the page may not start (a CSP without `worker-src blob:`) is a rejection, not a throw.
 */
export async function makeSnapshotInWorker(indexURL: string, timeout = 120_000): Promise<Uint8Array> {
  const source = `
    const { loadPyodide } = await import(${JSON.stringify(`${indexURL}pyodide.mjs`)});
    const pyodide = await loadPyodide({ indexURL: ${JSON.stringify(indexURL)}, _makeSnapshot: true });
    const bytes = pyodide.makeMemorySnapshot();
    postMessage(bytes, [bytes.buffer]);
  `;
  const url = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
  const worker = new Worker(trustedScriptURL(url), { type: 'module', name: 'py-elements snapshot' });
  return await new Promise<Uint8Array>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the snapshot worker timed out')), timeout);
    worker.onmessage = (event: MessageEvent<Uint8Array>) => resolve(event.data);
    worker.onerror = (event) => reject(new Error(`the snapshot worker failed: ${event.message}`));
    worker.addEventListener('message', () => clearTimeout(timer));
  }).finally(() => {
    worker.terminate();
    URL.revokeObjectURL(url);
  });
}
