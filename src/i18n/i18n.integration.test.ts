// The interface in the reader's language: a course page inside `lang="ko"` (an exercise with hints, a
// solution and checks, the page's progress, input(), a beginner's error, blocks running and waiting,
// and the banner of a stopped Python) shows no English interface string. Python's own text (printed
// output, tracebacks, the engine's reason for a crash) and the author's code stay as they are.
import { englishWords } from '../../test/browser/english-words.js';
import { expect, mount, nextEvent, part, pyScript, quietly, unmountAll, waitFor } from '../../test/browser/helpers.js';
import type { PyReplElement } from '../components/py-repl/py-repl.js';
import type { PyScriptElement } from '../components/py-script/py-script.js';
import type { PyRuntimeStoppedEvent } from '../events/runtime-events.js';
import '../../test/browser/elements.js';
import { getRuntime } from '../runtime/hubs.js';

declare global {
  interface Window {
    koRelease?: boolean;
    koCrash?: boolean;
  }
}

/** Python's text and the author's code, which stay as they are: not the interface. */
const NOT_INTERFACE = [
  'script',
  'template',
  'style',
  'textarea',
  '.py-stdout',
  '.py-error',
  '[part~="stdout"]',
  '[part~="stderr"]',
  '[part~="error"]',
  '[part~="value"]',
  '[part~="input"]',
  '[part~="solution"]',
  'code',
].join(', ');

/** The names the page's own Python and checks use. */
const PAGE_NAMES = ['area', 'width', 'height', 'nmae', 'js', 'window', 'koRelease', 'time', 'sleep', 'answer', 'input'];

/** Visible text and the title, aria-label and placeholder of every element, shadow roots included. */
function interfaceTexts(root: Node): string[] {
  const texts: string[] = [];
  const visit = (node: Node) => {
    if (node instanceof Element) {
      if (node.matches(NOT_INTERFACE)) return;
      for (const name of ['title', 'aria-label', 'placeholder']) {
        const value = node.getAttribute(name);
        if (value) texts.push(value);
      }
      if (node.shadowRoot) visit(node.shadowRoot);
    } else if (node.nodeType === Node.TEXT_NODE && node.textContent!.trim()) {
      texts.push(node.textContent!.trim());
    }
    for (const child of node.childNodes) visit(child);
  };
  visit(root);
  return texts;
}

/** The English interface strings under root, each with the text it is in. */
function englishIn(root: Node, ignore: string[] = []): string[] {
  return interfaceTexts(root).flatMap((text) => {
    for (const part of ignore) text = text.replaceAll(part, '');
    return englishWords(text, PAGE_NAMES).map((word) => `${word} in ${JSON.stringify(text)}`);
  });
}

const COURSE = `<div lang="ko">
  <h1>3강: 함수</h1>
  <py-progress></py-progress>
  <py-repl id="ko-area" editor="plain" no-persist scope="ko-area"><script type="text/python">
def area(width, height):
    return width + height
  </script>
    <template data-hint>넓이는 가로와 세로를 곱한 값입니다.</template>
    <template data-hint><code>width * height</code>를 반환하세요.</template>
    <script type="text/python" data-solution>def area(width, height):
    return width * height</script>
    <script type="text/python" data-check="area(2, 3)은 6">assert area(2, 3) == 6, f"area(2, 3)의 결과: {area(2, 3)}"</script>
    <script type="text/python" data-check>assert area(0, 7) == 0</script>
  </py-repl>
  <py-repl id="ko-ask" editor="plain" no-persist scope="ko-ask"><script type="text/python">answer = input()</script></py-repl>
  ${pyScript('print(nmae)', 'id="ko-error" scope="ko-error"')}
  ${pyScript('import js, time\nwhile not js.window.koRelease:\n    time.sleep(0.05)', 'id="ko-slow" scope="ko-slow"')}
  ${pyScript('pass', 'id="ko-after" scope="ko-slow"')}
</div>`;

describe('the interface in Korean', () => {
  afterEach(unmountAll);

  it('leaves no English interface string on a course page', async () => {
    await getRuntime();
    window.koRelease = false;
    const page = mount(COURSE);
    const el = <T extends Element>(id: string) => page.querySelector<T>(`#${id}`)!;

    // A beginner's error, with its explanation; a block running long and one waiting behind it.
    const slow = el<PyScriptElement>('ko-slow');
    const after = el<PyScriptElement>('ko-after');
    await quietly(() => waitFor(() => el('ko-error').querySelector('.py-error-hint'), 'the explanation', 30_000));
    await waitFor(
      () => part(slow, 'stop-button') && part(after, 'status')!.textContent!.trim(),
      'Stop and the waiting status',
      30_000,
    );
    expect(part(slow, 'status')!.textContent!.trim()).to.equal('실행 중…');
    expect(englishIn(page)).to.deep.equal([]);
    window.koRelease = true;

    // An exercise: a first attempt fails its checks; then a hint and the solution.
    const repl = el<PyReplElement>('ko-area');
    await waitFor(() => repl.querySelector('textarea'), 'the editor');
    const checked = nextEvent(repl, 'py-check');
    await repl.run();
    await checked;
    await repl.updateComplete;
    expect(part(repl, 'checks')!.textContent).to.contain('실패:').and.contain('검사 2');
    part(repl, 'hint-button')!.click();
    await repl.updateComplete;
    part(repl, 'solution-button')!.click();
    await repl.updateComplete;
    expect(part(repl, 'solution')).to.not.equal(null);
    await waitFor(() => part(page.querySelector('py-progress')!, 'label'), 'the progress');

    // input(): a field with no prompt is labelled for screen readers.
    const ask = el<PyReplElement>('ko-ask');
    await waitFor(() => ask.querySelector('textarea'), 'the editor');
    const asked = ask.run();
    await waitFor(() => part(ask, 'ask-field'), 'the input field');
    expect(part(ask, 'ask-field')!.getAttribute('aria-label')).to.equal('Python 프로그램 입력');

    expect(englishIn(page)).to.deep.equal([]);
    expect(part(page.querySelector('py-progress')!, 'label')!.textContent).to.equal('연습 문제 1개 중 0개 통과');
    ask.stop();
    await quietly(() => asked);

    // Python dies: the banner on every element; the engine's reason stays as the engine wrote it.
    const stopped = nextEvent<PyRuntimeStoppedEvent>(document, 'py-runtime-stopped');
    window.koCrash = true;
    const crash =
      'import js, ctypes\nif js.window.koCrash:\n    js.window.koCrash = False\n    ctypes.string_at(0xFFFFFFF0, 100)';
    await quietly(async () => {
      page.insertAdjacentHTML('beforeend', pyScript(crash, 'id="ko-crash"'));
      await nextEvent(el('ko-crash'), 'py-done');
    }, ['error', 'warn']);
    const { error } = (await stopped).detail;
    for (const id of ['ko-area', 'ko-crash', 'ko-error']) {
      await waitFor(() => part(el(id), 'stopped'), `the banner on #${id}`);
    }
    expect(part(repl, 'restart-button')!.textContent).to.equal('Python 다시 시작');
    expect(englishIn(page, [error])).to.deep.equal([]);

    // The page's language changes: the interface follows, what was written stays.
    page.setAttribute('lang', 'en');
    await waitFor(() => part(repl, 'run-button')!.textContent!.includes('Run'), 'the English Run button');
    expect(part(repl, 'restart-button')!.textContent).to.equal('Restart Python');
    expect(el('ko-error').querySelector('.py-error-hint')!.textContent).to.match(/^정의되지 않은 이름/);
    part(repl, 'restart-button')!.click();
    await waitFor(() => !part(repl, 'stopped'), 'Python back');
  });
});
