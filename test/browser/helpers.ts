// Small test helpers (the browser tests' only shared code). Markup is mounted with innerHTML so it
// goes through the real HTML parser, as an author's page does.
import { executeServerCommand } from '@web/test-runner-commands';
import './failure-context.js';

export { expect } from '@esm-bundle/chai';
export { engine, hasJSPI, itExcept, describeExcept } from './engine.js';

/** Presses a key combination like "Shift+Enter" with real key events, in every engine (server/keyboard.mjs). */
export async function pressCombo(combo: string): Promise<void> {
  await executeServerCommand('key-chord', { keys: combo.split('+') });
}

/** Types text into the focused element with real key events, in every engine (server/keyboard.mjs). */
export async function typeText(text: string): Promise<void> {
  await executeServerCommand('type-text', { text });
}

const mounted: Element[] = [];

/** Parses markup into a fresh container on the page and returns its first element child. */
export function mount<T extends Element = HTMLElement>(markup: string): T {
  const container = document.createElement('div');
  container.innerHTML = markup;
  document.body.append(container);
  mounted.push(container);
  return container.firstElementChild as T;
}

/** Removes everything mount() added; call from afterEach. */
export function unmountAll(): void {
  for (const container of mounted.splice(0)) container.remove();
}

/** Resolves with the next `name` event at target. Listen before the action that fires it. */
export function nextEvent<E extends Event = CustomEvent>(target: EventTarget, name: string): Promise<E> {
  return new Promise((resolve) => target.addEventListener(name, (event) => resolve(event as E), { once: true }));
}

/** Polls until predicate() is truthy; fails with message after timeout ms. */
export async function waitFor(predicate: () => unknown, message = 'condition', timeout = 10_000): Promise<void> {
  const end = performance.now() + timeout;
  while (!(await predicate())) {
    if (performance.now() > end) throw new Error(`Timed out waiting for ${message}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** The element's shadow-DOM part `name` (`[part~=name]`), or null. */
export function part(el: Element, name: string): HTMLElement | null {
  return el.shadowRoot!.querySelector<HTMLElement>(`[part~="${name}"]`);
}

/** The text of an element's output container (`div.py-output`). */
export function outputText(host: Element): string {
  return host.querySelector(':scope > .py-output')?.textContent ?? '';
}

interface AxeResult {
  violations: { id: string; impact: string; help: string; nodes: { target: unknown; failureSummary: string }[] }[];
}
declare global {
  interface Window {
    axe?: { run(context: Element, options?: object): Promise<AxeResult> };
  }
}

/** axe-core's violations inside element (shadow roots included), as readable strings. */
export async function axeViolations(element: Element): Promise<string[]> {
  if (!window.axe) {
    await new Promise<void>((resolve, reject) => {
      const script = document.createElement('script');
      script.src = '/node_modules/axe-core/axe.min.js';
      script.onload = () => resolve();
      script.onerror = () => reject(new Error('could not load axe-core'));
      document.head.append(script);
    });
  }
  const { violations } = await window.axe!.run(element, { resultTypes: ['violations'] });
  return violations.flatMap((v) =>
    v.nodes.map((n) => `${v.id} (${v.impact}): ${v.help} at ${JSON.stringify(n.target)}: ${n.failureSummary}`),
  );
}

/** Runs fn with the given console methods silenced (for failures a test causes on purpose). */
export async function quietly<T>(fn: () => Promise<T>, methods: ('error' | 'warn')[] = ['error']): Promise<T> {
  const saved = methods.map((method) => [method, console[method]] as const);
  for (const method of methods) console[method] = () => {};
  try {
    return await fn();
  } finally {
    for (const [method, original] of saved) console[method] = original;
  }
}

/** `<py-script>` markup around code, kept exactly as written. */
export const pyScript = (code: string, attributes = '') =>
  `<py-script ${attributes}><script type="text/python">${code}</script></py-script>`;

/** Mounts markup and waits for its (first) `<py-script>` to finish; returns it with the py-done detail. */
export async function runScriptMarkup(
  markup: string,
): Promise<{ el: HTMLElement & { run(): Promise<unknown> }; detail: { ok: boolean; error?: string } }> {
  const root = mount(markup);
  const el = (root.localName === 'py-script' ? root : root.querySelector('py-script')!) as HTMLElement & {
    run(): Promise<unknown>;
  };
  const { detail } = await nextEvent<CustomEvent<{ ok: boolean; error?: string }>>(el, 'py-done');
  return { el, detail };
}

/**
 * Runs a REPL and, once its Stop button shows and `settle` ms more have passed, presses it. Resolves
 * with the run's py-done detail and the ms from the click to py-done.
 */
export async function runThenStop(
  repl: HTMLElement & { run(): Promise<unknown> },
  settle = 300,
): Promise<{ detail: { ok: boolean; error?: string }; elapsed: number }> {
  const done = nextEvent<CustomEvent<{ ok: boolean; error?: string }>>(repl, 'py-done');
  void repl.run();
  const stop = () => part(repl, 'stop-button');
  await waitFor(stop, 'the Stop button', 30_000);
  await new Promise((resolve) => setTimeout(resolve, settle));
  const clicked = performance.now();
  stop()!.click();
  const { detail } = await quietly(() => done);
  return { detail, elapsed: performance.now() - clicked };
}
