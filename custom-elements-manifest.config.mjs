export default {
  globs: ['src/components/**/*.ts'],
  exclude: ['src/**/*.test.ts', 'src/**/*.styles.ts', 'src/components/py-repl/monaco*.ts', 'src/components/py-repl/plain-editor.ts', 'src/components/py-repl/persist.ts', 'src/components/py-repl/editor.ts'],
  outdir: '.',
  litelement: true,
};
