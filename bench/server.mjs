// A static server on 127.0.0.1 for the benchmark: our build under /lib/, @pyscript/core's dist under
// /pyscript/, generated pages under /pages/. It also acts as the browser's HTTP proxy, so that any
// request to a host other than loopback reaches *this* server (Chromium sends loopback requests
// directly) and is recorded as a leak and refused: the run then fails loudly.
import { createHash } from 'node:crypto';
import { mkdir, readFile, readdir, rename, stat, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join, normalize, sep } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants as zlibConstants, gzip } from 'node:zlib';

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

/**
 * What a static host compresses (with `compress`): text types and application/wasm (Cloudflare,
 * Netlify, Vercel and Firebase all list it). Not .zip/.whl/.gz/.woff2: already compressed, and
 * hosts' type lists leave them out (brotli would win ~2 % on python_stdlib.zip). Not .map: never
 * requested by the pages.
 */
const COMPRESSIBLE = new Set(['.html', '.css', '.js', '.mjs', '.json', '.wasm', '.svg', '.ttf']);
const isCompressible = (path) => COMPRESSIBLE.has(path.slice(path.lastIndexOf('.')));
/** Brotli quality 11 (the maximum) is what hosts precompute for static files; gzip level 9 likewise. */
const BROTLI_QUALITY = 11;
const GZIP_LEVEL = 9;
/** Precomputed brotli, keyed by content hash: quality 11 on pyodide.asm.wasm alone takes ~25 s. */
const COMPRESSED_CACHE = join(tmpdir(), 'py-elements-bench-compressed');

const brotliAsync = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/** `body` encoded as `encoding` ('br' or 'gzip'), from the on-disk cache when it was made before. */
async function encode(body, sha, encoding) {
  const file = join(COMPRESSED_CACHE, `${sha}.${encoding === 'br' ? `br${BROTLI_QUALITY}` : `gz${GZIP_LEVEL}`}`);
  try {
    return await readFile(file);
  } catch {
    // not cached yet
  }
  const out =
    encoding === 'br'
      ? await brotliAsync(body, {
          params: {
            [zlibConstants.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY,
            [zlibConstants.BROTLI_PARAM_SIZE_HINT]: body.length,
          },
        })
      : await gzipAsync(body, { level: GZIP_LEVEL });
  await mkdir(COMPRESSED_CACHE, { recursive: true });
  await writeFile(`${file}.${process.pid}`, out);
  await rename(`${file}.${process.pid}`, file);
  return out;
}

/** The encoding to send for an Accept-Encoding header: br if accepted, else gzip, else none. */
function pickEncoding(accept = '') {
  const accepted = new Map(
    accept.split(',').map((part) => {
      const [name, ...params] = part.trim().toLowerCase().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return [name, q ? Number(q.slice(2)) : 1];
    }),
  );
  const ok = (name) => (accepted.get(name) ?? accepted.get('*') ?? 0) > 0;
  if (ok('br')) return 'br';
  if (ok('gzip')) return 'gzip';
  return null;
}

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
 *
 * `compress`: also as a static host that precompresses, every compressible file and page is
 * encoded up front as brotli and gzip; a request gets the best one its Accept-Encoding allows,
 * with `Content-Encoding`, `Vary: Accept-Encoding` and an ETag per encoding. Off by default: the
 * loopback measures serve file sizes.
 */
export async function startServer({ mounts, pages, compress = false }) {
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

  if (compress) {
    // Two at a time: the machine has 2 cores. Done before the first request, so never timed.
    const entries = [...files.values(), ...pageEntries.values()].filter((e) => !e.file || isCompressible(e.file));
    let next = 0;
    const worker = async () => {
      while (next < entries.length) {
        const entry = entries[next++];
        const sha = createHash('sha1').update(entry.body).digest('hex');
        entry.encoded = { br: await encode(entry.body, sha, 'br'), gzip: await encode(entry.body, sha, 'gzip') };
      }
    };
    await Promise.all([worker(), worker()]);
  }

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
    let body = entry.body;
    if (entry.encoded) {
      headers.Vary = 'Accept-Encoding';
      const encoding = pickEncoding(req.headers['accept-encoding']);
      if (encoding) {
        body = entry.encoded[encoding];
        headers['Content-Encoding'] = encoding;
        headers.ETag = `${entry.etag.slice(0, -1)}-${encoding}"`;
      }
    }
    if (req.headers['if-none-match'] === headers.ETag) {
      served.push({ path: pathname, status: 304, bytes: 0 });
      res.writeHead(304, headers);
      res.end();
      return;
    }
    headers['Content-Length'] = body.length;
    served.push({ path: pathname, status: 200, bytes: body.length, encoding: headers['Content-Encoding'] ?? null });
    res.writeHead(200, headers);
    res.end(req.method === 'HEAD' ? undefined : body);
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
