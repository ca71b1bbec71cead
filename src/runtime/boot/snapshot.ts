import checksums from '../../../wasm/checksums.json';
import { hashText } from '../../internal/hash-text.js';
import { trustedScriptURL } from '../../internal/trusted-types.js';
import { PYODIDE_VERSION, version } from '../version.js';
import { IMPORT_FOR_SNAPSHOT, PACKAGE_FOLDER, PYTHON_PACKAGE, PYTHON_PACKAGE_HASH } from './python-package.js';
import { STDLIB_FILES, type StdlibKind } from './stdlib.js';
import { pack, readPacked } from './packed-snapshot.js';
import { memoryPartAt } from './sparse-restore.js';

/**
 * A memory snapshot of the interpreter taken right after Python initialised, kept in the origin's
 * Cache Storage (see key() for what an entry is for). Python's own start-up is most of a warm page
 * load (~1.6 s of ~1.8 s here); starting from the snapshot takes ~0.3 s. It is ~31 MB, kept as its
 * non-zero pages (~12 MB, packed-snapshot.ts).
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
/** Its length: known before the bytes are read, it lets the interpreter start meanwhile. */
const LENGTH_HEADER = 'X-Py-Elements-Length';

/** The entry's layout (packed-snapshot.ts): an entry of another layout is never read, and is deleted. */
const ENTRY_FORMAT = 'pes2';

/**
 * An entry is for one layout, one interpreter build, one py-elements version and Python package (whose bytecode
 * the compiled zip carries), one browser build (the user agent:
 * a snapshot holds the engine's view of wasm), one interpreter folder (the files it was made from)
 * and one standard library zip (Python keeps the zip's directory in memory: restored with another
 * zip, its next import would read the wrong bytes). The part before the last three is the
 * generation: entries of other generations are deleted.
 */
function generation(): string {
  const wasm = checksums.files['pyodide.asm.wasm'].sha256.slice(0, 16);
  const stdlib = checksums.files['python_stdlib.zip'].sha256.slice(0, 8);
  return `${KEY_PATH}${ENTRY_FORMAT}-${PYODIDE_VERSION}-${wasm}-${stdlib}-pe${version}-py${PYTHON_PACKAGE_HASH}-`;
}

function key(indexURL: string, stdlib: StdlibKind): string {
  return new URL(`${generation()}${hashText(navigator.userAgent)}-${hashText(indexURL)}-${stdlib}.bin`, location.origin).href;
}

/**
 * A snapshot found: its bytes on their way, and their length where it is known before they arrive.
 * This browser's own comes packed (packed-snapshot.ts), always with its length: only restoreSparsely
 * reads it; the prebuilt one comes as Pyodide made it.
 */
export interface FoundSnapshot {
  bytes: Promise<Uint8Array>;
  length?: number;
}

/**
 * This browser's snapshot for `indexURL`, if it has one, and the standard library it was made with.
 * Found at once; its bytes come as a promise (read and checked against their hash), so the
 * interpreter's download, compile and instantiation need not wait for them. A damaged entry (or one
 * written by something else) is deleted and its promise rejects.
 */
export async function findSnapshot(indexURL: string): Promise<(FoundSnapshot & { stdlib: StdlibKind }) | undefined> {
  let cache: Cache;
  let found: [StdlibKind, Response | undefined][];
  try {
    cache = await caches.open(CACHE_NAME);
    const kinds = Object.keys(STDLIB_FILES) as StdlibKind[];
    found = await Promise.all(
      kinds.map(async (kind): Promise<[StdlibKind, Response | undefined]> => [kind, await cache.match(key(indexURL, kind))]),
    );
  } catch {
    return undefined; // no Cache Storage here (insecure context, storage blocked)
  }
  const [stdlib, entry] = found.find(([, response]) => response) ?? [];
  if (!stdlib || !entry) return undefined;
  const length = Number(entry.headers.get(LENGTH_HEADER));
  if (!Number.isSafeInteger(length) || length <= 0) return undefined; // every entry this build writes has it
  const checked = async () => {
    const stored = new Uint8Array(await entry.arrayBuffer());
    // Packed, and of the length it said (restoreSparsely reads it again, in the memory's place).
    const fine = (): boolean => readPacked(stored)?.length === length;
    if (entry.headers.get(HASH_HEADER) === (await sha256(stored)) && attempt(fine)) return stored;
    await cache.delete(key(indexURL, stdlib)).catch(() => {});
    throw new Error('the cached interpreter snapshot is damaged');
  };
  const bytes = checked();
  bytes.catch(() => {}); // awaited later, by the interpreter's start: not an unhandled rejection meanwhile
  return { bytes, stdlib, length };
}

/** `check()`, false where it throws. */
function attempt(check: () => boolean): boolean {
  try {
    return check();
  } catch {
    return false;
  }
}

export async function saveSnapshot(indexURL: string, stdlib: StdlibKind, bytes: Uint8Array): Promise<void> {
  try {
    const cache = await caches.open(CACHE_NAME);
    const packed = pack(bytes, memoryPartAt(bytes));
    const headers = { [HASH_HEADER]: await sha256(packed), [LENGTH_HEADER]: String(bytes.length) };
    await cache.put(key(indexURL, stdlib), new Response(packed as BufferSource, { headers }));
    // Older versions' entries (~30 MB each) would otherwise stay for good after every upgrade.
    const current = new URL(generation(), location.origin).href;
    for (const request of await cache.keys()) {
      if (new URL(request.url).pathname.startsWith(KEY_PATH) && !request.url.startsWith(current)) await cache.delete(request);
    }
  } catch {
    // quota, private mode: start-up stays as it was
  }
}

export async function forgetSnapshot(indexURL: string, stdlib: StdlibKind): Promise<void> {
  try {
    await (await caches.open(CACHE_NAME)).delete(key(indexURL, stdlib));
  } catch {
    // as above
  }
}

async function sha256(bytes: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as BufferSource));
  return Array.from(digest, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/**
 * What the page hands the snapshot worker so it downloads and compiles nothing again (on a host that
 * forbids caching it would download the ~5 MB again): the compiled module, and the bytes of files by URL.
 * The bytes are moved to the worker, not copied: the page's arrays are left empty.
 */
export interface SnapshotHandOver {
  module?: WebAssembly.Module;
  files: [url: string, body: string | Uint8Array][];
}

/** The worker's message: the hand-over, and our package's sources, imported before the snapshot. */
interface SnapshotOrder extends SnapshotHandOver {
  pythonPackage: [name: string, source: string][];
}

/**
 * Starts a throwaway interpreter in a worker and resolves with its memory snapshot. Async, so a
 * worker the page may not start (a CSP without `worker-src blob:`) is a rejection, not a throw.
 * The worker answers its own requests for the files handed over from them, and instantiates the
 * handed module instead of compiling the wasm again.
 */
export async function makeSnapshotInWorker(
  indexURL: string,
  handOver: SnapshotHandOver = { files: [] },
  timeout = 120_000,
): Promise<Uint8Array> {
  const source = `
    const { module, files, pythonPackage } = await new Promise((resolve) => { onmessage = (event) => resolve(event.data); });
    const handed = new Map(files);
    const wasmURL = ${JSON.stringify(`${indexURL}pyodide.asm.wasm`)};
    if (module) {
      handed.set(wasmURL, new Uint8Array(0));
      WebAssembly.instantiateStreaming = async (source, imports) => ({ module, instance: await WebAssembly.instantiate(module, imports) });
    }
    const download = fetch;
    globalThis.fetch = (input, init) => {
      const url = new URL(input instanceof Request ? input.url : String(input), location.href).href;
      const body = handed.get(url);
      if (body === undefined) return download(input, init);
      const type = url === wasmURL ? 'application/wasm' : 'application/octet-stream';
      return Promise.resolve(new Response(body, { headers: { 'Content-Type': type } }));
    };
    const { loadPyodide } = await import(${JSON.stringify(`${indexURL}pyodide.mjs`)});
    const pyodide = await loadPyodide({ indexURL: ${JSON.stringify(indexURL)}, _makeSnapshot: true });
    // Our package imported: a start from this snapshot spares importing it (~50-90 ms).
    pyodide.FS.mkdirTree(${JSON.stringify(`${PACKAGE_FOLDER}/pyelements`)});
    for (const [name, source] of pythonPackage) pyodide.FS.writeFile(${JSON.stringify(`${PACKAGE_FOLDER}/pyelements/`)} + name, source);
    pyodide.runPython(${JSON.stringify(IMPORT_FOR_SNAPSHOT)});
    const bytes = pyodide.makeMemorySnapshot();
    postMessage(bytes, [bytes.buffer]);
  `;
  const url = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
  const worker = new Worker(trustedScriptURL(url), { type: 'module', name: 'py-elements snapshot' });
  // Moved: a copy would stay in the page (~3 MB, the zip) for as long as the worker runs.
  const moved = handOver.files.flatMap(([, body]) => (typeof body === 'string' ? [] : [body.buffer]));
  worker.postMessage({ ...handOver, pythonPackage: Object.entries(PYTHON_PACKAGE) } satisfies SnapshotOrder, moved);
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
