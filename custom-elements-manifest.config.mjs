export default {
  globs: ['src/components/**/*.ts'],
  exclude: ['src/**/*.test.ts', 'src/**/*.styles.ts', 'src/components/py-repl/monaco*.ts', 'src/components/py-repl/plain-editor.ts', 'src/components/py-repl/persist.ts', 'src/components/py-repl/editor.ts'],
  outdir: '.',
  litelement: true,
  // package.json's customElements field is set by hand: the manifest check writes to a scratch folder
  // and must not point the field there.
  packagejson: false,
};
