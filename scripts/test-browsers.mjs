// `npm run test:browser`: the browser suite in each engine (PY_ENGINES, default all three), one
// engine after another so timing-sensitive tests see the machine as they would alone. Arguments go to
// each run (`npm run test:browser -- --group py-repl`). Fails if any engine's run fails; all run.
// After a full run (every engine, every group) the README's support table is checked against what
// the tests showed (scripts/support-table.mjs).
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ENGINES, selectedEngines } from './engines.mjs';
import { checkSupportTable } from './support-table.mjs';
import { RESULTS_DIR } from '../test/server/results-reporter.mjs';

const engines = selectedEngines();
const full = process.argv.length === 2 && ENGINES.every((engine) => engines.includes(engine));
rmSync(RESULTS_DIR, { recursive: true, force: true }); // no stale engine's results in the check

const failed = [];
for (const engine of engines) {
  console.log(`\n── Browser tests in ${engine} ──`);
  const started = Date.now();
  const { status } = spawnSync('npx', ['wtr', ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: { ...process.env, PY_ENGINES: engine },
  });
  console.log(`── ${engine}: ${status === 0 ? 'passed' : 'FAILED'} in ${Math.round((Date.now() - started) / 1000)} s ──`);
  if (status !== 0) failed.push(engine);
}
/**
 * The failed tests of an engine's run, as `file › suite › title` lines: repeated at the very end,
 * where a CI log cut to its tail still shows them.
 */
function failedTests(engine) {
  try {
    const { tests } = JSON.parse(readFileSync(join(RESULTS_DIR, `${engine}.json`), 'utf8'));
    return tests.filter((test) => test.status === 'failed').map((test) => [test.file, ...test.suites, test.title].join(' › '));
  } catch {
    return [];
  }
}

if (failed.length) {
  console.error(`Browser tests failed in: ${failed.join(', ')}`);
  for (const engine of failed) {
    const tests = failedTests(engine);
    if (!tests.length)
      console.error(`  ${engine}: no failed test recorded (a test file failed to load, or the runner did: see above)`);
    for (const test of tests) console.error(`  ${engine}: ${test}`);
  }
  process.exit(1);
}
if (full) {
  const problems = checkSupportTable();
  for (const problem of problems) console.error(`✗ ${problem}`);
  if (problems.length) {
    console.error("The README's browser support table is not what the tests showed (scripts/support-table.mjs).");
    process.exit(1);
  }
  console.log('README.md: the browser support table matches what the tests showed in every engine.');
}
