/**
 * The one place the Pyodide version is pinned. `wasm/verify.mjs` checks that package.json, the installed
 * package and wasm/checksums.json agree with it: the loader and the wasm files must match exactly or
 * Pyodide refuses to start.
 */
export const PYODIDE_VERSION = '314.0.7';

/** Page-level settings, from `<py-config>` (TOML or JSON) and the script tag's data attributes. */
export interface PageConfig {
  /** Folder holding pyodide.mjs, pyodide.asm.wasm, python_stdlib.zip and pyodide-lock.json. */
  indexURL: string;
}

// A variable, not a literal: Vite would otherwise try to resolve `new URL('./wasm/', import.meta.url)`
// at build time. In dev the library is served from src/, and the dev server serves the files at /wasm/.
const WASM_DIR = import.meta.env.DEV ? '/wasm/' : './wasm/';

/** Where the interpreter is when nothing overrides it: `wasm/` next to py-elements.js. */
export function defaultIndexURL(): string {
  return new URL(WASM_DIR, import.meta.url).href;
}

/**
 * Reads the page's configuration. Precedence: `<py-config>` `index-url`, then `data-index-url` on any
 * script tag, then the default. Throws an error naming the source when a value is unusable.
 */
export async function readPageConfig(doc: Document = document): Promise<PageConfig> {
  const fromElement = await readPyConfigElement(doc);
  const script = doc.querySelector<HTMLScriptElement>('script[data-index-url]');
  const candidates: [string | undefined, string][] = [
    [asString(fromElement['index-url'], '<py-config> index-url'), '<py-config> index-url'],
    [script?.dataset.indexUrl, 'data-index-url on the <script> tag'],
  ];
  for (const [value, source] of candidates) {
    if (value !== undefined) return { indexURL: toFolderURL(value, source, doc.baseURI) };
  }
  return { indexURL: defaultIndexURL() };
}

async function readPyConfigElement(doc: Document): Promise<Record<string, unknown>> {
  const elements = doc.querySelectorAll('py-config');
  if (elements.length === 0) return {};
  if (elements.length > 1) throw new Error(`This page has ${elements.length} <py-config> elements; use one.`);
  const text = elements[0].textContent?.trim() ?? '';
  if (!text) return {};
  if (text.startsWith('{')) {
    try {
      return JSON.parse(text) as Record<string, unknown>;
    } catch (error) {
      throw new Error(`<py-config> is not valid JSON: ${(error as Error).message}`);
    }
  }
  // Loaded only by pages that have a <py-config>: TOML costs nothing elsewhere.
  const { parse } = await import('smol-toml');
  try {
    return parse(text);
  } catch (error) {
    throw new Error(`<py-config> is not valid TOML: ${(error as Error).message}`);
  }
}

function asString(value: unknown, source: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw new Error(`${source} must be a string (a URL), not ${JSON.stringify(value)}`);
  return value;
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
