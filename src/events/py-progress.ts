/** One exercise (a `<py-repl>` with checks) as `<py-progress>` reports it. */
export interface ExerciseReport {
  /** The REPL's id, or `exercise-N` (its place among the page's exercises, from 1) without one. */
  id: string;
  passed: boolean;
  attempts: number;
  hintsShown: number;
  solutionShown: boolean;
}

/** The page's exercises: the JSON shape of `py-progress` and of the message posted to a parent frame. */
export interface PyProgressDetail {
  passed: number;
  total: number;
  exercises: ExerciseReport[];
}

/** Fired at `<py-progress>` when it connects and after every check of an exercise on the page. */
export class PyProgressEvent extends Event {
  readonly detail: PyProgressDetail;
  constructor(detail: PyProgressDetail) {
    super('py-progress', { bubbles: true, composed: true });
    this.detail = detail;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'py-progress': PyProgressEvent;
  }
}
