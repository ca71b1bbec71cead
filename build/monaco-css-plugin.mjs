// Monaco's ESM build imports ~100 .css files for their side effect. Vite would inject them into
// document.head in dev, and in library mode extract them into a .css file that no page links. This
// plugin turns each of them into a small JS module that hands the CSS text (Vite's `?inline`, so
// url()s and minification are handled as usual) to a registry module; monaco.ts adopts the collected
// text into document.adoptedStyleSheets once. Same code path in `vite` dev, the test runner (Vite as
// middleware) and `vite build`.
//
// Monaco must not be pre-bundled (optimizeDeps.exclude), or the dependency optimiser would handle its
// CSS imports before this plugin sees them.

/** Import this id to read the collected CSS (see monaco.ts). */
export const MONACO_CSS_REGISTRY = 'virtual:py-elements/monaco-css';

const RESOLVED_REGISTRY = `\0${MONACO_CSS_REGISTRY}`;
// The trailing `.js` keeps Vite's CSS plugin from claiming the id.
const PREFIX = '\0monaco-css:';
const SUFFIX = '.js';
const MONACO_DIR = /[\\/]node_modules[\\/]monaco-editor[\\/]/;

const REGISTRY_CODE = `
const texts = [];
const listeners = new Set();
/** Called by every generated module, in Monaco's import order. */
export function addMonacoCss(text) {
  texts.push(text);
  for (const listener of listeners) listener(text);
}
/** All CSS registered so far. */
export function monacoCssTexts() {
  return texts.slice();
}
/** Calls listener with CSS registered from now on (Monaco chunks loaded later); returns an unsubscribe. */
export function onMonacoCss(listener) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
`;

/** @returns {import('vite').Plugin} */
export function monacoCss() {
  return {
    name: 'py-elements-monaco-css',
    enforce: 'pre',
    async resolveId(source, importer, options) {
      if (source === MONACO_CSS_REGISTRY) return RESOLVED_REGISTRY;
      if (!importer || !/\.css$/.test(source)) return null; // any query (?inline, ?url) is left to Vite
      const importerPath = importer.startsWith(PREFIX) ? '' : importer.split('?')[0];
      if (!MONACO_DIR.test(importerPath)) return null;
      const resolved = await this.resolve(source, importer, { ...options, skipSelf: true });
      if (!resolved || resolved.external) return null;
      return PREFIX + resolved.id + SUFFIX;
    },
    load(id) {
      if (id === RESOLVED_REGISTRY) return REGISTRY_CODE;
      if (!id.startsWith(PREFIX)) return null;
      const file = id.slice(PREFIX.length, -SUFFIX.length);
      return [
        `import text from ${JSON.stringify(`${file}?inline`)};`,
        `import { addMonacoCss } from ${JSON.stringify(MONACO_CSS_REGISTRY)};`,
        'addMonacoCss(text);',
      ].join('\n');
    },
  };
}
