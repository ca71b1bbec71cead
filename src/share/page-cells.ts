import TurndownService from 'turndown';
import { fetchSource } from '../internal/fetch-source.js';
import { readInlineCode } from '../internal/inline-code.js';
import type { Cell } from './notebook.js';

/** The elements whose code becomes cells. */
const CODE_ELEMENTS = 'py-script, py-repl';
/** Never prose: our elements (their code is a cell; their chrome is not text), scripts, page chrome. */
const NOT_PROSE = [
  'py-script',
  'py-repl',
  'py-config',
  'py-progress',
  'py-export',
  'script',
  'style',
  'template',
  'noscript',
  'nav',
  'aside',
  'button',
  'form',
] as const;

interface CodeElement extends HTMLElement {
  src?: string;
  code?: string;
  codeReady?: Promise<void>;
  mode?: string;
}

/**
 * The page's code in document order, a cell per `<py-script>` and `<py-repl>` under `root` (a REPL's
 * as the reader left it), and with `prose` the text between them as markdown cells. A REPL's hidden
 * checks and solution are never included.
 */
export async function pageCells(root: ParentNode, prose: boolean): Promise<Cell[]> {
  const elements = [...root.querySelectorAll<CodeElement>(CODE_ELEMENTS)].filter(
    (el) => !el.parentElement?.closest(CODE_ELEMENTS), // a REPL inside another element's output is output
  );
  const markdown = prose ? turndown() : undefined;
  const cells: Cell[] = [];
  let after: Node | undefined;
  for (const el of [...elements, undefined]) {
    if (markdown) {
      const text = proseBetween(root, after, el, markdown);
      if (text) cells.push({ kind: 'markdown', source: text });
    }
    if (!el) break;
    const source = await codeOf(el);
    if (source.trim()) cells.push({ kind: 'code', source });
    after = el;
  }
  return cells;
}

async function codeOf(el: CodeElement): Promise<string> {
  if (el.localName === 'py-repl') {
    await el.codeReady; // a REPL's src may still be downloading
    return el.mode === 'console' ? '' : (el.code ?? '');
  }
  try {
    return el.src ? (await fetchSource(el.src)).code : readInlineCode(el);
  } catch (error) {
    return `# This block's code could not be read: ${(error as Error).message}\n`;
  }
}

function proseBetween(root: ParentNode, after: Node | undefined, before: Node | undefined, markdown: TurndownService): string {
  const range = document.createRange();
  if (after) range.setStartAfter(after);
  else range.setStart(root as Node, 0);
  if (before) range.setEndBefore(before);
  else range.setEnd(root as Node, root.childNodes.length);
  const fragment = range.cloneContents();
  for (const hidden of fragment.querySelectorAll('[hidden], [aria-hidden="true"]')) hidden.remove();
  return markdown.turndown(fragment).trim();
}

function turndown(): TurndownService {
  const service = new TurndownService({ headingStyle: 'atx', codeBlockStyle: 'fenced', bulletListMarker: '-' });
  service.remove([...NOT_PROSE] as unknown as TurndownService.Filter);
  // Text that reads "<img …>" on the page is text in the notebook too, not a tag a viewer would render.
  const escape = service.escape.bind(service);
  service.escape = (text) => escape(text).replace(/&/g, '&amp;').replace(/</g, '&lt;');
  return service;
}
