import type { Death, PageServices, Progress } from '../contract.js';
import type { EarlyDownloads } from '../boot/early-downloads.js';
import { startInterpreter } from '../boot/start-interpreter.js';
import type { PyodideAPI } from 'pyodide';
import type { HandOver } from '../boot/start-interpreter.js';
import { makeSnapshotInWorker, saveSnapshot, type SnapshotHandOver } from '../boot/snapshot.js';
import { backgroundSnapshotWanted } from '../boot/snapshot-policy.js';
import { installedStdlibPath } from '../boot/stdlib-parts.js';
import { recordInterpreterHooks } from './interpreter-hooks.js';
import { PageInterpreter } from './page-interpreter.js';

/** How long after start-up the background snapshot begins (the page's own code goes first). */
const SNAPSHOT_DELAY_MS = 3000;

/**
 * The page's own interpreter, on the main thread, configured by `<py-config>`. `early`: the big
 * downloads, asked for by the page's bundle while this code was on its way (early-downloads.ts).
 */
export async function loadPageInterpreter(
  onProgress: (progress: Progress) => void,
  onDied: (death: Death) => void,
  services: PageServices,
  early?: Promise<EarlyDownloads | undefined>,
): Promise<PageInterpreter> {
  // The output code is needed once code runs, not to start: a start that waited for its chunk (two
  // levels deep) began its snapshot lookup up to ~80 ms later on a revisit.
  const sinks = services.sinks();
  sinks.catch(() => {}); // awaited below, after the start
  const config = await services.config();
  const hooks = recordInterpreterHooks(config.indexURL);
  let sinkFor: ((target: unknown) => unknown) | undefined;
  let started: Awaited<ReturnType<typeof startInterpreter>>;
  try {
    // Nothing calls sinkFor before the start resolves: it serves `display(target=)` in code that runs.
    started = await startInterpreter(config, { sinkFor: (target) => sinkFor?.(target) }, onProgress, await early);
    sinkFor = await sinks;
  } catch (error) {
    hooks.release(); // a load that failed half-way must not keep what it started either
    throw error;
  } finally {
    hooks.stopRecording();
  }
  const { pyodide, fromSnapshot, packages, handOver, stdlib, stdlibWhole } = started;
  if (config.snapshot && fromSnapshot !== 'cached' && backgroundSnapshotWanted()) {
    // In the background, once this page's own work has had the CPU: next visits start from a snapshot
    // made by this browser (no download; the prebuilt one lacks Chromium's faster call path). From
    // the whole zip: the worker starts Python the ordinary way.
    setTimeout(() => {
      stdlibWhole
        .then(() => makeSnapshotInWorker(config.indexURL, snapshotHandOver(config.indexURL, pyodide, handOver)))
        .then(
          (bytes) => saveSnapshot(config.indexURL, stdlib, bytes),
          (error: unknown) => {
            console.warn('py-elements: no interpreter snapshot for faster later visits.', error);
          },
        );
    }, SNAPSHOT_DELAY_MS);
  }
  return new PageInterpreter(pyodide, fromSnapshot, packages, onDied, () => hooks.release());
}

/**
 * The files the page's own start already has, for the snapshot worker: the compiled module, the lock
 * file, and the standard library (Pyodide keeps its zip in the file system as /lib/pythonXY.zip).
 */
function snapshotHandOver(indexURL: string, pyodide: PyodideAPI, handOver: HandOver): SnapshotHandOver {
  const files: SnapshotHandOver['files'] = [];
  if (handOver.lock) files.push([`${indexURL}pyodide-lock.json`, handOver.lock]);
  const stdlib = installedStdlibPath(pyodide.FS);
  if (stdlib) files.push([`${indexURL}python_stdlib.zip`, pyodide.FS.readFile(stdlib)]);
  return { module: handOver.module, files };
}
