// (m) The REPL editor's time to interactive beside Python's start: navigation start → Monaco in
// place of the text area (the `py-elements: editor ready` mark), in a `<py-repl load="eager">` that
// starts Python and Monaco together, against the same REPL whose Python start fails at once (its
// index-url has no interpreter), where Monaco has the page to itself. Both run on the main thread, so
// the ratio is what Python's start costs the editor. Cold and warm, interleaved, Chromium.
import { openBrowser } from './browser.mjs';
import { fmt, ratio, summarize, table } from './stats.mjs';

export const EDITOR_CASES = ['python', 'alone'];
const TIMEOUT = 90_000;

/** Records, in the page clock, when Python was ready or failed to start. */
function instrument() {
  window.__editor = { python: null };
  const at = () => (window.__editor.python ??= performance.now());
  document.addEventListener('py-runtime-ready', at);
  document.addEventListener('py-runtime-error', at);
}

async function load(page, url, what) {
  await page.goto(url, { waitUntil: 'commit' });
  try {
    await page.waitForFunction(
      () => performance.getEntriesByName('py-elements: editor ready').length && window.__editor.python !== null,
      null,
      { timeout: TIMEOUT, polling: 50 },
    );
  } catch (error) {
    throw new Error(
      `${what}: no editor, or Python neither ready nor failed, after ${TIMEOUT} ms (${error.message.split('\n')[0]})`,
    );
  }
  return page.evaluate(() => ({
    editor: performance.getEntriesByName('py-elements: editor ready')[0].startTime,
    python: window.__editor.python,
  }));
}

/** `runs` interleaved rounds of both cases, each in a fresh browser: the cold load, then the warm. */
export async function editorRounds(server, runs, log) {
  const results = Object.fromEntries(EDITOR_CASES.map((c) => [c, []]));
  for (let round = 1; round <= runs; round++) {
    for (const c of EDITOR_CASES) {
      const session = await openBrowser(server.port);
      try {
        await session.context.addInitScript(instrument);
        const url = `${server.origin}/pages/editor-${c}.html`;
        const cold = await load(session.page, url, `(m) ${c} cold`);
        const warm = await load(session.page, url, `(m) ${c} warm`);
        results[c].push({ cold, warm });
        log(`(m) round ${round}/${runs} ${c}: editor cold ${Math.round(cold.editor)} ms, warm ${Math.round(warm.editor)} ms`);
      } finally {
        await session.close();
      }
    }
  }
  return results;
}

export function editorReport(results) {
  const of = (c, load, key) => summarize(results[c].map((r) => r[load][key]));
  const summary = Object.fromEntries(
    ['cold', 'warm'].map((load) => [
      load,
      { python: of('python', load, 'editor'), alone: of('alone', load, 'editor'), pythonReady: of('python', load, 'python') },
    ]),
  );
  const rows = Object.entries(summary).map(([load, m]) => [
    load,
    fmt(m.python),
    fmt(m.alone),
    ratio(m.python, m.alone),
    fmt(m.pythonReady),
  ]);
  const markdown = [
    "## (m) REPL editor's time to interactive beside Python's start (ms, median [min–max])",
    '',
    table(['load', 'Monaco, Python starting', 'Monaco alone', 'ratio', 'Python ready (same page)'], rows),
    '',
    'Monaco alone: the same `<py-repl load="eager">` with no interpreter at its index-url. The ratio is what',
    "Python's start costs the editor (1.00× = nothing).",
  ].join('\n');
  return { markdown, summary };
}
