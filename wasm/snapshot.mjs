// The prebuilt interpreter snapshot: Pyodide started once at build time and its memory saved,
// gzip-compressed, as wasm/interpreter-snapshot.bin.gz. A first visit restores it (~0.3 s) instead
// of initialising Python (~0.7 s). Saved without the pages the wasm's own data fills in at
// instantiation (pack-against.mjs): 3.4 MB, not 4.8. See "Start-up speed" in docs/decisions.md.
//
// Made in headless Chromium, not in Node: start-up records engine facts in the interpreter's memory
// (whether JavaScript Promise Integration works, which also decides input() and Stop; and a call
// trampoline only Chromium gets), so a Node-made snapshot would lose JSPI in the browser. The
// library uses the file only in browsers like the one that made it (see interpreter.ts) and falls
// back to an ordinary start if it cannot be used.
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../scripts/chromium.mjs';
import { createHash } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import { INTERPRETER_FILES, contentType, interpreterFile } from './files.mjs';
import { COMPILED_STDLIB_FILE, compiledParts, compiledStdlib, packageSources } from './stdlib.mjs';
import { packAgainst } from './pack-against.mjs';

export const SNAPSHOT_FILE = 'interpreter-snapshot.bin.gz';

const CACHE_DIR = fileURLToPath(new URL('../node_modules/.cache/py-elements-snapshot/', import.meta.url));
/** A made-up origin the browser never really contacts: every request is answered from disk. */
const ORIGIN = 'http://py-elements-snapshot.invalid';

/**
 * The file's bytes, made once per Pyodide build and kept in node_modules/.cache (~3-5 s to make).
 * Resolves to undefined, with a warning, where there is no Chromium to make it with.
 */
export async function snapshotFile({ warn = console.warn } = {}) {
  const checksums = JSON.parse(await readFile(new URL('./checksums.json', import.meta.url), 'utf8'));
  // Made with the compiled standard library: Python keeps the zip's directory in its memory, so a
  // snapshot is only ever restored with the very zip it was made with (the library sees to that).
  const stdlib = await compiledStdlib();
  // And by what makes it: a change to this file or the layout makes it again.
  const hash = createHash('sha256').update(stdlib);
  for (const file of ['./snapshot.mjs', './pack-against.mjs']) hash.update(await readFile(new URL(file, import.meta.url)));
  const key = `${checksums.version}-${checksums.files['pyodide.asm.wasm'].sha256.slice(0, 16)}-${hash.digest('hex').slice(0, 16)}.bin.gz`;
  const cached = join(CACHE_DIR, key);
  try {
    return await readFile(cached);
  } catch {
    // not made yet
  }
  if (!existsSync(CHROMIUM_PATH)) {
    warn(`py-elements: no Chromium at ${CHROMIUM_PATH} (set CHROME_PATH): building without the prebuilt interpreter snapshot.`);
    return undefined;
  }
  const bytes = await makeSnapshot(stdlib);
  await mkdir(CACHE_DIR, { recursive: true });
  const partial = `${cached}.${process.pid}.tmp`; // concurrent builds must not read a half-written file
  await writeFile(partial, bytes);
  await rename(partial, cached);
  return bytes;
}

async function makeSnapshot(stdlib) {
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage();
    await page.route(`${ORIGIN}/**`, async (route) => {
      const name = new URL(route.request().url()).pathname.slice(1);
      if (name === COMPILED_STDLIB_FILE) return route.fulfill({ status: 200, contentType: contentType(name), body: stdlib });
      if (!INTERPRETER_FILES.includes(name))
        return route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html>' });
      return route.fulfill({ status: 200, contentType: contentType(name), body: await readFile(interpreterFile(name)) });
    });
    await page.goto(`${ORIGIN}/`);
    const { tail, modules } = compiledParts(stdlib);
    const [snapshot, memory] = await page.evaluate(
      async ([stdLibURL, modules, sources]) => {
        const loader = '/pyodide.mjs'; // not a literal import(): Vite bundles this file with its config
        const { loadPyodide } = await import(loader);
        // The environment is frozen into the snapshot: set it, so nothing of the build machine's is in it.
        const env = { HOME: '/home/pyodide', LANG: 'en_US.UTF-8', _: './this.program' };
        const made = await loadPyodide({ indexURL: '/', stdLibURL, _makeSnapshot: true, env });
        // Every module of the zip's start-up part imported (those py-elements' package imports too):
        // a start from this snapshot reads none of them, so it needs only the zip's other part.
        made.runPython(`import importlib\nfor name in ${JSON.stringify(modules)}:\n    importlib.import_module(name)`);
        // And py-elements' package, as IMPORT_FOR_SNAPSHOT does (src/runtime/boot/python-package.ts,
        // TypeScript, which this build step cannot import): a start from here keeps it while the
        // sources it writes beside it are these. ~50-90 ms less of every start from this snapshot.
        const folder = '/lib/py-elements';
        made.FS.mkdirTree(`${folder}/pyelements`);
        for (const [name, source] of sources) made.FS.writeFile(`${folder}/pyelements/${name}`, source);
        made.runPython(
          `import sys\nsys.path.insert(0, '${folder}')\nimport pyelements\npyelements._built_from = pyelements._sources_stamp()`,
        );
        const snapshot = made.makeMemorySnapshot();
        // What a restore finds in the memory before it copies the snapshot in: a second start from it,
        // caught at that moment (the module is the same for every start of this wasm).
        const asmModule = '/pyodide.asm.mjs';
        const asm = (await import(asmModule)).default;
        let memory;
        const createPyodideModule = (settings) =>
          asm(settings).then((module) => {
            const restore = module.API.restoreSnapshot;
            module.API.restoreSnapshot = (bytes) => {
              memory = module.HEAPU8.slice();
              return restore.call(module.API, bytes);
            };
            return module;
          });
        await loadPyodide({ indexURL: '/', stdLibURL, _loadSnapshot: snapshot.slice(), env, createPyodideModule });
        const gzipBase64 = async (bytes) => {
          const gzipped = new Blob([bytes]).stream().pipeThrough(new CompressionStream('gzip'));
          const zipped = new Uint8Array(await new Response(gzipped).arrayBuffer());
          let text = '';
          for (let i = 0; i < zipped.length; i += 0x8000) text += String.fromCharCode(...zipped.subarray(i, i + 0x8000));
          return btoa(text);
        };
        return [await gzipBase64(snapshot), await gzipBase64(memory)];
      },
      [`/${COMPILED_STDLIB_FILE}`, modules, await packageSources()],
    );
    const unzip = (base64) => gunzipSync(Buffer.from(base64, 'base64'));
    return gzipSync(packAgainst(unzip(snapshot), unzip(memory), tail), { level: 9 });
  } finally {
    await browser.close();
  }
}
