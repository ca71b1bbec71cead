/**
 * The elements register through defineElement() (src/internal/define.ts, which tolerates the bundle
 * being loaded twice), a call the analyzer does not recognise as customElements.define(). Each
 * declaration with a @tagname gets the custom-element-definition export a direct call would give, so
 * tools that look elements up by tag (IDEs, Storybook) find them.
 */
function definitionsFromTagNames() {
  return {
    name: 'py-elements-definitions',
    packageLinkPhase({ customElementsManifest }) {
      // The analyzer lists modules in the order its file scan returns them, which varies from run to
      // run (a fresh clone's check failed with the same content in another order): sort by path.
      customElementsManifest.modules.sort((a, b) => a.path.localeCompare(b.path));
      for (const module of customElementsManifest.modules) {
        for (const declaration of module.declarations ?? []) {
          if (!declaration.tagName) continue;
          module.exports ??= [];
          if (module.exports.some((e) => e.kind === 'custom-element-definition' && e.name === declaration.tagName)) continue;
          module.exports.push({
            kind: 'custom-element-definition',
            name: declaration.tagName,
            declaration: { name: declaration.name, module: module.path },
          });
        }
      }
    },
  };
}

export default {
  // The element modules only (one `py-<tag>.ts` per element folder): their helpers and controllers
  // are not part of what IDEs and Storybook should list.
  globs: ['src/components/*/py-*.ts'],
  exclude: ['src/**/*.test.ts', 'src/**/*.styles.ts'],
  outdir: '.',
  litelement: true,
  // package.json's customElements field is set by hand: the manifest check writes to a scratch folder
  // and must not point the field there.
  packagejson: false,
  plugins: [definitionsFromTagNames()],
};
