export interface CheckResult {
  /** The check's label: its `data-check` value. */
  name: string;
  passed: boolean;
  /** Why it failed: the assertion's message, or what went wrong. */
  message?: string;
}

export interface PyCheckDetail {
  /** Every check passed. */
  passed: boolean;
  checks: CheckResult[];
  /** How many times this reader's code was checked here, this one included (kept across visits). */
  attempts: number;
}

/** Fired at a `<py-repl>` after its hidden checks ran against the reader's code. */
export class PyCheckEvent extends Event {
  readonly detail: PyCheckDetail;
  constructor(detail: PyCheckDetail) {
    super('py-check', { bubbles: true, composed: true });
    this.detail = detail;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'py-check': PyCheckEvent;
  }
}
