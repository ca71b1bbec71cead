import { statusLine } from '../../internal/fetch-source.js';
import { errorMessage } from '../../internal/error-message.js';

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
  started?: (url: string, size: number | undefined) => void;
  /** More bytes of a watched download arrived. */
  received: (bytes: number) => void;
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
      fail(new Error(`Could not download ${url}: ${await whyFailed(original, url, init, error)}`));
      throw error;
    }
    if (!response.ok) {
      fail(new Error(`Could not download ${url}: the server answered ${statusLine(response)}${packageHint(url)}`));
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

/**
 * Why a download threw. Pyodide fetches package files with the lock file's sha256 as `integrity`, and
 * the browser then rejects a 404 page as a mismatch before anyone sees its status ("Failed to fetch"):
 * ask the server again (HEAD) to tell a missing file from a file that is not the one the lock names.
 */
async function whyFailed(original: typeof fetch, url: string, init: RequestInit | undefined, error: unknown): Promise<string> {
  const unreachable = `${errorMessage(error)} (is the server reachable?)`;
  if (!init?.integrity) return unreachable;
  try {
    const probe = await original(url, { method: 'HEAD', cache: 'no-store' });
    if (!probe.ok) return `the server answered ${statusLine(probe)}${packageHint(url)}`;
    return "the file's bytes are not the ones its lock file names (sha256 mismatch): the server has another build of it";
  } catch {
    return unreachable;
  }
}

/** A package file that is not on the server: say where package files come from. */
function packageHint(url: string): string {
  return /\.(whl|zip|tar)$/i.test(new URL(url).pathname)
    ? '. Packages named in the lock file must be on the server next to it (self-hosted; see docs/packages.md), or come from a lock file and packages-url that have them.'
    : '';
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
