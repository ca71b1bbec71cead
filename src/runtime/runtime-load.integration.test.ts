// The real loader, once per page: concurrent callers share one download.
import { expect, mount, nextEvent, outputText, unmountAll } from '../../test/browser/helpers.js';
import '../index.js';
import { getRuntime } from './runtime.js';

const wasmRequests = () =>
  performance.getEntriesByType('resource').filter((entry) => entry.name.endsWith('/pyodide.asm.wasm'));

describe('runtime loading', () => {
  afterEach(unmountAll);

  it('downloads nothing until something needs Python', async () => {
    mount('<p>no python here</p>');
    await new Promise((resolve) => setTimeout(resolve, 300));
    const interpreterFiles = /\/(pyodide\.mjs|pyodide\.asm\.(mjs|wasm)|python_stdlib\.zip|pyodide-lock\.json)$/;
    expect(performance.getEntriesByType('resource').filter((entry) => interpreterFiles.test(entry.name))).to.have.length(0);
  });

  it('fetches the interpreter once for concurrent callers and elements', async () => {
    const page = mount(`<div><py-script id="a">print("a")</py-script><py-script id="b">print("b")</py-script></div>`);
    const [first, second] = await Promise.all([getRuntime(), getRuntime()]);
    expect(first).to.equal(second);
    await nextEvent(page.querySelector('#b')!, 'py-done');
    expect(outputText(page.querySelector('#a')!)).to.equal('a\n');
    expect(outputText(page.querySelector('#b')!)).to.equal('b\n');
    expect(wasmRequests()).to.have.length(1);
    expect(first.pythonVersion).to.match(/^3\.\d+\.\d+$/);
  });
});
