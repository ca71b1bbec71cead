// The page loader's first step (hubs.ts): the interpreter's wasm is asked for from the folder the page
// knows at once, without waiting for the configuration (a TOML <py-config> waits for its parser).
import { expect, waitFor } from '../../test/browser/helpers.js';
import type { InterpreterConfig, PageServices } from './contract.js';
import { pageRuntime, providePageServices, resetRuntimeForTests } from './hubs.js';

/** Records the URLs fetched while `fn` runs. */
async function fetchesDuring(fn: (asked: string[]) => Promise<void>): Promise<void> {
  const original = globalThis.fetch;
  const asked: string[] = [];
  globalThis.fetch = (input, init) => {
    asked.push(input instanceof Request ? input.url : String(input));
    return original(input, init);
  };
  try {
    await fn(asked);
  } finally {
    globalThis.fetch = original;
  }
}

/** Services whose configuration is read only when `read` is called. */
function services(indexURL: string | undefined): PageServices & { read: (config: Partial<InterpreterConfig>) => void } {
  let read!: (config: Partial<InterpreterConfig>) => void;
  const config = new Promise<Partial<InterpreterConfig>>((resolve) => {
    read = resolve;
  });
  return {
    config: () => config as Promise<InterpreterConfig>,
    indexURL: () => indexURL,
    sinks: () => new Promise(() => {}),
    emit: () => {},
    read,
  };
}

describe('the page loader', () => {
  afterEach(() => resetRuntimeForTests());

  it('asks for the wasm from the folder known at once, before the configuration is read', async () => {
    const folder = new URL('/not-served/quick/', location.href).href;
    await fetchesDuring(async (asked) => {
      providePageServices(services(folder)); // its configuration is never read
      resetRuntimeForTests();
      pageRuntime.get().catch(() => {});
      await waitFor(() => asked.includes(`${folder}pyodide.asm.wasm`), 'the wasm asked for');
    });
  });

  it("starts without waiting for the page's output code", async () => {
    // The output code (display(target=) sinks) is a chunk two levels deep, needed only once code runs.
    const folder = new URL('/not-served/sinks/', location.href).href;
    const page = services(folder); // its sinks never arrive
    providePageServices(page);
    resetRuntimeForTests();
    const outcome = pageRuntime.get().then(
      () => 'started',
      (error: unknown) => String(error),
    );
    page.read({ indexURL: folder, packages: [], files: {}, packagesCDN: false, snapshot: false, baseURL: location.href });
    // Nothing is served there: the start itself ran, and says which folder it could not load from.
    expect(await outcome).to.contain(folder);
  });

  it('waits for the configuration where the folder is not known at once', async () => {
    const folder = new URL('/not-served/read/', location.href).href;
    await fetchesDuring(async (asked) => {
      const page = services(undefined);
      providePageServices(page);
      resetRuntimeForTests();
      pageRuntime.get().catch(() => {});
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(asked.filter((url) => url.endsWith('pyodide.asm.wasm'))).to.deep.equal([]);
      page.read({ indexURL: folder });
      await waitFor(() => asked.includes(`${folder}pyodide.asm.wasm`), 'the wasm asked for');
    });
  });
});
