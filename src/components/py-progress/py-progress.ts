import { css, html } from 'lit';
import { property, state } from 'lit/decorators.js';
import { type ExerciseReport, type PyProgressDetail, PyProgressEvent } from '../../events/py-progress.js';
import { LocalizedElement } from '../../i18n/localized-element.js';
import { defineElement } from '../../internal/define.js';
import { readChecks } from '../py-repl/checks.js';
import type { PyReplElement } from '../py-repl/py-repl.js';

/**
 * The page's exercises at a glance: "3 of 5 exercises passed", counting every `<py-repl>` with hidden
 * checks on the page, with what each reader did kept across visits (exercise.ts). It fires
 * `py-progress` with the JSON a course platform can store, and, on a page embedded in another
 * (an LMS iframe), posts the same to the parent frame as `{ type: "py-progress", ...detail }`.
 *
 * @summary Shows how many of the page's exercises the reader has passed, and reports it.
 * @tagname py-progress
 * @attr {string} parent-origin - The origin the message to a parent frame is posted to (default `*`: any; progress is not secret, but a platform may name itself).
 * @csspart label - The "N of M exercises passed" text.
 * @csspart bar - The progress bar.
 * @cssprop [--py-accent=#3572a5] - The bar's colour.
 * @event {PyProgressEvent} py-progress - When it connects and after every change (a check, a hint or a solution seen). `detail: { passed, total, exercises: { id, passed, attempts, hintsShown, solutionShown }[] }`.
 */
export class PyProgressElement extends LocalizedElement {
  static override styles = css`
    :host {
      display: flex;
      align-items: center;
      gap: 0.75em;
      font: 0.95rem/1.5 system-ui, sans-serif;
    }
    progress {
      flex: 1;
      max-inline-size: 16em;
      accent-color: var(--py-accent, #3572a5);
    }
  `;

  /** The origin the message to a parent frame is posted to. */
  @property({ attribute: 'parent-origin' }) parentOrigin = '*';

  @state() private report: PyProgressDetail = { passed: 0, total: 0, exercises: [] };
  #connection?: AbortController;

  override connectedCallback() {
    super.connectedCallback();
    this.#connection = new AbortController();
    // After the page's REPLs have upgraded and read what the reader did before.
    const update = () => void customElements.whenDefined('py-repl').then(() => this.#update());
    document.addEventListener('py-exercise-change', update, { signal: this.#connection.signal });
    if (document.readyState === 'loading') {
      document.addEventListener('DOMContentLoaded', update, { once: true, signal: this.#connection.signal });
    } else update();
  }

  override disconnectedCallback() {
    super.disconnectedCallback();
    this.#connection?.abort();
  }

  #update(): void {
    const exercises = [...document.querySelectorAll<PyReplElement>('py-repl')].filter((repl) => readChecks(repl).length);
    const reports = exercises.map((repl, i): ExerciseReport => {
      const { passed, attempts, hintsShown, solutionShown } = repl.exerciseProgress;
      return { id: repl.id || `exercise-${i + 1}`, passed, attempts, hintsShown, solutionShown };
    });
    this.report = { passed: reports.filter((r) => r.passed).length, total: reports.length, exercises: reports };
    // Not dispatched inline: the manifest analyzer would list it as a second, nameless event (see @event).
    const event = new PyProgressEvent(this.report);
    this.dispatchEvent(event);
    if (window.parent === window) return;
    try {
      window.parent.postMessage({ type: 'py-progress', ...this.report }, this.parentOrigin);
    } catch (error) {
      console.error(`py-elements: <py-progress parent-origin="${this.parentOrigin}"> is not an origin: ${String(error)}`);
    }
  }

  protected override render() {
    const { passed, total } = this.report;
    return html`<span part="label" role="status">${this.locale.messages.progress(passed, total)}</span>
      <progress part="bar" max=${total || 1} value=${passed} aria-hidden="true"></progress>`;
  }
}

defineElement('py-progress', PyProgressElement);

declare global {
  interface HTMLElementTagNameMap {
    'py-progress': PyProgressElement;
  }
}
