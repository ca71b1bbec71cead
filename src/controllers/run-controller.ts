import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { PyDoneEvent, type PyDoneDetail } from '../events/py-done.js';
import { PyRunEvent } from '../events/py-run.js';
import type { DomOutput } from '../output/dom-output.js';
import { langOf, loadMessages, messagesFor } from '../i18n/locale.js';
import { errorHint } from '../output/error-hints.js';
import type { Interpreter } from '../runtime/contract.js';
import type { RuntimeHub, RuntimeState } from '../runtime/hub.js';
import { hubFor } from '../runtime/hubs.js';
import type { Run, RunRequest, RunState } from '../runtime/run.js';

type Host = ReactiveControllerHost & HTMLElement;

/** An element's run: the hub's request plus where the element shows a failure. */
export interface ElementRunRequest extends RunRequest {
  /** Where the error of a failed run is shown. */
  errors: () => DomOutput;
}

export interface RunControllerOptions {
  /** Python restarted: what the element's code defined is gone (a `<py-script>` runs again). */
  onRestart?(): void;
  /** Also log failures to the console (a `<py-script>` failure is the author's bug to find). */
  logFailures?: boolean;
}

/**
 * The one piece of element code that talks to a runtime hub, shared by `<py-script>` and `<py-repl>`:
 * it follows the hub's state for render(), queues runs, fires `py-run` and `py-done`, shows a failed
 * run's error, stops runs, and restarts Python.
 *
 * When the events fire (docs/decisions.md, "py-run and py-done"): `py-run` when the run's turn has
 * come, just before its code is handed to Python (cancelable: the code is skipped and no `py-done`
 * follows); `py-done` once the run has finished and its output, value and error are shown.
 */
export class RunController implements ReactiveController {
  readonly #host: Host;
  readonly #options: RunControllerOptions;
  #unsubscribe?: () => void;
  /** The hub's restart count when we subscribed: a new one means Python restarted. */
  #generation?: number;
  /** This element's runs that have not finished. */
  readonly #runs = new Set<Run>();
  /** The hub's status and progress, for render(). */
  state?: RuntimeState;

  constructor(host: Host, options: RunControllerOptions = {}) {
    this.#host = host;
    this.#options = options;
    host.addController(this);
  }

  /** The interpreter's hub: the worker one if the element has the `worker` attribute or property. */
  get hub(): RuntimeHub {
    return hubFor(this.#host);
  }

  hostConnected(): void {
    this.#unsubscribe ??= this.hub.subscribe((next) => {
      this.state = next;
      const restarted = this.#generation !== undefined && next.generation !== this.#generation;
      this.#generation = next.generation; // before onRestart(): its run updates the state, which calls us again
      this.#host.requestUpdate();
      if (restarted) this.#options.onRestart?.();
    });
  }

  hostDisconnected(): void {
    this.hub.releaseWhenGone(this.#host);
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
    this.#generation = undefined;
  }

  /** Whether some run of this element has not finished. */
  get busy(): boolean {
    return this.#runs.size > 0;
  }

  /** Whether some run of this element has its turn and waits for Python (or its source). */
  get starting(): boolean {
    return [...this.#runs].some((run) => run.state === 'starting');
  }

  /** This element's run in the given state, if any (runs of an element follow one another). */
  runIn(state: RunState): Run | undefined {
    return [...this.#runs].find((run) => run.state === state);
  }

  /** The interpreter if it is ready, without starting it (completion and hover must not start Python). */
  interpreter(): Interpreter | undefined {
    return this.hub.loaded();
  }

  /** Starts Python ahead of the first run (the reader is about to need it). */
  start(): void {
    // Not awaited: a failed load is shown by the run that needs Python, and by py-runtime-error.
    this.hub.get().catch(() => {});
  }

  /** Replaces a stopped interpreter with a new one. */
  restart(): void {
    // A failed start is shown where Python is needed, as for start().
    this.hub.restart().catch(() => {});
  }

  /** Stops this element's runs: the one running is interrupted (if stoppable), queued ones are dropped. */
  stop(): void {
    for (const run of this.#runs) run.stop();
  }

  /**
   * Queues a run and resolves with its outcome once `py-done` has fired, or undefined if it did not run
   * (a `py-run` listener cancelled it, `starting()` said no, or Python restarted and the request skips).
   */
  async run(request: ElementRunRequest): Promise<PyDoneDetail | undefined> {
    let detail: PyDoneDetail | undefined;
    let reported: Promise<void> | undefined;
    const run = this.hub.run({
      holdQuestion: messagesFor(this.#host).holdQuestion,
      ...request,
      starting: () => (!request.starting || request.starting()) && this.#host.dispatchEvent(new PyRunEvent()),
      finish: (result) => {
        this.#runs.delete(run); // not busy any more by the time py-done is heard
        this.#host.requestUpdate();
        const done: PyDoneDetail = result.ok ? { ok: true } : { ok: false, error: result.error };
        detail = done;
        const report = () => {
          if (!done.ok) {
            const messages = messagesFor(this.#host);
            // Python's own failure in the reader's language; the code's traceback as Python wrote it.
            const shown = result.failure ? messages.failures[result.failure[0]](result.failure[1]) : done.error;
            request.errors().error(shown ?? messages.unknownError, errorHint(result.hint, messages));
            if (this.#options.logFailures)
              console.error(`py-elements: <${this.#host.localName}> failed\n${done.error}`, this.#host);
          }
          this.#host.dispatchEvent(new PyDoneEvent(done));
        };
        // A failure is explained in the reader's language, whose table may still be on its way (it
        // loads on first use: a run can finish first where Python was ready before the element came).
        const loading = done.ok ? undefined : loadMessages(langOf(this.#host));
        if (loading) reported = loading.then(report);
        else report();
      },
    });
    this.#runs.add(run);
    const update = () => this.#host.requestUpdate();
    run.addEventListener('statechange', update);
    update();
    await run.result;
    await reported;
    this.#runs.delete(run);
    update();
    return detail;
  }
}
