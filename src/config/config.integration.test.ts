// <py-config>: packages, files and settings, each test with a fresh interpreter (the configuration is
// read when Python loads). Packages are small wheels the test server builds (test/fixtures/packages).
import { expect, mount, nextEvent, outputText, unmountAll } from '../../test/browser/helpers.js';
import checksums from '../../wasm/checksums.json';
import type { PyDoneEvent } from '../events/py-done.js';
import type { PyRuntimeProgressEvent } from '../events/runtime-events.js';
import '../../test/browser/elements.js';
import { resetRuntimeForTests } from '../runtime/hubs.js';

let config: HTMLElement | undefined;

/** Puts a <py-config> on the page, forgets the interpreter, and runs code in a fresh one. */
async function runWithConfig(configMarkup: string, code: string) {
  config?.remove();
  const holder = document.createElement('div');
  holder.innerHTML = configMarkup;
  config = holder.firstElementChild as HTMLElement;
  document.body.append(config);
  resetRuntimeForTests();
  const el = mount(`<py-script><script type="text/python">${code}</script></py-script>`);
  const { error, warn } = console;
  const warnings: string[] = [];
  console.error = () => {};
  console.warn = (...args: unknown[]) => warnings.push(args.join(' '));
  try {
    const { detail } = await nextEvent<PyDoneEvent>(el, 'py-done');
    return { el, detail, warnings };
  } finally {
    Object.assign(console, { error, warn });
  }
}

describe('<py-config>', () => {
  afterEach(() => {
    unmountAll();
    config?.remove();
    config = undefined;
  });
  after(() => resetRuntimeForTests());

  it('installs packages by name with their dependencies from a lock file, before any code runs', async () => {
    const { el, detail } = await runWithConfig(
      `<py-config>
        packages = ["greetings"]
        lock-file = "/__test/packages/pyodide-lock.json"
      </py-config>`,
      'from greetings import greet\nimport shouting\nprint(greet("ada"))',
    );
    expect(detail.ok, detail.error).to.be.true;
    expect(outputText(el)).to.equal('HELLO, ADA!\n');
  });

  it('reports package downloads byte by byte in the load progress', async () => {
    const progress: PyRuntimeProgressEvent['detail'][] = [];
    const record = (event: PyRuntimeProgressEvent) => progress.push(event.detail);
    document.addEventListener('py-runtime-progress', record);
    try {
      const { detail } = await runWithConfig(
        '<py-config>packages = ["greetings"]\nlock-file = "/__test/packages/pyodide-lock.json"</py-config>',
        'import greetings',
      );
      expect(detail.ok, detail.error).to.be.true;
    } finally {
      document.removeEventListener('py-runtime-progress', record);
    }
    const interpreter = Object.values(checksums.files).reduce((sum, file) => sum + file.size, 0);
    const sizes = await Promise.all(
      ['greetings-1.0.0-py3-none-any.whl', 'shouting-1.0.0-py3-none-any.whl'].map(async (name) =>
        Number((await fetch(`/__test/packages/${name}`, { method: 'HEAD' })).headers.get('Content-Length')),
      ),
    );
    const last = progress.at(-1)!;
    // Both wheels (the dependency too) joined the total, and the load ended at 100 %.
    expect(last.total - interpreter).to.be.at.least(sizes[0] + sizes[1]);
    expect(last.loaded).to.equal(last.total);
    // While packages downloaded, the figures showed them coming in.
    const duringPackages = progress.filter((p) => p.total > interpreter && p.loaded < p.total);
    expect(duringPackages.length, JSON.stringify(progress.slice(-6))).to.be.greaterThan(0);
    expect(
      progress.every((p, i) => i === 0 || p.loaded >= progress[i - 1].loaded),
      'loaded never goes back',
    ).to.equal(true);
  });

  it('installs wheels by URL (JSON config)', async () => {
    const { el, detail } = await runWithConfig(
      '<py-config>{"packages": ["/__test/packages/shouting-1.0.0-py3-none-any.whl"]}</py-config>',
      'from shouting import shout\nprint(shout("json"))',
    );
    expect(detail.ok, detail.error).to.be.true;
    expect(outputText(el)).to.equal('JSON!\n');
  });

  it('names an unknown package and the closest real one', async () => {
    const { detail } = await runWithConfig(
      '<py-config>packages = ["greetins"]\nlock-file = "/__test/packages/pyodide-lock.json"</py-config>',
      'print(1)',
    );
    expect(detail.error).to.equal(
      'Python could not start: <py-config> packages: there is no package "greetins" in the lock file; did you mean "greetings"?',
    );
  });

  it('shows the URL of a wheel that is not there', async () => {
    const { detail } = await runWithConfig(
      '<py-config>packages = ["/__test/packages/missing-1.0-py3-none-any.whl"]</py-config>',
      'print(1)',
    );
    expect(detail.ok).to.be.false;
    expect(detail.error).to.contain('<py-config> packages could not be installed');
    expect(detail.error).to.contain('/__test/packages/missing-1.0-py3-none-any.whl');
  });

  it('a lock-file package that is not on the server is a 404 with what to do, not "is the server reachable?"', async () => {
    // The interpreter's own lock file names tomli; its wheel is not in the folder packages-url names
    // (which also rules out Pyodide's distribution: the author chose where package files are).
    const { detail } = await runWithConfig(
      '<py-config>packages = ["tomli"]\npackages-url = "/__test/packages/"</py-config>',
      'print(1)',
    );
    expect(detail.ok).to.be.false;
    expect(detail.error).to.match(/tomli-[\d.]+-py3-none-any\.whl: the server answered 404/);
    expect(detail.error).to.contain('self-hosted');
    expect(detail.error).to.not.contain('is the server reachable');
  });

  it('copies files into the file system, importable and readable, from a config loaded with src', async () => {
    const { el, detail } = await runWithConfig(
      '<py-config src="/test/fixtures/config-files.toml"></py-config>',
      'import hello_module\nprint(open("data/order.txt").read().strip())',
    );
    expect(detail.ok, detail.error).to.be.true;
    expect(outputText(el)).to.equal('from a file\norder.append(2)\n');
  });

  it('reports invalid TOML with its line and column', async () => {
    const { el, detail } = await runWithConfig('<py-config>packages = ["a",\nload = </py-config>', 'print(1)');
    expect(detail.error).to.match(/^Python could not start: <py-config> is not valid TOML \(line 2, column \d+\): /);
    expect(el.querySelector('.py-error')!.textContent).to.equal(detail.error);
  });

  it('reports invalid JSON with its line and column', async () => {
    const { detail } = await runWithConfig('<py-config>{\n  "packages": [1,]\n}</py-config>', 'print(1)');
    expect(detail.error).to.match(/^Python could not start: <py-config> is not valid JSON \(line 2, column \d+\): /);
  });

  it('warns about unknown keys with the closest known one, and still runs', async () => {
    const { el, detail, warnings } = await runWithConfig('<py-config>pakages = []</py-config>', 'print("ran")');
    expect(detail.ok, detail.error).to.be.true;
    expect(outputText(el)).to.equal('ran\n');
    expect(warnings).to.deep.equal(['<py-config>: unknown key "pakages" is ignored (did you mean "packages"?).']);
  });

  it('refuses a value of the wrong type, naming the key', async () => {
    const { detail } = await runWithConfig('<py-config>packages = "greetings"</py-config>', 'print(1)');
    expect(detail.error).to.equal('Python could not start: <py-config> packages must be a list of strings, not "greetings"');
    const snapshot = await runWithConfig('<py-config>snapshot = "sometimes"</py-config>', 'print(1)');
    expect(snapshot.detail.error).to.equal(
      'Python could not start: <py-config> snapshot must be true, false or "cache", not "sometimes"',
    );
  });

  it('refuses two <py-config> elements', async () => {
    const second = document.createElement('py-config');
    document.body.append(second);
    try {
      const { detail } = await runWithConfig('<py-config></py-config>', 'print(1)');
      expect(detail.error).to.equal('Python could not start: This page has 2 <py-config> elements; use one.');
    } finally {
      second.remove();
    }
  });
  it('a worker element loads the lock-file packages its code imports, before the code runs', async () => {
    const config = document.createElement('py-config');
    config.textContent = 'lock-file = "/__test/packages/pyodide-lock.json"';
    document.body.append(config);
    const el = mount(
      '<py-script worker><script type="text/python">from greetings import greet\nprint(greet("worker"))</script></py-script>',
    );
    const seen = new Set<string>(); // what it downloads, told from the worker
    const observer = new MutationObserver(() =>
      seen.add(el.shadowRoot!.querySelector('[part="status"]')?.textContent?.trim() ?? ''),
    );
    observer.observe(el.shadowRoot!, { subtree: true, childList: true, characterData: true });
    try {
      const { detail } = await nextEvent<PyDoneEvent>(el, 'py-done');
      expect(detail, outputText(el)).to.deep.equal({ ok: true });
      expect(outputText(el)).to.equal('HELLO, WORKER!\n');
      expect(
        [...seen].some((text) => /^Loading (greetings|shouting).* kB…$/.test(text)),
        [...seen].join(' | '),
      ).to.equal(true);
    } finally {
      observer.disconnect();
      config.remove();
    }
  });
});
