// Monaco in a real Chromium, driven with real keyboard and mouse input (@web/test-runner-commands:
// sendKeys/sendMouse go through the DevTools protocol, so the browser sees trusted events). The
// editor is mounted in the light DOM, as <py-repl> does.
import { resetMouse, sendKeys, sendMouse } from '@web/test-runner-commands';
import { expect, pressCombo, typeText, waitFor } from '../../../test/browser/helpers.js';
import { en } from '../../i18n/messages.js';
import type { CodeEditor, Completion, EditorOptions } from './editor.js';
import { createMonacoEditor } from './monaco-editor.js';
import { createPlainEditor } from './plain-editor.js';
import { installPageStyles } from '../../output/page-styles.js';
import { MONACO_COMING_ATTRIBUTE } from './editor-controller.js';

type Calls = { change: string[]; run: number; complete: Array<[string, number]>; hover: Array<[string, number]> };

interface Made {
  editor: CodeEditor;
  host: HTMLElement;
  calls: Calls;
}

const made: Made[] = [];
const pages: HTMLElement[] = [];

const MATH: Completion[] = [
  { label: 'math', kind: 'module', detail: 'module', documentation: 'Mathematical functions.' },
  { label: 'max', kind: 'function', detail: '(iterable, /, *, key=None)' },
  { label: 'map', kind: 'class', detail: 'class' },
];

/** An editor in a 600px wide light-DOM host, followed by a button (for focus-leaving tests). */
async function make(overrides: Partial<EditorOptions> = {}): Promise<Made> {
  const page = document.createElement('div');
  page.style.cssText = 'width: 600px; margin: 20px; font: 16px/1.2 sans-serif';
  const host = document.createElement('div');
  host.className = 'py-repl-editor';
  const after = document.createElement('button');
  after.textContent = 'after';
  page.append(host, after);
  document.body.append(page);
  pages.push(page);
  const calls: Calls = { change: [], run: 0, complete: [], hover: [] };
  const editor = await createMonacoEditor(host, {
    value: '',
    readOnly: false,
    theme: 'light',
    ariaLabel: 'Python code',
    messages: en,
    onChange: (value) => calls.change.push(value),
    onRun: () => {
      calls.run++;
    },
    complete: async (code, offset) => {
      calls.complete.push([code, offset]);
      return MATH;
    },
    hover: async (code, offset) => {
      calls.hover.push([code, offset]);
      return null;
    },
    ...overrides,
  });
  const result = { editor, host, calls };
  made.push(result);
  return result;
}

/** The viewport centre of the text `needle` in the rendered lines of `host` (its first occurrence). */
function textPoint(host: HTMLElement, needle: string, at: 'start' | 'middle' | 'end' = 'middle'): [number, number] {
  const walker = document.createTreeWalker(host.querySelector('.view-lines')!, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const index = (node.textContent ?? '').replace(/\u00a0/g, ' ').indexOf(needle);
    if (index < 0) continue;
    const range = document.createRange();
    range.setStart(node, index);
    range.setEnd(node, index + needle.length);
    const rect = range.getBoundingClientRect();
    const x = at === 'start' ? rect.left + 1 : at === 'end' ? rect.right - 1 : rect.left + rect.width / 2;
    return [Math.round(x), Math.round(rect.top + rect.height / 2)];
  }
  throw new Error(`"${needle}" is not rendered`);
}

/** Presses key with modifier held (real key events, in every engine). */
async function chord(modifier: 'Shift' | 'Control', key: string): Promise<void> {
  await pressCombo(`${modifier}+${key}`);
}

async function click([x, y]: [number, number], button: 'left' | 'right' = 'left'): Promise<void> {
  await sendMouse({ type: 'click', position: [x, y], button });
}

/** Clicks at the end of the editor's text, which focuses it. */
async function focusEnd(host: HTMLElement): Promise<void> {
  const lines = host.querySelector('.view-lines')!.getBoundingClientRect();
  await click([Math.round(lines.right - 5), Math.round(lines.bottom - 5)]);
  await waitFor(() => host.contains(document.activeElement), 'editor focus');
}

const visibleSuggest = (host: HTMLElement) => host.querySelector<HTMLElement>('.suggest-widget.visible');
const suggestLabels = (host: HTMLElement) =>
  [...(visibleSuggest(host)?.querySelectorAll('.monaco-list-row .label-name') ?? [])].map((el) => el.textContent);

/**
 * Waits until Python's Monarch tokenizer has coloured the text. (Use multi-line code: Monaco colours
 * the visible lines of those at once, a single line only on requestIdleCallback, which headless
 * Chromium can hold back for seconds after synthetic input.)
 */
async function waitForColours(host: HTMLElement): Promise<void> {
  await waitFor(() => host.querySelector('.view-lines span[class^="mtk"]:not(.mtk1)'), 'Python colouring');
}

function isOnScreen(element: Element): boolean {
  const rect = element.getBoundingClientRect();
  const style = getComputedStyle(element);
  return (
    rect.width > 1 &&
    rect.height > 1 &&
    rect.right > 0 &&
    rect.bottom > 0 &&
    rect.left < innerWidth &&
    rect.top < innerHeight &&
    style.visibility !== 'hidden' &&
    style.clipPath !== 'inset(50%)'
  );
}

describe('createMonacoEditor', () => {
  afterEach(async () => {
    await sendKeys({ press: 'Escape' });
    await resetMouse();
    for (const { editor } of made.splice(0)) editor.dispose();
    for (const page of pages.splice(0)) page.remove();
  });

  it('the plain editor standing in for it leaves room for its line numbers: the code does not move', async () => {
    installPageStyles();
    const code = 'xyz = 1\nprint(xyz)';
    const { host } = await make({ value: code });
    await waitForColours(host);
    const [monacoX] = textPoint(host, 'xyz', 'start');
    const standIn = document.createElement('div');
    standIn.className = 'py-repl-editor';
    standIn.setAttribute(MONACO_COMING_ATTRIBUTE, '');
    host.parentElement!.prepend(standIn);
    pages.push(standIn);
    const plain = createPlainEditor(standIn, { ...options(), value: code });
    const area = standIn.querySelector('textarea')!;
    const style = getComputedStyle(area);
    const plainX = area.getBoundingClientRect().left + parseFloat(style.borderLeftWidth) + parseFloat(style.paddingLeft);
    plain.dispose();
    expect(plainX - standIn.getBoundingClientRect().left).to.be.closeTo(monacoX - 1 - host.getBoundingClientRect().left, 1.5);
  });

  it('renders in the light DOM with the value, label and Python colouring', async () => {
    const { editor, host } = await make({ value: 'def greet(name):\n    return "hi " + name', ariaLabel: 'My code' });
    expect(editor.kind).to.equal('monaco');
    expect(editor.getValue()).to.equal('def greet(name):\n    return "hi " + name');
    expect(host.querySelector('.monaco-editor')).to.exist;
    expect(host.getRootNode()).to.equal(document);
    await waitForColours(host);
    const keyword = [...host.querySelectorAll('.view-lines span')].find((span) => span.textContent === 'def')!;
    expect(getComputedStyle(keyword).color).to.not.equal(getComputedStyle(host.querySelector('.view-lines')!).color);
    expect(host.querySelector('[aria-label="My code"]')).to.exist;
  });

  it('typing changes the value and calls onChange', async () => {
    const { editor, host, calls } = await make({ value: '' });
    await focusEnd(host);
    await typeText('x = 41 + 1');
    expect(editor.getValue()).to.equal('x = 41 + 1');
    expect(calls.change.at(-1)).to.equal('x = 41 + 1');
    expect(calls.change.length).to.be.greaterThan(1);
  });

  it('setValue does not call onChange, puts the caret at the end, and Undo restores the old text', async () => {
    const { editor, host, calls } = await make({ value: 'old' });
    editor.setValue('new text');
    expect(calls.change).to.deep.equal([]);
    expect(editor.getValue()).to.equal('new text');
    editor.focus();
    await waitFor(() => host.contains(document.activeElement), 'focus');
    await typeText('!');
    expect(editor.getValue()).to.equal('new text!');
    await chord('Control', 'z');
    await chord('Control', 'z');
    expect(editor.getValue()).to.equal('old');
  });

  it('Shift+Enter and Ctrl+Enter call onRun and insert no newline', async () => {
    const { editor, host, calls } = await make({ value: 'print(1)' });
    await focusEnd(host);
    await chord('Shift', 'Enter');
    expect(calls.run).to.equal(1);
    await chord('Control', 'Enter');
    expect(calls.run).to.equal(2);
    expect(editor.getValue()).to.equal('print(1)');
  });

  it('without onEnter, Enter inserts a newline and indents after a colon', async () => {
    const { editor, host, calls } = await make({ value: '' });
    await focusEnd(host);
    await typeText('if x:');
    await sendKeys({ press: 'Enter' });
    expect(editor.getValue()).to.equal('if x:\n    ');
    expect(calls.run).to.equal(0);
  });

  it('console mode: Enter calls onEnter; when it returns false a newline with auto-indent is typed', async () => {
    let handled = true;
    let enters = 0;
    const { editor, host } = await make({
      value: 'for i in range(3):',
      onEnter: () => {
        enters++;
        return handled;
      },
    });
    await focusEnd(host);
    await sendKeys({ press: 'Enter' });
    expect(enters).to.equal(1);
    expect(editor.getValue()).to.equal('for i in range(3):');
    handled = false;
    await sendKeys({ press: 'Enter' });
    expect(enters).to.equal(2);
    expect(editor.getValue()).to.equal('for i in range(3):\n    ');
    await typeText('print(i)');
    expect(editor.getValue()).to.equal('for i in range(3):\n    print(i)');
  });

  it('console mode: Up on the first line and Down on the last line call onHistory; elsewhere they move the caret', async () => {
    const directions: Array<-1 | 1> = [];
    let handled = true;
    const { editor, host } = await make({
      value: 'a = 1\nb = 2\nc = 3',
      onHistory: (direction) => {
        directions.push(direction);
        return handled;
      },
    });
    await click(textPoint(host, 'b = 2', 'end')); // line 2: Up moves to line 1, no history
    await waitFor(() => host.contains(document.activeElement), 'focus');
    await sendKeys({ press: 'ArrowUp' });
    expect(directions).to.deep.equal([]);
    await typeText('#');
    expect(editor.getValue().split('\n')[0]).to.equal('a = 1#');
    await sendKeys({ press: 'ArrowUp' });
    expect(directions).to.deep.equal([-1]);
    await sendKeys({ press: 'ArrowDown' }); // line 1 → 2: not the last line
    await sendKeys({ press: 'ArrowDown' }); // line 2 → 3
    expect(directions).to.deep.equal([-1]);
    await sendKeys({ press: 'ArrowDown' });
    expect(directions).to.deep.equal([-1, 1]);
    handled = false; // not handled: the key does what it normally does (to the end of the last line)
    await sendKeys({ press: 'ArrowDown' });
    await typeText('!');
    expect(editor.getValue()).to.equal('a = 1#\nb = 2\nc = 3!');
  });

  it('Up/Down move through the suggest widget, not the history, while it is open', async () => {
    const directions: Array<-1 | 1> = [];
    const { editor, host } = await make({
      value: '',
      onHistory: (direction) => {
        directions.push(direction);
        return true;
      },
    });
    await focusEnd(host);
    await typeText('ma');
    await chord('Control', ' ');
    await waitFor(() => suggestLabels(host).length === 3, 'three suggestions');
    await sendKeys({ press: 'ArrowDown' });
    await sendKeys({ press: 'Tab' });
    expect(directions).to.deep.equal([]);
    expect(editor.getValue()).to.equal('max');
  });

  it('Ctrl+Space shows completions from options.complete only; accepting replaces the typed word', async () => {
    // A word in the text that Monaco's word-based suggestions would offer.
    const { editor, host, calls } = await make({ value: 'magnificent = 1\n' });
    await focusEnd(host);
    await typeText('ma');
    await chord('Control', ' ');
    await waitFor(() => suggestLabels(host).includes('math'), 'the suggest widget with math');
    // Asked with the text so far and the caret at its end (after "m" or "ma": quick suggestions may
    // have asked first, and then Ctrl+Space only filters).
    expect(calls.complete.some(([code, offset]) => code.startsWith('magnificent = 1\nm') && offset === code.length)).to.be.true;
    expect(suggestLabels(host)).to.deep.equal(['math', 'max', 'map']);
    // Each row has its codicon kind icon; the font is Monaco's, from the document-level sheet.
    const icon = visibleSuggest(host)!.querySelector('.suggest-icon.codicon')!;
    expect(icon).to.exist;
    expect(getComputedStyle(icon, '::before').fontFamily).to.contain('codicon');
    await typeText('t');
    await waitFor(() => suggestLabels(host).join() === 'math', 'filtered to math');
    await sendKeys({ press: 'Enter' });
    expect(editor.getValue()).to.equal('magnificent = 1\nmath');
    expect(visibleSuggest(host)).to.equal(null);
  });

  it('typing a dot triggers completion at the right offset', async () => {
    const { host, calls } = await make({ value: 'import math\n' });
    await focusEnd(host);
    await typeText('math.');
    await waitFor(() => visibleSuggest(host), 'suggest after "."');
    expect(calls.complete).to.deep.include(['import math\nmath.', 17]);
  });

  it('passes Python (code point) offsets, not UTF-16 ones', async () => {
    const { host, calls } = await make({ value: '# 😀\n' });
    await focusEnd(host);
    await typeText('ma');
    await chord('Control', ' ');
    await waitFor(() => visibleSuggest(host), 'suggest widget');
    // Quick suggestions may already have asked after "m" (then Ctrl+Space only filters); either way
    // the caret is at the end of the text, so each offset must be its length in code points.
    expect(calls.complete.length).to.be.greaterThan(0);
    for (const [code, offset] of calls.complete) {
      expect(code.startsWith('# 😀\nm')).to.be.true;
      expect(offset).to.equal(Array.from(code).length); // code points; UTF-16 would be one more
    }
  });

  it('routes completions to the editor whose model asks', async () => {
    await make({ value: '', complete: async () => [{ label: 'first_only', kind: 'variable' }] });
    const second = await make({ value: '', complete: async () => [{ label: 'second_only', kind: 'variable' }] });
    await focusEnd(second.host);
    await chord('Control', ' ');
    await waitFor(() => suggestLabels(second.host).length > 0, 'suggestions in the second editor');
    expect(suggestLabels(second.host)).to.deep.equal(['second_only']);
  });

  it('the codicon font is loaded into the document', async () => {
    const { host } = await make({ value: '' });
    await focusEnd(host);
    await chord('Control', ' ');
    await waitFor(() => visibleSuggest(host), 'suggest widget');
    await waitFor(
      () => [...document.fonts].some((font) => font.family.replace(/"/g, '') === 'codicon' && font.status === 'loaded'),
      'codicon loaded',
    );
    expect(document.fonts.check('16px codicon')).to.equal(true);
  });

  it('hovering a word with the mouse shows options.hover text (as text, not Markdown)', async () => {
    const { host, calls } = await make({
      value: 'n = len(items)',
      hover: async (code, offset) => {
        calls.hover.push([code, offset]);
        return code.slice(offset - 1, offset + 2).includes('len')
          ? 'len(obj, /)\n\nReturn the number of *items* in a <container>.'
          : null;
      },
    });
    const [x, y] = textPoint(host, 'len');
    const hoverText = () => [...document.querySelectorAll('.monaco-hover')].map((el) => el.textContent).join();
    const shown = () => hoverText().includes('Return the number of');
    // A pointer travelling onto the word, as a hand moves it (the first move over an editor only
    // instantiates Monaco's hover controller). Monaco shows the hover after its delay; on a loaded
    // machine that has taken over 5 s, and once in Firefox (a fresh clone's run) it never came after
    // the first moves: moves that arrive before the controller is ready are lost. So, as a hand
    // would, the pointer leaves the word and comes back, up to three times more.
    for (let attempt = 0; attempt < 4 && !shown(); attempt++) {
      if (attempt) await sendMouse({ type: 'move', position: [x, y + 60] });
      for (const dx of [-6, -4, -2, 0]) await sendMouse({ type: 'move', position: [x + dx, y] });
      await waitFor(shown, 'the hover widget', 8_000).catch(() => {});
    }
    expect(shown(), `the hover widget (hover asked ${calls.hover.length} times)`).to.equal(true);
    const hover = [...document.querySelectorAll<HTMLElement>('.monaco-hover')].find((el) =>
      el.textContent?.includes('Return the number'),
    )!;
    expect(hover.textContent).to.contain('len(obj, /)');
    expect(hover.textContent).to.contain('Return the number of *items* in a <container>.');
    expect(hover.querySelector('code, .monaco-tokenized-source')?.textContent).to.contain('len(obj, /)');
    expect(isOnScreen(hover)).to.equal(true);
    expect(getComputedStyle(hover.closest('.monaco-hover')!).backgroundColor).to.not.equal('rgba(0, 0, 0, 0)');
    const [code, offset] = calls.hover.at(-1)!;
    expect(code).to.equal('n = len(items)');
    expect(offset).to.be.within(4, 7);
  });

  it('right-click opens a styled context menu with Cut, Copy, Paste and Run', async () => {
    const { host, calls } = await make({ value: 'x = 1' });
    await click(textPoint(host, 'x = 1'), 'right');
    // Monaco renders menus into a shadow root of their own, with their own styles.
    const menu = () =>
      [document, ...[...document.querySelectorAll('.shadow-root-host')].map((el) => el.shadowRoot)]
        .map((root) => root?.querySelector<HTMLElement>('.context-view .monaco-menu'))
        .find(Boolean);
    await waitFor(() => menu(), 'the context menu');
    const labels = [...menu()!.querySelectorAll('.action-label')].map((el) => el.textContent?.trim()).filter(Boolean);
    expect(labels).to.include.members(['Run', 'Cut', 'Copy', 'Paste']);
    // Painted by Monaco's CSS: an opaque panel with a shadow, fixed so that no overflow clips it.
    const view = menu()!.closest('.context-view')!;
    expect(getComputedStyle(view).position).to.equal('fixed');
    expect(getComputedStyle(view).boxShadow).to.not.equal('none');
    expect(getComputedStyle(menu()!.closest('.monaco-scrollable-element')!).backgroundColor).to.equal('rgb(255, 255, 255)');
    expect(getComputedStyle(menu()!.querySelector('.action-label')!).color).to.not.equal('rgb(0, 0, 0)');
    expect(isOnScreen(menu()!)).to.equal(true);
    // Choosing Run from the menu runs. Monaco ignores mouse-ups in the menu's first 100 ms (so the
    // right-click's own release cannot pick an item) and runs the action on a timeout.
    await new Promise((resolve) => setTimeout(resolve, 150));
    const run = [...menu()!.querySelectorAll<HTMLElement>('.action-label')].find((el) => el.textContent?.trim() === 'Run')!;
    const rect = run.getBoundingClientRect();
    await click([Math.round(rect.left + rect.width / 2), Math.round(rect.top + rect.height / 2)]);
    await waitFor(() => calls.run === 1, 'Run from the menu');
    await waitFor(() => !menu(), 'the menu to close');
  });

  it('selects text by dragging the mouse; typing replaces the selection', async () => {
    const { editor, host } = await make({ value: 'hello world' });
    const from = textPoint(host, 'hello', 'start');
    const to = textPoint(host, 'hello', 'end');
    await sendMouse({ type: 'move', position: from });
    await sendMouse({ type: 'down' });
    await sendMouse({ type: 'move', position: [to[0] + 2, to[1]] });
    await sendMouse({ type: 'up' });
    await waitFor(() => host.querySelector('.selected-text'), 'a rendered selection');
    await typeText('bye');
    expect(editor.getValue()).to.equal('bye world');
  });

  it('Ctrl+M switches Tab between indenting and moving focus out', async () => {
    const { editor, host } = await make({ value: '' });
    await focusEnd(host);
    await sendKeys({ press: 'Tab' });
    expect(editor.getValue()).to.equal('    ');
    await chord('Control', 'm');
    try {
      await sendKeys({ press: 'Tab' });
      expect(host.contains(document.activeElement)).to.equal(false);
      expect(document.activeElement?.textContent).to.equal('after');
      expect(editor.getValue()).to.equal('    ');
    } finally {
      // The mode is page-wide in Monaco: switch it back.
      editor.focus();
      await waitFor(() => host.contains(document.activeElement), 'focus back');
      await chord('Control', 'm');
    }
    await sendKeys({ press: 'Tab' });
    expect(editor.getValue()).to.equal('        ');
  });

  it("Monaco's screen-reader text is in the page but never visible", async () => {
    const { host } = await make({ value: '' });
    await focusEnd(host);
    await chord('Control', 'm'); // announces "Pressing Tab will now move focus…"
    await chord('Control', 'm'); // announces "Pressing Tab will now insert the tab character"
    const live = [...document.querySelectorAll('.monaco-aria-container [role="alert"], .monaco-aria-container [aria-live]')];
    expect(live.map((el) => el.textContent).join()).to.contain('Pressing Tab');
    for (const el of live) expect(isOnScreen(el), `"${el.textContent}" is visible`).to.equal(false);
    // Nothing else of Monaco's outside the host shows text on the page.
    const strays = [...document.body.querySelectorAll('.monaco-aria-container, .monaco-alert, .monaco-status')].filter(
      (el) => !host.contains(el) && el.textContent && isOnScreen(el),
    );
    expect(strays).to.deep.equal([]);
  });

  it('readOnly blocks typing; setReadOnly(false) allows it; Run still works', async () => {
    const { editor, host, calls } = await make({ value: 'x', readOnly: true });
    await focusEnd(host);
    await typeText('y');
    expect(editor.getValue()).to.equal('x');
    await chord('Shift', 'Enter');
    expect(calls.run).to.equal(1);
    editor.setValue('z'); // e.g. Reset on a read-only REPL
    expect(editor.getValue()).to.equal('z');
    editor.setReadOnly(false);
    await typeText('y');
    expect(editor.getValue()).to.equal('zy');
  });

  it("light and dark themes, with the REPL frame's backgrounds", async () => {
    const { editor, host } = await make({ value: 'x = 1', theme: 'dark' });
    const background = () => getComputedStyle(host.querySelector('.monaco-editor-background')!).backgroundColor;
    await waitFor(() => host.querySelector('.monaco-editor.vs-dark'), 'dark theme');
    expect(background()).to.equal('rgb(13, 17, 23)'); // #0d1117, the dark frame
    editor.setTheme('light');
    await waitFor(() => host.querySelector('.monaco-editor.vs'), 'light theme');
    expect(background()).to.equal('rgb(255, 255, 255)');
  });

  it('grows with its content between 4 and 24 lines and follows the width of its host', async () => {
    const { editor, host } = await make({ value: 'x = 1' });
    const box = () => host.querySelector('.monaco-editor')!.getBoundingClientRect();
    expect(box().height).to.equal(4 * 21 + 16);
    editor.setValue(Array.from({ length: 10 }, (_, i) => `line_${i} = ${i}`).join('\n'));
    await waitFor(() => box().height === 10 * 21 + 16, '10 lines tall');
    editor.setValue(Array.from({ length: 60 }, (_, i) => `line_${i} = ${i}`).join('\n'));
    await waitFor(() => box().height === 24 * 21 + 16, '24 lines tall');
    expect(box().width).to.equal(600);
    (host.parentElement as HTMLElement).style.width = '420px';
    await waitFor(() => box().width === 420, 'narrower');
    (host.parentElement as HTMLElement).style.width = '700px';
    await waitFor(() => box().width === 700, 'wider');
  });

  it('narrowing below a long line adds a scrollbar without a ResizeObserver loop error', async () => {
    const errors: string[] = [];
    const onError = (event: ErrorEvent) => errors.push(event.message);
    window.addEventListener('error', onError);
    try {
      const { host } = await make({ value: `x = ${'1 + '.repeat(13)}1\ny = 2\nz = 3\nw = 4` }); // ~480px wide
      const box = () => host.querySelector('.monaco-editor')!.getBoundingClientRect();
      const before = box().height;
      (host.parentElement as HTMLElement).style.width = '300px';
      await waitFor(() => box().width === 300, 'narrower');
      await waitFor(() => box().height > before, 'taller by the horizontal scrollbar');
      await new Promise((resolve) => setTimeout(resolve, 100));
    } finally {
      window.removeEventListener('error', onError);
    }
    expect(errors).to.deep.equal([]);
  });

  it('shrinks inside a flex parent (its px width does not hold the parent open)', async () => {
    const { host } = await make({ value: 'x = 1' });
    const page = host.parentElement as HTMLElement;
    page.style.display = 'flex';
    host.style.flex = '1';
    const box = () => host.querySelector('.monaco-editor')!.getBoundingClientRect();
    await waitFor(() => Math.abs(box().width - host.getBoundingClientRect().width) < 1, 'fills the flex item');
    const wide = box().width;
    page.style.width = '300px';
    await waitFor(
      () => box().width < wide && Math.abs(box().width - host.getBoundingClientRect().width) < 1,
      'shrinks with the flex item',
    );
  });

  it('the editor worker script loads', async () => {
    await make({ value: '' });
    const environment = (globalThis as { MonacoEnvironment?: { getWorker(id: string, label: string): Worker } })
      .MonacoEnvironment!;
    const worker = environment.getWorker('workerMain.js', 'editorWorkerService');
    try {
      const failed = await new Promise<boolean>((resolve) => {
        worker.addEventListener('error', () => resolve(true));
        worker.postMessage('ping'); // the first message starts Monaco's worker server
        setTimeout(() => resolve(false), 1500);
      });
      expect(failed).to.equal(false);
    } finally {
      worker.terminate();
    }
  });

  it('dispose() removes its DOM, editor and model; 100 create/dispose cycles leave nothing behind', async () => {
    const { monacoStats } = await import('./monaco.js');
    const host = document.createElement('div');
    document.body.append(host);
    try {
      // Warm up: Monaco's page-wide singletons (aria region, styles) exist before the baseline.
      (await createMonacoEditor(host, options())).dispose();
      const base = monacoStats();
      const sheets = document.adoptedStyleSheets.length;
      const bodyChildren = document.body.childElementCount;
      const headChildren = document.head.childElementCount;
      for (let i = 0; i < 100; i++) {
        const editor = await createMonacoEditor(host, { ...options(), value: `x = ${i}` });
        if (i === 0) expect(monacoStats()).to.deep.equal({ editors: base.editors + 1, models: base.models + 1 });
        editor.dispose();
      }
      expect(monacoStats()).to.deep.equal(base);
      expect(host.childNodes.length).to.equal(0);
      expect(document.adoptedStyleSheets.length).to.equal(sheets);
      expect(document.body.childElementCount).to.equal(bodyChildren);
      expect(document.head.childElementCount).to.equal(headChildren);
      expect(document.querySelectorAll('.monaco-editor').length).to.equal(0);
    } finally {
      host.remove();
    }
  });
});

function options(): EditorOptions {
  return {
    value: '',
    readOnly: false,
    theme: 'light',
    ariaLabel: 'Python code',
    messages: en,
    onChange: () => {},
    onRun: () => {},
    complete: async () => [],
    hover: async () => null,
  };
}
