import { defineElement } from '../../internal/define.js';

/**
 * The page's settings, read once by the runtime (src/runtime/config.ts) when Python is first needed:
 * packages, files, where the interpreter is, the REPLs' `load` default, the snapshot policy and the
 * code-block `upgrade` selector (the keys are in the README). One per page. It is never shown; give it
 * `hidden` too, so its text does not flash before the library loads.
 *
 * Defined as an element so that editors, type checkers and the custom elements manifest know it;
 * it has no behaviour of its own.
 *
 * @summary Page-level settings for py-elements, in TOML or JSON, inline or loaded with `src`.
 * @tagname py-config
 * @attr {string} src - URL of a TOML or JSON file (`.json`, or text starting with `{`) used instead of the inline text.
 * @slot - The settings as TOML or JSON text.
 */
export class PyConfigElement extends HTMLElement {
  /** URL of a TOML or JSON file used instead of the inline text. */
  get src(): string | undefined {
    return this.getAttribute('src') ?? undefined;
  }

  set src(value: string | undefined) {
    if (value === undefined) this.removeAttribute('src');
    else this.setAttribute('src', value);
  }
}

defineElement('py-config', PyConfigElement);

declare global {
  interface HTMLElementTagNameMap {
    'py-config': PyConfigElement;
  }
}
