// `npm test`'s long part: the browser tests in Chromium, Firefox and WebKit, then the end-to-end
// tests, each part's output as it comes. An engine's run that failed with no test failing (its
// browser crashed or hung) runs once more; a failed test is never run again.
//
// PY_TEST_LANES=2 runs WebKit's tests beside the rest, in ~12 minutes here instead of ~17: one of
// the two cores is idle ~40% of an engine's run. Not the default: under that load WebKitGTK crashed
// once (a segfault in JavaScriptCore) and hung once in four fresh-clone runs (docs/decisions.md).
// Side by side, each part writes to test/.results/<part>.log, printed whole when the part ends.
// At the end: what failed, and the README's support table checked against what the engines showed
// (scripts/support-table.mjs).
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ENGINES, freePort } from './engines.mjs';
import { failures, runEngine, runPart, supportTableHolds } from './suite-runs.mjs';
import { RESULTS_DIR } from '../test/server/results-reporter.mjs';

const E2E = 'end-to-end';
const LANES = process.env.PY_TEST_LANES === '2' ? [['webkit'], ['chromium', 'firefox', E2E]] : [[...ENGINES, E2E]];
const parallel = LANES.length > 1;

rmSync(RESULTS_DIR, { recursive: true, force: true }); // no stale engine's results in the check
mkdirSync(RESULTS_DIR, { recursive: true });
const logOf = (part) => join(RESULTS_DIR, `${part}.log`);
const label = (part) => (part === E2E ? 'End-to-end tests' : `Browser tests in ${part}`);

/** Runs one part; side by side, its output is kept in its log and printed once it has ended. */
async function run(part) {
  const log = parallel ? logOf(part) : undefined;
  if (!parallel) console.log(`\n── ${label(part)} ──`);
  const attempt = async () =>
    part === E2E
      ? runPart(process.execPath, ['scripts/test-e2e.mjs'], { log })
      : runEngine(part, [], { port: await freePort(), log });
  let result = await attempt();
  if (log) {
    console.log(`\n── ${label(part)} (test/.results/${part}.log) ──`);
    process.stdout.write(readFileSync(log, 'utf8'));
  }
  if (!result.ok && part !== E2E && !testFailed(part)) {
    // The run failed with no test failing: the browser itself died or hung (under load, WebKitGTK's
    // web process once segfaulted in JavaScriptCore, and once left a navigation unanswered for 5
    // minutes; the runner then stops). Its tests run once more, and the log says so.
    console.log(`── ${part}: the run failed with no test failing (its browser crashed or hung); running it once more ──`);
    result = await attempt();
    if (log) process.stdout.write(readFileSync(log, 'utf8'));
  }
  console.log(`── ${part}: ${result.ok ? 'passed' : 'FAILED'} in ${result.seconds} s ──`);
  return [part, result];
}

const started = Date.now();
if (parallel) {
  console.log(
    `Running ${LANES.map((lane) => lane.join(' → ')).join(', and beside it, ')}. Each part's output is printed when it ends.`,
  );
}
const results = new Map(
  (
    await Promise.all(
      LANES.map(async (lane) => {
        const done = [];
        for (const part of lane) done.push(await run(part));
        return done;
      }),
    )
  ).flat(),
);
console.log(`\nAll parts ended in ${Math.round((Date.now() - started) / 1000)} s.`);

const failed = [...results].filter(([, result]) => !result.ok).map(([part]) => part);
if (failed.length) {
  console.error(`Failed: ${failed.join(', ')}`);
  for (const part of failed) {
    const lines = part === E2E ? readE2eFailures() : failures(part);
    for (const line of lines) console.error(`  ${part}: ${line}`);
  }
  process.exit(1);
}
if (!supportTableHolds()) process.exit(1);

/** Whether a test failed in an engine's last run (its results: test/server/results-reporter.mjs). */
function testFailed(engine) {
  try {
    const results = JSON.parse(readFileSync(join(RESULTS_DIR, `${engine}.json`), 'utf8'));
    return results.tests.some((test) => test.status === 'failed');
  } catch {
    return false; // no results: the runner stopped before its end
  }
}

/** The end-to-end tests that failed, from node --test's output (its `not ok` lines). */
function readE2eFailures() {
  let text = '';
  try {
    text = readFileSync(logOf(E2E), 'utf8');
  } catch {
    return ['see its output above'];
  }
  const lines = text
    .split('\n')
    .filter((line) => /^\s*not ok /.test(line))
    .map((line) => line.trim());
  return lines.length ? lines : ['see its output above'];
}
