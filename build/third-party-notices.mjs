// dist/THIRD-PARTY-NOTICES.txt: what dist/ redistributes, each with its license text, taken at build
// time from the packages' own files. The JavaScript packages are the ones whose modules actually went
// into the output (the page bundle and the worker bundles, so a new dependency is listed by itself);
// the interpreter files are copied from the pyodide package, whose npm release ships no license text,
// so its MPL-2.0 text and CPython's license are kept in wasm/licenses/ (see wasm/README.md).
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pinnedVersion } from '../wasm/files.mjs';

export const NOTICES_FILE = 'THIRD-PARTY-NOTICES.txt';

const LICENSES_DIR = fileURLToPath(new URL('../wasm/licenses/', import.meta.url));
const NODE_MODULES = `${sep}node_modules${sep}`;
const LICENSE_FILE = /^(licen[cs]e|copying|notice|thirdpartynotices)(\.(md|txt))?$/i;

/** The package directory that `id` (a module path) belongs to, or undefined for our own sources. */
function packageDirOf(id) {
  const path = id.replace(/^\0/, '').split('?')[0];
  const at = path.lastIndexOf(NODE_MODULES);
  if (at < 0) return undefined;
  const rest = path.slice(at + NODE_MODULES.length).split(sep);
  const depth = rest[0].startsWith('@') ? 2 : 1;
  return join(path.slice(0, at + NODE_MODULES.length), ...rest.slice(0, depth));
}

function describePackage(dir) {
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  const files = readdirSync(dir)
    .filter((name) => LICENSE_FILE.test(name))
    .sort()
    .map((name) => join(dir, name));
  // A release that ships no license text: the text kept in wasm/licenses/ (say, from a later release).
  const kept = join(LICENSES_DIR, `${pkg.name.replace('/', '+')}.txt`);
  if (files.length === 0 && existsSync(kept)) files.push(kept);
  if (files.length === 0) throw new Error(`${pkg.name}@${pkg.version} ships no license file: add its text as ${kept}`);
  const texts = files.map((file) => readFileSync(file, 'utf8').trim());
  return { title: `${pkg.name} ${pkg.version} (${pkg.license})`, where: 'bundled into the .js files', texts };
}

/**
 * The plugin for the page build; its `workerModules()` plugin goes into `worker.plugins`, so the
 * packages bundled into the worker scripts are listed too.
 */
export function thirdPartyNotices() {
  const packageDirs = new Set();
  const collect = {
    name: 'py-elements-third-party-notices-collect',
    apply: 'build',
    moduleParsed(info) {
      const dir = packageDirOf(info.id);
      if (dir && existsSync(join(dir, 'package.json'))) packageDirs.add(dir);
    },
  };
  return {
    ...collect,
    name: 'py-elements-third-party-notices',
    workerModules: () => ({ ...collect }),
    generateBundle() {
      // Nested package.json files (a package's sub-folder "type" marker) have no name: walk up to the real one.
      const packages = new Map();
      for (const dir of packageDirs) {
        let pkgDir = dir;
        while (!JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')).name) pkgDir = dirname(pkgDir);
        const described = describePackage(pkgDir);
        packages.set(described.title, described); // one entry when two copies of a release are installed
      }
      const version = pinnedVersion();
      const sections = [
        {
          title: `Pyodide ${version} (MPL-2.0)`,
          where:
            'wasm/pyodide.mjs, wasm/pyodide.asm.mjs, wasm/pyodide.asm.wasm, wasm/pyodide-lock.json, wasm/interpreter-snapshot.bin.gz; source: https://github.com/pyodide/pyodide',
          texts: [readFileSync(join(LICENSES_DIR, 'Pyodide-MPL-2.0.txt'), 'utf8').trim()],
        },
        {
          title: 'CPython (PSF-2.0), compiled into Pyodide',
          where: 'wasm/pyodide.asm.wasm, wasm/python_stdlib*.zip*, wasm/interpreter-snapshot.bin.gz',
          texts: [readFileSync(join(LICENSES_DIR, 'CPython-PSF-2.0.txt'), 'utf8').trim()],
        },
        ...[...packages.values()].sort((a, b) => a.title.localeCompare(b.title)),
      ];
      const rule = '='.repeat(78);
      const body = sections
        .map(({ title, where, texts }) => [rule, title, `In: ${where}`, rule, '', texts.join('\n\n---\n\n'), ''].join('\n'))
        .join('\n');
      const header = 'py-elements redistributes the following third-party software, under the licenses below.\n\n';
      this.emitFile({ type: 'asset', fileName: NOTICES_FILE, source: header + body });
    },
  };
}
