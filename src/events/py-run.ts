/** Fired at a `<py-script>` just before its code runs; `preventDefault()` skips the run. */
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
