// Test-only routes (Koa middleware for @web/test-runner), for failures a real server would produce.
//   /__test/fail-once/<token>/wasm/<file>  answers 500 for the first request of pyodide.asm.wasm per
//                                          token, then serves the real interpreter files
//   /__test/slow/<ms>/<path>               serves <path> after a delay
//   /__test/cors/<path>                    serves <path> with Access-Control-Allow-Origin: *
//   /__test/packages/<file>                test wheels and their lock file (built by build_wheels.py)
//   /__test/no-cors/<fixture>              serves test/fixtures/<fixture> with no CORS headers at all
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { INTERPRETER_FILES, contentType, interpreterFile } from '../../wasm/files.mjs';

// Small wheels and a lock file listing them, built fresh for every run (see the script).
const PACKAGES_DIR = fileURLToPath(new URL('../../node_modules/.cache/py-elements-test-packages/', import.meta.url));
execFileSync('python3', [
  fileURLToPath(new URL('../fixtures/packages/build_wheels.py', import.meta.url)),
  interpreterFile('pyodide-lock.json'),
  PACKAGES_DIR,
]);

const failedOnce = new Set();

export async function testRoutes(ctx, next) {
  const failOnce = /^\/__test\/fail-once\/([\w-]+)\/wasm\/(.+)$/.exec(ctx.path);
  if (failOnce) {
    const [, token, file] = failOnce;
    if (!INTERPRETER_FILES.includes(file)) {
      ctx.status = 404; // e.g. the prebuilt snapshot: this folder, like a bare copy of pyodide, has none
      return undefined;
    }
    const fail = file === 'pyodide.asm.wasm' && !failedOnce.has(token);
    if (fail) failedOnce.add(token);
    // Answered directly: the runner adds a year-long Cache-Control to what passes through Koa, and the
    // browser would then replay the 500 on retry instead of asking again.
    ctx.respond = false;
    ctx.res.writeHead(fail ? 500 : 200, { 'Content-Type': fail ? 'text/plain' : contentType(file), 'Cache-Control': 'no-store' });
    ctx.res.end(fail ? 'injected failure' : readFileSync(interpreterFile(file)));
    return undefined;
  }
  const packages = /^\/__test\/packages\/([\w.-]+)$/.exec(ctx.path);
  if (packages) {
    try {
      ctx.body = readFileSync(PACKAGES_DIR + packages[1]);
      ctx.type = contentType(packages[1]);
    } catch {
      ctx.status = 404;
    }
    return undefined;
  }
  const noCors = /^\/__test\/no-cors\/([\w.-]+)$/.exec(ctx.path);
  if (noCors) {
    // Answered directly, so no middleware adds CORS headers: a cross-origin read must fail.
    ctx.respond = false;
    ctx.res.writeHead(200, { 'Content-Type': 'text/plain' });
    ctx.res.end(readFileSync(new URL(`../fixtures/${noCors[1]}`, import.meta.url)));
    return undefined;
  }
  const cors = /^\/__test\/cors(\/.*)$/.exec(ctx.path);
  if (cors) {
    // For cross-origin tests: the page is on localhost, this is fetched as 127.0.0.1.
    ctx.set('Access-Control-Allow-Origin', '*');
    ctx.path = cors[1];
  }
  const slow = /^\/__test\/slow\/(\d+)(\/.*)$/.exec(ctx.path);
  if (slow) {
    await new Promise((resolve) => setTimeout(resolve, Number(slow[1])));
    ctx.path = slow[2];
  }
  return next();
}
