import type { Messages } from '../i18n/messages.js';
import type { ErrorHint } from '../runtime/contract.js';

/**
 * The one-line explanation shown above a beginner's traceback, by the id Python's side chose
 * (src/runtime/python/pyelements/_explain.py), from the `errorHints` of the reader's message table
 * (src/i18n/): undefined if there is none, or the id is one the table lacks.
 */
export function errorHint(hint: ErrorHint | undefined, messages: Messages): string | undefined {
  if (!hint) return undefined;
  const [id, ...args] = hint;
  const hints: Record<string, (...args: string[]) => string> = messages.errorHints;
  return Object.hasOwn(hints, id) ? hints[id](...args) : undefined;
}
