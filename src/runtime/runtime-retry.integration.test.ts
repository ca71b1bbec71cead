// Failed loads: clear errors in the page, and a later run retries. The index URL comes from the
// page's data-index-url, pointed at test routes that fail (see test/server/routes.mjs).
import {
  engine,
  expect,
  itExcept,
  mount,
  nextEvent,
  outputText,
  quietly,
  unmountAll,
  waitFor,
} from '../../test/browser/helpers.js';
import type { PyDoneEvent } from '../events/py-done.js';
import '../../test/browser/elements.js';
import { downloadLimits } from './boot/fetch-watch.js';
import { getRuntime, resetRuntimeForTests } from './hubs.js';
import { rememberStdlib } from './boot/stdlib.js';
import type { PyScriptElement } from '../components/py-script/py-script.js';

function pointInterpreterAt(path: string): void {
  document.querySelector('script[data-index-url]')?.remove();
  const marker = document.createElement('script');
  marker.type = 'text/plain'; // never executed: only carries the attribute
  marker.dataset.indexUrl = path;
  document.head.append(marker);
}

const quiet = <T>(fn: () => Promise<T>) => quietly(fn, ['error', 'warn']); // the failures here are deliberate

describe('runtime load failures', () => {
  afterEach(unmountAll);

  it('names the URL and status when the interpreter is not where the page says', async () => {
    pointInterpreterAt('/nowhere/');
    const failed = nextEvent(document, 'py-runtime-error');
    const el = mount<PyScriptElement>('<py-script>print("x")</py-script>');
    const { detail } = await quiet(() => nextEvent<PyDoneEvent>(el, 'py-done'));
    expect(detail.ok).to.be.false;
    expect(detail.error).to.equal(
      `Python could not start: Could not load the Python interpreter from ${location.origin}/nowhere/pyodide.mjs: ` +
        'the server answered 404 Not Found. Is the wasm/ folder deployed next to py-elements.js, or does data-index-url point at it?',
    );
    expect(el.querySelector('.py-error')!.textContent).to.equal(detail.error);
    expect((await failed).detail.error).to.contain('/nowhere/pyodide.mjs');

    // In a Korean page the element says it in Korean; the server's part stays as the server said it.
    const korean = mount('<div lang="ko"><py-script>print("x")</py-script></div>').querySelector<PyScriptElement>('py-script')!;
    const again = await quiet(() => nextEvent<PyDoneEvent>(korean, 'py-done'));
    expect(again.detail.error, 'the event detail keeps the English').to.equal(detail.error);
    expect(korean.querySelector('.py-error')!.textContent).to.equal(
      `Python을 시작할 수 없습니다: ${detail.error!.replace('Python could not start: ', '')}`,
    );
  });

  it('reports a failed wasm download instead of hanging, and run() retries successfully', async () => {
    const token = `t${Date.now()}`;
    pointInterpreterAt(`/__test/fault-once/500/${token}/wasm/`);
    const choices = () => performance.getEntriesByName('py-elements: stdlib choice').length;
    const choicesBefore = choices();
    const page = mount(`<div><py-script id="one">print("one")</py-script><py-script id="two">print("two")</py-script></div>`);
    const one = page.querySelector<PyScriptElement>('#one')!;
    const two = page.querySelector<PyScriptElement>('#two')!;
    const first = await quiet(() => nextEvent<PyDoneEvent>(two, 'py-done'));
    const wasmURL = `${location.origin}/__test/fault-once/500/${token}/wasm/pyodide.asm.wasm`;
    expect(first.detail.error).to.equal(
      `Python could not start: Could not download ${wasmURL}: the server answered 500 Internal Server Error`,
    );
    expect(one.querySelector('.py-error')!.textContent).to.equal(first.detail.error);
    // The failed start does not go on to start Pyodide once its reading and choices are in (it did,
    // which downloaded the wasm again and started a Python without its standard library).
    await waitFor(() => choices() > choicesBefore, 'its choice of standard library');
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const requests = async () => (await (await fetch(`/__test/paced-requests/${token}`)).json()) as Record<string, number>;
    expect((await requests())['pyodide.asm.wasm'], 'the wasm, before the retry').to.equal(1);

    expect(await one.run()).to.deep.equal({ ok: true });
    expect(await two.run()).to.deep.equal({ ok: true });
    expect(outputText(one)).to.equal('one\n');
    expect(outputText(two)).to.equal('two\n');
  });

  // The stall limit during these tests. WebKit on a loaded machine took over 2 s to answer fetch()
  // for the interpreter's other files (served at once): the limit applies to those too.
  const STALL_S = engine === 'webkit' ? 6 : 2;
  // A download that goes wrong halfway: Pyodide alone would wait for ever ("Loading Python… 38%").
  const halfway: [fault: string, error: (wasm: string) => RegExp][] = [
    [
      'truncate',
      (wasm) =>
        new RegExp(
          `^Could not download ${wasm}: the file ended after 4\\.8 MB of 9\\.6 MB \\(the connection was cut, or the server has an incomplete copy\\)$`,
        ),
    ],
    ['reset', (wasm) => new RegExp(`^Could not download ${wasm}: the connection broke after [\\d.]+ MB of 9\\.6 MB \\(.+\\)$`)],
    ['stall', (wasm) => new RegExp(`^Could not download ${wasm}: no data came for ${STALL_S} s after [\\d.]+ MB of 9\\.6 MB$`)],
    // The engine's own words follow: "expected magic word" (Chromium), "failed to match magic number"
    // (Firefox), "module doesn't start with '\0asm'" (WebKit).
    [
      'corrupt',
      () =>
        /^The Python interpreter \(pyodide\.asm\.wasm\) is not valid WebAssembly: .*(magic (word|number)|doesn't start with)/i,
    ],
  ];
  for (const [fault, error] of halfway) {
    it(`fails a ${fault} wasm download with a clear error instead of hanging, and run() retries`, async () => {
      resetRuntimeForTests(); // the test before left a working interpreter
      const token = `t${Date.now()}`;
      pointInterpreterAt(`/__test/fault-once/${fault}/${token}/wasm/`);
      const wasm = `${location.origin}/__test/fault-once/${fault}/${token}/wasm/pyodide.asm.wasm`;
      const stallMs = downloadLimits.stallMs;
      downloadLimits.stallMs = STALL_S * 1000; // the stall test waits this long; the default is 30 s
      try {
        const el = mount<PyScriptElement>('<py-script>print("after the retry")</py-script>');
        const failed = nextEvent(document, 'py-runtime-error');
        const { detail } = await quiet(() => nextEvent<PyDoneEvent>(el, 'py-done'));
        expect(detail.ok).to.be.false;
        const message = detail.error!.replace(/^Python could not start: /, '');
        expect(message).to.match(error(wasm.replace(/[.?]/g, '\\$&')));
        expect(el.querySelector('.py-error')!.textContent).to.equal(detail.error);
        await failed;
        expect(await quiet(() => el.run())).to.deep.equal({ ok: true });
        expect(outputText(el)).to.equal('after the retry\n');
      } finally {
        downloadLimits.stallMs = stallMs;
      }
    });
  }

  it('names the standard library file a host answered with its HTML page, and what came instead', async () => {
    // A static host that answers missing files with its index page (200): the xz zip, asked for at
    // once where this browser remembers it, is not xz.
    resetRuntimeForTests(); // the test before left a working interpreter
    const folder = `/__test/html-for/python_stdlib.compiled.zip.startup.xz/t${Date.now()}/wasm/`;
    rememberStdlib(`${location.origin}${folder}`, 'compiled-xz');
    pointInterpreterAt(folder);
    const el = mount<PyScriptElement>('<py-script>print("x")</py-script>');
    const { detail } = await quiet(() => nextEvent<PyDoneEvent>(el, 'py-done'));
    expect(detail.ok).to.be.false;
    expect(detail.error).to.equal(
      `Python could not start: Could not unpack ${location.origin}${folder}python_stdlib.compiled.zip.startup.xz: ` +
        'it is not xz data (it starts with "<!doctype html> <title>My blog</title> "): ' +
        'is the file on the server the one the build made?',
    );
    expect(el.querySelector('.py-error')!.textContent).to.equal(detail.error);
    resetRuntimeForTests();
  });

  it('names the standard library part a partial deploy lacks, and the file that is no part', async () => {
    // The compiled zip's rest part, asked for once its start-up part is in, is missing.
    resetRuntimeForTests();
    const folder = `/__test/without/python_stdlib.compiled.zip.rest/late/none/t${Date.now()}/wasm/`;
    pointInterpreterAt(folder);
    const el = mount<PyScriptElement>('<py-script>print("x")</py-script>');
    const { detail } = await quiet(() => nextEvent<PyDoneEvent>(el, 'py-done'));
    expect(detail.ok).to.be.false;
    expect(detail.error).to.equal(
      `Python could not start: Could not download ${location.origin}${folder}python_stdlib.compiled.zip.rest: ` +
        'the server answered 404 Not Found',
    );
    unmountAll();
    // A host that answers a missing start-up part with its index page. Without the prebuilt snapshot,
    // whose starts read no start-up part (below).
    resetRuntimeForTests();
    const html = `/__test/html-for/python_stdlib.compiled.zip.startup/t${Date.now()}/wasm/`;
    pointInterpreterAt(html);
    const config = mount('<py-config>{"snapshot": false}</py-config>');
    const again = mount<PyScriptElement>('<py-script>print("x")</py-script>');
    const { detail: second } = await quiet(() => nextEvent<PyDoneEvent>(again, 'py-done'));
    expect(second.error).to.equal(
      `Python could not start: Could not use ${location.origin}${html}python_stdlib.compiled.zip.startup: ` +
        'it is not the start-up part of a standard library zip (is it another file, or cut short?)',
    );
    config.remove();
    resetRuntimeForTests();
  });

  itExcept({ webkit: 'no JSPI: no start from the prebuilt snapshot, whose start reads no start-up part' })(
    'a start from the prebuilt snapshot runs where the start-up part is an HTML page, and says so',
    async () => {
      resetRuntimeForTests();
      const html = `/__test/html-for/python_stdlib.compiled.zip.startup/t${Date.now()}/wasm/`;
      pointInterpreterAt(html);
      // A new folder: nothing remembered, no snapshot of this browser's; the warning comes later.
      const warnings: string[] = [];
      const warn = console.warn;
      console.warn = (...args: unknown[]) => void warnings.push(args.map(String).join(' '));
      try {
        const el = mount<PyScriptElement>('<py-script>print("runs")</py-script>');
        const { detail } = await nextEvent<PyDoneEvent>(el, 'py-done');
        const runtime = await getRuntime();
        // Loopback reads far above the xz zip's threshold (6 Mbit/s), where the snapshot is dropped.
        expect(runtime.fromSnapshot).to.equal('prebuilt');
        expect(detail.ok).to.be.true;
        expect(outputText(el)).to.equal('runs\n');
        await waitFor(() => warnings.some((line) => line.includes('stays without its start-up part')), 'the warning');
        expect(warnings.join('\n')).to.contain(`${html}python_stdlib.compiled.zip.startup: it is not the start-up part`);
      } finally {
        console.warn = warn;
        resetRuntimeForTests();
      }
    },
  );

  it('fails a cut wasm download in the worker interpreter too, and run() retries', async () => {
    // The worker loads through the same guarded fetch (boot/fetch-watch.ts), in its own thread.
    const token = `t${Date.now()}`;
    pointInterpreterAt(`/__test/fault-once/truncate/${token}/wasm/`);
    const wasm = `${location.origin}/__test/fault-once/truncate/${token}/wasm/pyodide.asm.wasm`;
    const el = mount<PyScriptElement>('<py-script worker>print("worker after the retry")</py-script>');
    const { detail } = await quiet(() => nextEvent<PyDoneEvent>(el, 'py-done'));
    expect(detail.ok).to.be.false;
    expect(detail.error).to.contain(`Could not download ${wasm}: the file ended after 4.8 MB of 9.6 MB`);
    expect(await quiet(() => el.run())).to.deep.equal({ ok: true });
    expect(outputText(el)).to.equal('worker after the retry\n');
  });
});
