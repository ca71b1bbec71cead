import type { ErrorHint } from '../runtime/contract.js';

/**
 * The one-line explanations shown above a beginner's traceback, by the id Python's side chose
 * (src/runtime/python/pyelements/_explain.py). One table, so the interface's language can be chosen
 * in one place.
 */
const HINTS: Record<string, (...args: string[]) => string> = {
  indentation: () =>
    'The spaces at the start of a line are off: the lines of a block (after a line ending in ":") must all be indented the same, and only those.',
  'unclosed-bracket': () =>
    'A bracket (, [ or { is opened and never closed: look for the missing one on this line or just before.',
  'unclosed-string': () => 'A string is opened with a quote and never closed: add the matching quote.',
  'missing-colon': () => 'A line that starts a block (if, for, while, def, class…) must end with a colon ":".',
  'assign-vs-compare': () => 'To compare two values use "==", not "=" (which gives a name a value).',
  syntax: () => 'Python could not read this line: look for a missing colon, bracket, quote or comma on it or just before it.',
  'name-not-defined': (name) =>
    `"${name}" is not defined here: check its spelling (capitals count), and that it is assigned or imported before this line runs.`,
  'unbound-local': (name) =>
    `"${name}" is assigned somewhere in this function, so Python treats it as the function's own and it has no value yet here. Assign it first, or use "global ${name}".`,
  'str-plus-number': () =>
    'Text and a number cannot be added: turn the number into text with str(...), or the text into a number with int(...) or float(...).',
  'missing-argument': (name) => `${name}() was called with fewer arguments than it needs: look at the values in the parentheses.`,
  'too-many-arguments': (name) => `${name}() was called with more arguments than it takes.`,
  'not-callable': (type) =>
    `A ${type} value was called like a function (with parentheses after it): is a multiplication sign or a comma missing, or was a function's name reused for a value?`,
  'none-subscript': () =>
    'Something is None where a list or dictionary was expected: often a function that returns nothing (no return), or a method such as sort() that changes a list in place and returns None.',
  'not-subscriptable': (type) =>
    `A ${type} value cannot be indexed with [...]: only sequences (str, list, tuple) and dictionaries can.`,
  'zero-division': () => 'A number was divided by zero, which has no result: check the value of the divisor first.',
  'index-out-of-range': () => 'That position is past the end: positions start at 0, so the last one is len(...) - 1.',
  'missing-key': (key) => `The dictionary has no key ${key}: check its spelling, or use .get(${key}) for a default.`,
  'none-attribute': (name) =>
    `Something is None where an object with .${name} was expected: often a function that returns nothing (no return).`,
  'missing-attribute': (name, type) =>
    `${type ? `A ${type} value has` : 'This has'} no attribute "${name}": check its spelling; dir(...) lists what a value has.`,
  'not-a-number': (text) => `The text ${text} is not a number, so it cannot be converted: check what was typed or read.`,
  recursion: () =>
    'A function kept calling itself and never stopped: check that it has a case that returns without calling itself.',
};

/** The explanation for `hint`, or undefined if there is none (or it names an id this table lacks). */
export function errorHint(hint: ErrorHint | undefined): string | undefined {
  if (!hint) return undefined;
  const [id, ...args] = hint;
  return Object.hasOwn(HINTS, id) ? HINTS[id](...args) : undefined;
}
