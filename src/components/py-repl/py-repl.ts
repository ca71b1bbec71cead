import { html, nothing } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { RunController } from '../../controllers/run-controller.js';
import { type CheckResult, PyCheckEvent } from '../../events/py-check.js';
import type { PyDoneDetail } from '../../events/py-done.js';
import { defineElement } from '../../internal/define.js';
import { elementLabel } from '../../internal/element-label.js';
import { hostStyles } from '../../internal/host.styles.js';
import { LocalizedElement } from '../../i18n/localized-element.js';
import type { Messages } from '../../i18n/messages.js';
import { DomOutput, cancelAsks } from '../../output/dom-output.js';
import { stoppedBanner, stoppedStyles } from '../../output/stopped-banner.js';
import type { Interpreter } from '../../runtime/contract.js';
import { copyText, selectAll } from '../../share/clipboard.js';
import { sharedTarget } from '../../share/fragment.js';
import type { ShareProblem } from '../../share/share-link.js';
import { ActivationController } from './activation.js';
import { readChecks, runChecks } from './checks.js';
import {
  type ExerciseContent,
  type ExerciseProgress,
  NO_PROGRESS,
  loadProgress,
  progressKey,
  readExercise,
  saveProgress,
} from './exercise.js';
import { elementName } from './persist.js';
import { ConsoleHistory } from './console-history.js';
import { EditorController } from './editor-controller.js';
import { styles } from './py-repl.styles.js';

type Theme = 'light' | 'dark';

/**
 * The editor is a textarea at once, and becomes Monaco when the REPL nears the viewport or gets focus
 * (never on touch-first devices or with `editor="plain"`). Python starts at the same moment, so a
 * page pays for neither until a reader reaches a REPL; `load="eager"` starts both at once. A Run
 * before Python is ready shows progress and runs when it is.
 *
 * Keyboard: Shift+Enter or Ctrl/Cmd+Enter runs; in `mode="console"` Enter runs a complete statement
 * and Up/Down walk the history. Tab indents; Ctrl+M switches Tab to moving focus out of the editor.
 *
 * The editor lives in the light DOM (slot `editor`): Monaco's hover, context menu, fonts and
 * screen-reader text do not work inside a shadow root. Output is in the shadow root, styled through
 * the parts below.
 *
 * @summary An interactive Python console with an editor: run with Shift+Enter, see output, the last value and tracebacks.
 * @tagname py-repl
 * @slot editor - Filled by the element with its editor; do not put content here.
 * @csspart editor - The frame around the editor.
 * @csspart toolbar - The row of buttons and status under the editor.
 * @csspart run-button - The Run button.
 * @csspart stop-button - The Stop button, shown while code runs.
 * @csspart reset-button - The button restoring the author's code.
 * @csspart clear-button - The button clearing the output.
 * @csspart status - Loading (Python, then the packages the code imports) and running status (a live region).
 * @csspart stopped - "Python stopped" and its Restart button, shown if the interpreter dies.
 * @csspart restart-button - The Restart button in the `stopped` part.
 * @csspart copy-button - Copies the code to the clipboard.
 * @csspart share-button - Copies a link that opens the code in this REPL (not with `no-share`).
 * @csspart share-status - What Copy or Share did ("Link copied."), or the link to copy by hand (a live region).
 * @csspart shared - "This code came from a shared link" and its button back to the page's code.
 * @csspart edited-elsewhere - "This code was changed in another tab" and its button, when another tab saved a newer edit.
 * @csspart output - The output region (a live region).
 * @csspart stdout - Text printed to stdout.
 * @csspart stderr - Text printed to stderr.
 * @csspart value - The repr of the last expression's value.
 * @csspart error - A traceback or error message.
 * @csspart error-hint - The one-line explanation above a beginner's traceback (NameError, str + int, …).
 * @csspart display - A value shown with display().
 * @csspart input - Echoed input in console mode.
 * @csspart ask - An input() prompt with its field.
 * @csspart ask-field - The text field of an input() prompt.
 * @csspart checks - The list of check results (when the REPL has `data-check` scripts).
 * @csspart exercise - The row under the checks: attempts, the hint and solution buttons.
 * @csspart attempts - How many times the reader's code was checked.
 * @csspart hint-button - Reveals the next hint (`<template data-hint>`).
 * @csspart hints - The hints revealed so far; each is part `hint`.
 * @csspart solution-button - Reveals the solution (`<script type="text/python" data-solution>`).
 * @csspart solution - The revealed solution.
 * @csspart check - One check result; also `check-pass` or `check-fail`.
 * @cssprop [--py-repl-border=#d1d9e0] - Border colour (dark: #3d444d).
 * @cssprop [--py-repl-radius=6px] - Corner radius.
 * @cssprop [--py-repl-bg=#ffffff] - Editor background (dark: #0d1117).
 * @cssprop [--py-repl-output-bg=#f6f8fa] - Output and toolbar background (dark: #151b23).
 * @cssprop [--py-repl-fg=#1f2328] - Text colour (dark: #e6edf3).
 * @cssprop [--py-accent=#3572a5] - Run button and focus colour.
 * @cssprop [--py-font-mono=ui-monospace, monospace] - Code and output font.
 * @event {PyRunEvent} py-run - Just before code runs. Cancelable: `preventDefault()` skips the run.
 * @event {PyDoneEvent} py-done - After a run. `detail: { ok: boolean, error?: string }`.
 * @event {Event} py-exercise-change - After the reader's progress on this exercise changed (a check, a hint or the solution seen); read `exerciseProgress`.
 * @event {PyCheckEvent} py-check - After the hidden checks ran. `detail: { passed: boolean, checks: { name, passed, message? }[], attempts: number }`.
 */
export class PyReplElement extends LocalizedElement {
  static override styles = [hostStyles, styles, stoppedStyles];

  readonly #runs = new RunController(this);
  readonly #editor = new EditorController(this, {
    theme: () => this.#theme(),
    onRun: () => void this.run(),
    onEnter: () => this.#onEnter(),
    onHistory: (direction) => this.#onHistory(direction),
    // Only a ready interpreter: completion and hover must not start Python, nor call a dead one.
    complete: async (code, offset) => this.#runs.interpreter()?.complete(code, offset, this.scope) ?? [],
    hover: async (code, offset) => this.#runs.interpreter()?.describe(code, offset, this.scope) ?? null,
    onSourceError: (message) => new DomOutput(this.outputRegion).error(message),
    messages: () => this.locale.messages,
  });
  readonly #activation = new ActivationController(this, {
    eager: () => this.autorun || this.load === 'eager',
    visibleOnly: () => this.load === 'visible',
    onActivate: () => {
      this.#runs.start();
      this.#editor.upgrade();
    },
  });
  readonly #history = new ConsoleHistory();
  #connection?: AbortController;
  #autoran = false;

  @query('.output') private outputRegion!: HTMLElement;

  @state() private systemTheme: Theme = 'light';
  @state() private checkResults: CheckResult[] = [];
  @state() private progress: ExerciseProgress = NO_PROGRESS;
  /** What Copy or Share last did, or the link to copy by hand. */
  @state() private shareStatus?: { text: string } | { link: string };
  /** Why a share link for this REPL could not be opened. */
  @state() private sharedProblem?: ShareProblem;
  /** The share link data last opened here (a hashchange to the same link opens nothing new). */
  #sharedData?: string;
  #exercise: ExerciseContent = { hints: [] };
  #progressKey?: string;
  #progressLoaded = false;

  /** URL of a Python file loaded into the editor (not run). */
  @property({ reflect: true }) src?: string;

  /** Namespace the code runs in; shared with `<py-script>` and `<py-repl>` elements of the same scope. */
  @property({ reflect: true }) scope?: string;

  /** `editor`: each run replaces the output. `console`: a transcript; Enter runs a complete statement. */
  @property({ reflect: true }) mode: 'editor' | 'console' = 'editor';

  /** The code cannot be edited (it can still be run). */
  @property({ type: Boolean, reflect: true }) readonly = false;

  /** Do not keep the reader's edits in localStorage. */
  @property({ type: Boolean, attribute: 'no-persist' }) noPersist = false;

  /** No Share button, and share links (`#py-repl=…&py-code=…`) are not opened here. */
  @property({ type: Boolean, attribute: 'no-share' }) noShare = false;

  /**
   * `visible`: start Python and Monaco when the REPL nears the viewport or gets focus. `eager`: at once.
   * Unset: `<py-config>`'s `load`, else `visible`.
   */
  @property({ reflect: true }) load?: 'visible' | 'eager';

  /** Run the code once, as soon as Python is ready (implies starting Python at once). */
  @property({ type: Boolean, reflect: true }) autorun = false;

  /** `auto`: Monaco where it fits, a plain text area on touch-first devices. `plain`: always the text area. */
  @property({ reflect: true }) editor: 'auto' | 'plain' = 'auto';

  /** `light` or `dark`; unset follows prefers-color-scheme. Monaco's colours are one per page. */
  @property({ reflect: true }) theme?: 'light' | 'dark';

  /**
   * Run in the page's Web Worker interpreter: the page never freezes, and Stop always works (on a
   * page that is not cross-origin isolated it restarts the worker). There, `document`, `window` and
   * `element` need a cross-origin isolated page. Set it before the element connects.
   */
  @property({ type: Boolean, reflect: true }) worker = false;

  /** Attempts (runs with checks) before the solution can be revealed; 0: from the start. */
  @property({ type: Number, attribute: 'solution-after' }) solutionAfter = 1;

  /** Resolves once the editor holds the code: the author's (its `src` downloaded) or the reader's saved edit. */
  get codeReady(): Promise<void> {
    return this.#editor.ready;
  }

  /** The code in the editor. */
  get code(): string {
    return this.#editor.code;
  }
  set code(value: string) {
    this.#editor.code = value;
  }

  override connectedCallback() {
    super.connectedCallback();
    this.#exercise = readExercise(this);
    // Kept across visits like edits, and like edits not with no-persist (then only while the page is open).
    if (!this.#progressLoaded) {
      this.#progressLoaded = true;
      this.#progressKey = this.noPersist ? undefined : progressKey(this);
      this.progress = this.#progressKey ? loadProgress(this.#progressKey) : NO_PROGRESS;
    }
    this.#connection = new AbortController();
    const dark = matchMedia('(prefers-color-scheme: dark)');
    this.systemTheme = dark.matches ? 'dark' : 'light';
    dark.addEventListener('change', () => (this.systemTheme = dark.matches ? 'dark' : 'light'), {
      signal: this.#connection.signal,
    });
    if (!this.#autoran) {
      this.#autoran = true;
      // With a share link in the address, the REPL it names is known once the page is parsed (names
      // count the page's REPLs, as when it was shared); the link's REPL does not autorun.
      if (this.#takesShared()) {
        void this.#openSharedIfForMe().then((forMe) => {
          if (!forMe && this.autorun) void this.run();
        });
      } else if (this.autorun) void this.run();
    }
    addEventListener('hashchange', () => void this.#openSharedIfForMe(), { signal: this.#connection.signal });
  }

  /** Whether share links may open here, and the page's address carries one (for this REPL or another). */
  #takesShared(): boolean {
    return !this.noShare && !this.readonly && this.mode !== 'console' && sharedTarget() !== undefined;
  }

  /**
   * Shows the code of the share link in the address if it names this REPL: someone else's code, shown
   * and never run by itself. Resolves with whether the link was for this REPL (opened or damaged).
   */
  async #openSharedIfForMe(): Promise<boolean> {
    if (!this.#takesShared()) return false;
    await this.#editor.ready;
    const target = sharedTarget();
    if (!target || !this.isConnected || target.name !== elementName(this)) return false;
    if (target.data === this.#sharedData) return true; // already open
    this.#sharedData = target.data;
    try {
      const { readSharedCode } = await import('../../share/share-link.js');
      const code = await readSharedCode(target.data);
      this.sharedProblem = undefined;
      await this.#editor.showShared(code);
      this.scrollIntoView({ block: 'center' });
    } catch (error) {
      this.sharedProblem = (error as { problem?: ShareProblem }).problem ?? 'damaged';
    }
    return true;
  }

  /**
   * A link to this page that opens the REPL's current code here. Rejects with a `ShareError` whose
   * `problem` is `too-long` when the code does not fit in a link. Give the REPL an `id`: without one,
   * the link names it by its place among the page's REPLs.
   */
  async shareLink(): Promise<string> {
    const { shareLink } = await import('../../share/share-link.js');
    return shareLink(elementName(this), this.code);
  }

  async #copyCode(): Promise<void> {
    const t = this.locale.messages;
    this.#say((await copyText(this.code)) ? t.codeCopied : t.copyFailed);
  }

  /** Shows what Copy or Share did for a few seconds (a link to copy by hand stays until the next). */
  #say(message: string): void {
    const status = { text: message };
    this.shareStatus = status;
    setTimeout(() => {
      if (this.shareStatus === status) this.shareStatus = undefined;
    }, 8000);
  }

  async #share(): Promise<void> {
    const t = this.locale.messages;
    this.shareStatus = undefined; // the same message again is announced again
    // The clipboard write starts inside the click (Safari allows it only there); the link follows.
    const link = this.shareLink();
    const copied = copyText(link);
    let href: string;
    try {
      href = await link;
    } catch (error) {
      const { problem, size = 0 } = error as { problem?: string; size?: number };
      if (problem === 'too-long') {
        const { MAX_LINK_DATA } = await import('../../share/share-link.js');
        this.#say(t.shareTooLong(size, MAX_LINK_DATA));
      } else {
        console.error('py-elements: <py-repl> could not make a share link:', error);
        this.#say(t.shareFailed);
      }
      return;
    }
    // Where the browser does not allow it, the link is shown to be copied by hand.
    if (await copied) this.#say(t.linkCopied);
    else this.shareStatus = { link: href };
  }

  override disconnectedCallback() {
    super.disconnectedCallback();
    queueMicrotask(() => {
      if (!this.isConnected && this.outputRegion) cancelAsks(this.outputRegion); // removed, not moved
    });
    this.#connection?.abort();
  }

  protected override updated(changed: Map<string, unknown>) {
    const shown = this.shareStatus;
    if (changed.has('shareStatus') && shown && 'link' in shown)
      this.renderRoot.querySelector<HTMLInputElement>('[part~="share-status"] input')?.focus();
    if (changed.has('readonly')) this.#editor.setReadOnly(this.readonly);
    this.#editor.relabel(); // the language may have changed
    if (changed.has('theme') || changed.has('systemTheme')) this.#editor.setTheme(this.#theme());
  }

  #theme(): Theme {
    return this.theme ?? this.systemTheme;
  }

  /** Console mode: Enter runs complete input (the interactive interpreter's rules), else a newline. */
  #onEnter(): boolean {
    if (this.mode !== 'console') return false;
    const code = this.code;
    const interpreter = this.#runs.interpreter();
    const complete = interpreter?.isComplete ? interpreter.isComplete(code) : !/[:\\]\s*$/.test(code.split('\n').at(-1) ?? ''); // before Python loads: a colon or backslash continues
    if (!complete) return false;
    void this.run();
    return true;
  }

  #onHistory(direction: -1 | 1): boolean {
    if (this.mode !== 'console') return false;
    const text = this.#history.step(direction, this.code);
    if (text === undefined) return false;
    this.code = text;
    return true;
  }

  /** Runs the hidden checks after the reader's code and shows the results; fires py-check. */
  async #check(interpreter: Interpreter, codeRan: boolean): Promise<void> {
    const messages = this.locale.messages;
    const checks = readChecks(this, messages);
    if (checks.length === 0) return;
    const results = await runChecks(interpreter, checks, { scope: this.scope, element: this, codeRan, messages });
    this.checkResults = results;
    const passed = results.every((r) => r.passed);
    this.#saveProgress({ attempts: this.progress.attempts + 1, passed: this.progress.passed || passed });
    // Not dispatched inline: the manifest analyzer would list it as a second, nameless event (see @event).
    const event = new PyCheckEvent({ passed, checks: results, attempts: this.progress.attempts });
    this.dispatchEvent(event);
  }

  /** What the reader did with this REPL as an exercise (kept across visits unless no-persist). */
  get exerciseProgress(): ExerciseProgress {
    return this.progress;
  }

  #saveProgress(change: Partial<ExerciseProgress>): void {
    this.progress = { ...this.progress, ...change };
    if (this.#progressKey) saveProgress(this.#progressKey, this.progress);
    // For <py-progress>: a hint or the solution seen is progress to report too, not only a check.
    const event = new Event('py-exercise-change', { bubbles: true, composed: true });
    this.dispatchEvent(event);
  }

  /** Reveals the next hint, if any is left. */
  showHint(): void {
    if (this.progress.hintsShown < this.#exercise.hints.length) this.#saveProgress({ hintsShown: this.progress.hintsShown + 1 });
  }

  /** Reveals the solution, once the reader has made `solution-after` attempts. */
  showSolution(): void {
    if (this.#solutionOpen()) this.#saveProgress({ solutionShown: true });
  }

  #renderExercise() {
    const { hints, solution } = this.#exercise;
    const { attempts, hintsShown, solutionShown } = this.progress;
    if (!hints.length && solution === undefined && !attempts) return nothing;
    const open = this.#solutionOpen();
    const after = this.#solutionAfter();
    const t = this.locale.messages;
    return html`<div part="exercise" class="exercise">
        ${attempts ? html`<span part="attempts" class="attempts">${t.attempts(attempts)}</span>` : nothing}
        ${
          hintsShown < hints.length
            ? html`<button part="hint-button" type="button" @click=${() => this.#reveal(() => this.showHint(), 'hint')}>
              ${t.hintButton(hintsShown + 1, hints.length)}
            </button>`
            : nothing
        }
        ${
          solution !== undefined && !solutionShown
            ? html`<button part="solution-button" type="button" aria-disabled=${open ? 'false' : 'true'}
                aria-describedby=${open ? nothing : 'solution-locked'} @click=${() => this.#reveal(() => this.showSolution(), 'solution')}>
                ${t.showSolution}
              </button>
              ${open ? nothing : html`<span id="solution-locked" class="locked">${t.solutionAfter(after)}</span>`}`
            : nothing
        }
      </div>
      ${
        hints.length
          ? html`<ol part="hints" class="hints" aria-label=${t.hints} aria-live="polite" ?hidden=${!hintsShown}>
            ${hints.slice(0, hintsShown).map((hint) => html`<li part="hint" tabindex="-1">${hint}</li>`)}
          </ol>`
          : nothing
      }
      ${
        solutionShown && solution !== undefined
          ? html`<div class="solution" role="group" aria-labelledby="solution-caption">
            <span class="caption" id="solution-caption">${t.solution}</span><pre part="solution" tabindex="-1">${solution}</pre>
          </div>`
          : nothing
      }`;
  }

  /** `solution-after` as a count: a value that is not a number of attempts counts as the default, 1. */
  #solutionAfter(): number {
    const after = this.solutionAfter;
    return Number.isInteger(after) && after >= 0 ? after : 1;
  }

  #solutionOpen(): boolean {
    return this.#exercise.solution !== undefined && this.progress.attempts >= this.#solutionAfter();
  }

  /** A button that reveals something goes away (or moves on): focus what it revealed, not the page. */
  async #reveal(show: () => void, what: 'hint' | 'solution'): Promise<void> {
    const button = what === 'hint' ? 'hint-button' : 'solution-button';
    const before = this.shadowRoot?.querySelector(`[part~="${button}"]`);
    show();
    await this.updateComplete;
    if (this.shadowRoot?.querySelector(`[part~="${button}"]`) === before && before) return;
    const shown = [...(this.shadowRoot?.querySelectorAll<HTMLElement>(`[part~="${what}"]`) ?? [])].at(-1);
    shown?.focus();
  }

  /** Runs the editor's code (after runs already queued on the page) and resolves with the outcome. */
  async run(): Promise<PyDoneDetail | undefined> {
    await this.updateComplete;
    await this.#editor.ready;
    const code = this.code;
    // Shown at once, so the reader sees the run was taken while it waits for its turn or for Python.
    const out = new DomOutput(this.outputRegion);
    if (this.mode === 'console') {
      out.input(code);
      this.#history.push(code);
      this.code = '';
    } else {
      out.clear();
      this.checkResults = [];
    }
    this.#activation.activate();
    return this.#runs.run({
      source: { code, filename: elementLabel(this) },
      sink: () => out,
      scope: this.scope,
      element: this,
      wantValue: true,
      stoppable: true,
      ifRestarted: 'run', // the reader asked for it: run it on the new interpreter
      after: async (interpreter, result) => {
        if (result.ok && result.value !== undefined) out.value(result.value);
        if (this.mode === 'editor') await this.#check(interpreter, result.ok);
      },
      errors: () => out,
    });
  }

  /**
   * Stops the running code (KeyboardInterrupt) at its next breath, within about 50 ms. The page stays
   * responsive while REPL code runs, so this works even for `while True: pass`. In a worker without
   * cross-origin isolation, the worker is restarted instead (its definitions are lost).
   */
  stop(): void {
    if (!this.#runs.busy) return;
    cancelAsks(this.outputRegion); // code waiting in input() cannot reach its next breath otherwise
    this.#runs.stop();
  }

  /** Puts the author's original code back in the editor and forgets the reader's edits. */
  reset(): void {
    this.sharedProblem = undefined;
    this.#editor.reset();
  }

  /** Empties the output. */
  clear(): void {
    if (this.outputRegion) cancelAsks(this.outputRegion);
    this.outputRegion?.replaceChildren();
  }

  /** "This code came from a shared link": above the editor, so it is met before the code. */
  #renderShared(t: Messages) {
    const problem = this.sharedProblem;
    if (!this.#editor.showingShared && !problem) return nothing;
    return html`<div part="shared" class="notice shared" role="status">
      ${problem ? (problem === 'too-large' ? t.sharedTooLarge : t.sharedDamaged) : t.sharedNotice}
      ${problem ? nothing : html`<button type="button" @click=${() => this.#editor.leaveShared()}>${t.sharedBack}</button>`}
    </div>`;
  }

  /** What Copy or Share did: a live region that is always there (hidden only visually when empty). */
  #renderShareStatus(t: Messages) {
    const status = this.shareStatus;
    return html`<div part="share-status" class="notice ${status ? '' : 'visually-hidden'}" role="status">
      ${
        status && 'link' in status
          ? html`<label>${t.copyThisLink} <input type="text" readonly .value=${status.link} @focus=${selectAll} /></label>`
          : status?.text
      }
    </div>`;
  }

  protected override render() {
    const state = this.#runs.state ?? this.#runs.hub.state;
    const busy = this.#runs.busy;
    const { status, progress } = state;
    const percent = progress.total ? Math.round((100 * progress.loaded) / progress.total) : 0;
    const packages = this.#runs.runIn('running')?.packages;
    const t = this.locale.messages;
    const statusText = !busy
      ? ''
      : status === 'loading'
        ? t.loadingPython(percent)
        : packages
          ? t.loadingPackages(packages)
          : t.running;
    return html`<div class="frame" data-theme=${this.#theme()}>
      ${this.#renderShared(t)}
      <div part="editor" class="editor"><slot name="editor"></slot></div>
      <div part="toolbar" class="toolbar">
        <button part="run-button" class="run" type="button" title=${t.runTitle} aria-keyshortcuts="Shift+Enter Control+Enter" @click=${() => void this.run()}>
          <span aria-hidden="true">▶</span> ${t.run}
        </button>
        ${
          busy && status === 'ready'
            ? html`<button part="stop-button" class="stop" type="button" title=${t.stopTitle} @click=${() => this.stop()}>
              <span aria-hidden="true">■</span> ${t.stop}
            </button>`
            : nothing
        }
        <button part="reset-button" type="button" title=${t.resetTitle} ?hidden=${this.readonly} @click=${() => this.reset()}>${t.reset}</button>
        <button part="clear-button" type="button" title=${t.clearTitle} @click=${() => this.clear()}>${t.clear}</button>
        <button part="copy-button" type="button" title=${t.copyTitle} @click=${() => void this.#copyCode()}>${t.copy}</button>
        <button part="share-button" type="button" title=${t.shareTitle} ?hidden=${this.noShare} @click=${() => void this.#share()}>${t.share}</button>
        <span part="status" class="status" role="status">${statusText}${
          busy && status === 'loading' ? html`<progress max="100" value=${percent} aria-hidden="true"></progress>` : nothing
        }</span>
        <span class="hint" aria-hidden="true">${t.keyHint}</span>
      </div>
      ${this.#renderShareStatus(t)}
      ${
        this.#editor.editedElsewhere !== undefined
          ? html`<div part="edited-elsewhere" class="notice" role="status">
            ${t.editedElsewhere}
            <button type="button" @click=${() => this.#editor.takeEditFromElsewhere()}>${t.showThatVersion}</button>
          </div>`
          : nothing
      }
      ${stoppedBanner(state, this.#runs.hub.kind, () => this.#runs.restart(), t)}
      <div part="output" class="output" role="log" aria-live="polite" aria-label=${t.output}></div>
      ${
        this.checkResults.length
          ? html`<ul part="checks" class="checks" aria-label=${t.checks} aria-live="polite">
            ${this.checkResults.map(
              (check) =>
                html`<li part="check ${check.passed ? 'check-pass' : 'check-fail'}" class=${check.passed ? 'pass' : 'fail'}>
                  <span aria-hidden="true">${check.passed ? '✓' : '✗'}</span>
                  <span class="visually-hidden">${check.passed ? t.checkPassed : t.checkFailed}</span>
                  ${check.name}${check.message ? html`<span class="why"> — ${check.message}</span>` : nothing}
                </li>`,
            )}
          </ul>`
          : nothing
      }
      ${this.#renderExercise()}
    </div>`;
  }
}

defineElement('py-repl', PyReplElement);

declare global {
  interface HTMLElementTagNameMap {
    'py-repl': PyReplElement;
  }
}
