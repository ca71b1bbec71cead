// Runs in every benchmark page before any of its scripts (context.addInitScript). Records, in the
// page's own clock (performance.now(), navigation start = 0):
//   first   when a text node reading exactly `hello` (outside <script>) enters the DOM (not
//           watched on the /dom-* pages)
//   marks   py-elements' runtime events (py-runtime-progress first/last, py-runtime-ready), and
//           the start and end of the longest WebAssembly instantiation (wasmStart, wasmEnd)
// and keeps every WebAssembly.Memory the page creates or instantiates, so its size can be read.
export function instrumentPage(expected) {
  const bench = {
    first: null,
    marks: {},
    memories: [],
  };
  Object.defineProperty(window, '__bench', { value: bench });
  try {
    performance.setResourceTimingBufferSize(5000);
  } catch {}

  const isHit = (node) => {
    if (!node) return false;
    if (node.nodeType === Node.TEXT_NODE) {
      return node.data.trim() === expected && !node.parentElement?.closest('script');
    }
    if (node.nodeType === Node.ELEMENT_NODE && node.tagName !== 'SCRIPT') {
      if (!node.textContent.includes(expected)) return false;
      const walker = document.createTreeWalker(node, NodeFilter.SHOW_TEXT);
      for (let text = walker.nextNode(); text; text = walker.nextNode()) if (isHit(text)) return true;
    }
    return false;
  };
  // The 10k-DOM pages time a loop of appends: an observer there would add a mutation record to each.
  const observe = !location.pathname.includes('/dom-');
  const observer = new MutationObserver((records) => {
    if (bench.first !== null) return;
    for (const record of records) {
      const hit = record.type === 'characterData' ? isHit(record.target) : [...record.addedNodes].some(isHit);
      if (hit) {
        bench.first = performance.now();
        observer.disconnect();
        return;
      }
    }
  });
  if (observe) observer.observe(document, { childList: true, subtree: true, characterData: true });

  document.addEventListener('py-runtime-progress', () => {
    bench.marks.progressFirst ??= performance.now();
    bench.marks.progressLast = performance.now();
  });
  document.addEventListener('py-runtime-ready', () => {
    bench.marks.ready ??= performance.now();
  });

  // WebAssembly memory: Emscripten either creates it (new WebAssembly.Memory) or the module exports it.
  const keep = (memory) => {
    if (memory instanceof WebAssembly.Memory && !bench.memories.includes(memory)) bench.memories.push(memory);
  };
  // Every instantiation, timed: Pyodide's own (the longest, ~10 MB) splits the start-up into
  // wasm work (with streaming, compiling overlaps the download) and Python's start-up after it.
  // Small feature-probe modules are instantiated too, hence "the longest", not "the first".
  const fromResult = (result) => {
    const instance = result instanceof WebAssembly.Instance ? result : result?.instance;
    for (const value of Object.values(instance?.exports ?? {})) keep(value);
    return result;
  };
  const timed = (fn) =>
    function (...args) {
      const start = performance.now();
      return fn.apply(this, args).then((result) => {
        const end = performance.now();
        const longest = bench.marks.wasmEnd - bench.marks.wasmStart;
        if (!(longest >= end - start)) Object.assign(bench.marks, { wasmStart: start, wasmEnd: end });
        return fromResult(result);
      });
    };
  const wasm = WebAssembly;
  const { instantiate, instantiateStreaming, Memory } = wasm;
  wasm.instantiate = timed(instantiate);
  if (instantiateStreaming) wasm.instantiateStreaming = timed(instantiateStreaming);
  wasm.Memory = new Proxy(Memory, {
    construct(target, args, newTarget) {
      const memory = Reflect.construct(target, args, newTarget);
      keep(memory);
      return memory;
    },
  });
}

/** Collected in the page after the first output (or after a wait). */
export function collectPage() {
  const bench = window.__bench;
  const resources = performance.getEntriesByType('resource').map((entry) => ({
    url: entry.name,
    initiatorType: entry.initiatorType,
    startTime: entry.startTime,
    responseStart: entry.responseStart,
    responseEnd: entry.responseEnd,
    encodedBodySize: entry.encodedBodySize,
    transferSize: entry.transferSize,
  }));
  const [nav] = performance.getEntriesByType('navigation');
  return {
    first: bench.first,
    marks: { ...bench.marks },
    wasmMemoryBytes: bench.memories.reduce((sum, memory) => sum + memory.buffer.byteLength, 0),
    navigation: nav
      ? { url: nav.name, encodedBodySize: nav.encodedBodySize, transferSize: nav.transferSize, responseEnd: nav.responseEnd }
      : null,
    resources,
  };
}
