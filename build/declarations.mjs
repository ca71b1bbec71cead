// The package's types, for TypeScript users of `import 'py-elements'`:
//   py-elements.d.ts  the public API in one file. tsc declares src/ (tsconfig.types.json), then API
//                     Extractor rolls it up with Lit's types inlined: Lit is bundled into the .js, so it
//                     is not a dependency a consumer's compiler could resolve. API Extractor drops
//                     `declare global` blocks (HTMLElementTagNameMap, the events map), so they are
//                     appended from tsc's output, and turns type-only exports into value exports, so
//                     those are made type-only again.
//   jsx.d.ts          attribute types of each element, generated from custom-elements.json.
//   react.d.ts, vue.d.ts  opt-in JSX typing (src/jsx/), `import type {} from 'py-elements/react'`.
//   markdown/*.d.ts   the markdown plugins (src/markdown/), as tsc declares them.
import { Extractor, ExtractorConfig } from '@microsoft/api-extractor';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const require = createRequire(import.meta.url);
const BUNDLED_TYPES = ['lit', 'lit-html', 'lit-element', '@lit/reactive-element', '@types/trusted-types'];
// Inlined types that lean on a package's own `declare global` (LitElement's static [Symbol.metadata]):
// those blocks are appended too. (trusted-types' block only re-exports its types globally; not needed.)
const BUNDLED_GLOBALS = ['@lit/reactive-element/development/reactive-element.d.ts'];

function declareSources(outDir) {
  rmSync(outDir, { recursive: true, force: true });
  const tsc = join(dirname(require.resolve('typescript/package.json')), 'bin', 'tsc');
  const run = spawnSync(process.execPath, [tsc, '-p', join(ROOT, 'tsconfig.types.json'), '--outDir', outDir], {
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(`tsc could not declare src/:\n${run.stdout}${run.stderr}`);
}

function rollUp(declared, file) {
  const config = ExtractorConfig.prepare({
    configObjectFullPath: undefined,
    packageJsonFullPath: join(ROOT, 'package.json'),
    configObject: {
      projectFolder: ROOT,
      mainEntryPointFilePath: join(declared, 'index.d.ts'),
      bundledPackages: BUNDLED_TYPES,
      compiler: {
        overrideTsconfig: {
          compilerOptions: {
            strict: true,
            skipLibCheck: true,
            module: 'esnext',
            moduleResolution: 'bundler',
            target: 'es2022',
            lib: ['es2023', 'dom', 'dom.iterable'],
            types: [],
          },
          files: [join(declared, 'index.d.ts')],
        },
      },
      apiReport: { enabled: false },
      docModel: { enabled: false },
      tsdocMetadata: { enabled: false },
      dtsRollup: { enabled: true, untrimmedFilePath: file },
      messages: {
        compilerMessageReporting: { default: { logLevel: 'error' } },
        // Unexported helper types (ae-forgotten-export) are fine: they are inlined, just not importable.
        extractorMessageReporting: { default: { logLevel: 'none' } },
        tsdocMessageReporting: { default: { logLevel: 'none' } },
      },
    },
  });
  const result = Extractor.invoke(config, { localBuild: true, showVerboseMessages: false });
  if (!result.succeeded) throw new Error(`API Extractor failed with ${result.errorCount} errors`);
}

/** Every top-level `declare global { … }` block of a declaration file (tsc prints them from column 0). */
const globalBlocksOf = (path) => [...readFileSync(path, 'utf8').matchAll(/^declare global \{\n[\s\S]*?^\}\n/gm)].map((m) => m[0]);

/** Our own blocks (tsc's output in `dir`), then the bundled packages' that their types need. */
function globalBlocks(dir) {
  const ours = readdirSync(dir, { recursive: true })
    .sort()
    .map((name) => join(dir, name))
    .filter((path) => path.endsWith('.d.ts') && statSync(path).isFile());
  const theirs = BUNDLED_GLOBALS.map((file) => join(ROOT, 'node_modules', file));
  return [...ours, ...theirs].flatMap(globalBlocksOf);
}

/**
 * The names src/index.ts exports as types only (the element classes, whose code is not in
 * py-elements.js): API Extractor's rollup declares them as value exports, which would type-check
 * `new PyReplElement()` and an import the module does not have. They stay declared, exported as types.
 */
function keepTypeOnlyExports(rolledUp) {
  const index = readFileSync(join(ROOT, 'src', 'index.ts'), 'utf8');
  const names = [...index.matchAll(/^export type \{([^}]*)\} from/gm)].flatMap((m) =>
    m[1].split(',').map((name) => name.trim().replace(/^type\s+/, '')),
  );
  let text = rolledUp;
  const classes = [];
  for (const name of names) {
    const declaration = new RegExp(`^export declare (class|interface|type) ${name}\\b`, 'm');
    const [found, kind] = declaration.exec(text) ?? [];
    if (!found) throw new Error(`the rolled-up declarations have no exported ${name}`);
    if (kind !== 'class') continue; // a type already
    text = text.replace(declaration, `declare class ${name}`);
    classes.push(name);
  }
  return `${text}\nexport type { ${classes.join(', ')} };\n`;
}

/** `interface PyReplAttributes { 'no-persist'?: PyReplElement['noPersist']; … }`, one per element. */
function attributeTypes() {
  const manifest = JSON.parse(readFileSync(join(ROOT, 'custom-elements.json'), 'utf8'));
  const lines = ['// Generated from custom-elements.json by build/declarations.mjs.'];
  const tags = [];
  const classes = [];
  for (const module of manifest.modules) {
    for (const declaration of module.declarations ?? []) {
      if (!declaration.tagName) continue;
      const name = declaration.name.replace(/Element$/, 'Attributes');
      classes.push(declaration.name);
      tags.push(`  '${declaration.tagName}': ${name};`);
      lines.push(`/** Attributes of \`<${declaration.tagName}>\`. */`, `export interface ${name} {`);
      for (const attribute of declaration.attributes ?? []) {
        const type = attribute.fieldName ? `${declaration.name}['${attribute.fieldName}']` : (attribute.type?.text ?? 'string');
        lines.push(`  ${JSON.stringify(attribute.name)}?: ${type};`);
      }
      lines.push('}');
    }
  }
  lines.unshift(`import type { ${classes.sort().join(', ')} } from './py-elements.js';`);
  lines.push('/** Tag name → attributes, for JSX typings. */', 'export interface PyElementsAttributes {', ...tags, '}', '');
  return lines.join('\n');
}

export function declarations() {
  return {
    name: 'py-elements-declarations',
    apply: 'build',
    writeBundle(options) {
      // Inside the project, so 'lit' resolves; not under node_modules, which API Extractor takes for
      // external packages and would not roll up.
      const declared = join(ROOT, `.types-${process.pid}`);
      try {
        declareSources(declared);
        const main = join(options.dir, 'py-elements.d.ts');
        rollUp(declared, main);
        writeFileSync(main, `${keepTypeOnlyExports(readFileSync(main, 'utf8'))}\n${globalBlocks(declared).join('\n')}`);
        writeFileSync(join(options.dir, 'jsx.d.ts'), attributeTypes());
        mkdirSync(options.dir, { recursive: true });
        for (const name of ['react.d.ts', 'vue.d.ts']) copyFileSync(join(ROOT, 'src', 'jsx', name), join(options.dir, name));
        // The markdown plugins' modules (build/markdown-entries.mjs) stand alone: their declarations as tsc wrote them.
        mkdirSync(join(options.dir, 'markdown'), { recursive: true });
        for (const name of readdirSync(join(declared, 'markdown'))) {
          copyFileSync(join(declared, 'markdown', name), join(options.dir, 'markdown', name));
        }
      } finally {
        rmSync(declared, { recursive: true, force: true });
      }
    },
  };
}
