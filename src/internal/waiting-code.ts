import { dedent } from './dedent.js';
import { isCodeScript, pythonScripts } from './inline-code.js';

/**
 * A `<py-repl>` waiting for its editor shows its code as text (output/page-styles.ts). As written in a
 * page the code carries its markup: the line break after `<script type="text/python">` showed as a
 * blank first line, the indentation of the page's HTML as a margin, and the code jumped when the
 * editor came. Here it is tidied as the editor will show it: `dedent()`, which the element applies
 * again when it reads the code (the same result: dedent() of dedented code changes nothing).
 *
 * Call it only once the element is whole (whenParsed()): while the parser still adds its text, a
 * part dedented apart from the rest could change the code's meaning. The text node is edited, not
 * the script's `text`, which a Trusted Types policy would ask for (it is never run as a script).
 */
export function tidyWaitingCode(repl: Element): void {
  const script = pythonScripts(repl).find(isCodeScript); // the one readInlineCode() reads
  // The code: the script's text, else the element's own text (no other children: then it is either
  // an error the element explains once defined, or text this does not try to follow).
  const holder = script ?? (repl.children.length ? undefined : repl);
  const text = holder?.childNodes.length === 1 ? holder.firstChild : null;
  if (!(text instanceof Text)) return;
  const tidy = dedent(text.data);
  if (tidy !== text.data) text.data = tidy;
}
