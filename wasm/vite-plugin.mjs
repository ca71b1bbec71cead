// Serves the interpreter the way a built site does, so demo pages, tests and dist share one layout:
//   /py-elements.js  the library (dev: src/index.ts, build: the bundle)
//   /wasm/<file>     the pinned Pyodide files (dev: straight from node_modules/pyodide, build: copied),
//                    and those made from them: two standard library zips (one in two parts), the snapshot
import { createReadStream, readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { INTERPRETER_FILES, contentType, interpreterFile } from './files.mjs';
import { MADE_FILES } from './made-files.mjs';

const WASM_PREFIX = '/wasm/';

/** Connect middleware answering `/wasm/<file>` from the installed pyodide package. */
export function serveInterpreter(req, res, next) {
  const path = (req.url ?? '').split('?')[0];
  if (!path.startsWith(WASM_PREFIX)) return next();
  const name = path.slice(WASM_PREFIX.length);
  if (!INTERPRETER_FILES.includes(name)) return next();
  const file = interpreterFile(name);
  res.statusCode = 200;
  res.setHeader('Content-Type', contentType(name));
  res.setHeader('Content-Length', statSync(file).size);
  res.setHeader('Cache-Control', 'no-cache');
  if (req.method === 'HEAD') res.end();
  else createReadStream(file).pipe(res);
}

/**
 * The worker demo is served cross-origin isolated (COOP/COEP), so worker code can reach the page; with
 * `?plain` it is not, to show what a worker can still do on an ordinary host. An isolated page's
 * worker script needs COEP too: every non-page response gets it (it changes nothing for other pages).
 */
function isolateWorkerDemo(req, res, next) {
  const [path, query = ''] = (req.url ?? '').split('?');
  if (path === '/demo/worker.html' && !new URLSearchParams(query).has('plain')) {
    res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
    res.setHeader('Cross-Origin-Embedder-Policy', 'require-corp');
  } else if (!path.endsWith('.html') && !path.endsWith('/')) {
    res.setHeader('Cross-Origin-Embedder-Policy', 'require-corp');
  }
  next();
}

const ENTRY = fileURLToPath(new URL('../src/index.ts', import.meta.url));

/**
 * Connect middleware answering `/wasm/<name>` with the files made here (made-files.mjs), from
 * `made`. One that cannot be made is a 404, and pages start without it.
 */
function serveMade(made) {
  return (req, res, next) => {
    const path = (req.url ?? '').split('?')[0];
    const name = path.slice(WASM_PREFIX.length);
    if (!path.startsWith(WASM_PREFIX) || !Object.hasOwn(made, name)) return next();
    made[name]().then(
      (bytes) => {
        if (!bytes) return next();
        res.statusCode = 200;
        res.setHeader('Content-Type', contentType(name));
        res.setHeader('Content-Length', bytes.length);
        res.setHeader('Cache-Control', 'no-cache');
        res.end(req.method === 'HEAD' ? undefined : bytes);
      },
      (error) => next(error),
    );
  };
}

export function pyElementsWasm() {
  let serving = false;
  // Started with the dev server, so the first page does not wait for them; made once, shared by every request.
  const making = {};
  const made = Object.fromEntries(Object.entries(MADE_FILES).map(([name, make]) => [name, () => (making[name] ??= make())]));
  return {
    name: 'py-elements-wasm',
    configResolved(config) {
      serving = config.command === 'serve';
    },
    // Lets Vite's HTML pre-transform resolve the demo pages' <script src="/py-elements.js"> too.
    resolveId(id) {
      return serving && id === '/py-elements.js' ? ENTRY : null;
    },
    configureServer(server) {
      server.middlewares.use((req, _res, next) => {
        // The public entry name in dev, so demo pages use the same tag as a deployed site.
        if (req.url === '/py-elements.js') req.url = '/src/index.ts';
        if (req.url === '/') req.url = '/demo/index.html';
        next();
      });
      server.middlewares.use(isolateWorkerDemo);
      server.middlewares.use(serveInterpreter);
      server.middlewares.use(serveMade(made));
      for (const [name, make] of Object.entries(made)) {
        make().catch((error) => server.config.logger.error(`py-elements: could not make wasm/${name}: ${error.message}`));
      }
    },
    configurePreviewServer(server) {
      server.middlewares.use((req, _res, next) => {
        if (req.url === '/') req.url = '/demo/index.html';
        next();
      });
    },
    async generateBundle() {
      for (const name of INTERPRETER_FILES) {
        this.emitFile({ type: 'asset', fileName: `wasm/${name}`, source: readFileSync(interpreterFile(name)) });
      }
      // `py-elements/vite`, the plugin a Vite app that installs the package adds (see its header).
      for (const [from, to] of [
        ['consumer-vite-plugin.mjs', 'vite.js'],
        ['consumer-vite-plugin.d.ts', 'vite.d.ts'],
      ]) {
        this.emitFile({ type: 'asset', fileName: to, source: readFileSync(new URL(from, import.meta.url)) });
      }
      for (const [name, make] of Object.entries(made)) {
        const source = await make();
        if (source) this.emitFile({ type: 'asset', fileName: `wasm/${name}`, source });
      }
    },
  };
}
