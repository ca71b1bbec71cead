import { LitElement, html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { PyDoneEvent, type PyDoneDetail } from '../../events/py-done.js';
import { PyRunEvent } from '../../events/py-run.js';
import { defineElement } from '../../internal/define.js';
import { DomOutput, cancelAsks, createSinkFor } from '../../internal/dom-output.js';
import { elementLabel, fetchSource } from '../../internal/fetch-source.js';
import { hostStyles } from '../../internal/host.styles.js';
import { OWN_NODE_ATTRIBUTE, readInlineCode } from '../../internal/inline-code.js';
import { whenParsed } from '../../internal/when-parsed.js';
import type { ElementRuntime } from '../../runtime/python-runtime.js';
import { type RuntimeHub, type RuntimeState, hubFor } from '../../runtime/runtime.js';
import { styles } from './py-script.styles.js';
import { errorMessage } from '../../internal/error-message.js';
import { stoppedBanner, stoppedStyles } from '../../internal/stopped-banner.js';

interface Source {
  code: string;
  /** Shown in tracebacks. */
  filename: string;
}

/**
 * Inline code is best wrapped in `<script type="text/python">`, which keeps `<` and `&` as written.
 * Output is written into the light DOM (a `div.py-output` child, or the `target` element) so the page's
 * CSS styles it: `.py-stdout`, `.py-stderr`, `.py-display` and `.py-error`.
 *
 * @summary Runs Python written inline or loaded with `src`, once, in document order, and shows its output in place.
 * @tagname py-script
 * @slot output - Where the element's output container is shown; filled by the element itself.
 * @csspart status - The loading indicator shown while Python downloads.
 * @csspart stopped - "Python stopped" and its Restart button, shown if the interpreter dies.
 * @csspart restart-button - The Restart button in the `stopped` part.
 * @cssprop [--py-status-color=#57606a] - Colour of the loading indicator's text.
 * @cssprop [--py-accent=#3572a5] - Colour of the progress bar.
 * @event {PyRunEvent} py-run - Just before the code runs. Cancelable: `preventDefault()` skips the run.
 * @event {PyDoneEvent} py-done - After the code ran. `detail: { ok: boolean, error?: string }`.
 */
export class PyScriptElement extends LitElement {
  static override styles = [hostStyles, styles, stoppedStyles];

  /** Set once the element has been queued: moving it around the page must not run it again. */
  #queued = false;
  #unsubscribe?: () => void;
  #container?: HTMLElement;

  /** The restart count of our runtime when we subscribed: a new one means Python restarted. */
  #generation?: number;

  @state() private runtime?: RuntimeState;
  @state() private waitingForPython = false;

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

  /** The interpreter this element uses: the page's own, or the worker one. */
  get #hub(): RuntimeHub {
    return hubFor(this);
  }

  override connectedCallback() {
    super.connectedCallback();
    this.#unsubscribe ??= this.#hub.subscribe((next) => {
      this.runtime = next;
      const restarted = this.#generation !== undefined && next.generation !== this.#generation;
      this.#generation = next.generation; // before run(): it updates the state, which calls us again
      if (restarted && this.#queued) void this.run(); // what this code defined is gone: define it again
    });
    if (this.#queued) return;
    this.#queued = true;
    void this.#runWhenParsed();
  }

  override disconnectedCallback() {
    super.disconnectedCallback();
    this.#hub.releaseWhenGone(this);
    queueMicrotask(() => {
      if (!this.isConnected && this.#container) cancelAsks(this.#container); // removed, not moved
    });
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
    this.#generation = undefined;
  }

  async #runWhenParsed(): Promise<void> {
    // If the bundle loaded early, we are connected before the parser has added our code.
    await whenParsed();
    await this.#runInTurn();
  }

  /** Queues a run now and waits for its turn. */
  async #runInTurn(): Promise<PyDoneDetail | undefined> {
    const hub = this.#hub;
    const { generation } = hub.state;
    const turn = hub.acquireTurn();
    // Start both downloads at once; whatever fails is reported when it is this element's turn.
    const source = this.#source();
    const runtime = hub.get();
    source.catch(() => {});
    runtime.catch(() => {});
    const release = await turn;
    try {
      if (!this.isConnected) {
        this.#queued = false; // removed while waiting: run when connected again
        return undefined;
      }
      if (hub.state.generation !== generation) return undefined; // Python restarted: the restart runs us again
      return await this.#execute(source, runtime, hub);
    } finally {
      release();
    }
  }

  async #execute(source: Promise<Source>, runtimePromise: Promise<ElementRuntime>, hub: RuntimeHub): Promise<PyDoneDetail | undefined> {
    const before = new PyRunEvent();
    if (!this.dispatchEvent(before)) return undefined;
    const own = this.#ownOutput();
    own.clear();
    let detail: PyDoneDetail;
    try {
      const sink = this.target ? createSinkFor(this.target) : own;
      if (sink !== own) sink.clear();
      const { code, filename } = await source;
      this.waitingForPython = true;
      // If Python stopped while this waited, ask again: the hub says why it cannot run.
      const ready = hub.state.status === 'stopped' ? hub.get() : runtimePromise;
      const runtime = await ready.finally(() => {
        this.waitingForPython = false;
      });
      const result = await runtime.run(code, { sink, scope: this.scope, element: this, filename });
      detail = result.ok ? { ok: true } : { ok: false, error: result.error };
    } catch (error) {
      detail = { ok: false, error: errorMessage(error) };
    }
    if (!detail.ok) {
      own.error(detail.error ?? 'Unknown error');
      console.error(`py-elements: <py-script> failed\n${detail.error}`, this);
    }
    const done = new PyDoneEvent(detail);
    this.dispatchEvent(done);
    return detail;
  }

  async #source(): Promise<Source> {
    if (!this.src) return { code: readInlineCode(this), filename: elementLabel(this) };
    const { code, url } = await fetchSource(this.src);
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
    return this.#runInTurn();
  }

  protected override render() {
    const state = this.runtime ?? this.#hub.state;
    const { status, progress } = state;
    const loading = this.waitingForPython && status === 'loading';
    const percent = progress.total ? Math.round((100 * progress.loaded) / progress.total) : 0;
    return html`<div part="status" role="status">${loading
        ? html`<progress max="100" value=${percent} aria-label="Loading Python"></progress>
            <span>Loading Python… ${percent}%</span>`
        : nothing}</div>
      ${stoppedBanner(state, this.#hub)}
      <slot name="output"></slot>`;
  }
}

defineElement('py-script', PyScriptElement);

declare global {
  interface HTMLElementTagNameMap {
    'py-script': PyScriptElement;
  }
}
