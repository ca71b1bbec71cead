// Running the test suite's parts (one engine's browser tests, the end-to-end tests) as child
// processes, and saying what failed. Used by scripts/test-browsers.mjs and scripts/test-suite.mjs.
import { spawn } from 'node:child_process';
import { createWriteStream, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkSupportTable } from './support-table.mjs';
import { RESULTS_DIR } from '../test/server/results-reporter.mjs';

/**
 * Runs `command` to its end. With `log`, its output goes to that file (several parts running at once
 * would interleave theirs); without, to this process's. Resolves with its exit status and duration.
 */
export function runPart(command, args, { env = {}, log } = {}) {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      stdio: log ? ['ignore', 'pipe', 'pipe'] : 'inherit',
      env: { ...process.env, ...env },
    });
    if (log) {
      const file = createWriteStream(log);
      child.stdout.pipe(file, { end: false });
      child.stderr.pipe(file, { end: false });
      child.on('close', () => file.end());
    }
    child.on('error', (error) => {
      console.error(`Could not run ${command}: ${error.message}`);
    });
    child.on('close', (code, signal) => {
      resolve({ ok: code === 0, status: code ?? signal, seconds: Math.round((Date.now() - started) / 1000) });
    });
  });
}

/** One engine's browser tests (`npx wtr` with PY_ENGINES=engine), on `port` when given. */
export function runEngine(engine, args = [], { port, log } = {}) {
  return runPart('npx', ['wtr', ...(port ? ['--port', String(port)] : []), ...args], { env: { PY_ENGINES: engine }, log });
}

/**
 * What failed in an engine's run, one line each: its failed tests (`file › suite › title`) and the
 * test files that failed outside a test (`file: error`). Repeated at the very end, where a CI log cut
 * to its tail still shows them.
 */
export function failures(engine) {
  const results = readResults(engine);
  if (!results) return ['no results were written: the test runner stopped before its end (see above)'];
  const tests = results.tests
    .filter((test) => test.status === 'failed')
    .map((test) => [test.file, ...test.suites, test.title].join(' › '));
  const files = (results.files ?? []).map(
    ({ file, errors, logs = [] }) => `${file}: ${errors.join(' | ')}${logs.map((line) => `\n    log: ${line}`).join('')}`,
  );
  const all = [...tests, ...files];
  return all.length ? all : ['every test passed, yet the runner failed (see above)'];
}

/** Whether a test failed in an engine's last run (false where the runner stopped before its end). */
export function testFailed(engine) {
  return !!readResults(engine)?.tests.some((test) => test.status === 'failed');
}

/** An engine's last results (test/server/results-reporter.mjs), or undefined if none were written. */
function readResults(engine) {
  try {
    return JSON.parse(readFileSync(join(RESULTS_DIR, `${engine}.json`), 'utf8'));
  } catch {
    return undefined;
  }
}

/** Checks the README's support table against every engine's results, saying what differs. */
export function supportTableHolds() {
  const problems = checkSupportTable();
  for (const problem of problems) console.error(`✗ ${problem}`);
  if (problems.length) {
    console.error("The README's browser support table is not what the tests showed (scripts/support-table.mjs).");
    return false;
  }
  console.log('README.md: the browser support table matches what the tests showed in every engine.');
  return true;
}

/** Whether process `pid` still runs: what a run that was killed left behind is its to remove. */
export function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}
