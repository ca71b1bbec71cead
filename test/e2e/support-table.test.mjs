// The README's browser support table check (scripts/support-table.mjs): the README shows the table it
// defines, and the check fails when a cell's test was skipped, failed or not run in that engine.
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { ENGINES } from '../../scripts/engines.mjs';
import { TABLE, checkSupportTable } from '../../scripts/support-table.mjs';

let dir;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'py-elements-support-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Results in which every test a cell names passed, then `change(engine, tests)` applied. */
async function results(name, change = () => {}) {
  const resultsDir = join(dir, name);
  await mkdir(resultsDir);
  for (const engine of ENGINES) {
    const tests = TABLE.flatMap(([, cells]) => cells[engine][1]).map(({ file, title }) => ({
      file,
      suites: [],
      title: `${title} and more words`,
      status: 'passed',
    }));
    change(engine, tests);
    await writeFile(join(resultsDir, `${engine}.json`), JSON.stringify({ engine, tests }));
  }
  return resultsDir;
}

test('README.md shows the table scripts/support-table.mjs defines, and it holds when every named test passed', async () => {
  assert.deepEqual(checkSupportTable({ resultsDir: await results('all-passed') }), []);
});

test('a cell whose test was skipped, failed or not run in its engine is reported', async () => {
  const resultsDir = await results('broken', (engine, tests) => {
    if (engine === 'webkit') {
      const prompt = tests.filter((t) => t.title.startsWith('without JSPI, input() and time.sleep()'));
      for (const t of prompt) t.status = 'skipped';
    }
    if (engine === 'firefox') tests.find((t) => t.title.startsWith('time.sleep() waits')).status = 'failed';
    if (engine === 'chromium')
      tests.splice(
        tests.findIndex((t) => t.title.startsWith('starts a first visit')),
        1,
      );
  });
  const problems = checkSupportTable({ resultsDir });
  assert.ok(
    problems.some((p) => /^`input\(\)` in webkit says .*without JSPI.* skipped$/.test(p)),
    problems.join('\n'),
  );
  assert.ok(
    problems.some((p) => /^`time\.sleep\(\)` in firefox says "the page stays live".* failed$/.test(p)),
    problems.join('\n'),
  );
  assert.ok(
    problems.some((p) => /^start-up snapshot in chromium .*starts a first visit.* was not run$/.test(p)),
    problems.join('\n'),
  );
});

test('a README whose table was edited by hand is reported', async () => {
  const readme = join(dir, 'README.md');
  const text = await readFile(new URL('../../README.md', import.meta.url), 'utf8');
  await writeFile(readme, text.replace('| `time.sleep()` | the page stays live |', '| `time.sleep()` | works everywhere |'));
  const problems = checkSupportTable({ readme, resultsDir: await results('for-readme') });
  assert.deepEqual(problems, [
    "README.md's support table differs from scripts/support-table.mjs (`node scripts/support-table.mjs --write`)",
  ]);
});
