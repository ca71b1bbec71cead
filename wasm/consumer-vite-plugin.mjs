// `py-elements/vite` (dist/vite.js): the one line a Vite app adds, `plugins: [pyElements()]`, so that
// the interpreter files in dist/wasm/ are where the library looks for them, `wasm/` next to the
// module that contains it. Without a plugin a bundler moves the library's code into the app's own
// chunks and leaves the interpreter behind.
//   dev:   the library is not pre-bundled (it stays at node_modules/py-elements/dist/, wasm/ beside
//          it), and the interpreter files are served as they are, never transformed.
//   build: the files are emitted next to every output chunk that holds the library.
import { createReadStream, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';
import { fileURLToPath } from 'node:url';

const DIST = dirname(fileURLToPath(import.meta.url));
const WASM = join(DIST, 'wasm');
const LIBRARY = join(DIST, 'py-elements.js');
const SERVED = /\/py-elements\/dist\/wasm\/([^/?#]+)(?:[?#].*)?$/;
const TYPES = {
  '.mjs': 'text/javascript',
  '.wasm': 'application/wasm',
  '.zip': 'application/zip',
  '.json': 'application/json',
  '.gz': 'application/gzip',
};

const wasmFiles = () => readdirSync(WASM).filter((name) => statSync(join(WASM, name)).isFile());

/** @returns {import('vite').Plugin} */
export default function pyElements() {
  return {
    name: 'py-elements',
    config: () => ({ optimizeDeps: { exclude: ['py-elements'] } }),
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const name = SERVED.exec(req.url ?? '')?.[1];
        if (!name || !wasmFiles().includes(name)) return next();
        const file = join(WASM, name);
        res.setHeader('Content-Type', TYPES[name.slice(name.lastIndexOf('.'))] ?? 'application/octet-stream');
        res.setHeader('Content-Length', statSync(file).size);
        createReadStream(file).pipe(res);
      });
    },
    generateBundle(_options, bundle) {
      const dirs = new Set();
      for (const chunk of Object.values(bundle)) {
        if (chunk.type === 'chunk' && chunk.moduleIds.some((id) => id === LIBRARY)) dirs.add(posix.dirname(chunk.fileName));
      }
      for (const dir of dirs) {
        for (const name of wasmFiles()) {
          this.emitFile({ type: 'asset', fileName: posix.join(dir, 'wasm', name), source: readFileSync(join(WASM, name)) });
        }
      }
    },
  };
}

export { pyElements };
