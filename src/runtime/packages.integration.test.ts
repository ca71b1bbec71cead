// Packages from Pyodide's distribution and import-driven loading (boot/packages.ts), on a page with no
// <py-config>. The distribution's pinned URL is answered on this machine by the group's browser page
// (test/server/distribution-stand-in.mjs): the test wheels greetings → shouting, a numpy whose bytes
// are not the lock file's, an unreachable micropip. The site itself (/wasm/) hosts none of them.
import {
  describeExcept,
  expect,
  mount,
  nextEvent,
  outputText,
  part,
  pyScript,
  unmountAll,
  waitFor,
} from '../../test/browser/helpers.js';
import type { PyDoneEvent } from '../events/py-done.js';
import { runPython } from '../index.js';
import type { PyReplElement } from '../components/py-repl/py-repl.js';
import { resetRuntimeForTests } from './hubs.js';

const DISTRIBUTION = 'https://cdn.jsdelivr.net/pyodide/v314.0.7/full/';

/** `fn` on a fresh interpreter started with this `<py-config>`; the page's usual one afterwards. */
async function withConfig<T>(text: string, fn: () => Promise<T>): Promise<T> {
  const config = document.createElement('py-config');
  config.textContent = text;
  document.body.append(config);
  resetRuntimeForTests();
  try {
    return await fn();
  } finally {
    config.remove();
    resetRuntimeForTests();
  }
}

async function run(code: string, attributes = '') {
  const el = mount(pyScript(code, attributes));
  const { detail } = await nextEvent<PyDoneEvent>(el, 'py-done');
  return { el, detail };
}

describeExcept({
  webkit:
    "the stand-in for Pyodide's distribution intercepts the browser's requests (puppeteer), which WebKitWebDriver cannot do; the loader is the same code in every engine",
})('packages from the distribution, loaded on import', () => {
  afterEach(unmountAll);
  after(() => resetRuntimeForTests());

  it('`from greetings import greet` loads greetings and its dependency from the pinned distribution, before the code runs', async () => {
    const { el, detail } = await run('from greetings import greet\nimport shouting\nprint(greet("ada"))');
    expect(detail, outputText(el)).to.deep.equal({ ok: true });
    expect(outputText(el)).to.equal('HELLO, ADA!\n');
    const fetched = performance
      .getEntriesByType('resource')
      .map((entry) => entry.name)
      .filter((url) => url.endsWith('.whl'));
    expect(fetched).to.include.members([
      `${DISTRIBUTION}greetings-1.0.0-py3-none-any.whl`,
      `${DISTRIBUTION}shouting-1.0.0-py3-none-any.whl`,
    ]);
  });

  it('the element says what it downloads, and how far, before the code runs', async () => {
    resetRuntimeForTests(); // greetings is not loaded in this interpreter yet
    const el = mount(pyScript('import greetings\nprint("loaded")'));
    const seen = new Set<string>();
    const observer = new MutationObserver(() => {
      const text = part(el, 'status')?.textContent?.trim();
      if (text) seen.add(text);
    });
    observer.observe(el.shadowRoot!, { subtree: true, childList: true, characterData: true });
    const { detail } = await nextEvent<PyDoneEvent>(el, 'py-done');
    observer.disconnect();
    expect(detail, outputText(el)).to.deep.equal({ ok: true });
    // Only the package statuses (on a loaded machine "Running…" may show too, after a second).
    const statuses = [...seen].filter((text) => text.startsWith('Loading ') && !text.startsWith('Loading Python'));
    expect(statuses.length, [...seen].join(' | ')).to.be.greaterThan(0);
    // The names as soon as they are asked for, then how far (the test wheels are a few kB).
    for (const status of statuses) {
      expect(status).to.match(/^Loading (greetings|shouting)(, (greetings|shouting))?( \d+ \/ \d+ kB)?…$/);
    }
    expect(
      statuses.some((status) => / kB…$/.test(status)),
      statuses.join(' | '),
    ).to.equal(true);
    // Gone once the packages are in (py-done comes before the element's last render: wait for that).
    await waitFor(() => !part(el, 'status')!.textContent!.includes('Loading'), 'the package status to go');
  });

  it('a REPL and runPython() load what their code imports too', async () => {
    resetRuntimeForTests();
    const repl = mount<PyReplElement>('<py-repl no-persist>from shouting import shout\nshout("repl")</py-repl>');
    const result = await repl.run();
    expect(result?.ok, result?.error).to.equal(true);
    expect(part(repl, 'value')!.textContent).to.contain("'REPL!'");
    resetRuntimeForTests();
    expect(await runPython('import greetings\ngreetings.greet("js")')).to.equal('HELLO, JS!');
  });

  it('a wheel tagged for compiled code (the platform tag) loads the same way', async () => {
    const { el, detail } = await run('import fastmath\nprint(fastmath.square(7))');
    expect(detail, outputText(el)).to.deep.equal({ ok: true });
    expect(outputText(el)).to.equal('49\n');
  });

  it('matplotlib: Agg backend, plt.show() shows the open figures as images in the REPL and closes them', async () => {
    // matplotlib here is the stand-in test/fixtures/packages/build_wheels.py makes (savefig: a 1x1 PNG).
    const repl = mount<PyReplElement>(
      '<py-repl no-persist>import matplotlib, matplotlib.pyplot as plt\nprint(matplotlib.get_backend())\nplt.plot([1, 2, 3])\nplt.figure()\nplt.show()\nprint(plt.get_fignums())</py-repl>',
    );
    const result = await repl.run();
    expect(result?.ok, result?.error).to.equal(true);
    const output = part(repl, 'output')!;
    const images = [...output.querySelectorAll('img')];
    expect(images.length, output.innerHTML).to.equal(2);
    await images[0].decode();
    expect(images[0].naturalWidth).to.equal(1);
    expect(output.textContent).to.equal('agg\n[]\n');
  });

  it('a figure as the last REPL expression is the plot, and display(fig) shows one in a <py-script>', async () => {
    const repl = mount<PyReplElement>('<py-repl no-persist>import matplotlib.pyplot as plt\nfig = plt.figure()\nfig</py-repl>');
    const result = await repl.run();
    expect(result?.ok, result?.error).to.equal(true);
    expect(part(repl, 'output')!.querySelectorAll('img').length).to.equal(1);
    expect(part(repl, 'value')).to.equal(null);

    const { el, detail } = await run('import matplotlib.pyplot as plt\ndisplay(plt.figure())\nprint(len(plt.get_fignums()))');
    expect(detail, outputText(el)).to.deep.equal({ ok: true });
    expect(el.querySelectorAll('img').length).to.equal(1);
    expect(outputText(el)).to.equal('1\n'); // display() alone does not close it
  });

  it("a file whose bytes are not the lock file's is refused, naming the URL; nothing runs", async () => {
    const { el, detail } = await run('import numpy\nprint("ran")');
    expect(detail.ok).to.equal(false);
    const text = outputText(el);
    expect(text).to.not.contain('ran');
    expect(text).to.contain('The Python package numpy could not be loaded');
    expect(text).to.contain(`${DISTRIBUTION}numpy-2.4.6-cp314-cp314-pyemscripten_2026_0_wasm32.whl`);
    expect(text).to.contain('sha256 mismatch');
    expect(text).to.contain('npx py-elements vendor numpy');
  });

  it('an unreachable distribution says so, with the URL and what to do', async () => {
    const { el, detail } = await run('import micropip');
    expect(detail.ok).to.equal(false);
    const text = outputText(el);
    expect(text).to.contain('The Python package micropip could not be loaded');
    expect(text).to.contain(`Could not download ${DISTRIBUTION}micropip-0.11.1-py3-none-any.whl`);
    expect(text).to.contain('npx py-elements vendor micropip');
    const after = await run('print("still fine")');
    expect(outputText(after.el)).to.equal('still fine\n');
  });

  it('a module in neither the standard library nor the lock file keeps its ModuleNotFoundError, plus one line on packages', async () => {
    const { el } = await run('import no_such_module_here');
    const text = outputText(el);
    expect(text).to.contain("ModuleNotFoundError: No module named 'no_such_module_here'");
    expect(text).to.contain(
      "no_such_module_here is not in this site's package lock file: list its wheel in packages in <py-config>",
    );
  });

  it('<py-config> packages come from the distribution too, before any code runs', async () => {
    // Not imported by the code as Pyodide reads imports: only a start-up install explains the 9.
    const { el, detail } = await withConfig('packages = ["fastmath"]', () => run('print(__import__("fastmath").square(3))'));
    expect(detail, outputText(el)).to.deep.equal({ ok: true });
    expect(outputText(el)).to.equal('9\n');
  });

  it('`packages-cdn = false`: a package the site does not host is an error that says why, not a download', async () => {
    const { el, detail } = await withConfig('packages-cdn = false', () => run('import greetings'));
    expect(detail.ok).to.equal(false);
    expect(outputText(el)).to.contain('is not on this site');
    expect(outputText(el)).to.contain('packages-cdn = false');
  });
});
