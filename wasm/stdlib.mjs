// Two standard library zips made from Pyodide's python_stdlib.zip (the library picks one per start,
// src/runtime/boot/stdlib.ts):
//
// python_stdlib.compiled.zip: the modules Python imports while it starts (and those
// py-elements' own package imports) as bytecode (.pyc) instead of source, and the bytecode of that
// package itself (py-elements-bytecode/). Pyodide's zip holds only source, so every start compiled
// ~150 modules (~3 MB of Python) before the first line of a page's code ran: most of Python's
// start-up (measured in Node: loadPyodide 2.3-2.6 s with the source zip, 0.65-0.75 s with this one).
// It is ~0.65 MB larger: bytecode compresses less than source. Modules imported later stay source.
// See "Start-up speed" in docs/decisions.md.
//
// Compiled by the pinned Pyodide itself, in Node, so the bytecode is exactly its Python's. Files
// become `<name>.pyc` in place of `<name>.py` (zipimport looks for both); the source is left out, so
// a traceback through those modules has no source lines, as with Pyodide's own compiled build.
//
// Served in two parts (compiledParts): python_stdlib.compiled.zip.startup, the start-up modules'
// entries (1.5 MB, first in the zip) and the zip's directory, and python_stdlib.compiled.zip.rest,
// the entries between (1.8 MB). Python's start reads only the first: the page starts it with zeros
// where the rest goes and writes the rest in afterwards, so the rest shares the link with neither
// the wasm nor the start-up part. The whole zip is not served; the xz zip and the prebuilt snapshot
// are made from it.
//
// python_stdlib.compiled.zip.startup.xz and .rest.xz: the same files, stored (not deflated one by
// one), split the same way, each part xz-compressed: 1.03 + 1.10 MB against the compiled zip's 3.27
// and Pyodide's 2.55 (one stream finds what files share, and LZMA finds more than deflate; the whole
// stored zip in one stream was 2.11 MB), for slow links. Unpacked in the browser (xz-decompress,
// boot/xz.ts), it is 10.3 MB in the interpreter's file system. Its 8 MiB dictionary is the most the
// decoder holds (~0.3% larger than one that covers the whole zip).
import { createHash } from 'node:crypto';
import { mkdir, readFile, readdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { interpreterFile } from './files.mjs';

export const COMPILED_STDLIB_FILE = 'python_stdlib.compiled.zip';
/** The folder of the compiled zip that holds the pyelements package's bytecode (start-interpreter.ts). */
export const PACKAGE_BYTECODE = 'py-elements-bytecode';
/** The compiled zip as it is served, in two parts (compiledParts); and the same stored, xz'd. */
export const COMPILED_STARTUP_FILE = 'python_stdlib.compiled.zip.startup';
export const COMPILED_REST_FILE = 'python_stdlib.compiled.zip.rest';
export const COMPILED_XZ_STARTUP_FILE = 'python_stdlib.compiled.zip.startup.xz';
export const COMPILED_XZ_REST_FILE = 'python_stdlib.compiled.zip.rest.xz';

const CACHE_DIR = fileURLToPath(new URL('../node_modules/.cache/py-elements-stdlib/', import.meta.url));
const PACKAGE_DIR = fileURLToPath(new URL('../src/runtime/python/pyelements/', import.meta.url));

/** The Python that compiles: which modules, from the zip at `stdlib`, and how they are written. */
const COMPILE = `
import ast, importlib, importlib.util, io, lzma, marshal, sys, zipfile

PACKAGE_BYTECODE = '${PACKAGE_BYTECODE}'

def pyc(source, filename, check_source):
    # A hash-based pyc (PEP 552); checked: used only while the source beside it hashes the same.
    flags = 3 if check_source else 1
    code = compile(source, filename, 'exec', dont_inherit=True)
    return importlib.util.MAGIC_NUMBER + flags.to_bytes(4, 'little') + importlib.util.source_hash(source) + marshal.dumps(code)

def zip_entry(name, compression=zipfile.ZIP_DEFLATED):
    entry = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))  # reproducible
    entry.compress_type = compression
    return entry

def compiled_stdlib(stdlib, package_sources):
    # What py-elements' package imports at its top level is imported at every start too.
    for _, source in package_sources:
        for node in ast.parse(source).body:
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else (
                [node.module] if isinstance(node, ast.ImportFrom) and node.level == 0 else [])
            for name in names:
                try:
                    importlib.import_module(name)
                except ImportError:
                    pass  # js, pyodide_js: the browser's, not the standard library's
    prefix = stdlib.rstrip('/') + '/'
    started = {m.__file__[len(prefix):] for m in list(sys.modules.values())
               if (getattr(m, '__file__', None) or '').startswith(prefix) and m.__file__.endswith('.py')}
    source_zip = zipfile.ZipFile(stdlib)
    out = io.BytesIO()
    # The start-up modules first: they are the zip's start-up part (compiledParts, below).
    infos = source_zip.infolist()
    infos = [info for info in infos if info.filename in started] + [info for info in infos if info.filename not in started]
    with zipfile.ZipFile(out, 'w', zipfile.ZIP_DEFLATED, compresslevel=9) as zip_out:
        for info in infos:
            data = source_zip.read(info)
            name = info.filename
            if name in started:
                data = pyc(data, prefix + name, check_source=False)  # no source beside it to check against
                name += 'c'
            entry = zip_entry(name)
            entry.external_attr = info.external_attr
            zip_out.writestr(entry, data, compresslevel=9)
        # The package's own bytecode, which the library copies beside its sources at each start
        # (start-interpreter.ts): checked-hash pycs (PEP 552), so Python uses one only while its source
        # is the same, and compiles the source otherwise. Not importable from here (the hyphen).
        for name, source in package_sources:
            data = pyc(source.encode(), '/lib/py-elements/pyelements/' + name, check_source=True)
            zip_out.writestr(zip_entry(f'{PACKAGE_BYTECODE}/{name[:-3]}.{sys.implementation.cache_tag}.pyc'), data, compresslevel=9)
    return out.getvalue()

def stored(compiled_zip):
    # The compiled zip's files, in the same order, stored: the xz zip before it is compressed.
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(compiled_zip.to_bytes())) as source_zip, zipfile.ZipFile(out, 'w') as zip_out:
        for info in source_zip.infolist():
            entry = zip_entry(info.filename, zipfile.ZIP_STORED)
            entry.external_attr = info.external_attr
            zip_out.writestr(entry, source_zip.read(info))
    return out.getvalue()

def xz(data):
    # CRC32: the check every xz decoder has; LZMA2 alone, as the decoder expects.
    return lzma.compress(data.to_bytes(), format=lzma.FORMAT_XZ, check=lzma.CHECK_CRC32,
                         filters=[{'id': lzma.FILTER_LZMA2, 'preset': 6, 'dict_size': 8 << 20}])

`;

/** The pyelements package's files: [name, source] pairs. */
export async function packageSources() {
  const names = (await readdir(PACKAGE_DIR)).filter((name) => name.endsWith('.py')).sort();
  return Promise.all(names.map(async (name) => [name, await readFile(join(PACKAGE_DIR, name), 'utf8')]));
}

/**
 * Per suffix of a made file, how the pinned Pyodide in Node (`compiler()`, with COMPILE run) makes it
 * from the package's sources: the xz zip's parts from the compiled zip's bytes, so they hold the same
 * files.
 */
const MAKERS = {
  'compiled.zip': async ({ pyodide, stdlib }, sources) =>
    bytesOf(pyodide.globals.get('compiled_stdlib')(stdlib, pyodide.toPy(sources))),
  'compiled.zip.startup.xz': async (python) => xzOf(python, (await storedParts(python)).startup),
  'compiled.zip.rest.xz': async (python) => xzOf(python, (await storedParts(python)).rest),
};

let storedSplit;
/** The xz zip's two parts before compression: the compiled zip stored, split as it is (compiledParts). */
function storedParts({ pyodide }) {
  storedSplit ??= compiledStdlib().then((zip) =>
    // A plain Uint8Array (a copy): Pyodide converts no Buffer.
    compiledParts(Buffer.from(bytesOf(pyodide.globals.get('stored')(new Uint8Array(zip))))),
  );
  return storedSplit;
}

const xzOf = ({ pyodide }, bytes) => bytesOf(pyodide.globals.get('xz')(new Uint8Array(bytes)));

/** The bytes of a Python `bytes` result, its proxy then let go. */
function bytesOf(result) {
  try {
    return result.toJs();
  } finally {
    result.destroy();
  }
}

const made = new Map();
let python;

/**
 * A zip's bytes, made once per Pyodide build and py-elements package source and kept in
 * node_modules/.cache (~4 s to make the compiled zip, ~10 s more for its xz copy). Each is made when
 * first asked for: a start on a fast link never waits for the xz one.
 */
function stdlibFile(suffix) {
  if (!made.has(suffix)) made.set(suffix, makeOrRead(suffix));
  return made.get(suffix);
}

export const compiledStdlib = () => stdlibFile('compiled.zip');
export const compiledXzStartupPart = () => stdlibFile('compiled.zip.startup.xz');
export const compiledXzRestPart = () => stdlibFile('compiled.zip.rest.xz');

/** The compiled zip in the two parts the library downloads (see the top of this file). */
export const compiledStartupPart = async () => compiledParts(await compiledStdlib()).startup;
export const compiledRestPart = async () => compiledParts(await compiledStdlib()).rest;

/**
 * A compiled zip's start-up part (its first entries, those of the modules Python imports while it
 * starts, then its directory) and its rest part (the entries between). Python's start reads nothing
 * of the rest, so the page starts it with zeros there and writes the rest in once it is in
 * (src/runtime/boot/stdlib-parts.ts). The start-up entries are exactly the zip's bytecode outside
 * PACKAGE_BYTECODE: COMPILE makes the other modules' entries source. Also the zip's `tail` (its
 * directory and end record: the prebuilt snapshot carries it, snapshot.mjs) and the start-up
 * entries' `modules` (the names the prebuilt snapshot imports before it is made).
 */
export function compiledParts(zip) {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const end = zip.length - 22; // the end record; Python's zipfile writes no comment after it
  if (view.getUint32(end, true) !== 0x06054b50) throw new Error('compiled stdlib: no zip end record where expected');
  const entries = view.getUint16(end + 10, true);
  const directory = view.getUint32(end + 16, true);
  let at = directory;
  let restAt = directory;
  const modules = [];
  for (let i = 0; i < entries; i++) {
    const nameLength = view.getUint16(at + 28, true);
    const name = zip.subarray(at + 46, at + 46 + nameLength).toString();
    if (!name.endsWith('.pyc') || name.startsWith(`${PACKAGE_BYTECODE}/`)) {
      restAt = view.getUint32(at + 42, true);
      break;
    }
    modules.push(
      name
        .slice(0, -'.pyc'.length)
        .replace(/\/__init__$/, '')
        .replaceAll('/', '.'),
    );
    at += 46 + nameLength + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
  }
  const tail = zip.subarray(directory);
  return { startup: Buffer.concat([zip.subarray(0, restAt), tail]), rest: zip.subarray(restAt, directory), tail, modules };
}

/** The hash that names this build's files in the cache: the stdlib, what makes them, the package. */
async function cacheBase(sources) {
  const hash = createHash('sha256').update(await readFile(interpreterFile('python_stdlib.zip')));
  hash.update(COMPILE); // what makes the zips, so a change to it makes them again
  for (const [name, source] of sources) hash.update(`${name}\0${source}`);
  return join(CACHE_DIR, hash.digest('hex').slice(0, 24));
}

/** The pinned Pyodide in Node, with COMPILE run: one for every file this process makes. */
async function compiler() {
  python ??= (async () => {
    const { loadPyodide } = await import('pyodide');
    const pyodide = await loadPyodide({ stdout: () => {}, stderr: () => {} });
    pyodide.runPython(COMPILE);
    const stdlib = pyodide.runPython('import sys; [p for p in sys.path if p.endswith(".zip")][0]');
    return { pyodide, stdlib };
  })();
  return python;
}

async function makeOrRead(suffix) {
  const sources = await packageSources();
  const file = `${await cacheBase(sources)}.${suffix}`;
  try {
    return await readFile(file);
  } catch {
    // not made yet
  }
  const bytes = Buffer.from(await MAKERS[suffix](await compiler(), sources));
  await mkdir(CACHE_DIR, { recursive: true });
  const partial = `${file}.${process.pid}.tmp`; // concurrent builds must not read a half-written file
  await writeFile(partial, bytes);
  await rename(partial, file);
  return bytes;
}
