import { version as packageVersion } from '../../package.json';

/**
 * The one place the Pyodide version is pinned. `wasm/verify.mjs` checks that package.json, the installed
 * package and wasm/checksums.json agree with it: the loader and the wasm files must match exactly or
 * Pyodide refuses to start.
 */
export const PYODIDE_VERSION = '314.0.7';

/** py-elements' own version (package.json's); also `pyelements.__version__` in Python. */
export const version: string = packageVersion;
