import { createSinkFor } from '../internal/dom-output.js';
import { readPageConfig } from './config.js';
import { type Progress, startInterpreter } from './interpreter.js';
import { PythonRuntime } from './python-runtime.js';
import { makeSnapshotInWorker, saveSnapshot } from './snapshot.js';

export type { Progress } from './interpreter.js';

/** Starts an interpreter and reports download progress; the runtime hub calls it once per (re)start. */
export type Loader<R> = (onProgress: (progress: Progress) => void) => Promise<R>;

/** How long after start-up the background snapshot begins (the page's own code goes first). */
const SNAPSHOT_DELAY_MS = 3000;

/** The page's own interpreter, on the main thread, configured by `<py-config>`. */
export const loadRuntime: Loader<PythonRuntime> = async (onProgress) => {
  const config = await readPageConfig();
  const { pyodide, fromSnapshot } = await startInterpreter(config, { sinkFor: createSinkFor }, onProgress);
  if (config.snapshot && fromSnapshot !== 'cached') {
    // In the background, once this page's own work has had the CPU: next visits start from a snapshot
    // made by this browser (no download; the prebuilt one lacks Chromium's faster call path).
    setTimeout(() => {
      makeSnapshotInWorker(config.indexURL).then(saveSnapshot, (error: unknown) => {
        console.warn('py-elements: no interpreter snapshot for faster later visits.', error);
      });
    }, SNAPSHOT_DELAY_MS);
  }
  return new PythonRuntime(pyodide, fromSnapshot);
};
