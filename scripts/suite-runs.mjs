// Running the test suite's parts (one engine's browser tests, the end-to-end tests) as child
// processes, and saying what failed. Used by scripts/test-browsers.mjs and scripts/test-suite.mjs.
import { spawn } from 'node:child_process';
import { createWriteStream, readFileSync } from 'node:fs';
import { constants } from 'node:os';
import { join } from 'node:path';
import { checkSupportTable } from './support-table.mjs';
import { RESULTS_DIR } from '../test/server/results-reporter.mjs';

/**
 * Runs `command` to its end. With `log`, its output goes to that file (several parts running at once
 * would interleave theirs); without, to this process's. Resolves with its exit status and duration.
 */
export function runPart(command, args, { env = {}, log } = {}) {
  const started = Date.now();
  stopPartsWithThisProcess();
  if (stopping) return Promise.resolve({ ok: false, status: 'stopped', seconds: 0 }); // none starts now
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      stdio: log ? ['ignore', 'pipe', 'pipe'] : ['ignore', 'inherit', 'inherit'],
      env: { ...process.env, ...env },
      detached: true, // a process group of its own: see stopPartsWithThisProcess()
    });
    running.add(child);
    child.on('close', () => running.delete(child));
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

/** The parts running now. */
const running = new Set();
let listening = false;
let stopping = false;
/** How long a part may take to stop on SIGINT before it is killed. */
const STOP_GRACE_MS = 15_000;

/**
 * A signal that stops this process (Ctrl+C, a CI step's timeout, `kill PID`) stops its parts too.
 * Before, killing this process alone left them running: `wtr` and its browsers went on testing, for
 * minutes. Each part is a process group of its own (`detached`), so Ctrl+C no longer reaches it
 * from the terminal either: the signal is passed on as SIGINT, which `wtr` obeys (it closes its
 * browsers; it goes on after SIGTERM), and whatever is left after STOP_GRACE_MS is killed.
 */
function stopPartsWithThisProcess() {
  if (listening) return;
  listening = true;
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      console.error(`\n${signal}: stopping the parts still running (${running.size})…`);
      const exit = () => process.exit(128 + constants.signals[signal]);
      const group = (child, sent) => {
        try {
          process.kill(-child.pid, sent);
        } catch {
          // gone already
        }
      };
      for (const child of running) group(child, 'SIGINT');
      setTimeout(() => {
        for (const child of running) group(child, 'SIGKILL');
        exit();
      }, STOP_GRACE_MS).unref();
      const check = setInterval(() => running.size === 0 && (clearInterval(check), exit()), 100);
    });
  }
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
