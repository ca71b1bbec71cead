// A test runner reporter that keeps what each run showed: test/.results/<engine>.json, one entry per
// test ({ file, title, status: passed | failed | skipped }), for the README's browser support table
// (scripts/support-table.mjs checks each cell against the tests that prove it); and each test file
// that failed outside its tests ({ file, errors }: it did not load, a hook threw, it timed out), which
// scripts/suite-runs.mjs repeats at the end of the log.
import { mkdir, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const RESULTS_DIR = join(ROOT, 'test', '.results');

function* flatten(suite, file, path = []) {
  const here = suite.name ? [...path, suite.name] : path;
  for (const test of suite.tests) {
    const status = test.skipped ? 'skipped' : test.passed ? 'passed' : 'failed';
    yield { file, suites: here, title: test.name, status };
  }
  for (const child of suite.suites) yield* flatten(child, file, here);
}

/** `engine` names the file; one runner process tests one engine (scripts/test-browsers.mjs, scripts/test-suite.mjs). */
export function resultsReporter(engine) {
  return {
    async stop({ sessions }) {
      const tests = sessions.flatMap((session) =>
        session.testResults ? [...flatten(session.testResults, relative(ROOT, session.testFile))] : [],
      );
      const files = sessions
        .filter((session) => !session.passed && session.errors?.length)
        .map((session) => ({
          file: relative(ROOT, session.testFile),
          errors: session.errors.map((error) => String(error.message ?? error).slice(0, 500)),
          // The page's last words, which the runner printed far above a CI log's kept tail.
          logs: (session.logs ?? []).slice(-5).map((args) => args.map(String).join(' ').slice(0, 300)),
        }));
      await mkdir(RESULTS_DIR, { recursive: true });
      await writeFile(join(RESULTS_DIR, `${engine}.json`), `${JSON.stringify({ engine, tests, files }, null, 1)}\n`);
    },
  };
}
