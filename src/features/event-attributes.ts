import { PyDoneEvent } from '../events/py-done.js';
import { errorMessage } from '../internal/error-message.js';
import { getRuntime, loadedRuntime } from '../runtime/hubs.js';
import type { PageInterpreter } from '../runtime/page/page-interpreter.js';

const PREFIX = 'py-';
const wired = new WeakMap<Element, Set<string>>();
// Page-wide, like the runtime: a second copy of the bundle must not wire every handler twice.
const STARTED = Symbol.for('py-elements.event-attributes');

/**
 * Wires `py-<event>="python"` attributes anywhere on the page: `<button py-click="count += 1">`.
 * The code runs in the scope named by the nearest `scope` attribute (the element's own or an
 * ancestor's; default: the main scope) with `event` bound. Python loads on the first such event.
 *
 * Elements are found once the page is parsed and whenever nodes are added; an attribute added later
 * to an element already on the page is not seen (add the element with the attribute instead).
 */
export function watchEventAttributes(doc: Document = document): void {
  const holder = doc as unknown as Record<symbol, boolean | undefined>;
  if (holder[STARTED]) return;
  holder[STARTED] = true;
  const scan = (root: Element) => {
    wire(root);
    const walker = doc.createTreeWalker(root, NodeFilter.SHOW_ELEMENT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) wire(node as Element);
  };
  const start = () => {
    scan(doc.documentElement);
    new MutationObserver((records) => {
      for (const record of records) {
        for (const node of record.addedNodes) if (node instanceof Element) scan(node);
      }
    }).observe(doc.documentElement, { childList: true, subtree: true });
  };
  if (doc.readyState === 'loading') doc.addEventListener('DOMContentLoaded', start, { once: true });
  else start();
}

function wire(element: Element): void {
  for (const name of element.getAttributeNames()) {
    if (!name.startsWith(PREFIX) || name.length === PREFIX.length) continue;
    const type = name.slice(PREFIX.length);
    const done = wired.get(element) ?? new Set<string>();
    if (done.has(type)) continue;
    done.add(type);
    wired.set(element, done);
    element.addEventListener(type, (event) => {
      const code = element.getAttribute(name);
      if (code === null) return; // attribute removed since
      const runtime = loadedRuntime();
      if (runtime) handle(runtime, element, name, code, event);
      else
        getRuntime().then(
          (loaded) => handle(loaded, element, name, code, event),
          (error) => report(element, name, error),
        );
    });
  }
}

function handle(runtime: PageInterpreter, element: Element, name: string, code: string, event: Event): void {
  const scope = element.closest('[scope]')?.getAttribute('scope') ?? undefined;
  const filename = `${name} on <${element.localName}${element.id ? ` #${element.id}` : ''}>`;
  const result = runtime.runAttribute(code, { scope, event, element, filename });
  if (!result.ok) report(element, name, result.error);
}

function report(element: Element, name: string, error: unknown): void {
  const message = errorMessage(error);
  console.error(`py-elements: the ${name} handler failed\n${message}`, element);
  element.dispatchEvent(new PyDoneEvent({ ok: false, error: message }));
}
