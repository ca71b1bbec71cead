// The `packages` test group's browser page: Pyodide's public distribution (the pinned CDN URL in
// src/runtime/version.ts) answered from this machine, since tests may need no host but loopback.
// Requests are intercepted in the browser (puppeteer), so the page asks for the real URL:
//   <distribution>/<file>   the test wheels built by build_wheels.py (greetings, shouting);
//                           numpy's file: bytes that are not numpy (the lock file's sha256 must refuse them);
//                           micropip's file: the connection fails (an unreachable distribution);
//                           anything else: 404
//   /wasm/pyodide-lock.json the interpreter's lock file plus the test wheels (as if Pyodide shipped them)
import { readFileSync } from 'node:fs';
import { PACKAGES_DIR } from './routes.mjs';

const DISTRIBUTION = `https://cdn.jsdelivr.net/pyodide/v${JSON.parse(readFileSync(new URL('../../node_modules/pyodide/package.json', import.meta.url))).version}/full/`;
const CORS = { 'Access-Control-Allow-Origin': '*' };

export async function distributionStandInPage({ browser }) {
  const page = await browser.newPage();
  await page.setRequestInterception(true);
  page.on('request', (request) => {
    const url = request.url();
    if (url.startsWith(DISTRIBUTION)) {
      const file = url.slice(DISTRIBUTION.length);
      if (file.startsWith('numpy-')) {
        return request.respond({ status: 200, headers: CORS, contentType: 'application/zip', body: 'not numpy' });
      }
      if (file.startsWith('micropip-')) return request.abort('internetdisconnected');
      try {
        return request.respond({
          status: 200,
          headers: CORS,
          contentType: 'application/zip',
          body: readFileSync(PACKAGES_DIR + file),
        });
      } catch {
        return request.respond({ status: 404, headers: CORS, body: 'not found' });
      }
    }
    if (new URL(url).pathname === '/wasm/pyodide-lock.json') {
      return request.respond({
        status: 200,
        contentType: 'application/json',
        body: readFileSync(PACKAGES_DIR + 'pyodide-lock.json'),
      });
    }
    return request.continue();
  });
  return page;
}
