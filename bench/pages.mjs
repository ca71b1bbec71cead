// The benchmark pages, one per contestant and measure. All are served by bench/server.mjs:
//   /lib/        our build (py-elements.js, its chunks, wasm/ = Pyodide 314.0.7)
//   /pyscript/   @pyscript/core's dist/
// Every contestant loads the *same* interpreter files from /lib/wasm/.
import { instrumentPage } from './instrument.mjs';

export const CONTESTANTS = ['floor', 'pyscript', 'ours'];

/** Where all three get Pyodide from. */
export const WASM_PREFIX = '/lib/wasm/';

// An inline favicon: otherwise Chromium requests /favicon.ico (a 404 that would count as a request).
const HEAD = '<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,">';

// PyScript's config: use our Pyodide instead of its CDN default. `interpreter` accepts a URL to
// pyodide.mjs (PyScript calls this an "offline interpreter"); the directory becomes indexURL.
const PYSCRIPT_CONFIG = JSON.stringify({ interpreter: `${WASM_PREFIX}pyodide.mjs` });
const PYSCRIPT_HEAD = `<link rel="stylesheet" href="/pyscript/core.css">
<script type="module" src="/pyscript/core.js"></script>`;

/** The floor: Pyodide's own loader, nothing else. `code` runs with stdout collected into #out. */
const floorPage = (title, code, body = '') => `${HEAD}<title>${title}</title></head><body>
${body}<div id="out"></div>
<script type="module">
const indexURL = new URL(${JSON.stringify(WASM_PREFIX)}, location.href).href;
const { loadPyodide } = await import(indexURL + 'pyodide.mjs');
const pyodide = await loadPyodide({ indexURL });
window.__pyodide = pyodide;
let out = '';
pyodide.setStdout({ batched: (line) => { out += line + '\\n'; } });
pyodide.runPython(${JSON.stringify(code)});
document.getElementById('out').textContent = out;
</script></body></html>`;

const DOM_LOOP = `for i in range(10000):
    d = document.createElement("div")
    d.textContent = str(i)
    parent.append(d)`;

/**
 * Python that times DOM_LOOP: window.__benchDom is the loop alone; window.__benchDomSettled also
 * waits for a microtask queued after the loop, so it adds the microtasks the loop triggered
 * (MutationObserver callbacks: a page-wide observer pays for every appended node there).
 */
const domCode = (imports) => `${imports}
parent = document.getElementById("parent")
t0 = window.performance.now()
window.__benchDomT0 = t0
${DOM_LOOP}
window.__benchDom = window.performance.now() - t0
window.eval("queueMicrotask(() => { window.__benchDomSettled = performance.now() - window.__benchDomT0; })")
`;

/**
 * The hello page of `contestant` with the instrument inlined as the first script of its head, for
 * engines driven over WebDriver, which cannot run init scripts ((k) in every engine). The same
 * function Chromium's init script runs, so one source for both.
 */
export const inlinePath = (contestant) => `/pages/inline/hello-${contestant}.html`;
const INLINE_INSTRUMENT = `<script>(${instrumentPage.toString()})(${JSON.stringify('hello')});</script>`;

/** Pages keyed by URL path. */
export function buildPages() {
  const pages = {};
  const add = (path, html, isolated = false) => {
    pages[path] = { html, isolated };
  };

  // (a)-(d), (g): print hello.
  add('/pages/hello-floor.html', floorPage('floor', 'print("hello")'));
  // PyScript's print() goes to the browser console (or to an xterm.js terminal with `terminal`);
  // display() is its documented way to put output into the page, next to the script.
  add(
    '/pages/hello-pyscript.html',
    `${HEAD}<title>pyscript</title>${PYSCRIPT_HEAD}</head><body>
<script type="py" config='${PYSCRIPT_CONFIG}'>
from pyscript import display
display("hello")
</script></body></html>`,
  );
  add(
    '/pages/hello-ours.html',
    `${HEAD}<title>ours</title>
<script type="module" src="/lib/py-elements.js"></script></head><body>
<py-script>print("hello")</py-script></body></html>`,
  );
  // (l) ours with its snapshot off (`snapshot = false`: neither the prebuilt one nor its own), and a
  // blank page for the probe of (l).
  add(
    '/pages/hello-ours-nosnapshot.html',
    `${HEAD}<title>ours, no snapshot</title>
<script type="module" src="/lib/py-elements.js"></script></head><body>
<py-config hidden>snapshot = false</py-config>
<py-script>print("hello")</py-script></body></html>`,
  );
  add('/pages/blank.html', `${HEAD}<title>blank</title></head><body></body></html>`);
  // (d″) an article whose only Python element is three screens down, out of sight: a REPL (ours),
  // an editor (PyScript's nearest element).
  const article = '<article><h1>An article</h1><p style="height: 3000px">Text the reader reads first.</p>';
  add(
    '/pages/out-of-sight-ours.html',
    `${HEAD}<title>ours, out of sight</title>
<script type="module" src="/lib/py-elements.js"></script></head><body>${article}
<py-repl>print("hello")</py-repl></article></body></html>`,
  );
  add(
    '/pages/out-of-sight-pyscript.html',
    `${HEAD}<title>pyscript, out of sight</title>${PYSCRIPT_HEAD}</head><body>${article}
<script type="py-editor" config='${PYSCRIPT_CONFIG}'>print("hello")</script></article></body></html>`,
  );
  for (const c of CONTESTANTS) {
    const { html } = pages[`/pages/hello-${c}.html`];
    if (!html.startsWith(HEAD)) throw new Error(`hello-${c}: no head to put the instrument in`);
    add(inlinePath(c), HEAD + INLINE_INSTRUMENT + html.slice(HEAD.length));
  }

  // (f) 10k DOM operations, timed inside Python.
  add(
    '/pages/dom-floor.html',
    floorPage('floor dom', domCode('import js\ndocument = js.document\nwindow = js'), '<div id="parent"></div>'),
  );
  add(
    '/pages/dom-pyscript.html',
    `${HEAD}<title>pyscript dom</title>${PYSCRIPT_HEAD}</head><body>
<div id="parent"></div>
<script type="py" config='${PYSCRIPT_CONFIG}'>
${domCode('from pyscript import document, window')}
</script></body></html>`,
  );
  // In element code `document` and `window` are predefined.
  add(
    '/pages/dom-ours.html',
    `${HEAD}<title>ours dom</title>
<script type="module" src="/lib/py-elements.js"></script></head><body>
<div id="parent"></div>
<py-script><script type="text/python">${domCode('')}</script></py-script></body></html>`,
  );

  // (e) REPL round trip.
  add('/pages/repl-floor.html', floorPage('floor repl', 'print("ready")'));
  // py-editor runs its code in a worker, which needs SharedArrayBuffer: cross-origin isolated page.
  // It only starts Python when Run is pressed (the first run is the warm-up).
  add(
    '/pages/repl-pyscript.html',
    `${HEAD}<title>pyscript repl</title>${PYSCRIPT_HEAD}</head><body>
<script type="py-editor" config='${PYSCRIPT_CONFIG}'>print(1+1)</script></body></html>`,
    true,
  );
  // PyScript's main-thread interpreter through its public hooks (supplementary measure).
  add(
    '/pages/repl-pyscript-main.html',
    `${HEAD}<title>pyscript main api</title>
<script type="module">
import { hooks } from '/pyscript/core.js';
hooks.main.onReady.add((wrap) => { window.__pyWrap = wrap; });
</script>
<link rel="stylesheet" href="/pyscript/core.css"></head><body>
<script type="py" config='${PYSCRIPT_CONFIG}'>
from pyscript import display
display("hello")
</script></body></html>`,
  );
  add(
    '/pages/repl-ours.html',
    `${HEAD}<title>ours repl</title>
<script type="module" src="/lib/py-elements.js"></script></head><body>
<py-repl load="eager" no-persist>1+1</py-repl></body></html>`,
  );

  // (m) the editor's time to interactive: a REPL that starts Python and Monaco together, and the same
  // REPL with no interpreter at its index-url (Python's start fails at once: Monaco alone).
  const editorPage = (title, config = '') => `${HEAD}<title>${title}</title>
<script type="module" src="/lib/py-elements.js"></script>${config}</head><body>
<py-repl load="eager" no-persist>1+1</py-repl></body></html>`;
  add('/pages/editor-python.html', editorPage('ours editor'));
  add('/pages/editor-alone.html', editorPage('ours editor alone', '<py-config>index-url = "/nowhere/"</py-config>'));

  // (h) a REPL 3000px below the fold.
  const spacer = '<div style="height:3000px">Scroll down for the REPL.</div>';
  add(
    '/pages/fold-ours.html',
    `${HEAD}<title>ours fold</title>
<script type="module" src="/lib/py-elements.js"></script></head><body>
${spacer}<py-repl id="repl" no-persist>1+1</py-repl></body></html>`,
  );
  add(
    '/pages/fold-pyscript.html',
    `${HEAD}<title>pyscript fold</title>${PYSCRIPT_HEAD}</head><body>
${spacer}<script type="py-editor" config='${PYSCRIPT_CONFIG}'>print(1+1)</script></body></html>`,
    true,
  );
  return pages;
}
