// Rolldown puts its runtime helpers (~150 bytes: how a module namespace is made for a dynamic import)
// in a chunk of their own once several chunks use them, and advancedChunks cannot move them (its test
// never sees the runtime module). The elements' chunk imports that chunk, so the page found it only
// once the elements' chunk had arrived and been read: a round trip more before an element was defined.
// py-elements.js imports it beside its own imports, so it is in hand by then.
export function runtimeBesideEntry() {
  return {
    name: 'py-elements-runtime-beside-entry',
    apply: 'build',
    generateBundle(_options, bundle) {
      const chunks = Object.values(bundle).filter((chunk) => chunk.type === 'chunk');
      const runtime = chunks.find((chunk) => chunk.name === 'rolldown-runtime');
      const entry = chunks.find((chunk) => chunk.isEntry);
      if (!runtime || !entry || entry.imports.includes(runtime.fileName)) return;
      entry.code = `import"./${runtime.fileName}";${entry.code}`;
      entry.imports.push(runtime.fileName);
    },
  };
}
