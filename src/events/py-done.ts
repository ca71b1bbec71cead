export interface PyDoneDetail {
  ok: boolean;
  /** The traceback or message shown in the page, when ok is false. */
  error?: string;
}

/** Fired at an element when its code finished, successfully or not. */
export class PyDoneEvent extends Event {
  readonly detail: PyDoneDetail;
  constructor(detail: PyDoneDetail) {
    super('py-done', { bubbles: true, composed: true });
    this.detail = detail;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'py-done': PyDoneEvent;
  }
}
