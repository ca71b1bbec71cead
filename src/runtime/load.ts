import type { PyodideAPI, loadPyodide as LoadPyodide } from 'pyodide';
import checksums from '../../wasm/checksums.json';
import { createSinkFor } from '../internal/dom-output.js';
import { fetchOrExplain, statusLine } from '../internal/fetch-source.js';
import { PYODIDE_VERSION, type PageConfig, closest, readPageConfig } from './config.js';
import { watchFetches } from './fetch-watch.js';
import { PythonRuntime } from './python-runtime.js';
import { forgetSnapshot, makeSnapshotInWorker, readSnapshot, saveSnapshot } from './snapshot.js';
import eventsSource from './python/pyelements/events.py?raw';
import netSource from './python/pyelements/net.py?raw';
import pyelementsSource from './python/pyelements/__init__.py?raw';
import { errorMessage } from '../internal/error-message.js';

export interface Progress {
  /** Bytes of the interpreter's files received so far. */
  loaded: number;
  /** Bytes in all: the sizes recorded for the pinned version in wasm/checksums.json. */
  total: number;
}

export type Loader = (onProgress: (progress: Progress) => void) => Promise<PythonRuntime>;

/** How long after start-up the background snapshot begins (the page's own code goes first). */
const SNAPSHOT_DELAY_MS = 3000;

const TOTAL_BYTES = Object.values(checksums.files).reduce((sum, file) => sum + file.size, 0);
const sizeOf = (name: keyof typeof checksums.files) => checksums.files[name].size;

/**
 * Downloads and starts Pyodide from the page's index URL, then installs the `pyelements` module.
 * The only module that touches Pyodide's code, and only through a run-time import(): pages that never
 * need Python never download it.
 */
export const loadRuntime: Loader = async (onProgress) => {
  const config = await readPageConfig();
  const { indexURL } = config;
  let loaded = 0;
  const received = (bytes: number) => {
    loaded += bytes;
    onProgress({ loaded: Math.min(loaded, TOTAL_BYTES), total: TOTAL_BYTES });
  };
  onProgress({ loaded: 0, total: TOTAL_BYTES });

  const watch = watchFetches(indexURL, received);
  const snapshot = config.snapshot ? readSnapshot() : Promise.resolve(undefined);
  let usedSnapshot = false;
  try {
    const start = async () => {
      // Both modules in parallel; Pyodide would otherwise fetch pyodide.asm.mjs only after its own start.
      const [loader, asm] = await bothOrFirstError(
        importModule<{ loadPyodide: typeof LoadPyodide; version: string }>(`${indexURL}pyodide.mjs`),
        importModule<{ default: NonNullable<Parameters<typeof LoadPyodide>[0]>['createPyodideModule'] }>(
          `${indexURL}pyodide.asm.mjs`,
        ),
      );
      received(sizeOf('pyodide.mjs') + sizeOf('pyodide.asm.mjs'));
      if (loader.version !== PYODIDE_VERSION) {
        throw new Error(
          `${indexURL}pyodide.mjs is Pyodide ${loader.version}, but py-elements needs ${PYODIDE_VERSION}. ` +
            'Serve the wasm/ folder that came with this build of py-elements.',
        );
      }
      const options = {
        indexURL,
        createPyodideModule: asm.default,
        // Unset, Pyodide takes the lock file's folder: the self-hosted wasm/ unless a lock-file is given.
        ...(config.lockFileURL ? { lockFileURL: config.lockFileURL } : {}),
        ...(config.packagesURL ? { packageBaseUrl: config.packagesURL } : {}),
        stdout: (line: string) => console.log(line),
        stderr: (line: string) => console.error(line),
      };
      const saved = await snapshot;
      if (saved) {
        try {
          const restored = await loader.loadPyodide({ ...options, _loadSnapshot: saved });
          usedSnapshot = true;
          return restored;
        } catch (error) {
          // A snapshot this build cannot use: drop it and start the ordinary way.
          console.warn('py-elements: the cached interpreter snapshot could not be used; starting afresh.', error);
          await forgetSnapshot();
        }
      }
      return loader.loadPyodide(options);
    };
    const pyodide = await Promise.race([start(), watch.failed]);
    if (config.snapshot && !usedSnapshot) {
      // In the background, once this page's own work has had the CPU: next visits start ~1.3 s sooner.
      setTimeout(() => {
        makeSnapshotInWorker(indexURL).then(saveSnapshot, (error: unknown) => {
          console.warn('py-elements: no interpreter snapshot for faster later visits.', error);
        });
      }, SNAPSHOT_DELAY_MS);
    }
    installPythonModule(pyodide);
    await installPackages(pyodide, config.packages);
    await installFiles(pyodide, config.files);
    onProgress({ loaded: TOTAL_BYTES, total: TOTAL_BYTES });
    return new PythonRuntime(pyodide, usedSnapshot);
  } finally {
    watch.stop();
  }
};

/** Like Promise.all for two, but when both fail it reports the first one's error, whichever failed first. */
async function bothOrFirstError<A, B>(a: Promise<A>, b: Promise<B>): Promise<[A, B]> {
  const [first, second] = await Promise.allSettled([a, b]);
  if (first.status === 'rejected') throw first.reason;
  if (second.status === 'rejected') throw second.reason;
  return [first.value, second.value];
}

async function importModule<T>(url: string): Promise<T> {
  try {
    return (await import(/* @vite-ignore */ url)) as T;
  } catch (error) {
    throw new Error(`Could not load the Python interpreter from ${url}: ${await diagnose(url, error)}`);
  }
}

/** A failed import() says little ("Failed to fetch dynamically imported module"); ask the server why. */
async function diagnose(url: string, error: unknown): Promise<string> {
  try {
    const response = await fetch(url, { method: 'HEAD' });
    if (!response.ok) {
      return `the server answered ${statusLine(response)}. Is the wasm/ folder deployed next to py-elements.js, or does data-index-url point at it?`;
    }
  } catch {
    return 'the server could not be reached.';
  }
  return errorMessage(error);
}

/**
 * Installs `<py-config>` packages: names are checked against the lock file first (so a typo gets the
 * closest real name, not a silent skip), then loaded with their dependencies; wheel URLs as they are.
 */
async function installPackages(pyodide: PyodideAPI, packages: PageConfig['packages']): Promise<void> {
  if (packages.length === 0) return;
  const known = Object.keys(pyodide.lockfile.packages);
  const normalise = (name: string) => name.toLowerCase().replace(/[-_.]+/g, '-');
  for (const name of packages) {
    if (name.endsWith('.whl')) continue;
    const requested = normalise(name);
    if (!known.some((candidate) => normalise(candidate) === requested)) {
      const hint = closest(name, known);
      throw new Error(
        `<py-config> packages: there is no package "${name}" in the lock file${hint ? `; did you mean "${hint}"?` : '.'}`,
      );
    }
  }
  const errors: string[] = [];
  try {
    await pyodide.loadPackage(packages, { messageCallback: () => {}, errorCallback: (message) => errors.push(message) });
  } catch (error) {
    errors.push(errorMessage(error));
  }
  if (errors.length) throw new Error(`<py-config> packages could not be installed: ${errors.join('; ')}`);
}

/** Copies `<py-config>` files into the interpreter's file system (relative paths under /home/pyodide). */
async function installFiles(pyodide: PyodideAPI, files: PageConfig['files']): Promise<void> {
  await Promise.all(
    Object.entries(files).map(async ([url, path]) => {
      const response = await fetchOrExplain(url, '<py-config> files');
      const target = path.startsWith('/') ? path : `/home/pyodide/${path}`;
      pyodide.FS.mkdirTree(target.slice(0, target.lastIndexOf('/')) || '/');
      pyodide.FS.writeFile(target, new Uint8Array(await response.arrayBuffer()));
    }),
  );
}

function installPythonModule(pyodide: PyodideAPI): void {
  const dir = '/lib/py-elements';
  pyodide.FS.mkdirTree(`${dir}/pyelements`);
  pyodide.FS.writeFile(`${dir}/pyelements/__init__.py`, pyelementsSource);
  pyodide.FS.writeFile(`${dir}/pyelements/events.py`, eventsSource);
  pyodide.FS.writeFile(`${dir}/pyelements/net.py`, netSource);
  pyodide.runPython(`import sys; sys.path.insert(0, ${JSON.stringify(dir)})`);
  const install = pyodide.pyimport('pyelements')._install as (hooks: object) => void;
  install({ sinkFor: createSinkFor });
}
