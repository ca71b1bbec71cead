import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Messages } from '../../i18n/messages.js';
import { editorSettingUp } from '../../internal/editors-first.js';
import { errorMessage } from '../../internal/error-message.js';
import { fetchSource } from '../../internal/fetch-source.js';
import { OWN_NODE_ATTRIBUTE, readInlineCode } from '../../internal/inline-code.js';
import { whenParsed } from '../../internal/when-parsed.js';
import type { CodeEditor, EditorOptions } from './editor.js';
import { elementName, forget, loadStored, store, storageKey } from './persist.js';
import { createPlainEditor } from './plain-editor.js';

/** The REPL as its editor sees it. */
export interface EditorHost extends ReactiveControllerHost, HTMLElement {
  src?: string;
  readonly: boolean;
  noPersist: boolean;
  mode: 'editor' | 'console';
  editor: 'auto' | 'plain';
}

/** What the editor asks of the REPL: its theme, what its keys do, and where a load error goes. */
export type EditorCallbacks = Pick<EditorOptions, 'onRun' | 'onEnter' | 'onHistory' | 'complete' | 'hover'> & {
  theme: () => 'light' | 'dark';
  /** The author's `src` could not be loaded. */
  onSourceError: (message: string) => void;
  /** The interface's strings in the REPL's language now. */
  messages: () => Messages;
};

/**
 * On the editor's holder while its plain editor stands in for Monaco: the page styles give the text
 * area room for Monaco's line numbers, so the code does not move sideways when Monaco comes.
 */
export const MONACO_COMING_ATTRIBUTE = 'data-monaco-coming';

/** Touch-first devices get the plain editor: Monaco's selection and menus are built for a mouse. */
const touchPrimary = () => matchMedia('(pointer: coarse)').matches && !matchMedia('(any-pointer: fine)').matches;

/**
 * A REPL's editor: the author's code (inline or `src`), a textarea at once, Monaco once the REPL is
 * activated (never on touch-first devices or with `editor="plain"`), the reader's edits kept in
 * localStorage, and the text kept across disconnects (the editor itself is disposed and re-created).
 */
export class EditorController implements ReactiveController {
  readonly #host: EditorHost;
  readonly #callbacks: EditorCallbacks;
  #editor?: CodeEditor;
  #editorHost?: HTMLElement;
  #authorCode = '';
  /** The editor's text; outlives the editor, which is disposed on disconnect. */
  #text?: string;
  #storageKey?: string;
  #ready?: Promise<void>;
  #wantMonaco = false;
  #monacoFailed = false;
  /** An edit another tab saved since this one last did: the newest, not shown here yet. */
  #editedElsewhere?: string;
  /** What the editor showed before a share link's code replaced it (showShared). */
  #beforeShare?: string;
  /** The editor's accessible name as last given to it. */
  #label?: string;

  constructor(host: EditorHost, callbacks: EditorCallbacks) {
    this.#host = host;
    this.#callbacks = callbacks;
    host.addController(this);
  }

  /** Resolves once the author's code is read (and the reader's saved edit, if any, restored). */
  get ready(): Promise<void> {
    this.#ready ??= this.#readAuthorCode();
    return this.#ready;
  }

  get code(): string {
    return this.#editor?.getValue() ?? this.#text ?? '';
  }

  /** Replaces the text (and keeps it as the reader's edit). */
  set code(value: string) {
    this.#text = value;
    this.#editor?.setValue(value);
    this.#persist(value);
  }

  /** Puts the author's original code back and forgets the reader's edits. */
  reset(): void {
    this.#beforeShare = undefined;
    this.code = this.#authorCode;
  }

  /**
   * Shows code from a share link in place of what the REPL would show (the reader's own edit or the
   * author's code), without keeping it as the reader's edit until they change it: opening a link
   * must not overwrite their work.
   */
  async showShared(code: string): Promise<void> {
    await this.ready;
    this.#beforeShare ??= this.code;
    this.#text = code;
    this.#editor?.setValue(code);
    this.#host.requestUpdate();
  }

  /** Whether the editor shows code from a share link (until Reset or leaveShared()). */
  get showingShared(): boolean {
    return this.#beforeShare !== undefined;
  }

  /** Back to what the REPL showed before the link's code. */
  leaveShared(): void {
    const before = this.#beforeShare;
    if (before === undefined) return;
    this.#beforeShare = undefined;
    this.code = before; // kept as it was: the reader's edit, or no edit at all
    this.#host.requestUpdate();
  }

  /**
   * The code another tab of this page saved for this REPL after this tab's last edit. Every keystroke
   * is saved, so the newest edit wins in storage; this tab says so instead of overwriting it unseen.
   */
  get editedElsewhere(): string | undefined {
    return this.#editedElsewhere;
  }

  /** Shows the other tab's newer edit here. */
  takeEditFromElsewhere(): void {
    if (this.#editedElsewhere === undefined) return;
    this.code = this.#editedElsewhere;
    this.#editedElsewhere = undefined;
    this.#host.requestUpdate();
  }

  readonly #onStorage = (event: StorageEvent) => {
    if (!this.#storageKey || event.key !== this.#storageKey || this.#host.noPersist || this.#host.mode === 'console') return;
    const saved = event.newValue ?? this.#authorCode; // removed: the other tab went back to the author's code
    this.#editedElsewhere = saved === this.code ? undefined : saved;
    this.#host.requestUpdate();
  };

  hostConnected(): void {
    void this.ready.then(() => this.#mount());
    addEventListener('storage', this.#onStorage);
  }

  hostDisconnected(): void {
    removeEventListener('storage', this.#onStorage);
    if (!this.#editor) return;
    this.#text = this.#editor.getValue();
    this.#editor.dispose();
    this.#editor = undefined;
  }

  setReadOnly(readOnly: boolean): void {
    this.#editor?.setReadOnly(readOnly);
  }

  setTheme(theme: 'light' | 'dark'): void {
    this.#editor?.setTheme(theme);
  }

  /** Gives the editor its accessible name again, if it changed (the author's, or in the REPL's language). */
  relabel(): void {
    const label = this.#ariaLabel();
    if (!this.#editor || label === this.#label) return;
    this.#label = label;
    this.#editor.setAriaLabel(label);
  }

  #ariaLabel(): string {
    return this.#host.getAttribute('aria-label') ?? this.#callbacks.messages().codeLabel;
  }

  /** Swaps the textarea for Monaco (now, or once mounted): the reader is about to use the REPL. */
  upgrade(): void {
    this.#wantMonaco = true;
    void this.#upgrade();
  }

  async #readAuthorCode(): Promise<void> {
    await whenParsed();
    const host = this.#host;
    let code = '';
    try {
      const messages = this.#callbacks.messages();
      code = host.src ? (await fetchSource(host.src, messages)).code.replace(/\s+$/, '') : readInlineCode(host, messages);
    } catch (error) {
      await host.updateComplete;
      this.#callbacks.onSourceError(errorMessage(error));
    }
    this.#authorCode = code;
    this.#storageKey = storageKey(location.pathname, elementName(host), code);
    this.#text ??= (!host.noPersist && loadStored(this.#storageKey)) || code;
  }

  #mount(): void {
    const host = this.#host;
    if (!host.isConnected || this.#editor) return;
    if (!this.#editorHost) {
      this.#editorHost = document.createElement('div');
      this.#editorHost.className = 'py-repl-editor';
      this.#editorHost.slot = 'editor';
      this.#editorHost.setAttribute(OWN_NODE_ATTRIBUTE, '');
    }
    if (this.#editorHost.parentNode !== host) host.append(this.#editorHost);
    this.#editorHost.toggleAttribute(MONACO_COMING_ATTRIBUTE, this.#monacoMayCome());
    this.#editor = createPlainEditor(this.#editorHost, this.#options(this.#text ?? ''));
    if (this.#wantMonaco) void this.#upgrade();
  }

  /** Whether Monaco takes over once the REPL is activated (#upgrade). */
  #monacoMayCome(): boolean {
    return this.#host.editor !== 'plain' && !touchPrimary() && !this.#monacoFailed;
  }

  async #upgrade(): Promise<void> {
    if (!this.#monacoMayCome()) return;
    await this.ready;
    const plain = this.#editor;
    const host = this.#editorHost;
    if (!plain || plain.kind !== 'plain' || !host) return;
    let monaco: CodeEditor | undefined;
    const creating = import('./monaco-editor.js').then(({ createMonacoEditor }) =>
      // Not when disconnected or already upgraded meanwhile.
      this.#editor === plain ? createMonacoEditor(host, this.#options(plain.getValue())) : undefined,
    );
    editorSettingUp(creating); // Python's start lets it go first (internal/editors-first.ts)
    try {
      monaco = await creating;
    } catch (error) {
      this.#monacoFailed = true;
      host.removeAttribute(MONACO_COMING_ATTRIBUTE); // no line numbers to leave room for
      console.warn('py-elements: the code editor could not load; keeping the plain one.', error);
      return;
    }
    if (!monaco) return;
    if (this.#editor !== plain) {
      monaco.dispose();
      return;
    }
    const hadFocus = host.contains(document.activeElement);
    monaco.setValue(plain.getValue()); // typed while Monaco was starting
    // Where the reader was about to type: Monaco would start at the beginning of the text.
    monaco.setSelection(...plain.getSelection());
    plain.dispose();
    this.#editor = monaco;
    if (hadFocus) monaco.focus();
    performance.mark('py-elements: editor ready', { detail: { element: elementName(this.#host) } });
  }

  #options(value: string): EditorOptions {
    const { onRun, onEnter, onHistory, complete, hover } = this.#callbacks;
    this.#label = this.#ariaLabel();
    return {
      value,
      readOnly: this.#host.readonly,
      theme: this.#callbacks.theme(),
      ariaLabel: this.#label,
      messages: this.#callbacks.messages(),
      onChange: (text) => {
        this.#text = text;
        this.#persist(text);
      },
      onRun,
      onEnter,
      onHistory,
      complete,
      hover,
    };
  }

  #persist(text: string): void {
    // A console's input line is transient; only an editor's code is worth keeping.
    const host = this.#host;
    if (host.noPersist || host.mode === 'console' || !this.#storageKey) return;
    if (this.#editedElsewhere !== undefined) {
      this.#editedElsewhere = undefined; // typed on here: this tab's edit is the newest now
      host.requestUpdate();
    }
    if (text === this.#authorCode) forget(this.#storageKey);
    else store(this.#storageKey, text);
  }
}
