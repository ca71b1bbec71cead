import { css, html } from 'lit';
import { property, state } from 'lit/decorators.js';
import { LocalizedElement } from '../../i18n/localized-element.js';
import { defineElement } from '../../internal/define.js';
import { hostStyles } from '../../internal/host.styles.js';
import type { ExportFormat } from '../../share/export-page.js';

/**
 * "Download this page's code": every `<py-script>` and `<py-repl>` on the page, in document order (a
 * REPL's code as the reader left it), as a Python file (`# %%` cells, which VS Code, Spyder and
 * Jupytext read as cells) or a Jupyter notebook (nbformat 4). The text between the blocks becomes
 * markdown cells (comments in the `.py`), unless `code-only`. Hidden checks and solutions are never
 * included. Nothing is sent anywhere: the file is made in the page.
 *
 * @summary Buttons that download the page's Python as a .py file or a .ipynb notebook.
 * @tagname py-export
 * @csspart download-py-button - The "Download .py" button.
 * @csspart download-ipynb-button - The "Download notebook" button.
 * @csspart status - Why nothing was downloaded, when that happens (a live region).
 * @cssprop [--py-accent=#3572a5] - Focus ring colour.
 */
export class PyExportElement extends LocalizedElement {
  static override styles = [
    hostStyles,
    css`
    :host {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 0.5em;
      font: 0.95rem/1.5 system-ui, sans-serif;
    }
    button {
      font: inherit;
      color: inherit;
      background: transparent;
      border: 1px solid #d1d9e0;
      border-radius: 5px;
      padding: 0.2em 0.75em;
      cursor: pointer;
    }
    button:focus-visible {
      outline: 2px solid var(--py-accent, #3572a5);
      outline-offset: 2px;
    }
  `,
  ];

  /** The downloaded file's name without its extension (default: from the page's title). */
  @property() filename?: string;

  /** A CSS selector for the part of the page to export (default: the page's `main` or `article`, else all of it). */
  @property() from?: string;

  /** Only the code: no markdown cells from the text between the blocks. */
  @property({ type: Boolean, attribute: 'code-only' }) codeOnly = false;

  @state() private status = '';

  /** The file's text in `format`, as it would be downloaded; undefined when the page has no Python. */
  async exportText(format: ExportFormat): Promise<string | undefined> {
    const { exportText } = await import('../../share/export-page.js');
    return exportText(this.#root(), format, !this.codeOnly);
  }

  /** Downloads the page's code as `format`. */
  async download(format: ExportFormat): Promise<void> {
    this.status = '';
    try {
      const { exportPage } = await import('../../share/export-page.js');
      if (!(await exportPage(this.#root(), format, !this.codeOnly, this.filename))) {
        this.status = this.locale.messages.exportNothing;
      }
    } catch (error) {
      this.status = this.locale.messages.exportFailed((error as Error).message);
      console.error('py-elements: <py-export>:', error);
    }
  }

  #root(): ParentNode {
    if (this.from) {
      const root = document.querySelector(this.from);
      if (!root) throw new Error(this.locale.messages.exportFromMissing(this.from));
      return root;
    }
    return document.querySelector('main, article') ?? document.body;
  }

  protected override render() {
    const t = this.locale.messages;
    return html`<button part="download-py-button" type="button" @click=${() => void this.download('py')}>${t.downloadPy}</button>
      <button part="download-ipynb-button" type="button" @click=${() => void this.download('ipynb')}>${t.downloadNotebook}</button>
      <span part="status" role="status" class=${this.status ? '' : 'visually-hidden'}>${this.status}</span>`;
  }
}

defineElement('py-export', PyExportElement);

declare global {
  interface HTMLElementTagNameMap {
    'py-export': PyExportElement;
  }
}
