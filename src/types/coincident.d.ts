// The parts of coincident 4 (no bundled types) that the worker interpreter uses.
declare module 'coincident/window/main' {
  interface CoincidentWorker extends Worker {
    /** Functions the worker exposed; each call is answered asynchronously. */
    readonly proxy: Record<string, (...args: never[]) => Promise<unknown>>;
  }
  export default function coincident(options?: object): {
    Worker: new (url: string | URL, options?: WorkerOptions) => CoincidentWorker;
    /** SharedArrayBuffer and Atomics.wait are usable (the page is cross-origin isolated). */
    native: boolean;
  };
}

declare module 'coincident/window/worker' {
  export default function coincident(options?: object): Promise<{
    /** Assign functions to expose them to the page. */
    proxy: Record<string, unknown>;
    native: boolean;
    /** The page's globalThis, reached synchronously; usable only when `native`. */
    window: Window & typeof globalThis;
    isWindowProxy(value: unknown): boolean;
  }>;
}
