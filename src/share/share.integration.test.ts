// Taking code away: a page's code downloaded as .py and .ipynb (<py-export>).
import { executeServerCommand } from '@web/test-runner-commands';
import {
  axeViolations,
  expect,
  mount,
  nextEvent,
  outputText,
  part,
  quietly,
  unmountAll,
  waitFor,
} from '../../test/browser/helpers.js';
import '../../test/browser/elements.js';
import type { PyExportElement } from '../components/py-export/py-export.js';
import type { PyReplElement } from '../components/py-repl/py-repl.js';
import type { PyScriptElement } from '../components/py-script/py-script.js';
import type { PyDoneEvent } from '../events/py-done.js';

interface NotebookCell {
  cell_type: string;
  source: string[];
}

/** The file the next download of the page would save: its name and text. */
function nextDownload(): Promise<{ name: string; text: string }> {
  return new Promise((resolve) => {
    const onClick = (event: MouseEvent) => {
      const link = event.target as HTMLAnchorElement;
      if (!(link instanceof HTMLAnchorElement) || !link.download) return;
      event.preventDefault(); // read it here; a headless browser's download would go nowhere we can see
      document.removeEventListener('click', onClick, true);
      void fetch(link.href)
        .then((response) => response.text())
        .then((text) => resolve({ name: link.download, text }));
    };
    document.addEventListener('click', onClick, true);
  });
}

const lesson = `<section id="lesson">
  <h1>Loops <em>in</em> Python</h1>
  <p>A <code>for</code> loop repeats a block.</p>
  <py-script><script type="text/python">for i in range(3):
    print(i)</script></py-script>
  <nav>Next lesson →</nav>
  <p>Now you:</p>
  <ul><li>sum the numbers</li><li>print the total</li></ul>
  <py-repl id="ex1" editor="plain" no-persist load="eager">
    <script type="text/python">total = 0</script>
    <template data-hint>Start from zero.</template>
    <script type="text/python" data-check="total is 6">assert total == 6</script>
    <script type="text/python" data-solution>total = sum(range(4))  # SOLUTION</script>
  </py-repl>
  <py-script src="/test/fixtures/hello.py"></py-script>
  <p hidden>Not for readers.</p>
  <p>The end.</p>
  <py-export from="#lesson" filename="loops"></py-export>
</section>`;

describe('<py-export>', () => {
  afterEach(unmountAll);

  it('downloads the page as a notebook that passes nbformat’s schema: code and text in order, the reader’s edits, no hidden checks or solutions', async () => {
    const lessonRoot = mount(lesson);
    const repl = lessonRoot.querySelector<PyReplElement>('py-repl')!;
    await waitFor(() => repl.querySelector('textarea'), 'the editor');
    repl.code = 'total = 0\nfor n in range(4):\n    total += n';
    const exporter = lessonRoot.querySelector<PyExportElement>('py-export')!;
    await exporter.updateComplete;

    const downloaded = nextDownload();
    part(exporter, 'download-ipynb-button')!.click();
    const { name, text } = await downloaded;
    expect(name).to.equal('loops.ipynb');
    expect(await executeServerCommand('validate-notebook', text)).to.deep.equal([]);

    const notebook = JSON.parse(text) as { nbformat: number; cells: NotebookCell[]; metadata: { kernelspec: { name: string } } };
    expect(notebook.nbformat).to.equal(4);
    expect(notebook.metadata.kernelspec.name).to.equal('python3');
    const cells = notebook.cells.map((cell) => [cell.cell_type, cell.source.join('')]);
    expect(cells.slice(1)).to.deep.equal([
      ['markdown', '# Loops _in_ Python\n\nA `for` loop repeats a block.'],
      ['code', 'for i in range(3):\n    print(i)'],
      ['markdown', 'Now you:\n\n-   sum the numbers\n-   print the total'],
      ['code', 'total = 0\nfor n in range(4):\n    total += n'],
      ['code', 'import sys\n\nprint("from a file", file=sys.stdout)\nloaded_from_src = True'],
      ['markdown', 'The end.'],
    ]);
    expect(cells[0][0]).to.equal('markdown');
    expect(cells[0][1]).to.contain(location.pathname);
    expect(text).not.to.contain('SOLUTION').and.not.to.contain('assert total').and.not.to.contain('Start from zero');
    expect(text, 'page navigation and hidden text are not prose')
      .not.to.contain('Next lesson')
      .and.not.to.contain('Not for readers');
  });

  it('downloads a .py whose cells VS Code and Jupytext read (# %%), prose as comments, and that runs as Python', async () => {
    const lessonRoot = mount(lesson);
    const exporter = lessonRoot.querySelector<PyExportElement>('py-export')!;
    await waitFor(() => lessonRoot.querySelector('py-repl textarea'), 'the editor');
    const downloaded = nextDownload();
    await exporter.updateComplete;
    part(exporter, 'download-py-button')!.click();
    const { name, text } = await downloaded;
    expect(name).to.equal('loops.py');
    const cells = text.split(/^# %%.*\n/m);
    expect(cells).to.have.length(7); // the header, then 6 cells
    expect(text).to.contain('# %% [markdown]\n# # Loops _in_ Python\n#\n# A `for` loop repeats a block.\n');
    expect(text).to.contain('# %%\nfor i in range(3):\n    print(i)\n');
    expect(text).to.contain('# %%\ntotal = 0\n');

    // It is Python: run as one file, it prints what the blocks print.
    const script = mount<PyScriptElement>(`<py-script><script type="text/python">${text}</script></py-script>`);
    const done = await nextEvent<PyDoneEvent>(script, 'py-done');
    expect(done.detail).to.deep.equal({ ok: true });
    expect(outputText(script)).to.equal('0\n1\n2\nfrom a file\n');
  });

  it('code-only leaves the text out; a page with no Python says so instead of downloading an empty file', async () => {
    const lessonRoot = mount(lesson);
    const exporter = lessonRoot.querySelector<PyExportElement>('py-export')!;
    exporter.codeOnly = true;
    await waitFor(() => lessonRoot.querySelector('py-repl textarea'), 'the editor');
    const notebook = JSON.parse((await exporter.exportText('ipynb'))!) as { cells: NotebookCell[] };
    expect(notebook.cells.slice(1).map((cell) => cell.cell_type)).to.deep.equal(['code', 'code', 'code']);

    const empty = mount<PyExportElement>('<py-export from="#nothing-here"></py-export>');
    mount('<div id="nothing-here"><p>Only words.</p></div>');
    await empty.updateComplete;
    let downloads = 0;
    const count = (event: Event) => {
      if ((event.target as Element).matches?.('a[download]')) downloads++;
    };
    document.addEventListener('click', count, true);
    part(empty, 'download-ipynb-button')!.click();
    await waitFor(() => part(empty, 'status')!.textContent, 'the status');
    document.removeEventListener('click', count, true);
    expect(part(empty, 'status')!.textContent).to.equal('There is no Python on this page to download.');
    expect(downloads).to.equal(0);

    empty.from = '#no-such-part';
    await quietly(async () => {
      part(empty, 'download-py-button')!.click();
      await waitFor(() => part(empty, 'status')!.textContent!.includes('matches nothing'), 'the status');
    });
    expect(part(empty, 'status')!.textContent).to.equal(
      'The download could not be made: from="#no-such-part" matches nothing on this page.',
    );
    expect(await axeViolations(empty)).to.deep.equal([]);
  });

  it('text that reads like HTML on the page stays text in the notebook, and the page’s query is left out', async () => {
    const root = mount(`<article id="html-text"><p>Type &lt;img src=x onerror=alert(1)&gt; &amp; see.</p>
      <py-script><script type="text/python">x = 1</script></py-script></article>`);
    const exporter = mount<PyExportElement>('<py-export from="#html-text"></py-export>');
    history.replaceState(null, '', `${location.pathname}?token=secret`);
    try {
      const notebook = JSON.parse((await exporter.exportText('ipynb'))!) as { cells: NotebookCell[] };
      const text = notebook.cells.map((cell) => cell.source.join('')).join('\n');
      expect(text).to.contain('Type &lt;img src=x onerror=alert(1)> &amp; see.');
      expect(text).not.to.contain('<img');
      expect(text).not.to.contain('secret');
    } finally {
      history.replaceState(null, '', location.pathname);
      root.remove();
    }
  });
});

describe('<py-repl> Copy and Share', () => {
  const page = location.pathname + location.search;
  let copied: string[];
  const saved = new Map<string, PropertyDescriptor | undefined>();
  let runs = 0;
  const countRun = () => runs++;

  /**
   * The clipboard as a reader's click would find it: writable, or refusing (no permission). Both of
   * its ways in: write() with a ClipboardItem (the one used where it exists) and writeText().
   */
  function clipboard(allowed: boolean) {
    copied = [];
    const refuse = () => {
      if (!allowed) throw new DOMException('Write permission denied.', 'NotAllowedError');
    };
    const methods = {
      writeText: async (text: string) => {
        refuse();
        copied.push(text);
      },
      write: async (items: ClipboardItem[]) => {
        refuse();
        copied.push(await (await items[0].getType('text/plain')).text());
      },
    };
    for (const [name, value] of Object.entries(methods)) {
      saved.set(name, Object.getOwnPropertyDescriptor(navigator.clipboard, name));
      Object.defineProperty(navigator.clipboard, name, { configurable: true, value });
    }
  }

  beforeEach(() => {
    runs = 0;
    document.addEventListener('py-run', countRun);
  });

  afterEach(() => {
    unmountAll();
    document.removeEventListener('py-run', countRun);
    history.replaceState(null, '', page); // no shared code in the address for the next test
    for (const [name, descriptor] of saved) {
      if (descriptor) Object.defineProperty(navigator.clipboard, name, descriptor);
      else delete (navigator.clipboard as unknown as Record<string, unknown>)[name];
    }
    saved.clear();
  });

  const repl = (attributes = '') =>
    mount<PyReplElement>(`<py-repl id="shared-ex" editor="plain" no-persist ${attributes}>
      <script type="text/python">print("the author's code")</script></py-repl>`);

  async function open(attributes = '') {
    const el = repl(attributes);
    // Not what these tests check, and slow where it is slow: in WebKit (no JSPI) an earlier test's
    // Python start holds the main thread, and on a loaded machine the plain editor once took 10 s.
    await waitFor(() => el.querySelector('textarea'), 'the editor', 30_000);
    await el.updateComplete;
    return el;
  }

  it('Copy puts the code on the clipboard and says so', async () => {
    clipboard(true);
    const el = await open();
    el.code = 'print("mine")';
    part(el, 'copy-button')!.click();
    await waitFor(() => copied.length, 'the copy');
    expect(copied).to.deep.equal(['print("mine")']);
    await waitFor(() => !part(el, 'share-status')!.hidden, 'the status');
    expect(part(el, 'share-status')!.textContent!.trim()).to.equal('Code copied.');
  });

  it('a share link round-trips: the code opens in the same REPL, shown but not run, and Back returns to the page’s code', async () => {
    clipboard(true);
    const first = await open();
    const code = 'name = "Ada"\nprint(f"안녕, {name} ✓ <&>")';
    first.code = code;
    part(first, 'share-button')!.click();
    await waitFor(() => copied.length, 'the link on the clipboard');
    const link = new URL(copied[0]);
    expect(link.origin + link.pathname + link.search).to.equal(location.origin + page);
    expect(link.hash).to.match(/^#py-repl=shared-ex&py-code=[\w-]+$/);
    // The status renders after the clipboard has the link (a fresh clone's WebKit run read it before).
    await waitFor(() => part(first, 'share-status')!.textContent!.includes('Link copied'), 'the status');
    unmountAll();

    // The reader opens the link: the same page, with the fragment.
    history.replaceState(null, '', link.href);
    const opened = await open('autorun');
    await waitFor(() => opened.code === code, 'the shared code in the editor');
    await opened.updateComplete;
    expect(part(opened, 'shared')!.textContent).to.contain('This code came from a shared link. It has not run');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(runs, 'shared code never runs by itself, not even with autorun').to.equal(0);

    part(opened, 'shared')!.querySelector('button')!.click();
    await opened.updateComplete;
    expect(opened.code).to.equal('print("the author\'s code")');
    expect(part(opened, 'shared'), 'the notice goes with it').to.equal(null);
  });

  it('a link the browser will not copy is shown to copy by hand', async () => {
    clipboard(false);
    const el = await open();
    part(el, 'share-button')!.click();
    await waitFor(() => part(el, 'share-status')!.querySelector('input'), 'the link field');
    const field = part(el, 'share-status')!.querySelector('input')!;
    expect(part(el, 'share-status')!.textContent).to.contain('Copy this link:');
    expect(new URL(field.value).hash).to.match(/^#py-repl=shared-ex&py-code=/);
    expect(el.shadowRoot!.activeElement, 'the field has the focus, to copy at once').to.equal(field);
    expect(await axeViolations(el)).to.deep.equal([]);
    part(el, 'copy-button')!.click();
    await waitFor(() => part(el, 'share-status')!.textContent!.includes('did not allow copying'), 'the copy refusal');
  });

  it('a damaged link says so and leaves the page’s code; another REPL, no-share, readonly or a console ignore links', async () => {
    history.replaceState(null, '', `${page}#py-repl=shared-ex&py-code=AAAA`);
    const el = await open();
    await waitFor(() => part(el, 'shared'), 'the notice');
    expect(part(el, 'shared')!.textContent!.trim()).to.equal(
      'The code in this link could not be opened: the link is damaged (was it cut off?).',
    );
    expect(el.code).to.equal('print("the author\'s code")');
    unmountAll();

    const good = new URL(await (await open()).shareLink());
    unmountAll();
    history.replaceState(null, '', good.href);
    for (const attributes of ['no-share', 'readonly', 'mode="console"']) {
      const other = await open(attributes);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(part(other, 'shared'), attributes).to.equal(null);
      expect(other.code, attributes).to.equal('print("the author\'s code")');
      expect(part(other, 'share-button')!.hidden, attributes).to.equal(attributes === 'no-share');
      unmountAll();
    }
  });

  it('opening a link does not overwrite the reader’s own saved edit', async () => {
    const key = () => Object.keys(localStorage).find((k) => k.includes('#shared-ex:'));
    const mine = mount<PyReplElement>(`<py-repl id="shared-ex" editor="plain">
      <script type="text/python">print("the author's code")</script></py-repl>`);
    await waitFor(() => mine.querySelector('textarea'), 'the editor');
    mine.querySelector('textarea')!.value = 'print("my own work")';
    mine.querySelector('textarea')!.dispatchEvent(new Event('input', { bubbles: true }));
    await waitFor(key, 'the saved edit');
    const saved = key()!;
    unmountAll();
    try {
      // Someone else's link to this REPL, with their code.
      clipboard(true);
      const sender = await open();
      sender.code = 'print("their code")';
      part(sender, 'share-button')!.click();
      await waitFor(() => copied.length, 'their link');
      unmountAll();
      history.replaceState(null, '', copied[0]);
      const reader = mount<PyReplElement>(`<py-repl id="shared-ex" editor="plain">
        <script type="text/python">print("the author's code")</script></py-repl>`);
      await waitFor(() => reader.code === 'print("their code")', 'their code');
      expect(localStorage.getItem(saved), 'my edit is kept').to.equal('print("my own work")');
      await reader.updateComplete;
      part(reader, 'shared')!.querySelector('button')!.click();
      expect(reader.code).to.equal('print("my own work")');
    } finally {
      localStorage.removeItem(saved);
    }
  });
  it('a link names one REPL: the others keep their code and their autorun; a plain anchor is dropped from new links', async () => {
    clipboard(true);
    history.replaceState(null, '', `${page}#section-2`);
    const sender = await open();
    sender.code = 'print("for the first")';
    part(sender, 'share-button')!.click();
    await waitFor(() => copied.length, 'the link');
    expect(new URL(copied[0]).hash, 'the anchor gave way to the REPL').to.match(/^#py-repl=shared-ex&py-code=/);
    unmountAll();
    history.replaceState(null, '', copied[0]);

    const page2 = mount(`<div>
      <py-repl id="other" editor="plain" no-persist autorun><script type="text/python">print("other ran")</script></py-repl>
      <py-repl id="shared-ex" editor="plain" no-persist><script type="text/python">print("the author's code")</script></py-repl>
    </div>`);
    const other = page2.querySelector<PyReplElement>('#other')!;
    const target = page2.querySelector<PyReplElement>('#shared-ex')!;
    await waitFor(() => target.code === 'print("for the first")', 'the shared code in its REPL');
    await waitFor(() => runs === 1, "the other REPL's autorun");
    expect(other.code).to.equal('print("other ran")');
    await other.updateComplete;
    expect(part(other, 'shared')).to.equal(null);
  });

  it('a link opened while the page is open (hashchange) opens too; code too long for a link says so', async () => {
    clipboard(true);
    const el = await open();
    const link = new URL(
      await (async () => {
        el.code = 'print("pasted link")';
        return el.shareLink();
      })(),
    );
    el.code = 'print("the author\'s code")';
    location.hash = link.hash; // as following a link to this page in the page
    await waitFor(() => el.code === 'print("pasted link")', 'the code of the link');
    await el.updateComplete;
    expect(part(el, 'shared')!.textContent).to.contain('It has not run');
    expect(await axeViolations(el)).to.deep.equal([]);

    const noise = Array.from({ length: 40_000 }, (_, i) => String.fromCharCode(0x4e00 + ((i * 7919) % 20000))).join('');
    el.code = noise;
    part(el, 'share-button')!.click();
    await waitFor(() => part(el, 'share-status')!.textContent!.includes('too long for a link'), 'the refusal');
    expect(copied.filter((text) => text.includes('py-code=')).length, 'nothing new copied').to.equal(0);
  });
});
