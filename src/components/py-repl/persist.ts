import { hashText } from '../../internal/hash-text.js';

/**
 * What a REPL keeps in localStorage: the learner's edits here, and what they did with an exercise
 * (exercise.ts). The edit's key names the page, the element and a hash of the author's code, so
 * changing the original on the page invalidates old edits instead of showing stale code. Storage that
 * is full, disabled or blocked (private modes, sandboxed iframes) is ignored: persistence is a
 * convenience, never an error.
 */
const PREFIX = 'py-elements:repl:';

/**
 * How a REPL is named in its storage keys and share links: its id, or its place among the REPLs of
 * its document or shadow root.
 */
export function elementName(host: Element): string {
  const root = host.getRootNode() as Document | ShadowRoot;
  return host.id || String([...root.querySelectorAll(host.localName)].indexOf(host));
}

export function storageKey(page: string, element: string, authorCode: string): string {
  return `${PREFIX}${page}#${element}:${hashText(authorCode)}`;
}

export function loadStored(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

export function store(key: string, text: string): void {
  try {
    localStorage.setItem(key, text);
  } catch {
    // quota or disabled storage: keep working without persistence
  }
}

export function forget(key: string): void {
  try {
    localStorage.removeItem(key);
  } catch {
    // as above
  }
}
