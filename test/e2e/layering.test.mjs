// The layering rule of docs/architecture.md, proven to bite: a module in src/runtime/ that imports the
// DOM side or touches `document` fails `npm run lint`; the same module without them passes.
import assert from 'node:assert/strict';
import { rm, writeFile } from 'node:fs/promises';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const probe = 'src/runtime/layering-probe.ts';

async function lint(source) {
  await writeFile(new URL(`../../${probe}`, import.meta.url), source);
  try {
    const result = spawnSync('npx', ['oxlint', '--format', 'unix', probe], { cwd: root, encoding: 'utf8', timeout: 120_000 });
    return { code: result.status, output: `${result.stdout}${result.stderr}` };
  } finally {
    await rm(new URL(`../../${probe}`, import.meta.url), { force: true });
  }
}

test('src/runtime/ may not import the elements, the DOM output or the config reader, nor use document', async () => {
  const { code, output } = await lint(
    [
      "import { createSinkFor } from '../output/dom-output.js';",
      "import { PyScriptElement } from '../components/py-script/py-script.js';",
      "import { readPageConfig } from '../config/read-config.js';",
      'export const probe = [createSinkFor, PyScriptElement, readPageConfig, document.title];',
      '',
    ].join('\n'),
  );
  assert.notEqual(code, 0, output);
  for (const what of ['output/dom-output.js', 'components/py-script/py-script.js', 'config/read-config.js']) {
    assert.match(output, new RegExp(`'../${what.replace(/[./]/g, '\\$&')}' import is restricted`), output);
  }
  assert.match(output, /Unexpected use of 'document'/, output);
});

test('src/runtime/ may import the contract, its own modules and the mechanisms', async () => {
  const { code, output } = await lint(
    [
      "import type { Interpreter } from './contract.js';",
      "import { errorMessage } from '../internal/error-message.js';",
      "import { PyRuntimeReadyEvent } from '../events/runtime-events.js';",
      'export const probe = (interpreter: Interpreter) => [interpreter.pythonVersion, errorMessage, PyRuntimeReadyEvent];',
      '',
    ].join('\n'),
  );
  assert.equal(code, 0, output);
});
