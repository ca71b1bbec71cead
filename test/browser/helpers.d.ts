export { expect } from '@esm-bundle/chai';
/** Presses a key combination like "Shift+Enter" with real key events (sendKeys takes one key per press). */
export declare function pressCombo(combo: string): Promise<void>;
/** Parses markup into a fresh container on the page and returns its first element child. */
export declare function mount<T extends Element = HTMLElement>(markup: string): T;
/** Removes everything mount() added; call from afterEach. */
export declare function unmountAll(): void;
/** Resolves with the next `name` event at target. Listen before the action that fires it. */
export declare function nextEvent<E extends Event = CustomEvent>(target: EventTarget, name: string): Promise<E>;
/** Polls until predicate() is truthy; fails with message after timeout ms. */
export declare function waitFor(predicate: () => unknown, message?: string, timeout?: number): Promise<void>;
/** The element's shadow-DOM part `name` (`[part~=name]`), or null. */
export declare function part(el: Element, name: string): HTMLElement | null;
/** The text of an element's output container (`div.py-output`). */
export declare function outputText(host: Element): string;
interface AxeResult {
  violations: {
    id: string;
    impact: string;
    help: string;
    nodes: {
      target: unknown;
      failureSummary: string;
    }[];
  }[];
}
declare global {
  interface Window {
    axe?: {
      run(context: Element, options?: object): Promise<AxeResult>;
    };
  }
}
/** axe-core's violations inside element (shadow roots included), as readable strings. */
export declare function axeViolations(element: Element): Promise<string[]>;
/** Runs fn with the given console methods silenced (for failures a test causes on purpose). */
export declare function quietly<T>(fn: () => Promise<T>, methods?: ('error' | 'warn')[]): Promise<T>;
/** `<py-script>` markup around code, kept exactly as written. */
export declare const pyScript: (code: string, attributes?: string) => string;
/** Mounts markup and waits for its (first) `<py-script>` to finish; returns it with the py-done detail. */
export declare function runScriptMarkup(markup: string): Promise<{
  el: HTMLElement & {
    run(): Promise<unknown>;
  };
  detail: {
    ok: boolean;
    error?: string;
  };
}>;
/**
 * Runs a REPL and, once its Stop button shows and `settle` ms more have passed, presses it. Resolves
 * with the run's py-done detail and the ms from the click to py-done.
 */
export declare function runThenStop(
  repl: HTMLElement & {
    run(): Promise<unknown>;
  },
  settle?: number,
): Promise<{
  detail: {
    ok: boolean;
    error?: string;
  };
  elapsed: number;
}>;
