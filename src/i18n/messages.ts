import type { RuntimeFailureId } from '../runtime/contract.js';

/**
 * Every string the elements show or announce, in English: the source of truth for the other tables
 * (ko.ts, fr.ts), which TypeScript holds to the same keys (`const ko: Messages`). An entry is a
 * string, or a function of its arguments where the sentence needs them (numbers, plurals, names).
 * Python's own text (tracebacks, printed output), key names and Python names stay as they are.
 */
export const en = {
  // The REPL's toolbar.
  run: 'Run',
  runTitle: 'Run (Shift+Enter)',
  stop: 'Stop',
  stopTitle: 'Stop the running code',
  reset: 'Reset',
  resetTitle: 'Restore the original code',
  clear: 'Clear',
  clearTitle: 'Clear the output',
  keyHint: 'Shift+Enter runs · Ctrl+M: Tab leaves the editor',
  editedElsewhere: 'This code was changed in another tab.',
  showThatVersion: 'Show that version',
  output: 'Output',

  // Statuses.
  loadingPython: (percent: number) => `Loading Python… ${percent}%`,
  loadingPythonLabel: 'Loading Python',
  loadingPackages: (packages: string) => `Loading ${packages}…`,
  running: 'Running…',
  waiting: 'Waiting for the Python before this block to finish…',

  // Checks and the exercise row.
  checks: 'Checks',
  checkPassed: 'Passed:',
  checkFailed: 'Failed:',
  checkName: (n: number) => `Check ${n}`,
  checkNotRun: 'your code raised an error; fix it first',
  attempts: (n: number): string => (n === 1 ? '1 attempt' : `${n} attempts`),
  hintButton: (n: number, total: number) => `Hint ${n} of ${total}`,
  hints: 'Hints',
  showSolution: 'Show the solution',
  solutionAfter: (n: number): string => (n === 1 ? 'after your first attempt' : `after ${n} attempts`),
  solution: 'Solution',
  progress: (passed: number, total: number) => `${passed} of ${total} ${total === 1 ? 'exercise' : 'exercises'} passed`,

  // Taking code away: a REPL's Copy and Share, and <py-export>.
  copy: 'Copy',
  copyTitle: 'Copy the code',
  codeCopied: 'Code copied.',
  copyFailed: 'This browser did not allow copying: select the code and press Ctrl+C.',
  share: 'Share',
  shareTitle: 'Copy a link that opens this code in this REPL',
  linkCopied: 'Link copied: it opens this code here, for whoever you send it to.',
  copyThisLink: 'Copy this link:',
  shareFailed: 'A link could not be made for this code.',
  shareTooLong: (size: number, max: number) =>
    `This code is too long for a link (${size} characters compressed, at most ${max}): copy it or download the page's code instead.`,
  sharedNotice: 'This code came from a shared link. It has not run: read it before you run it.',
  sharedBack: "Back to this page's code",
  sharedDamaged: 'The code in this link could not be opened: the link is damaged (was it cut off?).',
  sharedTooLarge: 'The code in this link is too large to open.',
  downloadPy: 'Download .py',
  downloadNotebook: 'Download notebook (.ipynb)',
  exportNothing: 'There is no Python on this page to download.',
  exportFailed: (reason: string) => `The download could not be made: ${reason}`,
  exportFromMissing: (selector: string) => `from="${selector}" matches nothing on this page.`,

  // When Python dies (the reason is the interpreter's own text).
  stopped: (worker: boolean): string => (worker ? 'Python (worker) stopped:' : 'Python stopped:'),
  stoppedDetail: (reason: string) => `${reason}. What it had defined is gone.`,
  restart: 'Restart Python',

  // Output.
  inputLabel: 'Input for the Python program',
  hiddenLines: (n: number) => `… ${n.toLocaleString('en')} earlier lines hidden`,
  hiddenChars: (n: number) => `… ${n.toLocaleString('en')} earlier characters hidden`,
  unknownError: 'Unknown error',
  holdQuestion:
    'Python has been running for a while, and this browser cannot pause it to let the page respond ' +
    '(it has no JavaScript Promise Integration). Stop it?\n\n' +
    'OK stops it (KeyboardInterrupt); Cancel lets it run on.',

  // The editor: its accessible name, and Monaco's context menu and command palette.
  codeLabel: 'Python code',
  runAction: 'Run',
  enterAction: 'Run if complete, else new line',
  previousInput: 'Previous input',
  nextInput: 'Next input',
  toggleTabFocus: 'Toggle Tab Key Moves Focus',

  // Errors about the author's code or its file, shown at the element.
  strayHtml: (tag: string, stray: string) =>
    `This <${tag}> contains HTML: the browser read part of the Python code as a <${stray}> tag ` +
    '(a "<" followed by a letter starts a tag in HTML). Wrap the code in ' +
    '<script type="text/python"> … </script> so it is kept exactly as written.',
  srcNotLoaded: (src: string) => `Could not load src="${src}"`,
  networkError: (what: string, url: string, detail: string) => `${what} (${url}): network error: ${detail}`,
  serverAnswered: (what: string, url: string, status: string) => `${what}: ${url} answered ${status}`,
  unknownEncoding: (where: string, declared: string) => `${where}: unknown encoding "${declared}" in its coding declaration`,
  notDeclaredEncoding: (where: string, declared: string) =>
    `${where}: the file is not valid ${declared}, as its coding declaration says`,
  notUtf8: (where: string, byte: string, line: number) =>
    `${where}: the file is not UTF-8 (byte 0x${byte} on line ${line}) and declares no ` +
    'encoding: save it as UTF-8, or add a line such as "# -*- coding: latin-1 -*-" at the top',

  /** Python itself failed (src/runtime/failure.ts); the detail is the engine's or the server's own text. */
  failures: {
    stopped: (detail: string) => `Python stopped: ${detail}`,
    'stopped-restart': (detail: string) => `Python stopped: ${detail}. Press Restart to start it again.`,
    'could-not-start': (detail: string) => `Python could not start: ${detail}`,
    restarted: () => 'Python was restarted',
    'worker-stopped': (detail: string) => `Python (worker) stopped: ${detail}`,
    'worker-restarted': () => 'Python (worker) was restarted',
    'worker-not-running': () => 'Python (worker) is not running',
    'worker-restarted-to-stop': () =>
      'KeyboardInterrupt: the worker was restarted to stop the code, so what it had defined is gone',
  } satisfies Record<RuntimeFailureId, (detail: string) => string>,

  /**
   * The one-line explanations above a beginner's traceback, by the id Python's side chose
   * (src/runtime/python/pyelements/_explain.py), with its arguments.
   */
  errorHints: {
    indentation: () =>
      'The spaces at the start of a line are off: the lines of a block (after a line ending in ":") must all be indented the same, and only those.',
    'unclosed-bracket': () =>
      'A bracket (, [ or { is opened and never closed: look for the missing one on this line or just before.',
    'unclosed-string': () => 'A string is opened with a quote and never closed: add the matching quote.',
    'missing-colon': () => 'A line that starts a block (if, for, while, def, class…) must end with a colon ":".',
    'assign-vs-compare': () => 'To compare two values use "==", not "=" (which gives a name a value).',
    syntax: () => 'Python could not read this line: look for a missing colon, bracket, quote or comma on it or just before it.',
    'name-not-defined': (name: string) =>
      `"${name}" is not defined here: check its spelling (capitals count), and that it is assigned or imported before this line runs.`,
    'unbound-local': (name: string) =>
      `"${name}" is assigned somewhere in this function, so Python treats it as the function's own and it has no value yet here. Assign it first, or use "global ${name}".`,
    'str-plus-number': () =>
      'Text and a number cannot be added: turn the number into text with str(...), or the text into a number with int(...) or float(...).',
    'missing-argument': (name: string) =>
      `${name}() was called with fewer arguments than it needs: look at the values in the parentheses.`,
    'too-many-arguments': (name: string) => `${name}() was called with more arguments than it takes.`,
    'not-callable': (type: string) =>
      `A ${type} value was called like a function (with parentheses after it): is a multiplication sign or a comma missing, or was a function's name reused for a value?`,
    'none-subscript': () =>
      'Something is None where a list or dictionary was expected: often a function that returns nothing (no return), or a method such as sort() that changes a list in place and returns None.',
    'not-subscriptable': (type: string) =>
      `A ${type} value cannot be indexed with [...]: only sequences (str, list, tuple) and dictionaries can.`,
    'zero-division': () => 'A number was divided by zero, which has no result: check the value of the divisor first.',
    'index-out-of-range': () => 'That position is past the end: positions start at 0, so the last one is len(...) - 1.',
    'missing-key': (key: string) => `The dictionary has no key ${key}: check its spelling, or use .get(${key}) for a default.`,
    'none-attribute': (name: string) =>
      `Something is None where an object with .${name} was expected: often a function that returns nothing (no return).`,
    'missing-attribute': (name: string, type?: string) =>
      `${type ? `A ${type} value has` : 'This has'} no attribute "${name}": check its spelling; dir(...) lists what a value has.`,
    'not-a-number': (text: string) =>
      `The text ${text} is not a number, so it cannot be converted: check what was typed or read.`,
    recursion: () =>
      'A function kept calling itself and never stopped: check that it has a case that returns without calling itself.',
  },
};

/** A language's table: every key of the English one, with the same arguments. */
export type Messages = typeof en;
