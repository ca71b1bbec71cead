// py-elements as a package people install: `npm pack` the built library, then make the app a user
// would (Vite + TypeScript), install the tarball into it, type-check it (elements, events, JSX in a
// React .tsx file, Vue's GlobalComponents), build it with the one documented plugin line, serve the
// build and the dev server, and see Python run. Also: the package pulls in no dependencies, and
// importing it in Node does not throw.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cp, mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  PYTHON_TIMEOUT,
  ROOT,
  TMP,
  assertNoErrors,
  buildLibrary,
  freePort,
  launchBrowser,
  record,
  removeBuild,
  run,
  startProcess,
  startServer,
  waitUntil,
} from './support.mjs';

const pkg = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8'));
const devVersion = (name) => pkg.devDependencies[name].replace(/^[~^]/, '');

// The app a user makes. Strict TypeScript with skipLibCheck off, so the package's own .d.ts files are
// checked too (they must stand alone), and no @types/node (a browser app has none).
const APP_FILES = {
  'package.json': (tarball) =>
    JSON.stringify({
      name: 'consumer-app',
      private: true,
      type: 'module',
      dependencies: { 'py-elements': `file:${tarball}` },
      devDependencies: {
        vite: devVersion('vite'),
        typescript: '~5.9.3',
        '@types/react': '^19.2.0',
        vue: '^3.5.0',
      },
    }),
  'tsconfig.json': () =>
    JSON.stringify({
      compilerOptions: {
        target: 'ES2022',
        module: 'ESNext',
        moduleResolution: 'bundler',
        lib: ['ES2022', 'DOM', 'DOM.Iterable'],
        jsx: 'react-jsx',
        strict: true,
        noEmit: true,
        skipLibCheck: false,
        types: [],
      },
      include: ['src', 'vite.config.ts'],
    }),
  'vite.config.ts': () => `import { defineConfig } from 'vite';
import pyElements from 'py-elements/vite';

export default defineConfig({ plugins: [pyElements()] });
`,
  'index.html': () => `<!doctype html>
<html lang="en">
  <head><meta charset="utf-8"><link rel="icon" href="data:,"><title>consumer</title></head>
  <body>
    <py-script id="inline">print("hello from the app", 6 * 7)</py-script>
    <script type="module" src="/src/main.ts"></script>
  </body>
</html>
`,
  'src/main.ts': () => `import { PYODIDE_VERSION, defineElements, type PyScriptElement, type PyDoneEvent } from 'py-elements';

// HTMLElementTagNameMap: createElement gives the element's own type.
const made: PyScriptElement = document.createElement('py-script');
made.id = 'made';
made.scope = 'app';
made.textContent = 'print("made in TypeScript")';
made.addEventListener('py-done', (event: PyDoneEvent) => {
  document.body.dataset.made = String(event.detail.ok);
});
document.body.append(made);
const version: string = PYODIDE_VERSION;
// The classes as values: once the elements' code is in.
const { PyReplElement } = await defineElements();
const repl = document.createElement('py-repl');
const code: string = repl.code;
console.info(code.length, version, repl instanceof PyReplElement);
// @ts-expect-error the classes are types in the module: defineElements() resolves with the values
export const notAValue = (await import('py-elements')).PyScriptElement;
`,
  'src/lesson.tsx': () => `import type {} from 'py-elements/react';

export const Lesson = () => <py-repl scope="ch1" mode="console" readonly no-persist />;
export const Script = () => <py-script src="/hello.py" target="out" />;
// @ts-expect-error mode is 'editor' | 'console'
export const Wrong = () => <py-repl mode="shell" />;
`,
  'src/vue-components.ts': () => `import type { GlobalComponents } from 'vue';
import type {} from 'py-elements/vue';

type ReplProps = InstanceType<GlobalComponents['py-repl']>['$props'];
export const ok: ReplProps = { scope: 'ch1', mode: 'console', 'no-persist': true };
// @ts-expect-error mode is 'editor' | 'console'
export const wrong: ReplProps = { mode: 'shell' };
`,
};

let library;
let work;
let app;
let browser;

async function expectPython(url) {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const seen = record(page);
    await page.goto(url, { waitUntil: 'load' });
    let last = '';
    await waitUntil(
      async () => {
        last = (await page.locator('body').innerText()) ?? '';
        return last.includes('hello from the app 42') && last.includes('made in TypeScript');
      },
      {
        timeout: PYTHON_TIMEOUT,
        describe: () => `${url} shows ${JSON.stringify(last)}; errors: ${JSON.stringify(seen.pageErrors)}`,
      },
    );
    assert.equal(await page.evaluate(() => document.body.dataset.made), 'true', 'py-done fired with ok');
    const origin = new URL(url).origin;
    const foreign = seen.requests.filter((r) => !r.startsWith('data:') && !r.startsWith('blob:') && !r.startsWith(`${origin}/`));
    assert.deepEqual(foreign, [], 'nothing is fetched from another host');
    assertNoErrors(seen);
    return seen;
  } finally {
    await context.close();
  }
}

describe('the npm package in a Vite + TypeScript app', () => {
  before(async () => {
    library = await buildLibrary('package');
    work = join(TMP, `package-${process.pid}`);
    await rm(work, { recursive: true, force: true });
    // Pack what `npm publish` would: package.json's "files" from a copy that holds this build as dist/.
    const staged = join(work, 'staged');
    await mkdir(staged, { recursive: true });
    for (const file of ['package.json', 'README.md', 'LICENSE', 'CHANGELOG.md', 'custom-elements.json']) {
      await cp(join(ROOT, file), join(staged, file));
    }
    await cp(library, join(staged, 'dist'), { recursive: true });
    await cp(join(ROOT, 'bin'), join(staged, 'bin'), { recursive: true });
    const packed = JSON.parse(run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', work], { cwd: staged }));
    const tarball = join(work, packed[0].filename);

    app = join(work, 'app');
    for (const [file, content] of Object.entries(APP_FILES)) {
      await mkdir(join(app, file, '..'), { recursive: true });
      await writeFile(join(app, file), content(tarball));
    }
    run('npm', ['install', '--no-audit', '--no-fund'], { cwd: app });
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await removeBuild(library);
    await rm(work, { recursive: true, force: true });
  });

  test('installing it installs nothing else, and the package holds what it promises', async () => {
    const installed = join(app, 'node_modules', 'py-elements');
    const manifest = JSON.parse(await readFile(join(installed, 'package.json'), 'utf8'));
    assert.equal(manifest.dependencies, undefined, 'no runtime dependencies: everything is bundled');
    for (const name of ['lit', 'pyodide', 'monaco-editor', 'coincident', 'smol-toml']) {
      await assert.rejects(readdir(join(app, 'node_modules', name)), `${name} is not installed alongside`);
    }
    const files = await readdir(join(installed, 'dist'));
    for (const file of [
      'py-elements.js',
      'py-elements.d.ts',
      'node.js',
      'vite.js',
      'react.d.ts',
      'vue.d.ts',
      'THIRD-PARTY-NOTICES.txt',
    ]) {
      assert.ok(files.includes(file), `dist/${file} is in the package`);
    }
    assert.ok((await readdir(join(installed, 'dist', 'wasm'))).includes('pyodide.asm.wasm'), 'the interpreter is in the package');
    // The vendor command is installed, and resolves names through the lock file it ships with.
    const vendor = spawnSync(join(app, 'node_modules', '.bin', 'py-elements'), ['vendor', 'no-such-package', '--to', work], {
      encoding: 'utf8',
    });
    assert.equal(vendor.status, 1, vendor.stderr);
    assert.equal(vendor.stderr.trim(), 'py-elements vendor: there is no package "no-such-package" in the lock file');
    const workers = await readdir(join(installed, 'dist', 'assets'));
    for (const worker of ['editor.worker-', 'python-worker-']) {
      assert.ok(
        workers.some((file) => file.startsWith(worker)),
        `dist/assets/ has the ${worker}*.js worker script`,
      );
    }
    const cem = JSON.parse(await readFile(join(installed, manifest.customElements), 'utf8'));
    assert.deepEqual(
      cem.modules.flatMap((m) => m.declarations.map((d) => d.tagName)).sort(),
      ['py-config', 'py-export', 'py-progress', 'py-repl', 'py-script'],
      'customElements points at the manifest',
    );
    const notices = await readFile(join(installed, 'dist', 'THIRD-PARTY-NOTICES.txt'), 'utf8');
    for (const name of ['Pyodide', 'CPython', 'lit-html', 'monaco-editor', 'coincident', 'smol-toml']) {
      assert.ok(notices.includes(name), `the notices name ${name}`);
    }
    assert.match(notices, /Mozilla Public License Version 2\.0/);
    assert.match(notices, /PYTHON SOFTWARE FOUNDATION LICENSE VERSION 2/);
  });

  test('the app type-checks: elements, events, React JSX and Vue components', () => {
    run('npx', ['tsc', '-p', '.'], { cwd: app });
  });

  test('importing the package in Node does not throw, and defines nothing', () => {
    const out = run(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        "const m = await import('py-elements'); console.log(JSON.stringify({ v: m.PYODIDE_VERSION, ce: typeof customElements, names: Object.keys(m).length }))",
      ],
      { cwd: app },
    );
    const result = JSON.parse(out);
    assert.equal(result.ce, 'undefined');
    assert.match(result.v, /^\d+\.\d+\.\d+/);
    assert.ok(result.names > 10, 'the same names as in a browser');
  });

  test('`vite build` puts the interpreter next to the library, and the built app runs Python', { timeout: 300_000 }, async () => {
    run('npx', ['vite', 'build'], { cwd: app });
    const built = join(app, 'dist');
    const server = await startServer({
      mounts: [['/', built]],
      pages: { '/': await readFile(join(built, 'index.html'), 'utf8') },
    });
    try {
      const seen = await expectPython(`${server.origin}/`);
      assert.ok(
        seen.paths().some((path) => path.endsWith('/wasm/pyodide.asm.wasm')),
        'the interpreter came from the app’s own build',
      );
    } finally {
      await server.close();
    }
  });

  test('`vite` dev server runs Python too', { timeout: 300_000 }, async () => {
    const port = await freePort();
    const dev = await startProcess('npx', ['vite', '--port', String(port), '--strictPort', '--host', '127.0.0.1'], {
      cwd: app,
      ready: /Local:\s+(http:\/\/\S+\/)/,
      timeout: 120_000,
    });
    try {
      await expectPython(dev.match[1]);
    } finally {
      dev.stop();
    }
  });
});
