import { css } from 'lit';

export const styles = css`
  :host {
    display: block;
    margin: 1em 0;
  }
  .frame {
    --_border: var(--py-repl-border, #d1d9e0);
    --_bg: var(--py-repl-bg, #ffffff);
    --_out-bg: var(--py-repl-output-bg, #f6f8fa);
    --_fg: var(--py-repl-fg, #1f2328);
    --_muted: #59636e;
    --_accent: var(--py-accent, #3572a5);
    --_run-bg: var(--py-accent, #3572a5);
    --_error-bg: var(--py-error-bg, #fff0f0);
    --_error-fg: var(--py-error-color, #82071e);
    --_stderr: var(--py-stderr-color, #9a4a00);
    --_mono: var(--py-font-mono, ui-monospace, SFMono-Regular, Menlo, Consolas, monospace);
    border: 1px solid var(--_border);
    border-radius: var(--py-repl-radius, 6px);
    background: var(--_bg);
    color: var(--_fg);
    overflow: hidden;
  }
  .frame[data-theme='dark'] {
    --_border: var(--py-repl-border, #3d444d);
    --_bg: var(--py-repl-bg, #0d1117);
    --_out-bg: var(--py-repl-output-bg, #151b23);
    --_fg: var(--py-repl-fg, #e6edf3);
    --_muted: #9198a1;
    --_accent: var(--py-accent, #4493f8);
    --_run-bg: var(--py-accent, #1f6feb); /* white text on it keeps 4.5:1 */
    --_error-bg: var(--py-error-bg, #3b1219);
    --_error-fg: var(--py-error-color, #ffb3b8);
    --_stderr: var(--py-stderr-color, #f0b072);
  }
  .editor {
    background: var(--_bg);
  }
  ::slotted([slot='editor']) {
    display: block;
  }
  .toolbar,
  .exercise {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5em;
    padding: 0.4em 0.6em;
    border-top: 1px solid var(--_border);
    background: var(--_out-bg);
    font: 0.85rem/1.4 system-ui, sans-serif;
  }
  button {
    font: inherit;
    color: var(--_fg);
    background: var(--_bg);
    border: 1px solid var(--_border);
    border-radius: 5px;
    padding: 0.2em 0.75em;
    cursor: pointer;
  }
  button.run {
    color: #fff;
    background: var(--_run-bg);
    border-color: var(--_run-bg);
    font-weight: 600;
  }
  button.stop {
    color: var(--_error-fg);
    border-color: currentColor;
  }
  button:focus-visible {
    outline: 2px solid var(--_accent);
    outline-offset: 2px;
  }
  .status {
    display: inline-flex;
    align-items: center;
    gap: 0.4em;
    color: var(--_muted);
  }
  progress {
    inline-size: 6em;
    block-size: 0.45em;
    accent-color: var(--_accent);
  }
  .hint {
    margin-inline-start: auto;
    color: var(--_muted);
    font-size: 0.9em;
  }
  .output {
    padding: 0.5em 0.75em;
    border-top: 1px solid var(--_border);
    background: var(--_out-bg);
    font: 0.85rem/1.5 var(--_mono);
    white-space: pre-wrap;
    overflow-wrap: anywhere;
    max-block-size: 30em;
    overflow-y: auto;
  }
  .output:empty {
    display: none;
  }
  [part='stderr'] {
    color: var(--_stderr);
  }
  [part='value'] {
    color: var(--_fg);
  }
  /* Set the value apart from printed output, as an interactive interpreter's prompt would. */
  [part='value']::before {
    content: '→ ';
    color: var(--_muted);
  }
  [part='hidden-lines'] {
    font-style: italic;
    color: var(--_muted);
  }
  [part='input'] {
    color: var(--_muted);
  }
  [part='error-hint'] {
    margin: 0.5em 0 0;
    white-space: normal;
    font-family: system-ui, sans-serif;
    font-weight: 600;
  }
  [part='error'] {
    margin: 0.25em 0;
    padding: 0.4em 0.6em;
    border-left: 3px solid var(--_error-fg);
    background: var(--_error-bg);
    color: var(--_error-fg);
    font: inherit;
    white-space: pre-wrap;
  }
  [part='ask'] {
    display: inline-flex;
    align-items: baseline;
    gap: 0.25em;
  }
  [part='ask-field'] {
    font: inherit;
    color: inherit;
    background: transparent;
    border: 0;
    border-bottom: 1px solid currentColor;
    min-inline-size: 12ch;
    padding: 0 0.2em;
  }
  [part='ask-field']:focus-visible {
    outline: 2px solid var(--_accent);
    outline-offset: 1px;
  }
  .notice {
    padding: 0.4em 0.75em;
    border-top: 1px solid var(--_border);
    background: var(--_out-bg);
    font: 0.85rem/1.6 system-ui, sans-serif;
  }
  .notice.shared {
    border-top: 0;
    border-bottom: 1px solid var(--_border);
  }
  .notice button {
    font: inherit;
    margin-inline-start: 0.5em;
  }
  .checks {
    list-style: none;
    margin: 0;
    padding: 0.4em 0.75em;
    border-top: 1px solid var(--_border);
    background: var(--_out-bg);
    font: 0.85rem/1.6 system-ui, sans-serif;
  }
  .checks .pass {
    color: var(--py-check-pass-color, #1a7f37);
  }
  .checks .fail {
    color: var(--py-check-fail-color, #cf222e);
  }
  .frame[data-theme='dark'] .checks .pass {
    color: var(--py-check-pass-color, #3fb950);
  }
  .frame[data-theme='dark'] .checks .fail {
    color: var(--py-check-fail-color, #ff7b72);
  }
  .checks .why {
    color: var(--_fg);
  }
  .exercise {
    padding-inline: 0.75em;
    line-height: 1.6;
  }
  .attempts {
    color: var(--_muted);
    margin-inline-end: auto;
  }
  button[aria-disabled='true'] {
    cursor: not-allowed;
    opacity: 0.55;
  }
  .locked {
    color: var(--_muted);
  }
  .hints[hidden] {
    display: none;
  }
  .hints,
  .solution {
    margin: 0;
    padding: 0.4em 0.75em 0.4em 2em;
    border-top: 1px solid var(--_border);
    background: var(--_out-bg);
  }
  .hints {
    font: 0.9rem/1.5 system-ui, sans-serif;
  }
  .solution {
    padding-left: 0.75em;
  }
  .solution .caption {
    font: 600 0.8rem/1.6 system-ui, sans-serif;
    color: var(--_muted);
  }
  .solution pre {
    margin: 0;
    font: 0.85rem/1.5 var(--py-font-mono, ui-monospace, monospace);
    white-space: pre-wrap;
  }
  [part='display'] {
    white-space: normal;
    font-family: system-ui, sans-serif;
  }
  .frame > .py-stopped {
    margin: 0.5em 0.6em;
  }
`;
