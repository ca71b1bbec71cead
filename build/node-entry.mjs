// `import 'py-elements'` outside a browser (SSR, static-site generators, Node test runners) must not
// throw. The bundle cannot be loaded there: Lit, bundled in, extends HTMLElement and walks `document`
// as it loads. So package.json's "node" export condition points at node.js, which this plugin writes
// from the entry chunk's own export list: the same names, nothing defined, and a clear error if a
// browser-only export is used. Constants keep their real values.
import { readFileSync } from 'node:fs';
import { pinnedVersion } from '../wasm/files.mjs';

export const NODE_ENTRY = 'node.js';

export function nodeEntry() {
  const constants = {
    PYODIDE_VERSION: pinnedVersion(),
    version: JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version,
  };
  return {
    name: 'py-elements-node-entry',
    apply: 'build',
    generateBundle(_options, bundle) {
      const entry = Object.values(bundle).find((chunk) => chunk.type === 'chunk' && chunk.isEntry);
      if (!entry) this.error('no entry chunk to mirror for Node');
      const lines = [
        '// py-elements in Node: the elements need a browser, so none is defined here (see build/node-entry.mjs).',
        'const browserOnly = (name) => function () {',
        '  throw new Error(`py-elements: ${name} needs a browser (there is no DOM here); use it in client-side code.`);',
        '};',
      ];
      // The source's own export list: the chunk also exports internals to the lazy chunks.
      const names = this.getModuleInfo(entry.facadeModuleId)?.exports;
      if (!names?.length) this.error(`no export list for ${entry.facadeModuleId}`);
      for (const name of [...names].sort()) {
        lines.push(
          Object.hasOwn(constants, name)
            ? `export const ${name} = ${JSON.stringify(constants[name])};`
            : `export const ${name} = browserOnly(${JSON.stringify(name)});`,
        );
      }
      this.emitFile({ type: 'asset', fileName: NODE_ENTRY, source: `${lines.join('\n')}\n` });
    },
  };
}
