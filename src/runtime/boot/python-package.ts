import { hashText } from '../../internal/hash-text.js';

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
