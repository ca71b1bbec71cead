/**
 * Fired at a `<py-script>` or `<py-repl>` when its run's turn has come, just before the code goes to Python;
 * `preventDefault()` skips the run (and no `py-done` follows).
 */
export class PyRunEvent extends Event {
  constructor() {
    super('py-run', { bubbles: true, composed: true, cancelable: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'py-run': PyRunEvent;
  }
}
