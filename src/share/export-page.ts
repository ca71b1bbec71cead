import { download, fileStem } from './download.js';
import { type Origin, toNotebook, toPythonFile } from './notebook.js';
import { pageCells } from './page-cells.js';

/** The formats a page's code downloads as. */
export type ExportFormat = 'py' | 'ipynb';

/**
 * What the page is: its title and address, without a fragment (a share link's code is not the
 * page's) or a query (it may hold a course platform's session token).
 */
function origin(): Origin {
  const url = new URL(location.href);
  url.hash = '';
  url.search = '';
  return { title: document.title, url: url.href };
}

/** The page's code under `root` as the text of a `.py` file or a `.ipynb` notebook; undefined if it has none. */
export async function exportText(root: ParentNode, format: ExportFormat, prose: boolean): Promise<string | undefined> {
  const cells = await pageCells(root, prose);
  if (!cells.some((cell) => cell.kind === 'code')) return undefined;
  return format === 'py' ? toPythonFile(cells, origin()) : `${JSON.stringify(toNotebook(cells, origin()), null, 1)}\n`;
}

/** Downloads the page's code as `<stem>.py` or `<stem>.ipynb`; false if it has none. */
export async function exportPage(root: ParentNode, format: ExportFormat, prose: boolean, stem?: string): Promise<boolean> {
  const text = await exportText(root, format, prose);
  if (text === undefined) return false;
  const name = `${fileStem(stem || document.title)}.${format}`;
  download(name, text, format === 'py' ? 'text/x-python' : 'application/x-ipynb+json');
  return true;
}
