import { messagesFor } from '../i18n/locale.js';
import { trustedHTML } from '../internal/trusted-types.js';
import type { OutputSink } from '../runtime/contract.js';

/**
 * Writes a run's output into a container in the light DOM, so the page's own CSS can style what
 * Python displays. stdout/stderr become text (never parsed as HTML); display() renders rich values.
 * Class names (`py-stdout`, `py-stderr`, `py-display`, `py-error`) are public: see README.
 */
/**
 * Printed text an output keeps, in lines and in characters (a program printing without newlines
 * makes one endless line); beyond either, the oldest goes, behind a marker.
 */
export const MAX_LINES = 5000;
export const MAX_CHARS = 500_000;
// Trim in batches, not on every write.
const KEEP_LINES = 4000;
const KEEP_CHARS = 400_000;
/**
 * Printed text is laid out in blocks of about this many lines (`div.py-chunk`, after the first block's
 * worth, which stays directly in the container). One text node holding thousands of lines is one
 * paragraph, and the browser lays all of it out again on every frame while the run breathes: a REPL
 * printing 200,000 lines spent 0.5-2 s per frame on it on a loaded machine, and 20,000 prints took
 * 12 s in Chromium and 22 s in Firefox in a `<py-script>` (1-2 s in blocks). A write of many lines
 * (a worker's batch) is split at line ends, and a block starts only at a line boundary, so the
 * blocks read exactly as one text.
 */
const CHUNK_LINES = 100;

/** input() fields waiting for Enter, per output container, so Stop, Clear or removal can end them. */
const pendingAsks = new WeakMap<Element, Set<() => void>>();

/**
 * Ends every input() waiting in container: the fields go and the code gets EOFError. Without this a
 * program waiting for an answer nobody can give (the output was cleared, the element removed, Stop
 * pressed) would wait for ever, and with it every run queued after it.
 */
export function cancelAsks(container: Element): void {
  for (const cancel of [...(pendingAsks.get(container) ?? [])]) cancel();
}

export class DomOutput implements OutputSink {
  readonly container: Element;
  /** A `target` element holding the container: clear() replaces all it shows, not only our output. */
  readonly #host?: Element;
  #last?: { stream: string; text: Text };
  /** Where new stream text goes: the container, or the newest `div.py-chunk` in it. */
  #parent?: Element;
  /** Lines in #parent since it was started; and whether the text so far ends a line. */
  #parentLines = 0;
  #atLineStart = true;
  /** Lines and characters of printed text still shown, and how many of each were removed so far. */
  #lines = 0;
  #chars = 0;
  #hidden = 0;
  #hiddenChars = 0;
  #marker?: HTMLElement;

  /** `host`: the target element holding `container`. */
  constructor(container: Element, { host }: { host?: Element } = {}) {
    this.container = container;
    this.#host = host;
  }

  write(stream: 'stdout' | 'stderr', text: string): void {
    // In pieces that each fit the current block: at most the lines it has room for (at least up to
    // the next line end, where a block that is full may start a new one).
    for (let rest = text; rest;) {
      const room = this.#parentLines < CHUNK_LINES ? CHUNK_LINES - this.#parentLines : this.#atLineStart ? CHUNK_LINES : 1;
      const end = afterNthLine(rest, room);
      this.#writePiece(stream, rest.slice(0, end));
      rest = rest.slice(end);
    }
  }

  #writePiece(stream: 'stdout' | 'stderr', text: string): void {
    // Text goes after whatever was shown last: into the newest block only while nothing followed it.
    if (!this.#parent || (this.#parent !== this.container && this.#parent !== this.container.lastChild)) {
      this.#parent = this.container;
      this.#parentLines = 0;
    }
    if (this.#parentLines >= CHUNK_LINES && this.#atLineStart) {
      const chunk = document.createElement('div');
      chunk.className = 'py-chunk';
      this.container.append(chunk);
      this.#parent = chunk;
      this.#parentLines = 0;
      this.#last = undefined;
    }
    // Appending to the open span keeps the DOM small when a program prints character by character.
    if (this.#last?.stream === stream && this.#last.text.parentNode?.parentNode === this.#parent) {
      this.#last.text.appendData(text);
    } else {
      const span = document.createElement('span');
      span.className = `py-${stream}`;
      span.setAttribute('part', stream);
      const node = document.createTextNode(text);
      span.append(node);
      this.#parent.append(span);
      this.#last = { stream, text: node };
    }
    const lines = countLines(text);
    this.#parentLines += lines;
    this.#atLineStart = text.endsWith('\n');
    this.#lines += lines;
    this.#chars += text.length;
    if (this.#lines > MAX_LINES || this.#chars > MAX_CHARS) this.#trim();
  }

  /**
   * Keeps a program that prints without end from growing the page without end: the oldest output
   * goes, and a marker says how much was hidden.
   */
  #trim(): void {
    const excess = { lines: Math.max(0, this.#lines - KEEP_LINES), chars: Math.max(0, this.#chars - KEEP_CHARS) };
    this.#trimIn(this.container, excess);
    if (!this.#marker) {
      this.#marker = document.createElement('div');
      this.#marker.className = 'py-hidden-lines';
      this.#marker.setAttribute('part', 'hidden-lines');
    }
    // In the language of where the output is, as it is now (text written stays as it was written).
    const t = messagesFor(this.container);
    this.#marker.textContent = this.#hidden ? t.hiddenLines(this.#hidden) : t.hiddenChars(this.#hiddenChars);
    if (this.container.firstChild !== this.#marker) this.container.prepend(this.#marker);
  }

  /** Removes the oldest output in parent until both excesses are spent; the open text only in part. */
  #trimIn(parent: Node, excess: { lines: number; chars: number }): void {
    let node = parent.firstChild;
    while ((excess.lines > 0 || excess.chars > 0) && node) {
      const next: ChildNode | null = node.nextSibling;
      if (node === this.#marker) {
        node = next;
        continue;
      }
      const isChunk = node instanceof HTMLElement && node.className === 'py-chunk';
      if (isChunk && node === this.#parent) {
        // The block still being written to: into it, as its text may be one endless line.
        this.#trimIn(node, excess);
        return;
      }
      const text = node.firstChild;
      const isStream = node instanceof HTMLElement && /^py-std(out|err)$/.test(node.className) && text instanceof Text;
      const printed = isChunk || isStream;
      const content = printed ? (node.textContent ?? '') : '';
      const lines = printed ? countLines(content) : 1;
      const open = isStream && text === this.#last?.text;
      // Older than what follows, so gone whole: blocks, rich output, and printed text that fits.
      if (!open && (isChunk || !printed || lines <= excess.lines || content.length <= excess.chars)) {
        node.remove();
        this.#dropped(printed ? lines : 0, content.length, excess, lines);
      } else if (isStream) {
        // Whole lines first; then, if characters must still go, from within a line (an endless one).
        let cut = 0;
        for (let i = 0; i < excess.lines; i++) {
          const newline = text.data.indexOf('\n', cut);
          if (newline < 0) break;
          cut = newline + 1;
        }
        const end = Math.min(text.data.length, Math.max(cut, excess.chars));
        const cutLines = countLines(text.data.slice(0, end));
        text.deleteData(0, end);
        this.#dropped(cutLines, end, excess, cutLines);
        return;
      }
      node = next;
    }
  }

  /** Counts removed output: `lines` of printed text, `chars` characters; `spent` lines of the excess. */
  #dropped(lines: number, chars: number, excess: { lines: number; chars: number }, spent: number): void {
    this.#lines -= lines;
    this.#chars -= chars;
    this.#hidden += spent;
    this.#hiddenChars += chars;
    excess.lines -= spent;
    excess.chars -= chars;
  }

  display(mime: string, data: unknown): void {
    this.#last = undefined;
    const box = document.createElement('div');
    box.className = 'py-display';
    box.setAttribute('part', 'display');
    box.dataset.mime = mime;
    switch (mime) {
      case 'text/html':
      case 'image/svg+xml':
        box.innerHTML = trustedHTML(String(data));
        break;
      case 'image/png':
      case 'image/jpeg': {
        const img = document.createElement('img');
        img.alt = '';
        img.src = `data:${mime};base64,${String(data)}`;
        box.append(img);
        break;
      }
      case 'application/x-dom-node':
        box.append(data as Node);
        break;
      default:
        box.textContent = String(data);
    }
    this.container.append(box);
  }

  /**
   * Shows an error block (a Python traceback or a message about the page) and returns it; `hint`, a
   * one-line explanation for a beginner, goes just above it.
   */
  error(text: string, hint?: string): HTMLElement {
    this.#last = undefined;
    if (hint) {
      const explanation = document.createElement('p');
      explanation.className = 'py-error-hint';
      explanation.setAttribute('part', 'error-hint');
      explanation.textContent = hint;
      this.container.append(explanation);
    }
    const pre = document.createElement('pre');
    pre.className = 'py-error';
    pre.setAttribute('part', 'error');
    pre.setAttribute('role', 'alert');
    pre.textContent = text;
    this.container.append(pre);
    return pre;
  }

  /**
   * input(): an inline field after the output so far, labelled by the prompt. Enter submits; the
   * field is then replaced by the prompt and the answer as ordinary output, like a terminal.
   */
  ask(prompt: string): Promise<string | null> {
    this.#last = undefined;
    const row = document.createElement('label');
    row.className = 'py-ask';
    row.setAttribute('part', 'ask');
    const label = document.createElement('span');
    label.className = 'py-stdout';
    label.textContent = prompt;
    const field = document.createElement('input');
    field.type = 'text';
    field.className = 'py-ask-field';
    field.setAttribute('part', 'ask-field');
    field.autocomplete = 'off';
    field.spellcheck = false;
    if (!prompt.trim()) field.setAttribute('aria-label', messagesFor(this.container).inputLabel);
    row.append(label, field);
    this.container.append(row);
    field.focus({ preventScroll: true });
    return new Promise((resolve) => {
      const pending = pendingAsks.get(this.container) ?? new Set<() => void>();
      pendingAsks.set(this.container, pending);
      const cancel = () => {
        pending.delete(cancel);
        row.remove();
        resolve(null);
      };
      pending.add(cancel);
      field.addEventListener('keydown', (event) => {
        if (event.key !== 'Enter' || event.isComposing) return;
        event.preventDefault();
        pending.delete(cancel);
        const answer = field.value;
        row.remove();
        this.write('stdout', `${prompt}${answer}\n`);
        resolve(answer);
      });
    });
  }

  /** Shows the repr of a REPL input's value. */
  value(text: string): void {
    this.#append('py-value', 'value', text);
  }

  /** Echoes console input (`>>> ` / `... ` prompts) into a transcript. */
  input(code: string): void {
    const prompted = code
      .split('\n')
      .map((line, i) => (i === 0 ? '>>> ' : '... ') + line)
      .join('\n');
    this.#append('py-input', 'input', prompted);
  }

  #append(className: string, part: string, text: string): void {
    this.#last = undefined;
    const block = document.createElement('div');
    block.className = className;
    block.setAttribute('part', part);
    block.textContent = text;
    this.container.append(block);
  }

  clear(): void {
    cancelAsks(this.container);
    this.#last = undefined;
    this.#lines = this.#chars = this.#hidden = this.#hiddenChars = 0;
    this.#parent = undefined;
    this.#parentLines = 0;
    this.#atLineStart = true;
    this.#marker = undefined;
    this.container.replaceChildren();
    this.#host?.replaceChildren(this.container);
  }

  sinkFor(target: unknown): OutputSink {
    return createSinkFor(target);
  }
}

/** The sink for `display(..., target=...)` and `<py-script target>`: an element id (with or without `#`) or an element. */
export function createSinkFor(target: unknown): DomOutput {
  if (target instanceof Element) return outputIn(target);
  if (typeof target === 'string') {
    const id = target.startsWith('#') ? target.slice(1) : target;
    const element = document.getElementById(id);
    if (!element) throw new Error(`target "${target}": there is no element with id "${id}" on this page`);
    return outputIn(element);
  }
  throw new TypeError(`target must be an element id or an element, not ${String(target)}`);
}

/**
 * Output sent to a target goes into a `div.py-output` inside it, as in the element itself, so it is
 * styled the same (lines stay lines: the page styles give `.py-output` `white-space: pre-wrap`).
 * One such container per target, reused by every write; a target that is an output already is used as it is.
 */
function outputIn(target: Element): DomOutput {
  if (target.classList.contains('py-output')) return new DomOutput(target);
  let container = target.querySelector(':scope > .py-output[data-py-target-output]');
  if (!container) {
    container = document.createElement('div');
    container.className = 'py-output';
    container.setAttribute('data-py-target-output', '');
    target.append(container);
  }
  return new DomOutput(container, { host: target });
}

/** The index just after the `n`th line end of text, or its length if it has fewer. */
function afterNthLine(text: string, n: number): number {
  let index = -1;
  for (let i = 0; i < n; i++) {
    index = text.indexOf('\n', index + 1);
    if (index < 0) return text.length;
  }
  return index + 1;
}

function countLines(text: string): number {
  let count = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) count++;
  return count;
}
