import { version as packageVersion } from '../../package.json';

/**
 * The one place the Pyodide version is pinned. `wasm/verify.mjs` checks that package.json, the installed
 * package and wasm/checksums.json agree with it: the loader and the wasm files must match exactly or
 * Pyodide refuses to start.
 */
export const PYODIDE_VERSION = '314.0.7';

/**
 * Pyodide's public distribution of exactly this version: the packages of the interpreter's lock file
 * that a site does not host itself come from here (boot/packages.ts), each checked against the lock
 * file's sha256. `<py-config> packages-cdn = false` turns it off.
 */
export const PYODIDE_DISTRIBUTION = `https://cdn.jsdelivr.net/pyodide/v${PYODIDE_VERSION}/full/`;

/** py-elements' own version (package.json's); also `pyelements.__version__` in Python. */
export const version: string = packageVersion;
