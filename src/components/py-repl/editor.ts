/**
 * What <py-repl> needs from an editor. Two implementations: the plain textarea (plain-editor.ts),
 * shown at once and kept where Monaco is a poor fit, and Monaco (monaco-editor.ts), loaded lazily.
 * Both give the same keys: Shift+Enter and Ctrl/Cmd+Enter run; Ctrl+M toggles whether Tab indents or
 * moves focus out of the editor.
 */

import type { Messages } from '../../i18n/messages.js';
import type { Completion } from '../../runtime/contract.js';

export type { Completion };

export interface EditorOptions {
  value: string;
  readOnly: boolean;
  theme: 'light' | 'dark';
  /** Accessible name of the editing area. */
  ariaLabel: string;
  /** The interface's strings in the REPL's language when the editor is made (Monaco's action labels). */
  messages: Messages;
  onChange: (value: string) => void;
  /** Shift+Enter or Ctrl/Cmd+Enter: run without inserting a newline. */
  onRun: () => void;
  /**
   * Plain Enter (console mode). Return true if handled (the input was complete and ran); false lets
   * the editor insert a newline.
   */
  onEnter?: () => boolean;
  /**
   * Up (-1) or Down (+1) with the cursor on the first or last line (console mode history). Return
   * true if handled.
   */
  onHistory?: (direction: -1 | 1) => boolean;
  /** Completions at a character offset into value, computed in Python on the live namespace. */
  complete: (code: string, offset: number) => Promise<Completion[]>;
  /** Signature and docstring (plain text) of the name at offset, or null. */
  hover: (code: string, offset: number) => Promise<string | null>;
}

export interface CodeEditor {
  readonly kind: 'plain' | 'monaco';
  getValue(): string;
  setValue(value: string): void;
  setReadOnly(readOnly: boolean): void;
  setTheme(theme: 'light' | 'dark'): void;
  setAriaLabel(label: string): void;
  focus(): void;
  /** The selection as character offsets into the value (start = end: the caret). */
  getSelection(): [start: number, end: number];
  setSelection(start: number, end: number): void;
  /** Removes everything the editor created (DOM, listeners, models). */
  dispose(): void;
}
