// `npm test`'s long part: the browser tests in Chromium, Firefox and WebKit, one engine after
// another, and beside them the end-to-end tests. An engine's run that failed with no test failing
// (its browser crashed or hung) runs once more; a failed test is never run again.
//
// The end-to-end tests run beside the engines because one of the two cores is idle ~40% of an
// engine's run: the parts took 914-985 s here instead of ~1016 in turn, and the end-to-end tests end
// before WebKit starts, which then runs alone (WebKitGTK crashed and hung when it ran beside another
// engine: docs/decisions.md). The engines' output is printed as it comes; the end-to-end tests' goes
// to test/.results/end-to-end.log, printed whole after the engines'.
// PY_TEST_LANES=1 runs every part in turn. At the end: what failed, and the README's support table
// checked against what the engines showed (scripts/support-table.mjs).
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ENGINES, freePort } from './engines.mjs';
import { failures, runEngine, runPart, supportTableHolds, testFailed } from './suite-runs.mjs';
import { RESULTS_DIR } from '../test/server/results-reporter.mjs';

const E2E = 'end-to-end';
const LANES = process.env.PY_TEST_LANES === '1' ? [[...ENGINES, E2E]] : [[...ENGINES], [E2E]];
const BESIDE = LANES.slice(1).flat(); // the parts whose output is kept in a log

rmSync(RESULTS_DIR, { recursive: true, force: true }); // no stale engine's results in the check
mkdirSync(RESULTS_DIR, { recursive: true });
const logOf = (part) => join(RESULTS_DIR, `${part}.log`);
const label = (part) => (part === E2E ? 'End-to-end tests' : `Browser tests in ${part}`);

/**
 * Runs one part. Beside the first lane, its output goes to its log, printed once every part has
 * ended (printed at once it would cut into the engine's progress lines).
 */
async function run(part) {
  const log = BESIDE.includes(part) ? logOf(part) : undefined;
  if (!log) console.log(`\n── ${label(part)} ──`);
  const attempt = async () =>
    part === E2E
      ? runPart(process.execPath, ['scripts/test-e2e.mjs'], { log })
      : runEngine(part, [], { port: await freePort(), log });
  let result = await attempt();
  if (!result.ok && part !== E2E && !testFailed(part)) {
    // The run failed with no test failing: the browser itself died or hung (under load, WebKitGTK's
    // web process once segfaulted in JavaScriptCore, and once left a navigation unanswered for 5
    // minutes; the runner then stops). Its tests run once more, and the log says so.
    console.log(`── ${part}: the run failed with no test failing (its browser crashed or hung); running it once more ──`);
    result = await attempt();
  }
  console.log(
    `── ${part}: ${result.ok ? 'passed' : 'FAILED'} in ${result.seconds} s${log ? ' (its output: after the rest)' : ''} ──`,
  );
  return [part, result];
}

const started = Date.now();
if (BESIDE.length) {
  console.log(
    `Running ${LANES.map((lane) => lane.join(' → ')).join(', and beside it, ')}; ${BESIDE.join(', ')}'s output is printed after the rest.`,
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
for (const part of BESIDE) {
  console.log(`\n── ${label(part)} (test/.results/${part}.log) ──`);
  process.stdout.write(readFileSync(logOf(part), 'utf8'));
}
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
