// A static server on 127.0.0.1 for the benchmark: our build under /lib/, @pyscript/core's dist under
// /pyscript/, generated pages under /pages/. It also acts as the browser's HTTP proxy, so that any
// request to a host other than loopback reaches *this* server (Chromium sends loopback requests
// directly) and is recorded as a leak and refused: the run then fails loudly.
import { createHash } from 'node:crypto';
import { readFile, readdir, stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import { join, normalize, sep } from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.zip': 'application/zip',
  '.whl': 'application/zip',
  '.ttf': 'font/ttf',
  '.woff2': 'font/woff2',
  '.svg': 'image/svg+xml',
};
const typeOf = (path) => TYPES[path.slice(path.lastIndexOf('.'))] ?? 'application/octet-stream';

/** Every file under `dir` (recursively), as paths relative to it with '/' separators. */
async function listFiles(dir, prefix = '') {
  const out = [];
  for (const entry of await readdir(join(dir, prefix), { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...(await listFiles(dir, rel)));
    else if (entry.isFile()) out.push(rel);
  }
  return out;
}

/**
 * Starts the server. `mounts` is a list of [URL prefix ending in '/', directory]; every file is read
 * into memory up front so that disk I/O never shows up in a timing. `pages` maps a path to
 * { html, isolated? }; `isolated` pages get COOP/COEP (cross-origin isolation, which PyScript's
 * worker-based py-editor needs for SharedArrayBuffer).
 *
 * Caching, as a typical static host would configure it: assets are `max-age=3600` with an ETag;
 * pages are `no-cache` (revalidated on every navigation, answered 304 when unchanged).
 */
export async function startServer({ mounts, pages }) {
  /** @type {Map<string, {body: Buffer, type: string, etag: string, file: string}>} */
  const files = new Map();
  for (const [prefix, dir] of mounts) {
    for (const rel of await listFiles(dir)) {
      const file = normalize(join(dir, rel));
      if (!file.startsWith(normalize(dir) + sep)) continue;
      const body = await readFile(file);
      const etag = `"${createHash('sha1').update(body).digest('base64url').slice(0, 20)}"`;
      files.set(prefix + rel, { body, type: typeOf(rel), etag, file, mtime: (await stat(file)).mtime });
    }
  }
  const pageEntries = new Map(
    Object.entries(pages).map(([path, { html, isolated = false }]) => {
      const body = Buffer.from(html);
      const etag = `"${createHash('sha1').update(body).digest('base64url').slice(0, 20)}"`;
      return [path, { body, etag, isolated }];
    }),
  );

  const leaks = [];
  const served = [];

  const server = createServer((req, res) => {
    // A proxied request carries an absolute URL: the browser tried to reach another host.
    if (!req.url.startsWith('/')) {
      leaks.push(`${req.method} ${req.url}`);
      res.writeHead(502, { 'Content-Type': 'text/plain' });
      res.end('py-elements bench: requests off loopback are refused');
      return;
    }
    let pathname;
    try {
      pathname = decodeURIComponent(new URL(req.url, 'http://127.0.0.1').pathname);
    } catch {
      res.writeHead(400).end();
      return;
    }
    const common = {
      // Same-origin resources are allowed under COEP: require-corp (isolated pages).
      'Cross-Origin-Resource-Policy': 'same-origin',
      'Cross-Origin-Embedder-Policy': 'require-corp',
    };
    const page = pageEntries.get(pathname);
    const asset = page ? undefined : files.get(pathname);
    const entry = page ?? asset;
    if (!entry) {
      served.push({ path: pathname, status: 404, bytes: 0 });
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8', ...common });
      res.end(`Not found: ${pathname}`);
      return;
    }
    const headers = {
      ...common,
      'Content-Type': page ? TYPES['.html'] : asset.type,
      ETag: entry.etag,
      'Cache-Control': page ? 'no-cache' : 'public, max-age=3600',
    };
    if (asset) headers['Last-Modified'] = asset.mtime.toUTCString();
    if (page?.isolated) headers['Cross-Origin-Opener-Policy'] = 'same-origin';
    if (req.headers['if-none-match'] === entry.etag) {
      served.push({ path: pathname, status: 304, bytes: 0 });
      res.writeHead(304, headers);
      res.end();
      return;
    }
    headers['Content-Length'] = entry.body.length;
    served.push({ path: pathname, status: 200, bytes: entry.body.length });
    res.writeHead(200, headers);
    res.end(req.method === 'HEAD' ? undefined : entry.body);
  });
  // A navigation or a closed browser resets connections mid-response; that is the browser's business.
  server.on('connection', (socket) => socket.on('error', () => {}));
  // HTTPS (and WebSocket over TLS) through the proxy arrives as CONNECT.
  server.on('connect', (req, socket) => {
    socket.on('error', () => {}); // the browser may reset it first: not a reason to stop the bench
    leaks.push(`CONNECT ${req.url}`);
    socket.end('HTTP/1.1 502 Bad Gateway\r\n\r\n');
  });

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address();
  return {
    origin: `http://127.0.0.1:${port}`,
    port,
    leaks,
    served,
    /** The file behind a URL path of a mounted directory, or undefined. */
    fileFor: (pathname) => files.get(pathname),
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
