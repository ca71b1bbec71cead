/**
 * While the interpreter loads, a small wasm module compiled again from the same bytes is the module
 * compiled before. Pyodide puts ~260 JavaScript functions into its function table as it starts (its
 * JS libraries, each a wrapper of one signature), and each becomes a tiny module of its own
 * (Emscripten's `convertJsFunctionToWasm`): compiled one by one on the main thread, ~21 ms of a
 * revisit's start in Chromium, though there are only a few signatures. A module is immutable, so one
 * per set of bytes is the same thing; each wrapper still gets its own instance.
 *
 * For the duration of the load only (stop()).
 */
const SMALL_BYTES = 256;

export function shareSmallModules(): { stop(): void } {
  const original = WebAssembly.Module;
  const compiled = new Map<string, WebAssembly.Module>();
  const shared: typeof WebAssembly.Module = new Proxy(original, {
    construct(target, args: ConstructorParameters<typeof WebAssembly.Module>): object {
      const [bytes] = args;
      if (!(bytes instanceof Uint8Array) || bytes.length > SMALL_BYTES) return Reflect.construct(target, args) as object;
      const key = String.fromCharCode(...bytes);
      let module = compiled.get(key);
      if (!module) compiled.set(key, (module = new target(bytes)));
      return module;
    },
  });
  WebAssembly.Module = shared;
  return {
    stop() {
      if (WebAssembly.Module === shared) WebAssembly.Module = original;
      compiled.clear();
    },
  };
}
