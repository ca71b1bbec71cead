#!/usr/bin/env node
// Checks that the installed `pyodide` package is the pinned version and that its interpreter files are
// byte-for-byte the ones recorded in checksums.json. A mismatch would make Pyodide refuse to start in the
// browser ("Pyodide version does not match"), or serve files nobody reviewed; fail the build instead.
// `node wasm/verify.mjs --write` records the checksums after a deliberate version bump.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { INTERPRETER_FILES, interpreterFile, pinnedVersion, pyodideDir } from './files.mjs';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));
const checksumsPath = here('./checksums.json');

function measure() {
  const files = {};
  for (const name of INTERPRETER_FILES) {
    const bytes = readFileSync(interpreterFile(name));
    files[name] = { size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };
  }
  return files;
}

const pinned = pinnedVersion();
const installed = JSON.parse(readFileSync(`${pyodideDir()}/package.json`, 'utf8')).version;
const problems = [];
if (installed !== pinned) {
  problems.push(`node_modules/pyodide is ${installed}, but src/runtime/config.ts pins ${pinned}. Run \`npm ci\`.`);
}
const files = measure();

if (process.argv.includes('--write')) {
  if (problems.length) throw new Error(problems.join('\n'));
  writeFileSync(checksumsPath, JSON.stringify({ version: pinned, files }, null, 2) + '\n');
  console.log(`wasm/checksums.json written for Pyodide ${pinned}`);
} else {
  const recorded = JSON.parse(readFileSync(checksumsPath, 'utf8'));
  if (recorded.version !== pinned) {
    problems.push(`wasm/checksums.json is for ${recorded.version}, config pins ${pinned}: run \`node wasm/verify.mjs --write\`.`);
  }
  for (const name of INTERPRETER_FILES) {
    const want = recorded.files[name];
    const got = files[name];
    if (!want) problems.push(`${name}: not listed in wasm/checksums.json`);
    else if (want.sha256 !== got.sha256) problems.push(`${name}: sha256 ${got.sha256} differs from the recorded ${want.sha256}`);
  }
  if (problems.length) {
    console.error(`wasm/verify: the interpreter files are not the pinned ones:\n  ${problems.join('\n  ')}`);
    process.exit(1);
  }
  console.log(`wasm/verify: Pyodide ${pinned}, ${INTERPRETER_FILES.length} files match wasm/checksums.json`);
}
