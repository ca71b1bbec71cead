import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { readPageConfig } from '../../config/read-config.js';

export interface ActivationOptions {
  /** Start at once (`load="eager"`, `autorun`) rather than when the REPL nears the viewport. */
  eager: () => boolean;
  /** Whether the `load` attribute says `visible` (then `<py-config>`'s `load` does not apply). */
  visibleOnly: () => boolean;
  /** The reader is about to use the REPL: start Python and the Monaco download. Called once. */
  onActivate: () => void;
}

/**
 * When a REPL starts paying for Python and Monaco: when it nears the viewport (200 px ahead), gets
 * focus, or at once with `load="eager"` (or `<py-config>` `load = "eager"`). Once only.
 */
export class ActivationController implements ReactiveController {
  readonly #host: ReactiveControllerHost & HTMLElement;
  readonly #options: ActivationOptions;
  #activated = false;
  #connection?: AbortController;
  #observer?: IntersectionObserver;

  constructor(host: ReactiveControllerHost & HTMLElement, options: ActivationOptions) {
    this.#host = host;
    this.#options = options;
    host.addController(this);
  }

  get activated(): boolean {
    return this.#activated;
  }

  hostConnected(): void {
    this.#connection = new AbortController();
    this.#host.addEventListener('focusin', () => this.activate(), { signal: this.#connection.signal });
    if (this.#activated) return;
    this.#observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((entry) => entry.isIntersecting)) this.activate();
      },
      { rootMargin: '200px' },
    );
    this.#observer.observe(this.#host);
    void this.#eagerUnlessVisible();
  }

  hostDisconnected(): void {
    this.#connection?.abort();
    this.#observer?.disconnect();
    this.#observer = undefined;
  }

  /** Activates now (a run, focus, visibility), if not done yet. */
  activate(): void {
    if (this.#activated) return;
    this.#activated = true;
    this.#observer?.disconnect();
    this.#observer = undefined;
    this.#options.onActivate();
  }

  async #eagerUnlessVisible(): Promise<void> {
    if (this.#options.eager()) return this.activate();
    if (this.#options.visibleOnly() || !document.querySelector('py-config')) return;
    const config = await readPageConfig().catch(() => undefined); // a broken config is reported by the load
    if (config?.load === 'eager' && this.#host.isConnected) this.activate();
  }
}
