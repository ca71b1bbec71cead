/**
 * The one place the Pyodide version is pinned. `wasm/verify.mjs` checks that package.json, the installed
 * package and wasm/checksums.json agree with it: the loader and the wasm files must match exactly or
 * Pyodide refuses to start.
 */
export const PYODIDE_VERSION = '314.0.7';

/** py-elements' own version (package.json's); also `pyelements.__version__` in Python. */
export const version: string = packageVersion;

import { version as packageVersion } from '../../package.json';
import { fetchOrExplain } from '../internal/fetch-source.js';
import { jsonErrorOffset } from '../internal/json-position.js';

/** Page-level settings, from `<py-config>` (TOML or JSON, inline or `src`) and the script tag. */
export interface PageConfig {
  /** Folder holding pyodide.mjs, pyodide.asm.wasm, python_stdlib.zip and pyodide-lock.json. */
  indexURL: string;
  /** Package names (resolved with their dependencies through the lock file) or wheel URLs. */
  packages: string[];
  /** URL → path in the interpreter's file system (relative paths are under /home/pyodide, importable). */
  files: Record<string, string>;
  /** Lock file naming the packages that can be installed; default: the interpreter's own. */
  lockFileURL?: string;
  /** Where package files are downloaded from; default: the lock file's folder. */
  packagesURL?: string;
  /** Default `load` for `<py-repl>` elements without the attribute. */
  load?: 'visible' | 'eager';
  /** CSS selector of code blocks to turn into `<py-repl>` elements, e.g. `pre > code.language-python`. */
  upgrade?: string;
  /**
   * Start from memory snapshots instead of initialising Python: `true` the prebuilt one shipped in
   * wasm/ on a first visit, then one made for this browser and kept in Cache Storage; `'cache'` only
   * the latter (no extra download on a first visit); `false` neither.
   */
  snapshot: boolean | 'cache';
}

const KNOWN_KEYS = ['index-url', 'packages', 'files', 'lock-file', 'packages-url', 'load', 'upgrade', 'snapshot'];

// A variable, not a literal: Vite would otherwise try to resolve `new URL('./wasm/', import.meta.url)`
// at build time. In dev the library is served from src/, and the dev server serves the files at /wasm/.
const WASM_DIR = import.meta.env.DEV ? '/wasm/' : './wasm/';

/** Where the interpreter is when nothing overrides it: `wasm/` next to py-elements.js. */
export function defaultIndexURL(): string {
  return new URL(WASM_DIR, import.meta.url).href;
}

/**
 * Reads the page's configuration. The interpreter's URL: `<py-config>` `index-url`, else
 * `data-index-url` on any script tag, else the default. Throws an error that names the key and says
 * what is wrong; unknown keys only warn (with the closest known key), so a typo does not stop a page.
 */
export function readPageConfig(doc: Document = document): Promise<PageConfig> {
  // Cached by what it is read from, so the loader, the REPLs and the code-block upgrade read (and
  // warn) once, while a page that changes its configuration is read again.
  const key = `${[...doc.querySelectorAll('py-config')].map((el) => el.outerHTML).join('')}|${doc.querySelector<HTMLElement>('script[data-index-url]')?.dataset.indexUrl}`;
  if (cached?.key !== key || cached.doc !== doc) {
    const config = parsePageConfig(doc);
    cached = { doc, key, config };
    config.catch(() => {
      if (cached?.config === config) cached = undefined; // a failed read (say a 404 src) is tried again
    });
  }
  return cached.config;
}

let cached: { doc: Document; key: string; config: Promise<PageConfig> } | undefined;

async function parsePageConfig(doc: Document): Promise<PageConfig> {
  const raw = await readPyConfigElement(doc);
  for (const key of Object.keys(raw)) {
    if (!KNOWN_KEYS.includes(key)) {
      const hint = closest(key, KNOWN_KEYS);
      console.warn(`<py-config>: unknown key "${key}" is ignored${hint ? ` (did you mean "${hint}"?)` : ''}.`);
    }
  }
  const base = doc.baseURI;
  const script = doc.querySelector<HTMLScriptElement>('script[data-index-url]');
  const indexFromConfig = optional(raw, 'index-url', 'string');
  const indexURL =
    indexFromConfig !== undefined
      ? toFolderURL(indexFromConfig, '<py-config> index-url', base)
      : script?.dataset.indexUrl !== undefined
        ? toFolderURL(script.dataset.indexUrl, 'data-index-url on the <script> tag', base)
        : defaultIndexURL();
  const packages = optional(raw, 'packages', 'string[]') ?? [];
  const files = optional(raw, 'files', 'table') ?? {};
  const lockFile = optional(raw, 'lock-file', 'string');
  const packagesURL = optional(raw, 'packages-url', 'string');
  const load = optional(raw, 'load', 'string');
  if (load !== undefined && load !== 'visible' && load !== 'eager') {
    throw new Error(`<py-config> load must be "visible" or "eager", not ${JSON.stringify(load)}`);
  }
  return {
    indexURL,
    packages: packages.map((name) => (name.endsWith('.whl') ? new URL(name, base).href : name)),
    files: Object.fromEntries(Object.entries(files).map(([url, path]) => [new URL(url, base).href, path])),
    lockFileURL: lockFile === undefined ? undefined : new URL(lockFile, base).href,
    packagesURL: packagesURL === undefined ? undefined : toFolderURL(packagesURL, '<py-config> packages-url', base),
    load,
    upgrade: optional(raw, 'upgrade', 'string'),
    snapshot: snapshotSetting(raw.snapshot),
  };
}

function snapshotSetting(value: unknown): PageConfig['snapshot'] {
  if (value === undefined) return true;
  if (value === true || value === false || value === 'cache') return value;
  throw new Error(`<py-config> snapshot must be true, false or "cache", not ${JSON.stringify(value)}`);
}

type Kind = 'string' | 'boolean' | 'string[]' | 'table';
type KindType<K extends Kind> = K extends 'string'
  ? string
  : K extends 'boolean'
    ? boolean
    : K extends 'string[]'
      ? string[]
      : Record<string, string>;

function optional<K extends Kind>(raw: Record<string, unknown>, key: string, kind: K): KindType<K> | undefined {
  const value = raw[key];
  if (value === undefined) return undefined;
  const ok =
    kind === 'string' || kind === 'boolean'
      ? typeof value === kind
      : kind === 'string[]'
        ? Array.isArray(value) && value.every((item) => typeof item === 'string')
        : typeof value === 'object' && value !== null && !Array.isArray(value) && Object.values(value).every((v) => typeof v === 'string');
  if (!ok) {
    const expected = {
      string: 'a string',
      boolean: 'true or false',
      'string[]': 'a list of strings',
      table: 'a table of "url" = "path" strings',
    }[kind];
    throw new Error(`<py-config> ${key} must be ${expected}, not ${JSON.stringify(value)}`);
  }
  return value as KindType<K>;
}

async function readPyConfigElement(doc: Document): Promise<Record<string, unknown>> {
  const elements = doc.querySelectorAll('py-config');
  if (elements.length === 0) return {};
  if (elements.length > 1) throw new Error(`This page has ${elements.length} <py-config> elements; use one.`);
  const element = elements[0];
  const src = element.getAttribute('src');
  let text: string;
  let where = '<py-config>';
  if (src) {
    const url = new URL(src, doc.baseURI).href;
    where = `<py-config src="${src}">`;
    text = await (await fetchOrExplain(url, where)).text();
  } else {
    text = element.textContent ?? '';
  }
  text = text.trim();
  if (!text) return {};
  if (text.startsWith('{') || (src ?? '').endsWith('.json')) {
    try {
      return JSON.parse(text) as Record<string, unknown>;
    } catch (error) {
      const offset = jsonErrorOffset(text);
      const at = offset >= 0 ? ` (${lineAndColumn(text, offset)})` : '';
      throw new Error(`${where} is not valid JSON${at}: ${(error as Error).message}`);
    }
  }
  // Loaded only by pages that have a <py-config>: TOML costs nothing elsewhere.
  const { parse, TomlError } = await import('smol-toml');
  try {
    return parse(text);
  } catch (error) {
    if (error instanceof TomlError) {
      const detail = error.message.replace(/^Invalid TOML document: /, '').split('\n')[0];
      throw new Error(`${where} is not valid TOML (line ${error.line}, column ${error.column}): ${detail}`);
    }
    throw error;
  }
}

function lineAndColumn(text: string, offset: number): string {
  const before = text.slice(0, offset).split('\n');
  return `line ${before.length}, column ${before.at(-1)!.length + 1}`;
}

function toFolderURL(value: string, source: string, base: string): string {
  let url: URL;
  try {
    url = new URL(value, base);
  } catch {
    throw new Error(`${source}: "${value}" is not a URL`);
  }
  return url.href.endsWith('/') ? url.href : `${url.href}/`;
}

/** The candidate closest to word by edit distance, if close enough to be a likely typo. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(word.length / 3)) + 1;
  for (const candidate of candidates) {
    const distance = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}
