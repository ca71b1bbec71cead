// `npm run test:e2e`: the end-to-end tests (test/e2e/), with the library built once for all of them.
// The files only read the build, so each gets this one (PY_E2E_BUILD, test/e2e/support.mjs) instead
// of making its own. Arguments go to `node --test` (`npm run test:e2e -- --test-name-pattern=dist`).
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildInto } from './build-into.mjs';
import { isAlive } from './suite-runs.mjs';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const TMP = join(ROOT, 'test', 'e2e', '.tmp');

mkdirSync(TMP, { recursive: true });
for (const entry of readdirSync(TMP)) {
  const pid = Number(/^build-shared-(\d+)$/.exec(entry)?.[1]);
  if (pid && !isAlive(pid)) rmSync(join(TMP, entry), { recursive: true, force: true });
}
const build = join(TMP, `build-shared-${process.pid}`);
let status = 1;
try {
  const started = Date.now();
  buildInto(build);
  console.log(`Built the library once for the end-to-end tests in ${Math.round((Date.now() - started) / 1000)} s.`);
  const args = process.argv.slice(2);
  const files = args.some((arg) => !arg.startsWith('-')) ? [] : ['test/e2e/'];
  ({ status } = spawnSync(process.execPath, ['--test', ...args, ...files], {
    cwd: ROOT,
    stdio: 'inherit',
    env: { ...process.env, PY_E2E_BUILD: build },
  }));
} finally {
  rmSync(build, { recursive: true, force: true });
}
process.exit(status ?? 1);
