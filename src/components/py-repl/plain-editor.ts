import type { CodeEditor, EditorOptions } from './editor.js';

const INDENT = '    ';
const MIN_ROWS = 4;
const MAX_ROWS = 24;

/**
 * A textarea with the REPL's keys: shown at once (Monaco loads later, or never on touch devices and
 * with editor="plain"). Shift/Ctrl/Cmd+Enter run; Enter keeps the indentation (and indents after a
 * colon); Tab indents and Shift+Tab outdents, unless Ctrl+M switched Tab to moving focus.
 */
export function createPlainEditor(host: HTMLElement, options: EditorOptions): CodeEditor {
  const area = document.createElement('textarea');
  area.className = 'py-repl-plain';
  area.value = options.value;
  area.readOnly = options.readOnly;
  area.spellcheck = false;
  area.wrap = 'off';
  area.setAttribute('autocapitalize', 'off');
  area.setAttribute('autocomplete', 'off');
  area.setAttribute('autocorrect', 'off');
  area.setAttribute('aria-label', options.ariaLabel);
  area.dataset.theme = options.theme;
  let tabMovesFocus = false;

  const fitRows = () => {
    area.rows = Math.min(MAX_ROWS, Math.max(MIN_ROWS, area.value.split('\n').length));
  };
  const insert = (text: string) => {
    // execCommand keeps the browser's undo stack; setRangeText is the fallback where it is gone.
    if (!document.execCommand('insertText', false, text)) {
      area.setRangeText(text, area.selectionStart, area.selectionEnd, 'end');
      area.dispatchEvent(new Event('input', { bubbles: true }));
    }
  };
  const currentLine = () => {
    const start = area.value.lastIndexOf('\n', area.selectionStart - 1) + 1;
    return { start, text: area.value.slice(start, area.selectionStart) };
  };

  const onKeydown = (event: KeyboardEvent) => {
    if (event.isComposing) return;
    const { key, shiftKey, ctrlKey, metaKey, altKey } = event;
    if (key === 'Enter' && (shiftKey || ctrlKey || metaKey)) {
      event.preventDefault();
      options.onRun();
      return;
    }
    if (key === 'm' && ctrlKey && !metaKey && !altKey && !shiftKey) {
      event.preventDefault();
      tabMovesFocus = !tabMovesFocus;
      area.dataset.tabMovesFocus = String(tabMovesFocus);
      return;
    }
    if (area.readOnly) return;
    if (key === 'Enter' && !altKey) {
      event.preventDefault();
      if (options.onEnter?.()) return;
      const { text } = currentLine();
      const indent = /^[ \t]*/.exec(text)![0];
      insert('\n' + indent + (text.trimEnd().endsWith(':') ? INDENT : ''));
      return;
    }
    if (key === 'Tab' && !tabMovesFocus && !ctrlKey && !metaKey && !altKey) {
      event.preventDefault();
      if (!shiftKey) {
        insert(INDENT);
        return;
      }
      const { start } = currentLine();
      const remove = /^ {1,4}/.exec(area.value.slice(start))?.[0].length ?? 0;
      if (remove) {
        const caret = area.selectionStart;
        area.setSelectionRange(start, start + remove);
        insert('');
        area.setSelectionRange(Math.max(start, caret - remove), Math.max(start, caret - remove));
      }
      return;
    }
    if ((key === 'ArrowUp' || key === 'ArrowDown') && !shiftKey && !ctrlKey && !metaKey && !altKey && options.onHistory) {
      const before = area.value.slice(0, area.selectionStart);
      const after = area.value.slice(area.selectionEnd);
      const atEdge = key === 'ArrowUp' ? !before.includes('\n') : !after.includes('\n');
      if (atEdge && options.onHistory(key === 'ArrowUp' ? -1 : 1)) event.preventDefault();
    }
  };
  const onInput = () => {
    fitRows();
    options.onChange(area.value);
  };

  area.addEventListener('keydown', onKeydown);
  area.addEventListener('input', onInput);
  fitRows();
  host.append(area);

  return {
    kind: 'plain',
    getValue: () => area.value,
    setValue(value) {
      area.value = value;
      fitRows();
    },
    setReadOnly(readOnly) {
      area.readOnly = readOnly;
    },
    setTheme(theme) {
      area.dataset.theme = theme;
    },
    setAriaLabel(label) {
      area.setAttribute('aria-label', label);
    },
    focus: () => area.focus(),
    getSelection: () => [area.selectionStart, area.selectionEnd],
    setSelection: (start, end) => area.setSelectionRange(start, end),
    dispose() {
      area.removeEventListener('keydown', onKeydown);
      area.removeEventListener('input', onInput);
      area.remove();
    },
  };
}
