import type { Progress, RuntimeKind } from '../runtime/contract.js';

/** Fired at `document` while an interpreter downloads. */
export class PyRuntimeProgressEvent extends Event {
  readonly detail: Progress & { runtime: RuntimeKind };
  constructor(detail: Progress & { runtime: RuntimeKind }) {
    super('py-runtime-progress', { bubbles: true, composed: true });
    this.detail = detail;
  }
}

/** Fired at `document` once an interpreter is ready to run code. */
export class PyRuntimeReadyEvent extends Event {
  readonly detail: { pythonVersion: string; pyodideVersion: string; runtime: RuntimeKind };
  constructor(detail: { pythonVersion: string; pyodideVersion: string; runtime: RuntimeKind }) {
    super('py-runtime-ready', { bubbles: true, composed: true });
    this.detail = detail;
  }
}

/** Fired at `document` when loading Python failed; the next element that needs it retries. */
export class PyRuntimeErrorEvent extends Event {
  readonly detail: { error: string; runtime: RuntimeKind };
  constructor(detail: { error: string; runtime: RuntimeKind }) {
    super('py-runtime-error', { bubbles: true, composed: true });
    this.detail = detail;
  }
}

/**
 * Fired at `document` when an interpreter died (a crash such as an out-of-bounds memory access, or
 * os._exit()). Its elements show "Python stopped" with a Restart button.
 */
export class PyRuntimeStoppedEvent extends Event {
  readonly detail: { error: string; runtime: RuntimeKind };
  constructor(detail: { error: string; runtime: RuntimeKind }) {
    super('py-runtime-stopped', { bubbles: true, composed: true });
    this.detail = detail;
  }
}

declare global {
  interface DocumentEventMap {
    'py-runtime-progress': PyRuntimeProgressEvent;
    'py-runtime-ready': PyRuntimeReadyEvent;
    'py-runtime-error': PyRuntimeErrorEvent;
    'py-runtime-stopped': PyRuntimeStoppedEvent;
  }
}
