// py-elements.js defines the elements on demand (define-on-demand.ts). This page runs the entry as a
// page does: no element at first, then a REPL out of sight, then that REPL scrolled near. The order
// matters: once the elements' code is in, every element is defined for the rest of the page's life.
import { expect, mount, waitFor } from '../test/browser/helpers.js';
import type { PageInterpreter } from './runtime/page/page-interpreter.js';
import { resetRuntimeForTests } from './runtime/hubs.js';
import { defineElements } from './index.js';

/**
 * Paths of the modules of the elements' code this page has requested (Vite serves src/ as is).
 * `<py-config>`'s is in py-elements.js: it has no behaviour, nothing to wait for.
 */
const elementCodeRequested = () =>
  performance
    .getEntriesByType('resource')
    .map((entry) => new URL(entry.name).pathname)
    .filter((path) => /^\/src\/(components\/(?!py-config\/)|elements\.ts)/.test(path));

/** Two frames and a pause: time for the watch and IntersectionObserver to have acted, if they would. */
const settle = () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(resolve, 300))));

let starts = 0;
resetRuntimeForTests(async () => {
  starts++;
  return { pythonVersion: '3.fake', run: async () => ({ ok: true }) } as unknown as PageInterpreter;
});

describe('elements defined on demand', () => {
  it('a page without elements loads none of their code', async () => {
    await settle();
    expect(customElements.get('py-script')).to.equal(undefined);
    expect(customElements.get('py-repl')).to.equal(undefined);
    expect(customElements.get('py-config'), 'py-config has no code to wait for').to.not.equal(undefined);
    expect(elementCodeRequested()).to.deep.equal([]);
  });

  it('a REPL out of sight stays code, shown as code, until it nears the viewport', async () => {
    const spacer = mount<HTMLDivElement>(
      `<div style="height: 400vh"></div><py-repl id="far" editor="plain" no-persist>print("far")</py-repl>
      <py-repl editor="plain" no-persist>
        <script type="text/python">
          total = 1 < 2
          if total:
              print(total)
        </script>
        <script type="text/python" data-solution>answer = 42</script>
        <script type="text/python" data-check="the answer">assert answer == 42</script>
        <pre><code class="language-python">total = 1 &lt; 2</code></pre>
      </py-repl>
      <div style="height: 400vh"></div>
      <py-repl id="monaco" no-persist><script type="text/python">x = 1</script></py-repl>`,
    );
    // One that will get Monaco (not here: it is never near): its code leaves room for the line numbers.
    const later = document.getElementById('monaco')!;
    const codeX = (repl: Element) => {
      const inner = repl.querySelector('textarea') ?? repl.querySelector('script')!;
      const style = getComputedStyle(inner);
      const x = inner.getBoundingClientRect().left + parseFloat(style.borderLeftWidth) + parseFloat(style.paddingLeft);
      return x - repl.getBoundingClientRect().left;
    };
    const waitingX = codeX(later);
    const repl = spacer.parentElement!.querySelector('py-repl')!;
    await settle();
    expect(customElements.get('py-repl'), 'defined while out of sight').to.equal(undefined);
    expect(elementCodeRequested()).to.deep.equal([]);
    expect(getComputedStyle(repl).whiteSpace, 'its code keeps its lines').to.equal('pre');
    const [code, solution, check] = spacer.parentElement!.querySelectorAll('py-repl script');
    expect(getComputedStyle(code!).display, 'code in a <script type="text/python"> is shown').to.equal('block');
    expect(code!.getBoundingClientRect().height).to.be.greaterThan(0);
    // The markup's line breaks around the script are not blank lines of code (they were, before the
    // script's REPL stopped keeping them): the code sits at the REPL's padding, top and bottom.
    const host = code!.parentElement!;
    const [box, inner, style] = [host.getBoundingClientRect(), code!.getBoundingClientRect(), getComputedStyle(host)];
    const [border, padding] = [parseFloat(style.borderTopWidth), parseFloat(style.paddingTop)];
    expect(inner.top - box.top, 'no blank line above the code').to.be.closeTo(border + padding, 1);
    expect(inner.height / parseFloat(style.lineHeight), 'three lines, none blank').to.be.closeTo(3, 0.1);
    // As the editor will show it, without the page's indentation (the element reads it so too).
    expect((code as HTMLScriptElement).text).to.equal('total = 1 < 2\nif total:\n    print(total)');
    const waiting = { top: box.top + scrollY, height: box.height, codeTop: inner.top - box.top };
    expect(getComputedStyle(solution!).display, 'never the solution').to.equal('none');
    expect(getComputedStyle(check!).display, 'never a check').to.equal('none');
    const fallback = host.querySelector('pre')!;
    expect(getComputedStyle(fallback).display, 'nor what readers without JavaScript see (markdown build)').to.equal('none');
    expect(starts, 'no Python for a REPL out of sight').to.equal(0);

    repl.scrollIntoView();
    await waitFor(() => customElements.get('py-repl'), '<py-repl> defined once near');
    await (repl as HTMLElement & { updateComplete: Promise<unknown> }).updateComplete;
    expect(repl.shadowRoot?.querySelector('[part~="run-button"]'), 'its toolbar').to.not.equal(null);
    expect(elementCodeRequested()).to.not.deep.equal([]);
    expect(code!.getClientRects().length, 'once defined, the editor shows the code, not the page').to.equal(0);
    // The page did not move: the waiting REPLs took their editors' place, code where its editor shows it.
    const editor = host.querySelector('textarea')!;
    const after = host.getBoundingClientRect();
    expect(editor.value).to.equal('total = 1 < 2\nif total:\n    print(total)');
    expect(after.top + scrollY, 'the REPL where it waited').to.be.closeTo(waiting.top, 2);
    expect(after.height, 'as tall as it waited').to.be.closeTo(waiting.height, 2);
    const firstLine = editor.getBoundingClientRect().top + parseFloat(getComputedStyle(editor).paddingTop) - after.top;
    expect(firstLine, 'its first line where the waiting code’s was').to.be.closeTo(waiting.codeTop, 2);
    await (later as HTMLElement & { updateComplete: Promise<unknown> }).updateComplete;
    expect(later.querySelector('[data-monaco-coming] > textarea'), 'a plain editor standing in for Monaco').to.not.equal(null);
    expect(codeX(later), 'its code where it waited, clear of the line numbers to come').to.be.closeTo(waitingX, 1);
    expect(waitingX, 'the line numbers’ room').to.be.greaterThan(25);
    window.scrollTo(0, 0);
  });

  it('defineElements() resolves with the classes, defined under their tags', async () => {
    const classes = await defineElements();
    expect(customElements.get('py-script')).to.equal(classes.PyScriptElement);
    expect(customElements.get('py-repl')).to.equal(classes.PyReplElement);
    expect(customElements.get('py-export')).to.equal(classes.PyExportElement);
    expect(customElements.get('py-progress')).to.equal(classes.PyProgressElement);
    expect(document.createElement('py-repl')).to.be.instanceOf(classes.PyReplElement);
  });
});
