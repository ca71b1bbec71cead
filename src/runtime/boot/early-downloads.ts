/** A download asked for ahead of the code that reads it. */
export interface EarlyDownload {
  response: Promise<Response>;
  abort: AbortController;
  /**
   * Calls `listener` with each piece of the body's first megabytes as it arrived (its size, and
   * performance.now() then): those heard before, at once, then the rest as they come. The link is
   * read from them, and the code that reads it arrives later than they do.
   */
  heard: (listener: (bytes: number, at: number) => void) => void;
}

/** How much of a body is timed for the link meter (LinkMeter's largest sample, and some). */
const TIMED_BYTES = 2_000_000;

/** Times the pieces of a copy of `response`'s body as they arrive (see EarlyDownload.heard). */
function timeBody(response: Promise<Response>): EarlyDownload['heard'] {
  const pieces: [number, number][] = [];
  let listener: ((bytes: number, at: number) => void) | undefined;
  void response
    .then(async (answer) => {
      const reader = answer.clone().body?.getReader();
      let total = 0;
      while (reader && total < TIMED_BYTES) {
        const { done, value } = await reader.read();
        if (done) return;
        total += value.length;
        const at = performance.now();
        if (listener) listener(value.length, at);
        else pieces.push([value.length, at]);
      }
      await reader?.cancel(); // this copy only: the body itself goes on
    })
    .catch(() => {}); // the watch reports a failed download
  return (heard) => {
    for (const [bytes, at] of pieces.splice(0)) heard(bytes, at);
    listener = heard;
  };
}

/** The interpreter's wasm, asked for before the loader's code arrived. */
export interface EarlyDownloads {
  indexURL: string;
  /** When it was asked for (performance.now()): the link meter times it from then. */
  startedAt: number;
  /** The download of `${indexURL}pyodide.asm.wasm`, once: whoever takes it reads it. */
  takeWasm(): EarlyDownload | undefined;
  /** Cancels it if nobody took it. */
  drop(): void;
}

/**
 * Asks for `pyodide.asm.wasm` the moment the page needs Python. The loader's own code (page/load.ts
 * and what it imports) is a chunk of its own, fetched only then: waiting for it cost a round trip and
 * its ~23 KB before the first interpreter byte was asked for, which on a slow link made py-elements
 * slower than a bare Pyodide page. The wasm is the biggest file, and the link is read from it (which
 * standard library to ask for depends on that reading). start-interpreter.ts's download watch adopts
 * it (checks, counts and times it) as if it had asked. Kept tiny: it is in py-elements.js.
 */
export function startEarlyDownloads(indexURL: string): EarlyDownloads {
  const startedAt = performance.now();
  const abort = new AbortController();
  const response = fetch(`${indexURL}pyodide.asm.wasm`, { signal: abort.signal });
  response.catch(() => {}); // the watch that takes it reports its failure
  // A revisit starts from this browser's snapshot in Cache Storage, whose first use in a loading page
  // took ~100-120 ms before it answered; woken up here (has() creates nothing), the loader's lookup
  // answered ~50 ms sooner (docs/decisions.md).
  if (typeof caches !== 'undefined') void caches.has('py-elements').catch(() => {});
  let wasm: EarlyDownload | undefined = { response, abort, heard: timeBody(response) };
  return {
    indexURL,
    startedAt,
    takeWasm() {
      const taken = wasm;
      wasm = undefined;
      return taken;
    },
    drop() {
      wasm?.abort.abort();
      wasm = undefined;
    },
  };
}
