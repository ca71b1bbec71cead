/**
 * Default look of the output py-elements writes into the light DOM (so that page CSS can style it),
 * and of the elements while their code is on its way: a `<py-script>`'s code is not shown, a
 * `<py-repl>`'s is shown as code (define-on-demand.ts), from its text or its `<script type="text/python">`
 * (never its checks' or its solution's, nor what else it holds for readers without JavaScript: the
 * markdown build's `<pre>` of the same code), and a `<py-progress>` keeps its line.
 * Every selector sits inside :where(), so it has zero specificity and any rule of the page wins.
 * Colours come from custom properties documented in the README.
 */
/** The monospace stack of code and output (`--py-font-mono` overrides it). */
const MONO = 'var(--py-font-mono, ui-monospace, SFMono-Regular, Menlo, Consolas, monospace)';
/**
 * Room for Monaco's line numbers (monaco-editor.ts: lineNumbersMinChars 3, then 10px of decorations),
 * left by the plain editor standing in for it and by a waiting REPL that will have it: the code does
 * not move sideways when Monaco comes (not on touch-first devices, which keep the plain editor).
 */
const GUTTER = 'calc(3ch + 10px)';
/**
 * A waiting `<py-repl>` takes the place its editor will take, so that the page does not move when it
 * comes (py-repl.styles.ts): the frame's border and margin (1em of the page's text, here 1rem: this
 * element's em is the code's), the editor's padding and its 4 to 24 lines, and a bar below it (the
 * toolbar: 1px border, 0.4em padding, a button of 0.85rem/1.4 with 0.2em padding and 1px borders),
 * and for an exercise its bar too (the same at a line height of 1.6). The border follows the text's
 * colour: the element picks its light or dark theme only once defined.
 */
const BAR = '(2.21rem + 3px)';
const EXERCISE_BAR = '(2.38rem + 3px)';
const PENDING_BORDER = 'color-mix(in srgb, currentColor 20%, transparent)';

const PAGE_CSS = `
py-config { display: none !important; }
:where(py-script:not(:defined)) { display: none; }
:where(py-repl:not(:defined)) { display: block; margin: 1rem 0; border: 1px solid var(--py-repl-border, ${PENDING_BORDER}); border-radius: var(--py-repl-radius, 6px); white-space: pre; overflow: auto; min-block-size: 6em; max-block-size: 36em; padding: 0.6em 0.75em calc(0.6em + ${BAR}); font: 14px/1.5 ${MONO}; }
@media not all and (pointer: coarse), (any-pointer: fine) {
  :where(py-repl:not(:defined):not([editor='plain'])) { padding-inline-start: ${GUTTER}; }
}
:where(py-repl:not(:defined):has(> script[data-check], > script[data-solution], > template[data-hint])) { padding-block-end: calc(0.6em + ${BAR} + ${EXERCISE_BAR}); }
:where(py-repl:not(:defined):has(> script[type='text/python'])) { white-space: normal; }
:where(py-repl:not(:defined) > script[type='text/python']:not([data-check], [data-solution])) { display: block; white-space: pre; }
:where(py-repl:not(:defined):has(> script[type='text/python']) > :not(script)) { display: none; }
:where(py-progress:not(:defined)) { display: block; min-block-size: calc(0.95rem * 1.5); }
:where(.py-output) { white-space: pre-wrap; font-family: ${MONO}; font-size: var(--py-output-font-size, 0.9em); }
:where(.py-output:empty) { display: none; }
:where(.py-stderr) { color: var(--py-stderr-color, #b35900); }
:where(.py-hidden-lines) { font-style: italic; opacity: 0.75; }
:where(.py-ask) { display: inline-flex; align-items: baseline; gap: 0.25em; }
:where(.py-ask-field) { font: inherit; color: inherit; background: transparent; border: 0; border-bottom: 1px solid currentColor; min-inline-size: 12ch; padding: 0 0.2em; }
:where(.py-display) { white-space: normal; font-family: inherit; }
:where(.py-error) { white-space: pre-wrap; margin: 0.25em 0; padding: 0.5em 0.75em; border-left: 3px solid var(--py-error-border, #d1242f); background: var(--py-error-bg, #fff0f0); color: var(--py-error-color, #82071e); font-family: ${MONO}; font-size: 0.9em; overflow-x: auto; }
:where(.py-error-hint) { white-space: normal; margin: 0.5em 0 0; font-family: system-ui, sans-serif; font-weight: 600; }
:where(.py-repl-plain) { display: block; inline-size: 100%; margin: 0; padding: 0.6em 0.75em; border: 0; outline: none; resize: vertical; background: transparent; color: inherit; font: 14px/1.5 ${MONO}; tab-size: 4; white-space: pre; box-sizing: border-box; }
:where([data-monaco-coming] > .py-repl-plain) { padding-inline-start: ${GUTTER}; }
:where(.py-repl-plain[data-theme='light']) { color: var(--py-repl-fg, #1f2328); }
:where(.py-repl-plain[data-theme='dark']) { color: var(--py-repl-fg, #e6edf3); }
:where(.py-repl-plain:focus-visible) { box-shadow: inset 0 0 0 2px var(--py-accent, #3572a5); }
@media (prefers-color-scheme: dark) {
  :where(.py-stderr) { color: var(--py-stderr-color, #f0b072); }
  :where(.py-error) { background: var(--py-error-bg, #3b1219); color: var(--py-error-color, #ffb3b8); border-left-color: var(--py-error-border, #f85149); }
}
`;

const KEY = Symbol.for('py-elements.page-styles');

/** Adds the stylesheet to the document once, however many copies of the bundle run. */
export function installPageStyles(doc: Document = document): void {
  const holder = doc as unknown as Record<symbol, CSSStyleSheet | undefined>;
  if (holder[KEY]) return;
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(PAGE_CSS);
  // First, so that the page's own sheets (adopted later or in <style>) override it.
  doc.adoptedStyleSheets = [sheet, ...doc.adoptedStyleSheets];
  holder[KEY] = sheet;
}
