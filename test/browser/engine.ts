// Which engine a browser test runs in (the suite runs in Chromium, Firefox and WebKit), and the one way
// a test is left out of an engine: skipped there, with the reason in its title, so the report shows it.

export type Engine = 'chromium' | 'firefox' | 'webkit';

/**
 * The engine of this page, from its user agent (Chromium and WebKit both say "AppleWebKit"; headless
 * Chromium says "HeadlessChrome/", so no word boundary before "Chrome").
 */
export const engine: Engine = /Firefox\//.test(navigator.userAgent)
  ? 'firefox'
  : /Chrom(e|ium)\//.test(navigator.userAgent)
    ? 'chromium'
    : 'webkit';

/** JavaScript Promise Integration: Python can suspend for the page (Chromium, Firefox; not WebKit). */
export const hasJSPI = 'Suspending' in WebAssembly;

// The engines tested here differ in JSPI exactly where the user agent says they differ: if not, the
// detection above is wrong, and every skip would silently skip the wrong engine's tests.
if ((engine === 'webkit') === hasJSPI) {
  throw new Error(`test/browser/engine.ts took ${navigator.userAgent} for ${engine}, which JSPI contradicts`);
}

type Reasons = Partial<Record<Engine, string>>;
type TestFn = (this: Mocha.Context) => unknown;

/** Mocha's `it`, skipped in the engines `reasons` names, with that engine's reason in the title. */
export function itExcept(reasons: Reasons): (title: string, fn: TestFn) => void {
  const reason = reasons[engine];
  if (!reason) return (title, fn) => it(title, fn);
  return (title, fn) => it.skip(`${title} [skipped in ${engine}: ${reason}]`, fn);
}

/** Mocha's `describe`, skipped as a whole in the engines `reasons` names. */
export function describeExcept(reasons: Reasons): (title: string, fn: (this: Mocha.Suite) => void) => void {
  const reason = reasons[engine];
  if (!reason) return (title, fn) => describe(title, fn);
  return (title, fn) => describe.skip(`${title} [skipped in ${engine}: ${reason}]`, fn);
}

// Without JSPI a run that holds the page asks the reader through confirm(), and input() inside a
// function falls back to prompt(). Under WebDriver such a dialog would block the test page until the
// driver dismisses it. Tests that expect a dialog replace these; any other held run stops at its first
// question (10 s) instead of hanging its file, and a stray prompt() answers as if cancelled.
if (!hasJSPI) {
  window.confirm = () => true;
  window.prompt = () => null;
}
