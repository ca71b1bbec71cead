import { html, nothing } from 'lit';
import { property } from 'lit/decorators.js';
import { RunController } from '../../controllers/run-controller.js';
import type { PyDoneDetail } from '../../events/py-done.js';
import { defineElement } from '../../internal/define.js';
import { elementLabel } from '../../internal/element-label.js';
import { fetchSource } from '../../internal/fetch-source.js';
import { hostStyles } from '../../internal/host.styles.js';
import { LocalizedElement } from '../../i18n/localized-element.js';
import { OWN_NODE_ATTRIBUTE, readInlineCode } from '../../internal/inline-code.js';
import { whenParsed } from '../../internal/when-parsed.js';
import { DomOutput, cancelAsks, createSinkFor } from '../../output/dom-output.js';
import { stoppedBanner, stoppedStyles } from '../../output/stopped-banner.js';
import type { Run, RunState, Source } from '../../runtime/run.js';
import { styles } from './py-script.styles.js';

/** After this long a block still running shows Stop, and a block still waiting says why. */
const SLOW_MS = 1000;

/**
 * Inline code is best wrapped in `<script type="text/python">`, which keeps `<` and `&` as written.
 * Output is written into the light DOM (a `div.py-output` child, or the `target` element) so the page's
 * CSS styles it: `.py-stdout`, `.py-stderr`, `.py-display` and `.py-error`.
 *
 * @summary Runs Python written inline or loaded with `src`, once, in document order, and shows its output in place.
 * @tagname py-script
 * @slot output - Where the element's output container is shown; filled by the element itself.
 * @csspart status - The loading indicator shown while Python downloads, the packages the code imports while they download (`Loading numpy 3.1 / 7.4 MB…`), and "Waiting…" while earlier code runs long.
 * @csspart stop-button - Stop, shown when the code has run for a second.
 * @csspart stopped - "Python stopped" and its Restart button, shown if the interpreter dies.
 * @csspart restart-button - The Restart button in the `stopped` part.
 * @cssprop [--py-status-color=#57606a] - Colour of the loading indicator's text.
 * @cssprop [--py-accent=#3572a5] - Colour of the progress bar.
 * @event {PyRunEvent} py-run - Just before the code runs. Cancelable: `preventDefault()` skips the run.
 * @event {PyDoneEvent} py-done - After the code ran. `detail: { ok: boolean, error?: string }`.
 */
export class PyScriptElement extends LocalizedElement {
  static override styles = [hostStyles, styles, stoppedStyles];

  /** The run (and its state) being timed, and whether it has lasted SLOW_MS in that state. */
  #timed?: { run: Run; state: RunState };
  #slow = false;
  #slowTimer?: ReturnType<typeof setTimeout>;

  /** Set once the element has been queued: moving it around the page must not run it again. */
  #queued = false;
  /** The reader stopped this code: the restart that stop may cause must not run it again. */
  #stoppedByReader = false;
  #container?: HTMLElement;
  /** Where the latest run's output went (its own container or the target's). */
  #output?: DomOutput;
  readonly #runs = new RunController(this, {
    logFailures: true,
    onRestart: () => {
      if (this.#stoppedByReader) {
        this.#stoppedByReader = false;
        return;
      }
      if (this.#queued) void this.run(); // what this code defined is gone: define it again
    },
  });

  /** URL of a Python file to run instead of the inline code (relative to the page). */
  @property({ reflect: true }) src?: string;

  /** Name of the namespace the code runs in; elements with the same scope share variables. */
  @property({ reflect: true }) scope?: string;

  /** Id of another element to receive the output (stdout, stderr, display()) instead of this one. */
  @property({ reflect: true }) target?: string;

  /**
   * Run in the page's Web Worker interpreter: the page never freezes, whatever the code does. There,
   * `document`, `window` and `element` work only on a cross-origin isolated page (COOP/COEP headers);
   * output, display() and input() always work. Set it before the element connects.
   */
  @property({ type: Boolean, reflect: true }) worker = false;

  override connectedCallback() {
    super.connectedCallback();
    if (this.#queued) return;
    this.#queued = true;
    void this.#runWhenParsed();
  }

  override disconnectedCallback() {
    super.disconnectedCallback();
    queueMicrotask(() => {
      if (!this.isConnected && this.#container) cancelAsks(this.#container); // removed, not moved
    });
  }

  async #runWhenParsed(): Promise<void> {
    // If the bundle loaded early, we are connected before the parser has added our code.
    await whenParsed();
    await this.#queue();
  }

  /**
   * Queues a run now (the source download and Python's start begin at once); at its turn the element
   * clears its output and the code runs, unless the element was removed meanwhile.
   */
  #queue(): Promise<PyDoneDetail | undefined> {
    const own = () => this.#ownOutput();
    return this.#runs.run({
      source: this.#source(),
      sink: () => {
        own().clear();
        const sink = this.target ? createSinkFor(this.target) : own();
        sink.clear();
        this.#output = sink;
        return sink;
      },
      scope: this.scope,
      element: this,
      ifRestarted: 'skip', // the restart runs us again (onRestart)
      stoppable: true,
      starting: () => {
        if (this.isConnected) return true;
        this.#queued = false; // removed while waiting: run when connected again
        return false;
      },
      errors: own,
    });
  }

  async #source(): Promise<Source> {
    const messages = this.locale.messages;
    if (!this.src) return { code: readInlineCode(this, messages), filename: elementLabel(this) };
    const { code, url } = await fetchSource(this.src, messages);
    return { code, filename: url };
  }

  #ownOutput(): DomOutput {
    if (!this.#container) {
      const container = document.createElement('div');
      container.className = 'py-output';
      container.slot = 'output';
      container.setAttribute(OWN_NODE_ATTRIBUTE, '');
      container.setAttribute('role', 'log');
      this.#container = container;
    }
    if (this.#container.parentNode !== this) this.append(this.#container);
    return new DomOutput(this.#container);
  }

  /**
   * Runs the code again (after the runs already queued) and resolves with the outcome, or undefined
   * if a `py-run` listener cancelled it.
   */
  run(): Promise<PyDoneDetail | undefined> {
    this.#queued = true;
    this.#stoppedByReader = false;
    return this.#queue();
  }

  /**
   * Times the run that is running, or waiting behind others once Python is ready: a block of a blog
   * post stuck in a loop must not leave the reader, or the blocks after it, without a word.
   */
  protected override updated(): void {
    const ready = (this.#runs.state ?? this.#runs.hub.state).status === 'ready';
    const run = this.#runs.runIn('running') ?? (ready ? this.#runs.runIn('queued') : undefined);
    if (run === this.#timed?.run && run?.state === this.#timed?.state) return;
    clearTimeout(this.#slowTimer);
    this.#timed = run && { run, state: run.state };
    if (this.#slow) {
      this.#slow = false;
      this.requestUpdate();
    }
    if (run)
      this.#slowTimer = setTimeout(() => {
        this.#slow = true;
        this.requestUpdate();
      }, SLOW_MS);
  }

  /**
   * Stops the code with KeyboardInterrupt, within about 50 ms (a single long call into C, such as
   * `sum(range(10**10))`, finishes first). Where that replaces a worker, the other worker blocks run
   * again, but not this one.
   */
  stop(): void {
    this.#stoppedByReader = true;
    if (this.#output) cancelAsks(this.#output.container); // code waiting in input() never gets to its next check
    this.#runs.stop();
  }

  protected override render() {
    const state = this.#runs.state ?? this.#runs.hub.state;
    const { status, progress } = state;
    const loading = this.#runs.starting && status === 'loading';
    const percent = progress.total ? Math.round((100 * progress.loaded) / progress.total) : 0;
    const slow = this.#slow ? this.#timed?.state : undefined;
    const packages = this.#runs.runIn('running')?.packages;
    const t = this.locale.messages;
    return html`<div part="status" role="status">${
      loading
        ? html`<progress max="100" value=${percent} aria-label=${t.loadingPythonLabel}></progress>
            <span>${t.loadingPython(percent)}</span>`
        : packages
          ? html`<span>${t.loadingPackages(packages)}</span>`
          : slow === 'queued'
            ? html`<span>${t.waiting}</span>`
            : slow === 'running'
              ? html`<span>${t.running}</span>`
              : nothing
    }</div>
      ${
        slow === 'running'
          ? html`<button part="stop-button" type="button" @click=${() => this.stop()}>
              <span aria-hidden="true">■</span> ${t.stop}
            </button>`
          : nothing
      }
      ${stoppedBanner(state, this.#runs.hub.kind, () => this.#runs.restart(), t)}
      <slot name="output"></slot>`;
  }
}

defineElement('py-script', PyScriptElement);

declare global {
  interface HTMLElementTagNameMap {
    'py-script': PyScriptElement;
  }
}
