// Python from page JavaScript without an element: runPython(), globals(), ready, and the versions.
import { expect, mount, nextEvent, outputText, unmountAll } from '../../test/browser/helpers.js';
import pkg from '../../package.json';
import { PythonError, globals, ready, runPython, version } from '../index.js';

describe('the JavaScript API', () => {
  afterEach(unmountAll);

  it('ready resolves once Python is ready, without starting it; runPython starts it', async () => {
    let settled = false;
    void ready.then(() => (settled = true));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(settled, 'nothing asked for Python yet').to.be.false;
    expect(await runPython('6 * 7')).to.equal(42);
    const info = await ready;
    expect(info.pythonVersion).to.match(/^3\.\d+\.\d+$/);
    expect(info.pyodideVersion).to.match(/^\d+\.\d+\.\d+/);
  });

  it('runPython resolves with the last value converted to JavaScript, in the scope asked for', async () => {
    expect(await runPython('[1, "two", {"three": 3.5}, None, True]')).to.deep.equal([1, 'two', { three: 3.5 }, undefined, true]);
    expect(await runPython('x = 1')).to.equal(undefined);
    await runPython('x = 20', { scope: 'api' });
    expect(await runPython('x + 1', { scope: 'api' })).to.equal(21);
    expect(await runPython('x')).to.equal(1, 'the main scope is another namespace');
    const el = mount('<py-script scope="api">print(x * 2)</py-script>');
    await nextEvent(el, 'py-done');
    expect(outputText(el)).to.equal('40\n');
  });

  it('runPython rejects with the Python error: its type and a traceback without the interpreter frames', async () => {
    const error = await runPython('def f():\n    return 1 / 0\nf()').then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).to.be.instanceOf(PythonError);
    const pythonError = error as PythonError;
    expect(pythonError.type).to.equal('ZeroDivisionError');
    expect(pythonError.message).to.contain('File "<runPython>", line 2, in f').and.contain('ZeroDivisionError: division by zero');
    expect(pythonError.message).to.not.contain('_pyodide');
    expect(await runPython('"still usable"')).to.equal('still usable');
  });

  it('globals(scope) reads and writes variables as JavaScript values', async () => {
    const scope = await globals('shared');
    scope.set('count', 41);
    scope.set('names', ['a', 'b']);
    expect(await runPython('count += 1\nlen(names)', { scope: 'shared' })).to.equal(2);
    expect(scope.get('count')).to.equal(42);
    await runPython('table = {"k": [1, 2]}', { scope: 'shared' });
    expect(scope.get('table')).to.deep.equal({ k: [1, 2] });
    expect(scope.keys()).to.include.members(['count', 'names', 'table']);
    scope.delete('count');
    expect(scope.get('count')).to.equal(undefined);
  });

  it('the version is package.json’s, in JavaScript and as pyelements.__version__ in Python', async () => {
    expect(version).to.equal(pkg.version);
    expect(await runPython('import pyelements\npyelements.__version__')).to.equal(pkg.version);
  });
});
