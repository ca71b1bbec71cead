// `npm run test:browser`: the browser suite in each engine (PY_ENGINES, default all three), one
// engine after another so timing-sensitive tests see the machine as they would alone. Arguments go to
// each run (`npm run test:browser -- --group py-repl`). Fails if any engine's run fails; all run.
import { spawnSync } from 'node:child_process';
import { selectedEngines } from './engines.mjs';

const failed = [];
for (const engine of selectedEngines()) {
  console.log(`\n── Browser tests in ${engine} ──`);
  const started = Date.now();
  const { status } = spawnSync('npx', ['wtr', ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: { ...process.env, PY_ENGINES: engine },
  });
  console.log(`── ${engine}: ${status === 0 ? 'passed' : 'FAILED'} in ${Math.round((Date.now() - started) / 1000)} s ──`);
  if (status !== 0) failed.push(engine);
}
if (failed.length) {
  console.error(`Browser tests failed in: ${failed.join(', ')}`);
  process.exit(1);
}
