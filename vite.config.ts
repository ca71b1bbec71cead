import { defineConfig } from 'vite';
// @ts-expect-error plain ESM helper without types
import { declarations } from './build/declarations.mjs';
// @ts-expect-error plain ESM helper without types
import { demoMarkdown } from './build/demo-markdown.mjs';
// @ts-expect-error plain ESM helper without types
import { markdownEntries } from './build/markdown-entries.mjs';
// @ts-expect-error plain ESM helper without types
import { monacoCss } from './build/monaco-css-plugin.mjs';
// @ts-expect-error plain ESM helper without types
import { nodeEntry } from './build/node-entry.mjs';
// @ts-expect-error plain ESM helper without types
import { runtimeBesideEntry } from './build/runtime-beside-entry.mjs';
// @ts-expect-error plain ESM helper without types
import { thirdPartyNotices } from './build/third-party-notices.mjs';
// @ts-expect-error plain ESM helper without types
import { pyElementsWasm } from './wasm/vite-plugin.mjs';

// One config for the demo dev server (`npm start`), the test runner (which mounts Vite as middleware)
// and the library build (`npm run build` → dist/py-elements.js + dist/wasm/).
// One instance: it collects the packages of the worker bundles too.
const notices = thirdPartyNotices();

export default defineConfig({
  // Built URLs (the Monaco worker) are relative to the chunk that uses them, so dist/ works under any path.
  base: './',
  plugins: [
    monacoCss(),
    pyElementsWasm(),
    nodeEntry(),
    runtimeBesideEntry(),
    markdownEntries(),
    demoMarkdown(),
    notices,
    declarations(),
  ],
  server: { port: 5173, strictPort: false },
  // Pyodide is never bundled or pre-bundled: it is imported at run time from /wasm/. Monaco is not
  // pre-bundled either, so its CSS imports reach monacoCss() (the editor loads from ~800 modules in dev).
  // The optimizer scans only the demo pages: by default it scans every .html file of the repository,
  // and test pages (worker.isolated.test.html) import the test runner's modules, which exist only
  // under @web/test-runner and crashed `npm start` on a fresh clone. The scan does not enter worker
  // scripts: what they import is listed, or its late discovery reloads the page a reader is on.
  optimizeDeps: {
    entries: ['demo/*.html'],
    // xz-decompress is a UMD bundle (boot/xz.ts): served as it is, it finds no module system.
    include: ['coincident/window/worker', 'turndown', 'xz-decompress'],
    exclude: ['pyodide', 'monaco-editor'],
  },
  // Monaco's editor worker is built as an ES module: monaco.ts starts it as a module worker (and, when
  // the library is served from another origin, imports it from a same-origin blob worker).
  worker: { format: 'es', plugins: () => [notices.workerModules()] },
  build: {
    target: 'es2022',
    outDir: 'dist',
    emptyOutDir: true,
    copyPublicDir: false,
    minify: true,
    // Lazy chunks (the worker runtime) import what they share with py-elements.js from it, instead of
    // both importing a split-off shared chunk: one file on the page's critical path, not two.
    rollupOptions: {
      preserveEntrySignatures: 'allow-extension',
      // Library mode keeps whitespace in ES output for downstream bundlers' sake; the annotations they
      // need survive without it (comments.annotation stays on), and py-elements.js is ~10% smaller.
      output: {
        minify: { codegen: { removeWhitespace: true } },
        // The modules the elements' chunk and the loader's both import (the output code and its small
        // helpers) in one chunk, not four: each was a chunk of its own, some found only once another
        // had arrived, and every such level cost a round trip before an element was defined. The page
        // asks for it beside the elements' chunk (define-on-demand.ts) and the loader's (the output code,
        // hubs.ts).
        advancedChunks: {
          includeDependenciesRecursively: false, // their imports (the messages) stay where they are
          groups: [
            {
              name: 'shared',
              test: /src[\\/](output[\\/]dom-output|i18n[\\/]locale|internal[\\/](trusted-types|editors-first|hash-text|deadline))\.ts$/,
            },
          ],
        },
      },
    },
    lib: {
      entry: 'src/index.ts',
      formats: ['es'],
      fileName: () => 'py-elements.js',
    },
  },
});
