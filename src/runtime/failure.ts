import { en } from '../i18n/messages.js';
import type { RunResult, RuntimeFailureId } from './contract.js';

/** An error of Python itself, worded in English here and by id in the reader's language by the elements. */
export class RuntimeFailureError extends Error {
  readonly failure: [RuntimeFailureId, string];
  constructor(id: RuntimeFailureId, detail = '', options?: ErrorOptions) {
    super(en.failures[id](detail), options);
    this.failure = [id, detail];
  }
}

/** The result of a run that Python itself could not carry out. */
export function failedResult(id: RuntimeFailureId, detail = ''): RunResult {
  const { message: error, failure } = new RuntimeFailureError(id, detail);
  return { ok: false, error, errorType: 'RuntimeError', message: detail || error, failure };
}
