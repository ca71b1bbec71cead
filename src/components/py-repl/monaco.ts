/**
 * The only module that imports monaco-editor. Loaded with `import()` by monaco-editor.ts, so Monaco is
 * a lazy chunk that pages without a <py-repl> never download.
 *
 * Only the features the REPL uses are imported (the full `monaco-editor` entry is ~40% larger): the
 * editor core, the Python Monarch tokenizer, suggest, hover, find, clipboard, the context menu,
 * codicons, Ctrl+M tab-focus mode, word-wise moves (Ctrl+Left/Right, Ctrl+Backspace), Ctrl+/ to
 * comment, bracket matching and the "cannot edit in read-only editor" message.
 *
 * Monaco's CSS reaches this module as text through build/monaco-css-plugin.mjs and is adopted by the
 * document once: the editor is rendered in the light DOM (see py-repl.ts for why).
 */

import * as monaco from 'monaco-editor/editor';
import 'monaco-editor/features/codicon/register';
// features/suggest/register only brings inline completions; the suggest widget is the controller.
import 'monaco-editor/features/suggest/register';
import 'monaco-editor/editor/contrib/suggest/browser/suggestController';
import 'monaco-editor/features/hover/register';
import 'monaco-editor/features/find/register';
import 'monaco-editor/features/clipboard/register';
import 'monaco-editor/features/contextmenu/register';
import 'monaco-editor/features/toggleTabFocusMode/register';
import 'monaco-editor/features/readOnlyMessage/register';
import 'monaco-editor/features/wordOperations/register';
import 'monaco-editor/features/comment/register';
import 'monaco-editor/features/bracketMatching/register';
// The grammar itself, not its register module: that loads it as a chunk of its own when first needed,
// and the first editor then waited for the page to be idle to be coloured.
import { conf as pythonConf, language as pythonLanguage } from 'monaco-editor/languages/definitions/python/python';
import editorWorkerUrl from 'monaco-editor/editor/editor.worker?worker&url';
import { startModuleWorker } from '../../internal/module-worker.js';
// @ts-expect-error virtual module served by build/monaco-css-plugin.mjs; typed by CssRegistry below
import * as cssRegistryModule from 'virtual:py-elements/monaco-css';

export { monaco };

interface CssRegistry {
  monacoCssTexts(): string[];
  onMonacoCss(listener: (text: string) => void): () => void;
}

const cssRegistry = cssRegistryModule as CssRegistry;

/** The editor worker (Python needs no language worker: completions and hovers come from Python). */
function createEditorWorker(): Worker {
  return startModuleWorker(new URL(editorWorkerUrl, import.meta.url), 'monaco-editor');
}

monaco.languages.register({ id: 'python', extensions: ['.py'], aliases: ['Python', 'py'] });
monaco.languages.setMonarchTokensProvider('python', pythonLanguage);
monaco.languages.setLanguageConfiguration('python', pythonConf);

// A page that set up its own Monaco keeps its environment.
(globalThis as { MonacoEnvironment?: monaco.Environment }).MonacoEnvironment ??= {
  getWorker: () => createEditorWorker(),
};

/**
 * Monaco's CSS as one document-level sheet, created when this module first evaluates. Document level
 * because the editor lives in the light DOM, and because @font-face (the codicon font) is ignored in
 * shadow roots. Later CSS (a Monaco chunk loaded on demand) is appended to the same sheet.
 */
function adoptMonacoCss(): void {
  const sheet = new CSSStyleSheet();
  let text = cssRegistry.monacoCssTexts().join('\n');
  sheet.replaceSync(text);
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
  cssRegistry.onMonacoCss((more) => {
    text += `\n${more}`;
    sheet.replaceSync(text);
  });
}

adoptMonacoCss();

/**
 * Monaco's own themes with the REPL frame's backgrounds (py-repl.styles.ts), so the editor does not
 * sit in the frame as a differently coloured box (vs-dark is #1e1e1e, the frame #0d1117).
 */
monaco.editor.defineTheme('py-light', {
  base: 'vs',
  inherit: true,
  rules: [],
  colors: { 'editor.background': '#ffffff', 'editorGutter.background': '#ffffff' },
});
monaco.editor.defineTheme('py-dark', {
  base: 'vs-dark',
  inherit: true,
  rules: [],
  colors: { 'editor.background': '#0d1117', 'editorGutter.background': '#0d1117' },
});

/** @internal For tests: how many editors and models exist on the page right now. */
export function monacoStats(): { editors: number; models: number } {
  return { editors: monaco.editor.getEditors().length, models: monaco.editor.getModels().length };
}
