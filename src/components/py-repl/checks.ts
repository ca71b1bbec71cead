import type { CheckResult } from '../../events/py-check.js';
import { type Messages, en } from '../../i18n/messages.js';
import { dedent } from '../../internal/dedent.js';
import { pythonScripts } from '../../internal/inline-code.js';
import type { Interpreter, OutputSink } from '../../runtime/contract.js';

/** One hidden check: `<script type="text/python" data-check="what it checks">` in a REPL. */
export interface Check {
  name: string;
  code: string;
}

/** The REPL's hidden checks, in document order; one without a label is named in the REPL's language. */
export function readChecks(host: Element, messages: Messages = en): Check[] {
  return pythonScripts(host)
    .filter((script) => script.hasAttribute('data-check'))
    .map((script, i) => ({ name: script.dataset.check || messages.checkName(i + 1), code: dedent(script.text) }));
}

/**
 * Runs each check after the reader's code, in the same scope and the same turn; a check passes if it
 * raises nothing. If the reader's code failed, every check fails with a hint to fix the code first.
 */
export async function runChecks(
  interpreter: Interpreter,
  checks: Check[],
  { scope, element, codeRan, messages }: { scope?: string; element: Element; codeRan: boolean; messages: Messages },
): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  for (const check of checks) {
    if (!codeRan) {
      results.push({ name: check.name, passed: false, message: messages.checkNotRun });
      continue;
    }
    const result = await interpreter.run(check.code, { sink: SILENT, scope, element, filename: `<check: ${check.name}>` });
    results.push(
      result.ok
        ? { name: check.name, passed: true }
        : { name: check.name, passed: false, message: result.message || result.errorType },
    );
  }
  return results;
}

/** Checks print nowhere: only whether they raise matters. */
const SILENT: OutputSink = {
  write: () => {},
  display: () => {},
  clear: () => {},
  sinkFor: () => SILENT,
};
