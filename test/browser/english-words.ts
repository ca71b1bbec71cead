// Finds English left in text that should be in another language (the i18n tests): every run of Latin
// letters that is not on the allow-list of what stays as it is in every language.

import kept from './english-allowed.json';

/** Key names, format names, Python names and error types: the same in every language. */
const ALLOWED = new Set([kept['keys and formats'], kept['python names'], kept['error types'], kept.other].flat());

/** The English words in text: runs of Latin letters not on the allow-list (plus `allowed`). */
export function englishWords(text: string, allowed: Iterable<string> = []): string[] {
  const extra = new Set(allowed);
  return [...text.matchAll(/[A-Za-z]+/g)].map((m) => m[0]).filter((word) => !ALLOWED.has(word) && !extra.has(word));
}
