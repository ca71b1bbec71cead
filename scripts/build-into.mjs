// Runs `npm run build` (the same verify + `vite build` a release uses) into `outDir`, for the
// benchmark and the end-to-end tests; throws with the build's output if it fails.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../', import.meta.url));

export function buildInto(outDir) {
  const build = spawnSync('npm', ['run', 'build', '--', '--outDir', outDir, '--emptyOutDir'], {
    cwd: ROOT,
    encoding: 'utf8',
    env: process.env,
  });
  if (build.error) throw new Error(`Could not run \`npm run build\`: ${build.error.message}`);
  if (build.status !== 0) {
    throw new Error(`\`npm run build\` failed (exit ${build.status ?? build.signal}):\n${build.stdout}\n${build.stderr}`);
  }
}
