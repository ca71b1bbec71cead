// Finds English left in text that should be in another language (the i18n tests): every run of Latin
// letters that is not on the allow-list of what stays as it is in every language.

/** Key names, format names, Python names and error types: the same in every language. */
const ALLOWED = new Set([
  // Keys, the product and the names of formats.
  'Shift',
  'Enter',
  'Ctrl',
  'Tab',
  'M',
  'Python',
  'UTF',
  'HTML',
  // Python names the messages quote.
  'if',
  'for',
  'while',
  'def',
  'class',
  'return',
  'global',
  'import',
  'None',
  'str',
  'int',
  'float',
  'list',
  'tuple',
  'len',
  'dir',
  'get',
  'sort',
  'coding',
  'latin',
  'script',
  'type',
  'text',
  'python',
  'src',
  // Error type names.
  'NameError',
  'TypeError',
  'ValueError',
  'KeyError',
  'IndexError',
  'AttributeError',
  'ZeroDivisionError',
  'RecursionError',
  'SyntaxError',
  'IndentationError',
  'UnboundLocalError',
  'AssertionError',
  'KeyboardInterrupt',
  'EOFError',
  'RuntimeError',
  'NoneType',
  // A hexadecimal byte's prefix (0x9F).
  'x',
]);

/** The English words in text: runs of Latin letters not on the allow-list (plus `allowed`). */
export function englishWords(text: string, allowed: Iterable<string> = []): string[] {
  const extra = new Set(allowed);
  return [...text.matchAll(/[A-Za-z]+/g)].map((m) => m[0]).filter((word) => !ALLOWED.has(word) && !extra.has(word));
}
