import type { Progress } from '../runtime/load.js';

/** Fired at `document` while the interpreter downloads. */
export class PyRuntimeProgressEvent extends Event {
  readonly detail: Progress;
  constructor(detail: Progress) {
    super('py-runtime-progress', { bubbles: true, composed: true });
    this.detail = detail;
  }
}

/** Fired at `document` once Python is ready to run code. */
export class PyRuntimeReadyEvent extends Event {
  readonly detail: { pythonVersion: string; pyodideVersion: string };
  constructor(detail: { pythonVersion: string; pyodideVersion: string }) {
    super('py-runtime-ready', { bubbles: true, composed: true });
    this.detail = detail;
  }
}

/** Fired at `document` when loading Python failed; the next element that needs it retries. */
export class PyRuntimeErrorEvent extends Event {
  readonly detail: { error: string };
  constructor(detail: { error: string }) {
    super('py-runtime-error', { bubbles: true, composed: true });
    this.detail = detail;
  }
}

declare global {
  interface DocumentEventMap {
    'py-runtime-progress': PyRuntimeProgressEvent;
    'py-runtime-ready': PyRuntimeReadyEvent;
    'py-runtime-error': PyRuntimeErrorEvent;
  }
}
