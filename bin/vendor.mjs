// `py-elements vendor` (bin/py-elements.mjs is the command line that calls main()):
//
//   npx py-elements vendor <package>... [--to <folder>] [--from <url or folder>]
//
// Puts the files of Pyodide packages (numpy, matplotlib, ...) and of everything they depend on into a
// site's interpreter folder, so pages load them from the site itself: offline, and with nothing from a
// third party (see docs/packages.md). Names resolve through the folder's lock file (pyodide-lock.json);
// files come from Pyodide's distribution of exactly the folder's interpreter version, or from --from;
// each is checked against the lock file's sha256. Files already there with the right hash are kept, so
// running it again fetches nothing.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const USAGE = `Usage: npx py-elements vendor <package>... [--to <folder>] [--from <url or folder>]

  --to    the site's folder that holds the interpreter (pyodide-lock.json); default: the current folder
  --from  where the files come from; default: Pyodide's distribution of the interpreter's version
          (https://cdn.jsdelivr.net/pyodide/v<version>/full/)`;

/** The interpreter folder shipped with this package (dist/wasm), or Pyodide's own when run from a checkout. */
function ownInterpreterFolder() {
  const here = dirname(fileURLToPath(import.meta.url));
  for (const folder of [join(here, '../dist/wasm'), join(here, '../node_modules/pyodide')]) {
    if (existsSync(join(folder, 'pyodide-lock.json'))) return folder;
  }
  return undefined;
}

/** The packages to fetch: the names with everything they depend on, through the lock file. */
export function resolvePackages(lock, names) {
  const byName = new Map();
  for (const [key, entry] of Object.entries(lock.packages)) {
    byName.set(normalise(key), entry);
    byName.set(normalise(entry.name), entry);
  }
  const wanted = new Map();
  const visit = (name, neededBy) => {
    const entry = byName.get(normalise(name));
    if (!entry) {
      throw new Error(`there is no package "${name}" in the lock file${neededBy ? ` (needed by ${neededBy})` : ''}`);
    }
    if (wanted.has(entry.name)) return;
    wanted.set(entry.name, entry);
    for (const dependency of entry.depends ?? []) visit(dependency, entry.name);
  };
  for (const name of names) visit(name);
  return [...wanted.values()];
}

/** Downloads (or copies) each package file into `to`, verified; returns what was fetched. */
export async function vendor({ names, to, from, log = console.log }) {
  const own = ownInterpreterFolder();
  const lockPath = existsSync(join(to, 'pyodide-lock.json'))
    ? join(to, 'pyodide-lock.json')
    : own && join(own, 'pyodide-lock.json');
  if (!lockPath) throw new Error(`${to} has no pyodide-lock.json, and this copy of py-elements has none to use either`);
  const lock = JSON.parse(await readFile(lockPath, 'utf8'));
  const source = from ?? (await distributionURL(to, own));
  const entries = resolvePackages(lock, names);
  await mkdir(to, { recursive: true });
  let fetchedBytes = 0;
  const fetched = [];
  for (const entry of entries) {
    const target = join(to, entry.file_name);
    if (existsSync(target) && sha256(await readFile(target)) === entry.sha256) {
      log(`  kept     ${entry.file_name} (already there, sha256 checked)`);
      continue;
    }
    const bytes = await read(source, entry.file_name);
    const actual = sha256(bytes);
    if (actual !== entry.sha256) {
      throw new Error(
        `${entry.name}: ${locate(source, entry.file_name)} is not the file the lock file names (sha256 ${actual}, expected ${entry.sha256}); nothing was written for it`,
      );
    }
    await writeFile(`${target}.part`, bytes);
    await rename(`${target}.part`, target); // never a half-written wheel under the real name
    fetchedBytes += bytes.length;
    fetched.push(entry.file_name);
    log(`  fetched  ${entry.file_name} (${megabytes(bytes.length)})`);
  }
  log(
    fetched.length
      ? `${fetched.length} file(s), ${megabytes(fetchedBytes)}, written to ${to} (${entries.length - fetched.length} already there).`
      : `Nothing to fetch: all ${entries.length} file(s) are already in ${to}.`,
  );
  return fetched;
}

/** Pyodide's distribution of the interpreter version the site's folder (or this package) holds. */
export async function distributionURL(to, own = ownInterpreterFolder()) {
  for (const folder of [to, own]) {
    if (folder && existsSync(join(folder, 'pyodide.mjs'))) {
      const { version } = await import(pathToFileURL(resolve(folder, 'pyodide.mjs')).href);
      return `https://cdn.jsdelivr.net/pyodide/v${version}/full/`;
    }
  }
  throw new Error('could not tell which Pyodide version to fetch packages for; pass --from');
}

function locate(source, file) {
  return /^https?:/.test(source) ? new URL(file, source.endsWith('/') ? source : `${source}/`).href : join(source, file);
}

async function read(source, file) {
  const where = locate(source, file);
  if (!/^https?:/.test(source)) {
    try {
      return await readFile(where);
    } catch (error) {
      throw new Error(`${file}: ${where} could not be read (${error.code ?? error.message})`);
    }
  }
  let response;
  try {
    response = await fetch(where, { signal: AbortSignal.timeout(120_000) });
  } catch (error) {
    throw new Error(
      `${file}: ${where} could not be downloaded (${error.cause?.code ?? error.message}); pass --from with a folder or mirror that has it`,
    );
  }
  if (!response.ok) throw new Error(`${file}: ${where} answered ${response.status} ${response.statusText}`);
  return Buffer.from(await response.arrayBuffer());
}

const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');
const normalise = (name) => name.toLowerCase().replace(/[-_.]+/g, '-');
const megabytes = (bytes) => `${(bytes / 1_000_000).toFixed(2)} MB`;

/** The command line: `vendor <package>... [--to] [--from]`; resolves to the exit code. */
export async function main(argv) {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { to: { type: 'string' }, from: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  const [command, ...names] = positionals;
  if (values.help || command !== 'vendor' || names.length === 0) {
    console.log(USAGE);
    return values.help ? 0 : 1;
  }
  try {
    await vendor({ names, to: resolve(values.to ?? '.'), from: values.from });
    return 0;
  } catch (error) {
    console.error(`py-elements vendor: ${error.message}`);
    return 1;
  }
}
