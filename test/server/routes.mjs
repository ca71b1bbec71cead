// Test-only routes (Koa middleware for @web/test-runner), for failures a real server would produce.
//   /__test/fault-once/<fault>/<token>/wasm/<file>
//                                          the first request of pyodide.asm.wasm per token fails with
//                                          <fault> (see FAULTS), then the real interpreter files are served
//   /__test/paced/<bytes/s>/<ms>/<token>/wasm/<file>
//                                          the interpreter's files and stdlib zips (no-store), the first MB (or 2 s) of
//                                          the big ones at <bytes/s> (the link the loader reads), and the prebuilt
//                                          snapshot with most of its body <ms> after its headers
//   /__test/paced-requests/<token>         how many times each file of that paced (or fault-once) folder
//                                          was asked for
//   /__test/paced-cut/<token>              how many of those requests the browser closed before the end
//   /__test/html-for/<file>/<token>/wasm/<file>
//                                          the interpreter's files, but <file> answered with an HTML page
//                                          (200), as a host whose missing files get its index page
//   /__test/other-build-snapshot/<token>/wasm/<file>
//                                          the interpreter's files, the prebuilt snapshot with the hash of the
//                                          memory it expects changed (as one made for another build); counted
//                                          in paced-requests
//   /__test/slow/<ms>/<path>               serves <path> after a delay
//   /__test/cors/<path>                    serves <path> with Access-Control-Allow-Origin: *
//   /__test/packages/<file>                test wheels and their lock file (built by build_wheels.py)
//   /__test/no-cors/<fixture>              serves test/fixtures/<fixture> with no CORS headers at all
import { execFileSync } from 'node:child_process';
import { gunzipSync, gzipSync } from 'node:zlib';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { INTERPRETER_FILES, contentType, interpreterFile } from '../../wasm/files.mjs';
import { MADE_FILES } from '../../wasm/made-files.mjs';
import { SNAPSHOT_FILE } from '../../wasm/snapshot.mjs';
import { COMPILED_STARTUP_FILE, COMPILED_XZ_STARTUP_FILE } from '../../wasm/stdlib.mjs';

// Small wheels and a lock file listing them, built fresh for every run (see the script), in a folder
// of this run's own: two runs at once (two engines, another checkout) each rewrote the wheels the
// other was serving, and its sha256 check failed.
export const PACKAGES_DIR = `${mkdtempSync(join(tmpdir(), 'py-elements-test-packages-'))}/`;
process.on('exit', () => rmSync(PACKAGES_DIR, { recursive: true, force: true }));
execFileSync('python3', [
  fileURLToPath(new URL('../fixtures/packages/build_wheels.py', import.meta.url)),
  interpreterFile('pyodide-lock.json'),
  PACKAGES_DIR,
]);

const failedOnce = new Set();
/** token → file → requests, for the paced folders; and how many the browser closed early. */
const pacedRequests = new Map();
const pacedCut = new Map();
/** One more of `file` for `token` in `counts` (pacedRequests or pacedCut). */
const count = (counts, token, file) => {
  const files = counts.get(token) ?? new Map();
  counts.set(token, files.set(file, (files.get(file) ?? 0) + 1));
};

/** Ways a download goes wrong, each written straight to the response (`res`) with the file's bytes. */
const FAULTS = {
  500(res) {
    res.writeHead(500, { 'Content-Type': 'text/plain', 'Cache-Control': 'no-store' });
    res.end('injected failure');
  },
  // Half the file, with a Content-Length that says so: a complete response of a cut file.
  truncate(res, bytes) {
    res.writeHead(200, wasmHeaders(bytes.length >> 1));
    res.end(bytes.subarray(0, bytes.length >> 1));
  },
  // The connection drops halfway through the promised length.
  reset(res, bytes) {
    res.writeHead(200, wasmHeaders(bytes.length));
    res.write(bytes.subarray(0, bytes.length >> 1), () => setTimeout(() => res.socket?.destroy(), 100));
  },
  // Half the file, then nothing: the server stops sending but keeps the connection (closed later).
  stall(res, bytes) {
    res.writeHead(200, wasmHeaders(bytes.length));
    res.write(bytes.subarray(0, bytes.length >> 1));
    setTimeout(() => res.socket?.destroy(), 120_000).unref();
  },
  // The right size, but not WebAssembly (the magic number is gone): it fails to compile.
  corrupt(res, bytes) {
    const damaged = Buffer.from(bytes);
    damaged.fill(0, 0, 4);
    res.writeHead(200, wasmHeaders(damaged.length));
    res.end(damaged);
  },
};

/** The files a paced folder sends at its rate: the ones the loader reads the link from. */
const PACED_FILES = ['pyodide.asm.mjs', 'pyodide.asm.wasm', 'python_stdlib.zip', COMPILED_STARTUP_FILE, COMPILED_XZ_STARTUP_FILE];

/**
 * Sends the first megabyte of `bytes`, or its first 2 seconds' worth, at `rate` bytes a second, in 50
 * pieces a second (at least 16 KB each), and the rest at once: the loader reads the link within its
 * first 800 ms (boot/link-meter.ts), and a test need not wait for a whole slow download (at 150 KB/s a
 * megabyte took 6.7 s, for each file and each start).
 */
function sendPaced(res, bytes, rate) {
  const piece = Math.max(16_384, Math.ceil(rate / 50));
  const until = Date.now() + 2000;
  let sent = 0;
  const next = () => {
    if (res.destroyed) return;
    if (sent >= 1_000_000 || Date.now() >= until) return res.end(bytes.subarray(sent));
    res.write(bytes.subarray(sent, sent + piece));
    sent += piece;
    if (sent < bytes.length) setTimeout(next, (piece / rate) * 1000);
    else res.end();
  };
  next();
}

/** A file of the interpreter's folder as this build serves it (made ones included), or undefined. */
async function folderFile(file) {
  if (Object.hasOwn(MADE_FILES, file)) return MADE_FILES[file]();
  return INTERPRETER_FILES.includes(file) ? readFileSync(interpreterFile(file)) : undefined;
}

/** Headers of a file answered directly, never cached: each test's folder is asked afresh. */
const uncachedHeaders = (file, bytes) => ({
  'Content-Type': contentType(file),
  'Content-Length': bytes.length,
  'Cache-Control': 'no-store',
});

const wasmHeaders = (length) => ({ 'Content-Type': 'application/wasm', 'Content-Length': length, 'Cache-Control': 'no-store' });

export async function testRoutes(ctx, next) {
  const faultOnce = /^\/__test\/fault-once\/(\w+)\/([\w-]+)\/wasm\/(.+)$/.exec(ctx.path);
  if (faultOnce) {
    const [, fault, token, file] = faultOnce;
    count(pacedRequests, token, file);
    if (!INTERPRETER_FILES.includes(file) || !(fault in FAULTS)) {
      ctx.status = 404; // e.g. the prebuilt snapshot: this folder, like a bare copy of pyodide, has none
      return undefined;
    }
    // Answered directly: the runner adds a year-long Cache-Control to what passes through Koa, and the
    // browser would then replay the fault on retry instead of asking again.
    ctx.respond = false;
    const bytes = readFileSync(interpreterFile(file));
    if (file === 'pyodide.asm.wasm' && !failedOnce.has(token)) {
      failedOnce.add(token);
      FAULTS[fault](ctx.res, bytes);
    } else {
      ctx.res.writeHead(200, { 'Content-Type': contentType(file), 'Cache-Control': 'no-store' });
      ctx.res.end(bytes);
    }
    return undefined;
  }
  const pacedCount = /^\/__test\/paced-(requests|cut)\/([\w-]+)$/.exec(ctx.path);
  if (pacedCount) {
    ctx.body = Object.fromEntries((pacedCount[1] === 'cut' ? pacedCut : pacedRequests).get(pacedCount[2]) ?? []);
    return undefined;
  }
  const htmlFor = /^\/__test\/html-for\/([\w.-]+)\/([\w-]+)\/wasm\/(.+)$/.exec(ctx.path);
  if (htmlFor) {
    const [, replaced, , file] = htmlFor;
    const bytes = file === replaced ? Buffer.from('<!doctype html>\n<title>My blog</title>\n') : await folderFile(file);
    if (!bytes) {
      ctx.status = 404;
      return undefined;
    }
    ctx.respond = false; // answered directly, as fault-once's are
    ctx.res.writeHead(200, { ...uncachedHeaders(file, bytes), ...(file === replaced ? { 'Content-Type': 'text/html' } : {}) });
    ctx.res.end(bytes);
    return undefined;
  }
  const otherBuild = /^\/__test\/other-build-snapshot\/([\w-]+)\/wasm\/(.+)$/.exec(ctx.path);
  if (otherBuild) {
    const [, token, file] = otherBuild;
    count(pacedRequests, token, file);
    let bytes = await folderFile(file);
    if (!bytes) {
      ctx.status = 404;
      return undefined;
    }
    if (file === SNAPSHOT_FILE) {
      const packed = gunzipSync(bytes);
      packed.writeUInt32LE((packed.readUInt32LE(16) ^ 1) >>> 0, 16); // wasm/pack-against.mjs: the kept pages' hash
      bytes = gzipSync(packed);
    }
    ctx.respond = false; // answered directly, as fault-once's are
    ctx.res.writeHead(200, uncachedHeaders(file, bytes));
    ctx.res.end(bytes);
    return undefined;
  }
  // A folder that lacks one file (a partial deploy) and answers another 1.5 s late:
  // /__test/without/<file>/late/<file>/<token>/wasm/<file>.
  const without = /^\/__test\/without\/([\w.-]+)\/late\/([\w.-]+)\/([\w-]+)\/wasm\/(.+)$/.exec(ctx.path);
  if (without) {
    const [, lacking, late, , file] = without;
    const bytes = file === lacking ? undefined : await folderFile(file);
    if (!bytes) {
      ctx.status = 404;
      return undefined;
    }
    if (file === late) await new Promise((resolve) => setTimeout(resolve, 1500));
    ctx.respond = false; // answered directly, as fault-once's are
    ctx.res.writeHead(200, uncachedHeaders(file, bytes));
    ctx.res.end(bytes);
    return undefined;
  }
  const paced = /^\/__test\/paced\/(\d+)\/(\d+)\/([\w-]+)\/wasm\/(.+)$/.exec(ctx.path);
  if (paced) {
    const [, rate, delay, token, file] = paced;
    count(pacedRequests, token, file);
    const bytes = await folderFile(file);
    if (!bytes) {
      ctx.status = 404;
      return undefined;
    }
    ctx.respond = false; // answered directly, as fault-once's are
    ctx.res.on('close', () => {
      if (!ctx.res.writableFinished) count(pacedCut, token, file);
    });
    ctx.res.writeHead(200, uncachedHeaders(file, bytes));
    if (file === SNAPSHOT_FILE) {
      // The headers and a first piece now (Firefox holds a response back until its first bytes), the rest later.
      ctx.res.write(bytes.subarray(0, 65_536));
      setTimeout(() => ctx.res.end(bytes.subarray(65_536)), Number(delay));
    } else if (PACED_FILES.includes(file)) sendPaced(ctx.res, bytes, Number(rate));
    else ctx.res.end(bytes);
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
