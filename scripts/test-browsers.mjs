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
 * What failed in an engine's run, one line each: its failed tests (`file › suite › title`) and the
 * test files that failed outside a test (`file: error`). Repeated at the very end, where a CI log cut
 * to its tail still shows them.
 */
function failures(engine) {
  let results;
  try {
    results = JSON.parse(readFileSync(join(RESULTS_DIR, `${engine}.json`), 'utf8'));
  } catch {
    return ['no results were written: the test runner stopped before its end (see above)'];
  }
  const tests = results.tests
    .filter((test) => test.status === 'failed')
    .map((test) => [test.file, ...test.suites, test.title].join(' › '));
  const files = (results.files ?? []).map(
    ({ file, errors, logs = [] }) => `${file}: ${errors.join(' | ')}${logs.map((line) => `\n    log: ${line}`).join('')}`,
  );
  const all = [...tests, ...files];
  return all.length ? all : ['every test passed, yet the runner failed (see above)'];
}

if (failed.length) {
  console.error(`Browser tests failed in: ${failed.join(', ')}`);
  for (const engine of failed) for (const line of failures(engine)) console.error(`  ${engine}: ${line}`);
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
