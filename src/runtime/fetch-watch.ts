import { statusLine } from '../internal/fetch-source.js';
import { errorMessage } from '../internal/error-message.js';

/**
 * Watches the interpreter's own downloads while Pyodide loads: counts bytes for progress, and turns a
 * failed download into an error. (Pyodide fetches the .wasm itself and, if that fails, only logs a
 * warning and never settles; without this a 404 or 500 would leave the page loading forever.)
 *
 * It wraps `fetch` for the duration of the load only. Requests `watched` says no to pass straight through
 * to the original, untouched; the wrapper removes itself unless page code has wrapped fetch since.
 */
export interface FetchWatchCallbacks {
  /** A watched download's headers arrived; `size` is its Content-Length, when the server sent one. */
  started?(url: string, size: number | undefined): void;
  /** More bytes of a watched download arrived. */
  received(bytes: number): void;
}

export interface FetchWatch {
  /** Rejects with a clear error as soon as one interpreter file fails to download. */
  readonly failed: Promise<never>;
  stop(): void;
}

export function watchFetches(watched: (url: string) => boolean, callbacks: FetchWatchCallbacks): FetchWatch {
  const original = globalThis.fetch;
  let fail!: (error: Error) => void;
  const failed = new Promise<never>((_, reject) => {
    fail = reject;
  });
  failed.catch(() => {}); // observed by whoever races it; never an unhandled rejection

  const wrapper: typeof fetch = async (input, init) => {
    const url = requestURL(input);
    const method = (init?.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase();
    if (method !== 'GET' || !watched(url)) return original(input, init);
    let response: Response;
    try {
      response = await original(input, init);
    } catch (error) {
      fail(new Error(`Could not download ${url}: ${errorMessage(error)} (is the server reachable?)`));
      throw error;
    }
    if (!response.ok) {
      fail(new Error(`Could not download ${url}: the server answered ${statusLine(response)}`));
      return response;
    }
    const length = response.headers.get('Content-Length');
    callbacks.started?.(url, length === null ? undefined : Number(length));
    if (!response.body) return response;
    const counted = countBytes(response.body, callbacks.received);
    return new Response(counted, { status: response.status, statusText: response.statusText, headers: response.headers });
  };

  globalThis.fetch = wrapper;
  return {
    failed,
    stop() {
      if (globalThis.fetch === wrapper) globalThis.fetch = original;
    },
  };
}

function requestURL(input: RequestInfo | URL): string {
  if (input instanceof Request) return input.url;
  return new URL(String(input), location.href).href;
}

/** The same stream, calling onBytes with the size of each chunk as it passes. */
export function countBytes(body: ReadableStream<Uint8Array>, onBytes: (bytes: number) => void): ReadableStream<Uint8Array> {
  return body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        onBytes(chunk.byteLength);
        controller.enqueue(chunk);
      },
    }),
  );
}
