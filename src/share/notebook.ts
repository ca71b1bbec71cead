/** One cell of a page's code, in document order: Python, or the prose between (as markdown). */
export interface Cell {
  kind: 'code' | 'markdown';
  source: string;
}

/** Where the cells came from, written at the top of what is downloaded. */
export interface Origin {
  title: string;
  url: string;
}

/**
 * The page as a Python file in the "percent" format (`# %%` between cells), which VS Code, Spyder,
 * PyCharm and Jupytext open as cells; as plain Python it runs top to bottom. Prose is comments.
 */
export function toPythonFile(cells: readonly Cell[], origin: Origin): string {
  const parts = [`# ${oneLine(origin.title)}\n# From ${origin.url}\n`];
  for (const cell of cells) {
    if (cell.kind === 'code') parts.push(`# %%\n${withNewline(cell.source)}`);
    else parts.push(`# %% [markdown]\n${withNewline(cell.source).replace(/^/gm, '# ').replace(/^# $/gm, '#')}`);
  }
  return parts.join('\n');
}

/**
 * The page as a Jupyter notebook (nbformat 4.4: every Jupyter, JupyterLite, VS Code and Colab open it;
 * cell ids, which 4.5 requires, are added by Jupyter when it saves). Cells have no outputs: the
 * reader runs them.
 */
export function toNotebook(cells: readonly Cell[], origin: Origin): object {
  const heading: Cell = { kind: 'markdown', source: `*From [${escapeMarkdown(oneLine(origin.title))}](<${origin.url}>)*` };
  return {
    cells: [heading, ...cells].map((cell) =>
      cell.kind === 'code'
        ? { cell_type: 'code', execution_count: null, metadata: {}, outputs: [], source: lines(cell.source) }
        : { cell_type: 'markdown', metadata: {}, source: lines(cell.source) },
    ),
    metadata: {
      kernelspec: { name: 'python3', display_name: 'Python 3', language: 'python' },
      language_info: { name: 'python', file_extension: '.py', mimetype: 'text/x-python' },
    },
    nbformat: 4,
    nbformat_minor: 4,
  };
}

/** Notebook sources are lists of lines, each but the last ending in "\n". */
function lines(source: string): string[] {
  const text = source.replace(/\n+$/, '');
  return text ? text.split(/(?<=\n)/) : [];
}

function withNewline(text: string): string {
  const trimmed = text.replace(/\n+$/, '');
  return trimmed ? `${trimmed}\n` : '';
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim() || 'Python';
}

function escapeMarkdown(text: string): string {
  return text
    .replace(/[\\[\]*_`]/g, '\\$&')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;');
}
