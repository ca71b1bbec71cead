// <py-repl> with a fake runtime: when Python is started, and what a reader sees meanwhile.
import { axeViolations, expect, mount, nextEvent, part, unmountAll, waitFor } from '../../../test/browser/helpers.js';
import type { PyDoneEvent } from '../../events/py-done.js';
import type { Progress } from '../../runtime/contract.js';
import type { RunOptions } from '../../runtime/contract.js';
import type { PageInterpreter } from '../../runtime/page/page-interpreter.js';
import { resetRuntimeForTests } from '../../runtime/hubs.js';
import { storageKey } from './persist.js';
import './py-repl.js';
import type { PyReplElement } from './py-repl.js';

/** A loader that counts its calls and finishes when told to. */
function controlledLoader() {
  const control = {
    calls: 0,
    finish: () => {},
    progress: (_: Progress) => {},
    ran: [] as string[],
  };
  const runtime = {
    pythonVersion: '3.fake',
    run: async (code: string, options: RunOptions) => {
      control.ran.push(code);
      options.sink.write('stdout', `ran ${code}\n`);
      return { ok: true, value: "'fake value'" };
    },
    complete: () => [],
    describe: () => null,
    isComplete: () => true,
  } as unknown as PageInterpreter;
  resetRuntimeForTests(
    (onProgress) =>
      new Promise((resolve) => {
        control.calls++;
        control.progress = onProgress;
        control.finish = () => resolve(runtime);
      }),
  );
  return control;
}

const spacer = '<div style="height: 3000px"></div>';

describe('<py-repl> loading', () => {
  afterEach(() => {
    unmountAll();
    resetRuntimeForTests();
  });

  it('does not start Python while far below the viewport, and starts it when scrolled near', async () => {
    const loader = controlledLoader();
    const page = mount(`<div>${spacer}<py-repl editor="plain">1</py-repl></div>`);
    const el = page.querySelector<PyReplElement>('py-repl')!;
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(loader.calls).to.equal(0);
    el.scrollIntoView();
    await waitFor(() => loader.calls === 1, 'the load to start');
    window.scrollTo(0, 0);
  });

  it('starts Python on first focus', async () => {
    const loader = controlledLoader();
    const page = mount(`<div>${spacer}<py-repl editor="plain">1</py-repl></div>`);
    const el = page.querySelector<PyReplElement>('py-repl')!;
    await waitFor(() => el.querySelector('textarea'), 'the editor');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(loader.calls).to.equal(0);
    el.querySelector('textarea')!.focus({ preventScroll: true });
    await Promise.resolve(); // the hub starts a load one microtask after it is asked (hub.ts #start)
    expect(loader.calls).to.equal(1);
  });

  it('load="eager" starts Python at once', async () => {
    const loader = controlledLoader();
    mount(`<div>${spacer}<py-repl editor="plain" load="eager">1</py-repl></div>`);
    await Promise.resolve(); // see above
    expect(loader.calls).to.equal(1);
  });

  it('<py-config> load = "eager" makes REPLs without a load attribute start at once', async () => {
    const loader = controlledLoader();
    const config = document.createElement('py-config');
    config.textContent = 'load = "eager"';
    document.body.append(config);
    try {
      mount(`<div>${spacer}<py-repl editor="plain">1</py-repl></div>`);
      await waitFor(() => loader.calls === 1, 'the load to start');
    } finally {
      config.remove();
    }
  });

  it('Run before Python is ready shows progress, then runs', async () => {
    const loader = controlledLoader();
    const page = mount(`<div>${spacer}<py-repl editor="plain">print(1)</py-repl></div>`);
    const el = page.querySelector<PyReplElement>('py-repl')!;
    await waitFor(() => el.querySelector('textarea'), 'the editor');
    const done = nextEvent<PyDoneEvent>(el, 'py-done');
    void el.run();
    await waitFor(() => loader.calls === 1, 'the load to start');
    loader.progress({ loaded: 25, total: 100 });
    await waitFor(() => part(el, 'status')!.textContent!.includes('Loading Python… 25%'), 'the progress');
    expect(part(el, 'status')!.getAttribute('role')).to.equal('status');
    loader.finish();
    expect((await done).detail).to.deep.equal({ ok: true });
    expect(loader.ran).to.deep.equal(['print(1)']);
    expect(part(el, 'stdout')!.textContent).to.equal('ran print(1)\n');
    expect(part(el, 'value')!.textContent).to.equal("'fake value'");
    await el.updateComplete;
    expect(part(el, 'status')!.textContent!.trim()).to.equal('');
  });

  it('keeps the text across removal and re-insertion, and leaves nothing behind after 100 cycles', async () => {
    controlledLoader();
    const box = mount('<div></div>');
    const el = document.createElement('py-repl');
    el.setAttribute('editor', 'plain');
    el.textContent = 'original = 1';
    box.append(el);
    await waitFor(() => el.querySelector('textarea'), 'the editor');
    el.code = 'edited = 2';
    const listenersBefore = el.querySelectorAll('*').length;
    for (let i = 0; i < 100; i++) {
      el.remove();
      box.append(el);
    }
    await waitFor(() => el.querySelector('textarea'), 'the editor again');
    expect(el.querySelectorAll('textarea')).to.have.length(1);
    expect(el.querySelectorAll('*').length).to.equal(listenersBefore);
    expect(el.querySelector('textarea')!.value).to.equal('edited = 2');
    el.remove();
    expect(el.querySelectorAll('textarea')).to.have.length(0);
  });

  it('has no axe violations, in light and dark, with output and a value shown', async () => {
    const loader = controlledLoader();
    const box = mount(
      '<main><h1>Exercises</h1><py-repl editor="plain" load="eager">print(1)</py-repl><py-repl editor="plain" theme="dark">2</py-repl></main>',
    );
    const [light, dark] = box.querySelectorAll<PyReplElement>('py-repl');
    await waitFor(() => light.querySelector('textarea') && dark.querySelector('textarea'), 'the editors');
    loader.finish();
    await light.run();
    await dark.run();
    expect(part(light, 'value')!.textContent).to.equal("'fake value'");
    expect(await axeViolations(box)).to.deep.equal([]);
  });

  it('the output region is a polite live region and the editor is labelled', async () => {
    controlledLoader();
    const el = mount<PyReplElement>('<py-repl editor="plain" aria-label="Exercise 1 code">1</py-repl>');
    await waitFor(() => el.querySelector('textarea'), 'the editor');
    expect(part(el, 'output')!.getAttribute('aria-live')).to.equal('polite');
    expect(el.querySelector('textarea')!.getAttribute('aria-label')).to.equal('Exercise 1 code');
  });
});

describe('<py-repl> edited in two tabs', () => {
  afterEach(() => {
    unmountAll();
    localStorage.clear();
  });

  it('says when another tab saved a newer edit, shows it on request, and its own next edit wins again', async () => {
    localStorage.clear();
    const el = mount<PyReplElement>('<py-repl id="two-tabs" editor="plain">x = 1</py-repl>');
    await waitFor(() => el.querySelector('textarea'), 'the editor');
    const key = storageKey(location.pathname, 'two-tabs', 'x = 1');
    // A same-origin frame is another document sharing this localStorage, as a second tab is.
    const other = document.createElement('iframe');
    document.body.append(other);
    try {
      other.contentWindow!.localStorage.setItem(key, 'x = 2  # from the other tab');
      await waitFor(() => part(el, 'edited-elsewhere'), 'the notice');
      expect(el.code, 'not replaced under the reader').to.equal('x = 1');
      expect(part(el, 'edited-elsewhere')!.textContent).to.contain('This code was changed in another tab.');
      expect(await axeViolations(el)).to.deep.equal([]);
      part(el, 'edited-elsewhere')!.querySelector('button')!.click();
      await waitFor(() => !part(el, 'edited-elsewhere'), 'the notice to go');
      expect(el.code).to.equal('x = 2  # from the other tab');

      other.contentWindow!.localStorage.setItem(key, 'x = 3');
      await waitFor(() => part(el, 'edited-elsewhere'), 'the second notice');
      el.code = 'x = 4'; // the reader edits here instead: now this tab's edit is the newest
      await waitFor(() => !part(el, 'edited-elsewhere'), 'the notice to go');
      expect(localStorage.getItem(key)).to.equal('x = 4');
    } finally {
      other.remove();
    }
  });
});
