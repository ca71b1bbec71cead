import { hashText } from '../../internal/hash-text.js';

/** Where the package's folder goes in the interpreter's file system (wasm/snapshot.mjs: the same). */
export const PACKAGE_FOLDER = '/lib/py-elements';

/**
 * Imports the package for a snapshot, written into PACKAGE_FOLDER, and records its sources' stamp:
 * a start from that snapshot keeps these modules while its sources are the same (start-interpreter.ts).
 * Imported, not installed: `_install` takes the page's hooks, JavaScript objects no snapshot holds.
 * wasm/snapshot.mjs runs the same lines in the build.
 */
export const IMPORT_FOR_SNAPSHOT = `import sys
sys.path.insert(0, '${PACKAGE_FOLDER}')
import pyelements
pyelements._built_from = pyelements._sources_stamp()`;

/** The Python package's files (src/runtime/python/pyelements/), bundled as text: file name → source. */
export const PYTHON_PACKAGE: Record<string, string> = Object.fromEntries(
  Object.entries(import.meta.glob<string>('../python/pyelements/*.py', { query: '?raw', import: 'default', eager: true })).map(
    ([path, source]) => [path.slice(path.lastIndexOf('/') + 1), source],
  ),
);

/**
 * Tells one version of those files from another. The compiled standard library carries their
 * bytecode (wasm/stdlib.mjs), so a snapshot made with one version's zip is not restored with
 * another's (snapshot.ts), even where py-elements' version number is the same (a developer's edits).
 */
export const PYTHON_PACKAGE_HASH = hashText(
  Object.entries(PYTHON_PACKAGE)
    .map(([name, source]) => `${name}\0${source}`)
    .join('\0'),
);
