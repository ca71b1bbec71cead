// `py-elements/markdown-it` and `py-elements/rehype` (src/markdown/): build-time plugins that run in
// Node, beside the browser bundle and independent of it. Each module is only stripped of its types,
// one file per source file, into dist/markdown/; their declarations come from build/declarations.mjs.
// They import nothing: markdown-it and unified hand the plugins what they work on.
import { readFileSync, readdirSync } from 'node:fs';
import { transformWithOxc } from 'vite';

const SOURCE = new URL('../src/markdown/', import.meta.url);

export function markdownEntries() {
  return {
    name: 'py-elements-markdown-entries',
    apply: 'build',
    async generateBundle() {
      const sources = readdirSync(SOURCE).filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts'));
      for (const name of sources.sort()) {
        const { code } = await transformWithOxc(readFileSync(new URL(name, SOURCE), 'utf8'), name, { lang: 'ts' });
        if (/^\s*import\s(?!type\b)[^;]*from\s+['"](?!\.\/)/m.test(code)) this.error(`src/markdown/${name} imports a package`);
        this.emitFile({ type: 'asset', fileName: `markdown/${name.replace(/\.ts$/, '.js')}`, source: code });
      }
    },
  };
}
