// The interpreter files py-elements serves from its own origin, and where they come from.
// Shared by the Vite plugin (dev serving, build copy), verify.mjs and the tests.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);

/** Files a browser needs to start Pyodide; everything else in the npm package is Node-only or docs. */
export const INTERPRETER_FILES = ['pyodide.mjs', 'pyodide.asm.mjs', 'pyodide.asm.wasm', 'python_stdlib.zip', 'pyodide-lock.json'];

export const CONTENT_TYPES = {
  '.mjs': 'text/javascript; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.zip': 'application/zip',
  '.json': 'application/json; charset=utf-8',
  '.whl': 'application/zip',
  '.gz': 'application/gzip',
  '.xz': 'application/x-xz',
};

export function contentType(file) {
  const dot = file.lastIndexOf('.');
  return CONTENT_TYPES[file.slice(dot)] ?? 'application/octet-stream';
}

/** Absolute path of the installed `pyodide` npm package. */
export function pyodideDir() {
  return dirname(require.resolve('pyodide/package.json'));
}

export function interpreterFile(name) {
  return join(pyodideDir(), name);
}

/** The Pyodide version src/runtime/version.ts pins (read from the source: it is the one place it is set). */
export function pinnedVersion() {
  const config = readFileSync(fileURLToPath(new URL('../src/runtime/version.ts', import.meta.url)), 'utf8');
  const match = /PYODIDE_VERSION = '([^']+)'/.exec(config);
  if (!match) throw new Error('src/runtime/version.ts: PYODIDE_VERSION not found');
  return match[1];
}
