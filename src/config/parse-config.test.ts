// The pure half of <py-config>: text → settings, without a document.
import { expect } from '../../test/browser/helpers.js';
import { type ConfigContext, parseConfigText, toPageConfig } from './parse-config.js';

const context: ConfigContext = {
  baseURL: 'https://blog.example/posts/one.html',
  defaultIndexURL: 'https://cdn.example/py/wasm/',
};

async function rejection(promise: Promise<unknown>): Promise<string> {
  return promise.then(
    () => 'resolved',
    (error: Error) => error.message,
  );
}

describe('parse-config', () => {
  it('reads TOML and JSON, and empty text as no settings', async () => {
    expect(await parseConfigText('packages = ["numpy"]\nload = "eager"', '<py-config>', false)).to.deep.equal({
      packages: ['numpy'],
      load: 'eager',
    });
    expect(await parseConfigText('  {"packages": ["numpy"]}', '<py-config>', false)).to.deep.equal({ packages: ['numpy'] });
    expect(await parseConfigText('packages = 1', '<py-config src="c.json">', true).catch((e: Error) => e.message)).to.match(
      /^<py-config src="c.json"> is not valid JSON \(line 1, column 1\)/,
    );
    expect(await parseConfigText(' \n ', '<py-config>', false)).to.deep.equal({});
  });

  it('says where TOML and JSON are broken, by line and column', async () => {
    expect(await rejection(parseConfigText('packages = [\n  "a",\n  oops\n]', '<py-config>', false))).to.match(
      /^<py-config> is not valid TOML \(line 3, column 3\): /,
    );
    expect(await rejection(parseConfigText('{\n  "packages": [1,]\n}', '<py-config>', false))).to.match(
      /^<py-config> is not valid JSON \(line 2, column 18\): /,
    );
  });

  it('makes URLs absolute against the page, folders end in a slash, and the index URL has an order of precedence', () => {
    const config = toPageConfig(
      {
        'index-url': '../py',
        packages: ['numpy', 'wheels/pkg-1.0-py3-none-any.whl'],
        files: { 'data/a.csv': 'a.csv' },
        'lock-file': '/lock.json',
      },
      { ...context, scriptIndexURL: '/ignored/' },
    );
    expect(config.indexURL).to.equal('https://blog.example/py/');
    expect(config.packages).to.deep.equal(['numpy', 'https://blog.example/posts/wheels/pkg-1.0-py3-none-any.whl']);
    expect(config.files).to.deep.equal({ 'https://blog.example/posts/data/a.csv': 'a.csv' });
    expect(config.lockFileURL).to.equal('https://blog.example/lock.json');
    expect(config.baseURL).to.equal(context.baseURL);
    expect(toPageConfig({}, { ...context, scriptIndexURL: '/from-script' }).indexURL).to.equal(
      'https://blog.example/from-script/',
    );
    expect(toPageConfig({}, context).indexURL).to.equal(context.defaultIndexURL);
    expect(toPageConfig({}, context).snapshot).to.equal(true);
  });

  it('rejects a wrong type or value with the key and what it must be', () => {
    const message = (raw: Record<string, unknown>) => {
      try {
        toPageConfig(raw, context);
        return 'accepted';
      } catch (error) {
        return (error as Error).message;
      }
    };
    expect(message({ packages: 'numpy' })).to.equal('<py-config> packages must be a list of strings, not "numpy"');
    expect(message({ files: { a: 1 } })).to.equal('<py-config> files must be a table of "url" = "path" strings, not {"a":1}');
    expect(message({ load: 'lazy' })).to.equal('<py-config> load must be "visible" or "eager", not "lazy"');
    expect(message({ snapshot: 'yes' })).to.equal('<py-config> snapshot must be true, false or "cache", not "yes"');
    expect(message({ 'index-url': 'http://[bad' })).to.equal('<py-config> index-url: "http://[bad" is not a URL');
    expect(message({ 'upgrade-options': ['autorun', 'redonly'] })).to.equal(
      '<py-config> upgrade-options: unknown option "redonly" (did you mean "readonly"?); ' +
        'the options are readonly, mode, no-persist, scope, autorun',
    );
  });

  it('lets upgraded blocks set only harmless options unless the author lists more', () => {
    expect(toPageConfig({}, context).upgradeOptions).to.deep.equal(['readonly', 'mode', 'no-persist']);
    expect(toPageConfig({ 'upgrade-options': ['autorun'] }, context).upgradeOptions).to.deep.equal(['autorun']);
    expect(toPageConfig({ 'upgrade-options': [] }, context).upgradeOptions).to.deep.equal([]);
  });

  it('warns about an unknown key with the closest known one, and goes on', () => {
    const warnings: string[] = [];
    const { warn } = console;
    console.warn = (message: string) => warnings.push(message);
    try {
      expect(toPageConfig({ pakages: ['numpy'] }, context).packages).to.deep.equal([]);
    } finally {
      console.warn = warn;
    }
    expect(warnings).to.deep.equal(['<py-config>: unknown key "pakages" is ignored (did you mean "packages"?).']);
  });
});
