// `npm test`'s long part: the browser tests in Chromium, Firefox and WebKit and the end-to-end tests,
// in two lanes that run at once: WebKit's tests, and beside them Chromium's, Firefox's and the
// end-to-end tests in turn. One after another they took ~17 minutes here (one of the two cores idle
// ~40% of the time: browsers, servers and timers waited on); this way ~12. WebKit has a lane of its
// own: it alone slowed beside another engine (310 → ~550 s), the others did not. The tests are
// written for a loaded machine (web-test-runner.config.mjs's budgets; docs/decisions.md).
// PY_TEST_LANES=1 runs the parts one after another, their output as it comes.
//
// Side by side, each part writes to test/.results/<part>.log, printed whole when the part ends (a CI
// log then reads one part at a time). At the end: what failed, and the README's support table
// checked against what the engines showed (scripts/support-table.mjs).
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ENGINES, freePort } from './engines.mjs';
import { failures, runEngine, runPart, supportTableHolds } from './suite-runs.mjs';
import { RESULTS_DIR } from '../test/server/results-reporter.mjs';

const E2E = 'end-to-end';
const LANES = process.env.PY_TEST_LANES === '1' ? [[...ENGINES, E2E]] : [['webkit'], ['chromium', 'firefox', E2E]];
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
  if (!result.ok && log && crashed(readFileSync(log, 'utf8'))) {
    // The browser itself died (WebKitGTK's web process once segfaulted in JavaScriptCore here, and the
    // runner then stops the engine's whole run): its tests run once more, and the log says so.
    console.log(`── ${part}: the browser crashed, so its tests ran no further; running them once more ──`);
    result = await attempt();
    process.stdout.write(readFileSync(log, 'utf8'));
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

/** Whether an engine's run stopped because its browser went away (a crash), not because a test failed. */
function crashed(output) {
  return output.includes('Tests were interrupted because the browser disconnected');
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
