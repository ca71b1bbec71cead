import type { PyExportElement } from './components/py-export/py-export.js';
import type { PyProgressElement } from './components/py-progress/py-progress.js';
import type { PyReplElement } from './components/py-repl/py-repl.js';
import type { PyScriptElement } from './components/py-script/py-script.js';
import { readPageConfig } from './config/read-config.js';
import { takenByOthers } from './internal/define.js';
import { errorMessage } from './internal/error-message.js';
import { tidyWaitingCode } from './internal/waiting-code.js';
import { whenParsed } from './internal/when-parsed.js';
import { hubFor } from './runtime/hubs.js';

/** The elements whose code (Lit, the editor, the output; elements.ts) py-elements.js loads on demand. */
const TAGS = ['py-script', 'py-repl', 'py-export', 'py-progress'];
const SELECTOR = TAGS.join(',');
/**
 * A REPL gets its code about a screen before the reader scrolls to it, so that it is an editor, not
 * raw text, when it comes into view (it starts Python later still, 200 px ahead: activation.ts).
 */
const AHEAD = '100% 0px';
/** Page-wide: a second copy of the bundle (CMS plugins) must not watch the page twice. */
const STARTED = Symbol.for('py-elements.define-on-demand');
const NOTE_ATTRIBUTE = 'data-py-elements-load-error';
const ignore = () => {};

/** The elements' classes, as defineElements() resolves with them. */
export interface ElementClasses {
  PyScriptElement: typeof PyScriptElement;
  PyReplElement: typeof PyReplElement;
  PyExportElement: typeof PyExportElement;
  PyProgressElement: typeof PyProgressElement;
}

let loading: Promise<ElementClasses> | undefined;
let markDefined!: () => void;
/** Resolves once the elements are defined: the page's watch ends then. */
const defined = new Promise<void>((resolve) => {
  markDefined = resolve;
});

/**
 * Loads the elements' code once the page has an element: at once for a `<py-script>` (it runs at
 * once, so its Python starts beside that download), a `<py-export>` or a `<py-progress>` (it counts
 * exercises done anywhere on the page); for a `<py-repl>` when it nears the viewport, or at once with
 * `load="eager"`, `autorun` or `<py-config> load = "eager"`. A page with none of them, or with REPLs
 * out of sight, loads only py-elements.js. Elements added later are seen when they are added; those
 * in a shadow root are not: defineElements() is for them.
 */
export function defineOnDemand(doc: Document = document): void {
  const holder = doc as unknown as Record<symbol, boolean | undefined>;
  if (holder[STARTED]) return;
  holder[STARTED] = true;
  for (const tag of TAGS) takenByOthers(tag); // said at once, not only when an element comes
  let eagerRepls = false;
  const load = () => void defineElements().catch(ignore); // reported beside the elements
  const nearView = new IntersectionObserver((entries) => entries.some((entry) => entry.isIntersecting) && load(), {
    rootMargin: AHEAD,
  });
  const found = (element: Element) => {
    if (customElements.get(element.localName)) return;
    // It runs at once: its Python starts beside its code's download (its run reports a failure).
    if (element.localName === 'py-script') hubFor(element).get().catch(ignore);
    if (element.localName === 'py-repl') {
      void whenParsed(doc).then(() => customElements.get('py-repl') || tidyWaitingCode(element));
    }
    const later = element.localName === 'py-repl' && !eagerRepls && !element.hasAttribute('autorun');
    if (later && element.getAttribute('load') !== 'eager') nearView.observe(element);
    else load();
  };
  const scan = (root: Element | Document) => {
    if (root instanceof Element && root.matches(SELECTOR)) found(root);
    for (const element of root.querySelectorAll(SELECTOR)) found(element);
  };
  const watch = new MutationObserver((records) => {
    for (const record of records) for (const node of record.addedNodes) if (node instanceof Element) scan(node);
  });
  // From now on: elements the parser has still to add (an async script) are seen as they come.
  watch.observe(doc, { childList: true, subtree: true });
  scan(doc);
  void defined.then(() => {
    watch.disconnect();
    nearView.disconnect();
  });
  // Only a page with settings can ask for eager REPLs; the common page reads none.
  if (doc.querySelector('py-config')) {
    readPageConfig(doc).then(
      (config) => {
        if (config.load !== 'eager') return;
        eagerRepls = true;
        if (doc.querySelector('py-repl')) load();
      },
      ignore, // reported where Python needs the settings
    );
  }
}

/**
 * Defines every element now, whether the page has one yet or not, and resolves with their classes
 * (to subclass, or for `instanceof`): for elements in a shadow root, which the page's watch does not
 * see, or before script calls an element's methods. A failure to load is shown beside each element
 * waiting for its code; the next call tries again.
 */
export function defineElements(): Promise<ElementClasses> {
  if (loading) return loading;
  askForWhatElementsImport();
  loading = import('./elements.js').then(
    (elements) => {
      for (const note of document.querySelectorAll(`[${NOTE_ATTRIBUTE}]`)) note.remove();
      markDefined();
      return elements;
    },
    (error: unknown) => {
      loading = undefined;
      report(error);
      throw error;
    },
  );
  return loading;
}

/**
 * The chunk the elements' chunk imports (the output code, shared with the loader: vite.config.ts),
 * asked for beside it: found only once the elements' chunk is parsed, it was a round trip later.
 * A failure is the elements' import's to report.
 */
function askForWhatElementsImport(): void {
  import('./output/dom-output.js').catch(() => {});
}

function report(error: unknown): void {
  const message =
    `py-elements: the elements' code could not be loaded (${errorMessage(error)}). ` +
    'Is the server reachable, and were all the files of dist/ deployed beside py-elements.js?';
  console.error(message);
  for (const element of document.querySelectorAll(TAGS.map((tag) => `${tag}:not(:defined)`).join(','))) {
    if (element.nextElementSibling?.hasAttribute(NOTE_ATTRIBUTE)) continue;
    // Beside the element, not in it: its content is its code, read once it is defined.
    const note = document.createElement('div');
    note.className = 'py-error';
    note.setAttribute('role', 'alert');
    note.setAttribute(NOTE_ATTRIBUTE, '');
    note.textContent = message;
    element.after(note);
  }
}
