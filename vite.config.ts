import { defineConfig } from 'vite';
// @ts-expect-error plain ESM helper without types
import { pyElementsWasm } from './wasm/vite-plugin.mjs';

// One config for the demo dev server (`npm start`), the test runner (which mounts Vite as middleware)
// and the library build (`npm run build` → dist/py-elements.js + dist/wasm/).
export default defineConfig({
  plugins: [pyElementsWasm()],
  server: { port: 5173, strictPort: false },
  // Pyodide is never bundled or pre-bundled: it is imported at run time from /wasm/.
  optimizeDeps: { exclude: ['pyodide'] },
  build: {
    target: 'es2022',
    outDir: 'dist',
    emptyOutDir: true,
    copyPublicDir: false,
    minify: true,
    lib: {
      entry: 'src/index.ts',
      formats: ['es'],
      fileName: () => 'py-elements.js',
    },
  },
});
