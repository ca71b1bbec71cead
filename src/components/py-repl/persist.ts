import { hashText } from '../../internal/hash-text.js';

/**
 * A learner's edits to a REPL, kept in localStorage. The key names the page, the element and a hash of
 * the author's code, so changing the original on the page invalidates old edits instead of showing
 * stale code. Storage that is full, disabled or blocked (private modes, sandboxed iframes) is ignored:
 * persistence is a convenience, never an error.
 */
const PREFIX = 'py-elements:repl:';

export function storageKey(page: string, element: string, authorCode: string): string {
  return `${PREFIX}${page}#${element}:${hashText(authorCode)}`;
}

export function loadEdit(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

export function saveEdit(key: string, text: string): void {
  try {
    localStorage.setItem(key, text);
  } catch {
    // quota or disabled storage: keep working without persistence
  }
}

export function forgetEdit(key: string): void {
  try {
    localStorage.removeItem(key);
  } catch {
    // as above
  }
}
