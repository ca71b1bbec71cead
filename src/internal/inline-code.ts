import { type Messages, en } from '../i18n/messages.js';
import { dedent } from './dedent.js';

/** Marks the containers py-elements adds to an element, so they are never read as code. */
export const OWN_NODE_ATTRIBUTE = 'data-py-elements';

/**
 * Reads the Python written inside an element: a child `<script type="text/python">` (the safe form:
 * the parser keeps `<` and `&` as written), else the element's text. If the parser has turned part
 * of the code into elements, say so (in `messages`' language) and how to fix it, instead of running
 * mangled code.
 */
export function readInlineCode(host: Element, messages: Messages = en): string {
  const scripts = pythonScripts(host);
  const script = scripts.find(isCodeScript);
  if (script) return dedent(script.text);
  const stray = [...host.children].find(
    (child) =>
      !child.hasAttribute(OWN_NODE_ATTRIBUTE) &&
      !scripts.includes(child as HTMLScriptElement) &&
      !(child instanceof HTMLTemplateElement && child.hasAttribute('data-hint')),
  );
  if (stray) {
    throw new Error(messages.strayHtml(host.localName, stray.localName));
  }
  const text = [...host.childNodes]
    .filter((node) => node.nodeType === Node.TEXT_NODE || node.nodeType === Node.CDATA_SECTION_NODE)
    .map((node) => node.textContent)
    .join('');
  return dedent(text);
}

/** Whether one of an element's Python scripts is its code: neither a check nor a solution. */
export const isCodeScript = (script: HTMLScriptElement) =>
  !script.hasAttribute('data-check') && !script.hasAttribute('data-solution');

/** The element's `<script type="text/python">` children, checks (`data-check`) and solutions included. */
export function pythonScripts(host: Element): HTMLScriptElement[] {
  return [...host.children].filter(
    (child): child is HTMLScriptElement => child instanceof HTMLScriptElement && child.type === 'text/python',
  );
}
