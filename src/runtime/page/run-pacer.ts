import { en } from '../../i18n/messages.js';
import type { PythonPacer } from '../boot/python-api.js';

/** Python's signal number for the interrupt Pyodide raises when its buffer reads non-zero. */
const SIGINT = 2;
/** Milliseconds of Python between two turns of the browser's event loop. */
export const SLICE_MS = 50;
/**
 * Where Python cannot breathe (no JSPI: Safari), milliseconds a run may hold the page before the
 * reader is asked whether to stop it, and again after each "let it run".
 */
export const HOLD_ASK_MS = 10_000;

/**
 * Keeps the page alive while the page's own Python runs, and makes the run stoppable, without a
 * SharedArrayBuffer and at no measurable cost to the code.
 *
 * It is handed to Pyodide as the interrupt buffer. CPython reads `[0]` every ~50 checks of its eval
 * breaker (loop iterations and calls); a non-zero value raises that signal in Python. Here the value
 * is computed: while a stoppable run is in progress, it reads SIGINT once per SLICE_MS (the first one
 * at once after Stop), and Python's SIGINT handler (pace() in _run.py) then breathes (suspends for
 * one turn of the event loop through JSPI, so the page repaints and handles clicks) or raises
 * KeyboardInterrupt in the run's code. Otherwise it reads 0, and Python runs on untouched.
 */
export class RunPacer implements PythonPacer {
  #run?: { signal: AbortSignal; stopDone: boolean; askAt: number; stopAsked: boolean; question: string };
  #due = 0;
  readonly #install: (pacer: RunPacer | undefined) => void;

  /**
   * `install` makes the pacer Pyodide's interrupt buffer, or (undefined) none: between paced runs
   * CPython then does not read it at all, so other Python (runPython, event handlers) pays nothing.
   */
  constructor(install: (pacer: RunPacer | undefined) => void) {
    this.#install = install;
  }

  /**
   * Paces the run for as long as `work` takes; aborting `signal` stops its code. `question`: what a
   * held page asks with a modal dialog, the one thing it can still show (the reader's language).
   */
  async during<T>(signal: AbortSignal, work: () => Promise<T>, question = en.holdQuestion): Promise<T> {
    const run = { signal, stopDone: false, askAt: performance.now() + HOLD_ASK_MS, stopAsked: false, question };
    this.#run = run;
    this.#install(this);
    this.#due = performance.now() + SLICE_MS;
    const stopNow = () => {
      if (this.#run === run) this.#due = 0;
    };
    signal.addEventListener('abort', stopNow, { once: true });
    try {
      return await work();
    } finally {
      signal.removeEventListener('abort', stopNow);
      if (this.#run === run) {
        this.#run = undefined;
        this.#install(undefined);
      }
    }
  }

  /** Pyodide's read of its interrupt buffer (while installed). */
  get 0(): number {
    if (!this.#run) return 0;
    const now = performance.now();
    if (now < this.#due) return 0;
    // Due again in a slice whatever the handler does: it may not be able to breathe (a call from
    // JavaScript cannot suspend) or to raise (not in the run's code yet).
    this.#due = now + SLICE_MS;
    return SIGINT;
  }

  /** Pyodide clears the buffer after each read; the value is computed, so there is nothing to clear. */
  set 0(_value: number) {}

  get stopping(): boolean {
    return !!this.#run && (this.#run.signal.aborted || this.#run.stopAsked) && !this.#run.stopDone;
  }

  stopped(): void {
    if (this.#run) this.#run.stopDone = true;
  }

  held(): void {
    const run = this.#run;
    if (!run || performance.now() < run.askAt || typeof globalThis.confirm !== 'function') return;
    run.stopAsked = globalThis.confirm(run.question);
    run.askAt = performance.now() + HOLD_ASK_MS; // counted from the answer: the dialog took its time
  }

  async breathe(): Promise<void> {
    try {
      await new Promise((resolve) => setTimeout(resolve, 0));
    } finally {
      this.#due = this.stopping ? 0 : performance.now() + SLICE_MS; // Stop pressed during the breath: at once
    }
  }
}
