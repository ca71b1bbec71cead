// The files of wasm/ made here rather than copied from the pyodide package, by name: the dev server,
// the build and the test server serve them all the same way. Each resolves to its bytes, or to
// undefined where it cannot be made (the snapshot without a Chromium): then it is left out.
import { SNAPSHOT_FILE, snapshotFile } from './snapshot.mjs';
import {
  COMPILED_REST_FILE,
  COMPILED_STARTUP_FILE,
  COMPILED_XZ_REST_FILE,
  COMPILED_XZ_STARTUP_FILE,
  compiledRestPart,
  compiledStartupPart,
  compiledXzRestPart,
  compiledXzStartupPart,
} from './stdlib.mjs';

/** @type {Record<string, () => Promise<Buffer | undefined>>} */
export const MADE_FILES = {
  [COMPILED_STARTUP_FILE]: compiledStartupPart,
  [COMPILED_REST_FILE]: compiledRestPart,
  [COMPILED_XZ_STARTUP_FILE]: compiledXzStartupPart,
  [COMPILED_XZ_REST_FILE]: compiledXzRestPart,
  [SNAPSHOT_FILE]: () => snapshotFile(),
};
