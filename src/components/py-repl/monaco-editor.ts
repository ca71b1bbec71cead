import type * as MonacoApi from 'monaco-editor/editor';
import type { CodeEditor, Completion, EditorOptions } from './editor.js';

type Monaco = typeof MonacoApi;
type TextModel = MonacoApi.editor.ITextModel;

/** The editor grows with its content between these heights (in lines, plus padding). */
const MIN_LINES = 4;
const MAX_LINES = 24;
/** Same metrics as the plain editor (14px/1.5), so the swap does not move the page. */
const FONT_SIZE = 14;
const LINE_HEIGHT = 21;
const PADDING = 8;
const DEFAULT_FONT = 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace';

const isMac = /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent);

let loading: Promise<Monaco> | undefined;

/** Loads the Monaco chunk once per page; a failed download can be retried. */
function loadMonaco(): Promise<Monaco> {
  loading ??= import('./monaco.js').then(
    (module) => {
      registerProviders(module.monaco);
      return module.monaco;
    },
    (error: unknown) => {
      loading = undefined;
      throw error;
    },
  );
  return loading;
}

/**
 * Monaco registers language providers per language for the whole page, so there is one completion
 * and one hover provider for Python, and each call finds its editor's options through the model.
 */
const optionsByModel = new Map<TextModel, EditorOptions>();

function registerProviders(monaco: Monaco): void {
  const { CompletionItemKind } = monaco.languages;
  const kinds: Record<Completion['kind'], MonacoApi.languages.CompletionItemKind> = {
    function: CompletionItemKind.Function,
    class: CompletionItemKind.Class,
    module: CompletionItemKind.Module,
    keyword: CompletionItemKind.Keyword,
    variable: CompletionItemKind.Variable,
    property: CompletionItemKind.Property,
  };

  monaco.languages.registerCompletionItemProvider('python', {
    triggerCharacters: ['.'],
    async provideCompletionItems(model, position, _context, token) {
      const options = optionsByModel.get(model);
      if (!options) return undefined;
      const code = model.getValue();
      const items = await options.complete(code, pythonOffset(code, model.getOffsetAt(position)));
      if (token.isCancellationRequested) return undefined;
      // Replace the whole word under the cursor, not only the part before it.
      const start = model.getWordUntilPosition(position).startColumn;
      const end = model.getWordAtPosition(position)?.endColumn ?? position.column;
      const range = new monaco.Range(position.lineNumber, start, position.lineNumber, end);
      const width = String(items.length).length;
      return {
        suggestions: items.map((item, index) => ({
          label: item.label,
          kind: kinds[item.kind] ?? CompletionItemKind.Text,
          detail: item.detail,
          documentation: item.documentation,
          insertText: item.label,
          range,
          // Python's order (public names first) among equally good matches.
          sortText: String(index).padStart(width, '0'),
        })),
      };
    },
  });

  monaco.languages.registerHoverProvider('python', {
    async provideHover(model, position, token) {
      const options = optionsByModel.get(model);
      const word = model.getWordAtPosition(position);
      if (!options || !word) return undefined;
      const code = model.getValue();
      const text = await options.hover(code, pythonOffset(code, model.getOffsetAt(position)));
      if (!text || token.isCancellationRequested) return undefined;
      return {
        range: new monaco.Range(position.lineNumber, word.startColumn, position.lineNumber, word.endColumn),
        contents: hoverContents(text),
      };
    },
  });
}

/** Python indexes strings by code point, JavaScript (and Monaco offsets) by UTF-16 unit. */
function pythonOffset(code: string, offset: number): number {
  let points = 0;
  for (let i = 0; i < offset; i++) {
    const unit = code.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < offset) i++;
    points++;
  }
  return points;
}

/** Hover text is "signature\n\ndocstring" or "name: type = repr": the first paragraph is code. */
function hoverContents(text: string): MonacoApi.IMarkdownString[] {
  const split = text.indexOf('\n\n');
  const head = split < 0 ? text : text.slice(0, split);
  const rest = split < 0 ? '' : text.slice(split + 2).trim();
  const fence = '`'.repeat(Math.max(3, ...[...head.matchAll(/`+/g)].map((m) => m[0].length + 1)));
  const contents = [{ value: `${fence}python\n${head}\n${fence}` }];
  if (rest) contents.push({ value: escapeMarkdown(rest) });
  return contents;
}

function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>~&]/g, '\\$&').replace(/\n/g, '  \n');
}

const themeName = (theme: 'light' | 'dark') => (theme === 'dark' ? 'py-dark' : 'py-light'); // see monaco.ts

/**
 * Monaco in `host` (a light-DOM element): Python colouring, completions and hovers from the page's
 * Python, the REPL's keys (see editor.ts), and a height that follows the code between 4 and 24 lines.
 * Monaco itself is downloaded on the first call.
 */
export async function createMonacoEditor(host: HTMLElement, options: EditorOptions): Promise<CodeEditor> {
  const monaco = await loadMonaco();
  const { KeyCode, KeyMod } = monaco;

  const container = document.createElement('div');
  // monaco-component: the theme declares its colour variables on this class. The context menu is
  // rendered into a shadow root inside this element (position: fixed, so no overflow clips it) and
  // inherits them from here; without them it was transparent.
  container.className = 'py-repl-monaco monaco-component';
  // The editor's inner width is set in px by layout(); without this it would keep the host from
  // shrinking inside a flex or grid parent.
  container.style.contain = 'inline-size';
  // Roughly the right height before Monaco's first layout, so the page does not jump.
  const minHeight = MIN_LINES * LINE_HEIGHT + 2 * PADDING;
  const maxHeight = MAX_LINES * LINE_HEIGHT + 2 * PADDING;
  const clampHeight = (height: number) => Math.min(maxHeight, Math.max(minHeight, Math.ceil(height)));
  container.style.height = `${clampHeight(options.value.split('\n').length * LINE_HEIGHT + 2 * PADDING)}px`;
  host.append(container);

  const model = monaco.editor.createModel(options.value, 'python');
  model.setEOL(monaco.editor.EndOfLineSequence.LF);
  model.updateOptions({ tabSize: 4, insertSpaces: true });
  optionsByModel.set(model, options);

  const fontFamily = getComputedStyle(host).getPropertyValue('--py-font-mono').trim() || DEFAULT_FONT;
  const editor = monaco.editor.create(container, {
    model,
    readOnly: options.readOnly,
    theme: themeName(options.theme),
    ariaLabel: options.ariaLabel,
    fontFamily,
    fontSize: FONT_SIZE,
    lineHeight: LINE_HEIGHT,
    padding: { top: PADDING, bottom: PADDING },
    automaticLayout: false, // the ResizeObserver below, which also sets the height
    scrollBeyondLastLine: false,
    minimap: { enabled: false },
    // Suggestions come from Python only, never from words in the text.
    wordBasedSuggestions: 'off',
    suggest: { showWords: false },
    // The REPL's frame clips its content (rounded corners): let suggest and hover widgets escape it.
    fixedOverflowWidgets: true,
    // Scrolling the page over an editor that cannot scroll further moves the page.
    scrollbar: { alwaysConsumeMouseWheel: false },
    overviewRulerLanes: 0,
    overviewRulerBorder: false,
    hideCursorInOverviewRuler: true,
    renderLineHighlightOnlyWhenFocus: true,
    lineNumbersMinChars: 3,
    folding: false,
    links: false,
    contextmenu: true,
  });

  const disposables: MonacoApi.IDisposable[] = [];
  let muted = false;

  disposables.push(
    model.onDidChangeContent(() => {
      if (!muted) options.onChange(model.getValue());
    }),
  );

  // Keys. addAction scopes each keybinding to this editor (a precondition on its id); dynamic
  // keybindings outrank Monaco's own, so Shift+Enter runs even while the suggest widget is open.
  disposables.push(
    editor.addAction({
      id: 'py-elements.run',
      label: options.messages.runAction,
      // The last one is the one menus show. WinCtrl is Ctrl on macOS (where CtrlCmd is Cmd).
      keybindings: [
        ...(isMac ? [KeyMod.WinCtrl | KeyCode.Enter] : []),
        KeyMod.CtrlCmd | KeyCode.Enter,
        KeyMod.Shift | KeyCode.Enter,
      ],
      keybindingContext: 'editorTextFocus',
      contextMenuGroupId: 'navigation',
      contextMenuOrder: 0,
      run: () => options.onRun(),
    }),
  );
  if (isMac) {
    // Monaco's tab-focus key is Ctrl+Shift+M on macOS; the REPL documents Ctrl+M everywhere.
    disposables.push(
      editor.addAction({
        id: 'py-elements.toggle-tab-focus',
        label: options.messages.toggleTabFocus,
        keybindings: [KeyMod.WinCtrl | KeyCode.KeyM],
        run: () => editor.trigger('keyboard', 'editor.action.toggleTabFocusMode', null),
      }),
    );
  }
  const { onEnter, onHistory } = options;
  if (onEnter) {
    disposables.push(
      editor.addAction({
        id: 'py-elements.enter',
        label: options.messages.enterAction,
        keybindings: [KeyCode.Enter],
        keybindingContext: 'editorTextFocus && !editorReadonly && !suggestWidgetVisible',
        run: () => {
          // Not handled: the newline Enter would have typed, with Python's auto-indent.
          if (!onEnter()) editor.trigger('keyboard', 'type', { text: '\n' });
        },
      }),
    );
  }
  if (onHistory) {
    for (const direction of [-1, 1] as const) {
      disposables.push(
        editor.addAction({
          id: `py-elements.history-${direction < 0 ? 'up' : 'down'}`,
          label: direction < 0 ? options.messages.previousInput : options.messages.nextInput,
          keybindings: [direction < 0 ? KeyCode.UpArrow : KeyCode.DownArrow],
          keybindingContext: 'editorTextFocus && !editorReadonly && !suggestWidgetVisible',
          run: () => {
            const selection = editor.getSelection();
            const atEdge =
              selection !== null &&
              (direction < 0 ? selection.startLineNumber === 1 : selection.endLineNumber === model.getLineCount());
            if (atEdge && onHistory(direction)) return;
            editor.trigger('keyboard', direction < 0 ? 'cursorUp' : 'cursorDown', null);
          },
        }),
      );
    }
  }

  // Height follows the content; width follows the host.
  let width = -1;
  let height = -1;
  const fit = () => {
    const nextWidth = container.clientWidth;
    const nextHeight = clampHeight(editor.getContentHeight());
    if (nextWidth === width && nextHeight === height) return;
    width = nextWidth;
    height = nextHeight;
    container.style.height = `${height}px`;
    editor.layout({ width, height });
    // Colours the lines now visible. Monaco does it on scroll, not on layout; otherwise only when the
    // browser is idle, which on a page busy loading Python can take seconds.
    editor.handleInitialized?.();
  };
  disposables.push(editor.onDidContentSizeChange(fit));
  // Fitted in the next frame: setting the height inside the observer's callback resizes what it
  // observes, which Firefox reports as a "ResizeObserver loop" error on the page (Chromium does not).
  let fitFrame = 0;
  const resizeObserver = new ResizeObserver(() => {
    cancelAnimationFrame(fitFrame);
    fitFrame = requestAnimationFrame(fit);
  });
  resizeObserver.observe(container);
  fit();

  let disposed = false;
  return {
    kind: 'monaco',
    getValue: () => model.getValue(),
    setValue(value) {
      if (disposed || value === model.getValue()) return;
      // An edit rather than model.setValue(), so Undo brings the previous text back; on the model
      // rather than the editor, so it also works when the editor is read-only.
      muted = true;
      try {
        model.pushStackElement();
        model.pushEditOperations(editor.getSelections(), [{ range: model.getFullModelRange(), text: value }], () => null);
        model.pushStackElement();
      } finally {
        muted = false;
      }
      // Like a textarea: the caret goes to the end.
      const end = model.getFullModelRange().getEndPosition();
      editor.setPosition(end);
      editor.revealPosition(end);
    },
    setReadOnly(readOnly) {
      editor.updateOptions({ readOnly });
    },
    setTheme(theme) {
      monaco.editor.setTheme(themeName(theme));
    },
    setAriaLabel(label) {
      editor.updateOptions({ ariaLabel: label });
    },
    focus: () => editor.focus(),
    getSelection() {
      const selection = editor.getSelection();
      if (!selection) return [0, 0];
      return [model.getOffsetAt(selection.getStartPosition()), model.getOffsetAt(selection.getEndPosition())];
    },
    setSelection(start, end) {
      const from = model.getPositionAt(start);
      const to = model.getPositionAt(end);
      editor.setSelection(monaco.Selection.fromPositions(from, to));
      editor.revealPosition(to);
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      resizeObserver.disconnect();
      cancelAnimationFrame(fitFrame);
      for (const disposable of disposables.splice(0)) disposable.dispose();
      optionsByModel.delete(model);
      editor.dispose();
      model.dispose();
      container.remove();
    },
  };
}
