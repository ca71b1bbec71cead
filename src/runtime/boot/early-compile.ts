import { afterEditors } from '../../internal/editors-first.js';

/**
 * Compiles `pyodide.asm.wasm` as soon as its response arrives. Pyodide starts the download at once
 * but compiles only after it has the snapshot's bytes (it sizes the memory from them), so on a start
 * from a snapshot the compile would wait for that download, or for the read of a cached one; begun
 * here, it overlaps them. Then Pyodide's `instantiateStreaming` of that response instantiates the
 * module compiled from it.
 *
 * For the duration of the load only. Install it before watchWasmCompile, so that the watch wraps it
 * and sees its failures as Pyodide's own compile's.
 */
export interface EarlyCompile {
  /** The fetch watch hands over every response it answers; the interpreter's wasm starts compiling. */
  answered(url: string, response: Response): void;
  /** The interpreter's compiled module, once the last compile started here is done (if it worked). */
  module(): Promise<WebAssembly.Module | undefined>;
  stop(): void;
}

export function compileEarly(wasmURL: string): EarlyCompile {
  const original = WebAssembly.instantiateStreaming;
  const compiling = new WeakMap<Response, Promise<WebAssembly.Module>>();
  let last: Promise<WebAssembly.Module> | undefined;

  const instantiateStreaming: typeof original = async (source, imports) => {
    // Long tasks start here: the editors being set up go first (their downloads and the compile go on).
    await afterEditors();
    const response = await source;
    const module = compiling.get(response);
    if (!module) return original.call(WebAssembly, response, imports);
    // Its failure is the one Pyodide's own compile of this response would have met.
    const compiled = await module;
    return { module: compiled, instance: await WebAssembly.instantiate(compiled, imports) };
  };

  WebAssembly.instantiateStreaming = instantiateStreaming;
  return {
    answered(url, response) {
      if (url !== wasmURL || typeof WebAssembly.compileStreaming !== 'function') return;
      // The response itself, not a copy: Chromium keeps the compiled code only for the response fetch()
      // returned (fetch-watch.ts). Pyodide never reads its body: it is handed the module.
      const module = WebAssembly.compileStreaming(response);
      module.catch(() => {}); // awaited, and reported, when Pyodide instantiates
      compiling.set(response, module);
      last = module;
    },
    module: async () => last?.catch(() => undefined),
    stop() {
      if (WebAssembly.instantiateStreaming === instantiateStreaming) WebAssembly.instantiateStreaming = original;
    },
  };
}
