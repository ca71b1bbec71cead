import { fetchOrExplain } from '../internal/fetch-source.js';
import { type PageConfig, parseConfigText, toPageConfig } from './parse-config.js';

export type { PageConfig } from './parse-config.js';

// A variable, not a literal: Vite would otherwise try to resolve `new URL('./wasm/', import.meta.url)`
// at build time. In dev the library is served from src/, and the dev server serves the files at /wasm/.
const WASM_DIR = import.meta.env.DEV ? '/wasm/' : './wasm/';

/** Where the interpreter is when nothing overrides it: `wasm/` next to py-elements.js. */
export function defaultIndexURL(): string {
  return new URL(WASM_DIR, import.meta.url).href;
}

/**
 * Reads the page's configuration: its `<py-config>` (inline or `src`), and `data-index-url` on any
 * script tag. The interpreter's URL is `<py-config>` `index-url`, else `data-index-url`, else the
 * default. The rules are parse-config.ts's; this is the part that looks at the document.
 */
export function readPageConfig(doc: Document = document): Promise<PageConfig> {
  // Cached by what it is read from, so the loader, the REPLs and the code-block upgrade read (and
  // warn) once, while a page that changes its configuration is read again.
  const key = `${[...doc.querySelectorAll('py-config')].map((el) => el.outerHTML).join('')}|${scriptIndexURL(doc)}`;
  if (cached?.key !== key || cached.doc !== doc) {
    const config = readFrom(doc);
    cached = { doc, key, config };
    config.catch(() => {
      if (cached?.config === config) cached = undefined; // a failed read (say a 404 src) is tried again
    });
  }
  return cached.config;
}

let cached: { doc: Document; key: string; config: Promise<PageConfig> } | undefined;

async function readFrom(doc: Document): Promise<PageConfig> {
  return toPageConfig(await readPyConfigElement(doc), contextOf(doc));
}

/**
 * The interpreter's folder when it is known without reading `<py-config>` (TOML waits for its parser,
 * a chunk of its own; `src` for a download): no `<py-config>`, or one inline that does not mention
 * `index-url`. The interpreter's downloads start from it (runtime/hubs.ts). Undefined: it takes the
 * whole configuration, whose errors readPageConfig() reports.
 */
export function quickIndexURL(doc: Document = document): string | undefined {
  const elements = doc.querySelectorAll('py-config');
  const [element] = elements;
  if (elements.length > 1 || element?.hasAttribute('src') || element?.textContent?.includes('index-url')) return undefined;
  try {
    return toPageConfig({}, contextOf(doc)).indexURL;
  } catch {
    return undefined; // a data-index-url that is no URL: the whole reading says so
  }
}

const contextOf = (doc: Document) => ({
  baseURL: doc.baseURI,
  scriptIndexURL: scriptIndexURL(doc),
  defaultIndexURL: defaultIndexURL(),
});

function scriptIndexURL(doc: Document): string | undefined {
  return doc.querySelector<HTMLElement>('script[data-index-url]')?.dataset.indexUrl;
}

async function readPyConfigElement(doc: Document): Promise<Record<string, unknown>> {
  const elements = doc.querySelectorAll('py-config');
  if (elements.length === 0) return {};
  if (elements.length > 1) throw new Error(`This page has ${elements.length} <py-config> elements; use one.`);
  const src = elements[0].getAttribute('src');
  if (!src) return parseConfigText(elements[0].textContent ?? '', '<py-config>', false);
  const where = `<py-config src="${src}">`;
  const text = await (await fetchOrExplain(new URL(src, doc.baseURI).href, where)).text();
  return parseConfigText(text, where, src.endsWith('.json'));
}
