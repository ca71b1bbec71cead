// `npm run test:browser`: the browser suite in each engine (PY_ENGINES, default all three), one
// engine after another. Arguments go to each run (`npm run test:browser -- --group py-repl`). Fails if
// any engine's run fails; all run. After a full run (every engine, every group) the README's support
// table is checked against what the tests showed (scripts/support-table.mjs). `npm test` runs them
// through scripts/test-suite.mjs, with the end-to-end tests beside them.
import { rmSync } from 'node:fs';
import { ENGINES, selectedEngines } from './engines.mjs';
import { failures, runEngine, supportTableHolds } from './suite-runs.mjs';
import { RESULTS_DIR } from '../test/server/results-reporter.mjs';

const engines = selectedEngines();
const full = process.argv.length === 2 && ENGINES.every((engine) => engines.includes(engine));
rmSync(RESULTS_DIR, { recursive: true, force: true }); // no stale engine's results in the check

const failed = [];
for (const engine of engines) {
  console.log(`\n── Browser tests in ${engine} ──`);
  const { ok, seconds } = await runEngine(engine, process.argv.slice(2));
  console.log(`── ${engine}: ${ok ? 'passed' : 'FAILED'} in ${seconds} s ──`);
  if (!ok) failed.push(engine);
}

if (failed.length) {
  console.error(`Browser tests failed in: ${failed.join(', ')}`);
  for (const engine of failed) for (const line of failures(engine)) console.error(`  ${engine}: ${line}`);
  process.exit(1);
}
if (full && !supportTableHolds()) process.exit(1);
