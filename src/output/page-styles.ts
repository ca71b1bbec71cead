/**
 * Default look of the output py-elements writes into the light DOM (so that page CSS can style it),
 * and of the elements while their code is on its way: a `<py-script>`'s code is not shown, a
 * `<py-repl>`'s is shown as code (define-on-demand.ts), from its text or its `<script type="text/python">`
 * (never its checks' or its solution's).
 * Every selector sits inside :where(), so it has zero specificity and any rule of the page wins.
 * Colours come from custom properties documented in the README.
 */
/** The monospace stack of code and output (`--py-font-mono` overrides it). */
const MONO = 'var(--py-font-mono, ui-monospace, SFMono-Regular, Menlo, Consolas, monospace)';

const PAGE_CSS = `
py-config { display: none !important; }
:where(py-script:not(:defined)) { display: none; }
:where(py-repl:not(:defined)) { display: block; white-space: pre; overflow-x: auto; padding: 0.6em 0.75em; font: 14px/1.5 ${MONO}; }
:where(py-repl:not(:defined):has(> script[type='text/python'])) { white-space: normal; }
:where(py-repl:not(:defined) > script[type='text/python']:not([data-check], [data-solution])) { display: block; white-space: pre; }
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
