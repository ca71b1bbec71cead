// Test-only routes (Koa middleware for @web/test-runner), for failures a real server would produce.
//   /__test/fail-once/<token>/wasm/<file>  answers 500 for the first request of pyodide.asm.wasm per
//                                          token, then serves the real interpreter files
//   /__test/slow/<ms>/<path>               serves <path> after a delay
import { readFileSync } from 'node:fs';
import { INTERPRETER_FILES, contentType, interpreterFile } from '../../wasm/files.mjs';

const failedOnce = new Set();

export async function testRoutes(ctx, next) {
  const failOnce = /^\/__test\/fail-once\/([\w-]+)\/wasm\/(.+)$/.exec(ctx.path);
  if (failOnce) {
    const [, token, file] = failOnce;
    const fail = file === 'pyodide.asm.wasm' && !failedOnce.has(token);
    if (fail) failedOnce.add(token);
    // Answered directly: the runner adds a year-long Cache-Control to what passes through Koa, and the
    // browser would then replay the 500 on retry instead of asking again.
    ctx.respond = false;
    ctx.res.writeHead(fail ? 500 : 200, { 'Content-Type': fail ? 'text/plain' : contentType(file), 'Cache-Control': 'no-store' });
    ctx.res.end(fail ? 'injected failure' : readFileSync(interpreterFile(file)));
    return undefined;
  }
  const slow = /^\/__test\/slow\/(\d+)(\/.*)$/.exec(ctx.path);
  if (slow) {
    await new Promise((resolve) => setTimeout(resolve, Number(slow[1])));
    ctx.path = slow[2];
  }
  return next();
}
