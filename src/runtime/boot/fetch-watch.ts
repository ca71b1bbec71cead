import { deadline, isDeadline } from '../../internal/deadline.js';
import { statusLine } from '../../internal/fetch-source.js';
import { errorMessage } from '../../internal/error-message.js';
import { PYODIDE_DISTRIBUTION } from '../version.js';
import type { EarlyDownload } from './early-downloads.js';

/**
 * Watches the interpreter's own downloads while Pyodide loads: counts bytes for progress, and turns a
 * failed download into an error. (Pyodide fetches the .wasm itself and, if that fails, only logs a
 * warning and never settles; without this a 404 or 500, a body cut short, a connection reset or a
 * server that stops sending would leave the page loading forever.)
 *
 * It wraps `fetch` for the duration of the load only. Requests `watched` says no to pass straight through
 * to the original, untouched; the wrapper removes itself unless page code has wrapped fetch since.
 */
export interface FetchWatchCallbacks {
  /** A watched download was asked for (its answer may take a while). */
  requested?: (url: string) => void;
  /** A watched download's headers arrived; `size` is its Content-Length, when the server sent one. */
  started?: (url: string, size: number | undefined) => void;
  /** More bytes of a watched download arrived. */
  received: (bytes: number, url: string) => void;
  /** The response handed to the caller (its body guarded and counted), before the caller gets it. */
  answered?: (url: string, response: Response) => void;
  /** The server has no `url` (404), and its caller gets `instead`'s answer (see fallBack). */
  fellBack?: (url: string, instead: string) => void;
  /** The size a file must have (decoded), where the build knows it: a shorter one was cut short. */
  expectedSize?: (url: string) => number | undefined;
}

/** How long a download may wait for an answer, or between two chunks, before it counts as failed. */
export const downloadLimits = { stallMs: 30_000 };

export interface FetchWatch {
  /** Rejects with a clear error as soon as one interpreter file fails to download. */
  readonly failed: Promise<never>;
  readonly stop: () => void;
}

export type Unpack = (response: Response, url: string, failed: (error: Error) => void) => Promise<Response>;

export interface PrefetchOptions {
  /** The request was made already (early-downloads.ts): the watch adopts it. */
  asked?: EarlyDownload;
  /**
   * The file is packed (the xz standard library): the caller gets `unpack`'s answer, which reports a
   * body that does not unpack through `failed`, as a failed download.
   */
  unpack?: Unpack;
}

export interface DownloadWatch extends FetchWatch {
  /**
   * Whether this watch answered `source` (a response, or bytes read from one): a late answer to an
   * earlier, abandoned load is not its.
   */
  readonly owns: (source: unknown) => boolean;
  /**
   * Resolves once this watch has read `source`'s body to its end, whatever the end (a response it
   * answered; anything else at once): its verdict on the download is in by then.
   */
  readonly downloaded: (source: unknown) => Promise<void>;
  /**
   * Asks for `url` now, through the watch; the next fetch() of that URL (Pyodide's, later) is
   * answered with this response instead of asking again.
   */
  readonly prefetch: (url: string, options?: PrefetchOptions) => void;
  /** The next fetch() of `url` through the watch is answered with `response`, asked for nowhere. */
  readonly provide: (url: string, response: Response) => void;
  /**
   * Abandons a prefetch nobody has taken (a guess the start then decided against): its request is
   * aborted, whatever it fell back to as well, and its end is no failure.
   */
  readonly drop: (url: string) => void;
  /**
   * Where the server has no `url` (404), ask for `orElse` instead; whoever asked for `url` gets that
   * answer. For every request of `url` through the watch, not only prefetch's: an abandoned load may
   * still ask for it.
   */
  readonly fallBack: (url: string, orElse: string) => void;
}

export function watchFetches(watched: (url: string) => boolean, callbacks: FetchWatchCallbacks): DownloadWatch {
  const original = globalThis.fetch;
  const { failed, fail: failAll } = failure();
  /** The responses this watch answered, and the bytes read from them (Pyodide may compile either). */
  const answered = new WeakSet<object>();
  /** Its copy of each answered response's body, read to the end. */
  const drained = new WeakMap<object, Promise<void>>();

  /** Responses asked for ahead of their caller, by URL, and how to abort each: each is handed out once. */
  const prefetched = new Map<string, { response: Promise<Response>; abort: AbortController }>();
  /** The aborts of dropped downloads: whatever then breaks in them is no failure. */
  const dropped = new WeakSet<AbortController>();
  /** URL → the URL asked for instead where the server has none (see fallBack). */
  const fallbacks = new Map<string, string>();
  /** URL → how its caller gets a packed file unpacked (see prefetch). */
  const unpackers = new Map<string, Unpack>();
  let stopped = false;

  const wrapper: typeof fetch = (input, init) => request(input, init);
  const request = async (
    input: RequestInfo | URL,
    init?: RequestInit,
    asked?: EarlyDownload,
    abort = asked?.abort ?? new AbortController(),
  ): Promise<Response> => {
    const url = requestURL(input);
    const method = (init?.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase();
    // Stopped, it only passes requests on: watches that overlap (a start, a run's package loads) may
    // stop out of order, and then a stopped one stays in the chain of fetch wrappers.
    if (stopped || method !== 'GET' || !watched(url)) return original(input, init);
    const early = prefetched.get(url);
    if (early && !init?.integrity) {
      prefetched.delete(url);
      return early.response;
    }
    callbacks.requested?.(url);
    let response: Response;
    const fail = (error: Error) => {
      if (!dropped.has(abort)) failAll(error);
    };
    const own = init?.signal ?? (input instanceof Request ? input.signal : undefined);
    const signal = own ? AbortSignal.any([own, abort.signal]) : abort.signal;
    try {
      response = await deadline(
        asked?.response ?? original(input, { ...init, signal }),
        () => `Could not download ${url}: the server did not answer in ${seconds(downloadLimits.stallMs)}`,
        downloadLimits.stallMs,
      );
    } catch (error) {
      if (dropped.has(abort)) throw error;
      if (isDeadline(error)) abort.abort();
      fail(isDeadline(error) ? error : new Error(`Could not download ${url}: ${await whyFailed(original, url, init, error)}`));
      throw error;
    }
    const instead = fallbacks.get(url);
    if (response.status === 404 && instead) {
      response.body?.cancel().catch(() => {});
      callbacks.fellBack?.(url, instead);
      return request(instead, init, undefined, abort); // dropped, both go
    }
    if (!response.ok) {
      fail(new Error(`Could not download ${url}: the server answered ${statusLine(response)}${packageHint(url)}`));
      return response;
    }
    const length = response.headers.get('Content-Length');
    callbacks.started?.(url, length === null ? undefined : Number(length));
    if (!response.body) return response;
    // Content-Length counts encoded bytes, and a cross-origin response may hide its Content-Encoding:
    // it is the expected size only for a same-origin response sent as it is.
    const plainLength =
      response.type === 'basic' && !response.headers.get('Content-Encoding') && length ? Number(length) : undefined;
    // The caller gets the browser's own response: a Response made here would have no URL, and Chromium
    // keeps the compiled code of a wasm module streamed from a response of its HTTP cache (what makes
    // a warm start fast) only for the response fetch() returned. A copy of its body is read here, to
    // count it and to fail it; a stall aborts the request, which ends both.
    let copy: ReadableStream<Uint8Array>;
    try {
      copy = response.clone().body!;
    } catch (error) {
      // Never seen here; but a caller that can get no response must not wait on one for ever.
      fail(new Error(`Could not download ${url}: ${errorMessage(error)}`));
      throw error;
    }
    const counted = guardBody(
      url,
      copy,
      callbacks.expectedSize?.(url) ?? plainLength,
      (bytes) => callbacks.received(bytes, url),
      fail,
      () => abort.abort(),
    );
    drained.set(response, drain(counted));
    answered.add(response);
    markBytesRead(response, answered);
    callbacks.answered?.(url, response);
    const unpack = unpackers.get(url);
    return unpack ? unpack(response, url, fail) : response;
  };

  const drop = (url: string) => {
    const early = prefetched.get(url);
    if (!early) return;
    prefetched.delete(url);
    dropped.add(early.abort);
    early.abort.abort();
  };

  globalThis.fetch = wrapper;
  return {
    failed,
    owns: (source) =>
      typeof source === 'object' &&
      source !== null &&
      (answered.has(source) || (ArrayBuffer.isView(source) && answered.has(source.buffer))),
    fallBack(url, orElse) {
      fallbacks.set(url, orElse);
    },
    prefetch(url, { asked, unpack } = {}) {
      if (unpack) unpackers.set(url, unpack);
      const abort = asked?.abort ?? new AbortController();
      const response = request(url, undefined, asked, abort);
      response.catch(() => {}); // a failure is reported through `failed`, and again to whoever asks
      prefetched.set(url, { response, abort });
    },
    provide(url, response) {
      prefetched.set(url, { response: Promise.resolve(response), abort: new AbortController() });
    },
    drop,
    downloaded: async (source) => {
      if (typeof source === 'object' && source !== null) await drained.get(source);
    },
    stop() {
      stopped = true;
      // What was fetched ahead and not asked for is nobody's now.
      for (const { response } of prefetched.values()) response.then((unused) => unused.body?.cancel()).catch(() => {});
      prefetched.clear();
      if (globalThis.fetch === wrapper) globalThis.fetch = original;
    },
  };
}

/**
 * The bytes read from `response` join `answered`. Made outside watchFetches: the caller may keep the
 * response for the page's lifetime (Pyodide keeps the wasm's), and a closure made in the watch would
 * keep the watch's scope alive with it, and through its callbacks the start's downloads.
 */
function markBytesRead(response: Response, answered: WeakSet<object>): void {
  const readBytes = response.arrayBuffer.bind(response);
  response.arrayBuffer = async () => {
    const bytes = await readBytes();
    answered.add(bytes);
    return bytes;
  };
}

/**
 * Why a download threw. Pyodide fetches package files with the lock file's sha256 as `integrity`, and
 * the browser then rejects a 404 page as a mismatch before anyone sees its status ("Failed to fetch"):
 * ask the server again (HEAD) to tell a missing file from a file that is not the one the lock names.
 */
async function whyFailed(original: typeof fetch, url: string, init: RequestInit | undefined, error: unknown): Promise<string> {
  const unreachable = `${errorMessage(error)} (is the server reachable?)${packageHint(url)}`;
  if (!init?.integrity) return unreachable;
  try {
    const probe = await original(url, { method: 'HEAD', cache: 'no-store' });
    if (!probe.ok) return `the server answered ${statusLine(probe)}${packageHint(url)}`;
    return `the file's bytes are not the ones its lock file names (sha256 mismatch): the server has another build of it${packageHint(url)}`;
  } catch {
    return unreachable;
  }
}

/** A package file that could not be had: say where package files come from, and what to do. */
function packageHint(url: string): string {
  if (!/\.(whl|zip|tar)$/i.test(new URL(url).pathname)) return '';
  if (url.startsWith(PYODIDE_DISTRIBUTION)) {
    const name = url.slice(PYODIDE_DISTRIBUTION.length).split('-')[0];
    return `. This site does not host ${name}, so it came from Pyodide's distribution; to work without it, put it next to the interpreter: npx py-elements vendor ${name} (see docs/packages.md).`;
  }
  return '. Packages named in the lock file must be on the server next to it (self-hosted; see docs/packages.md), or come from a lock file and packages-url that have them.';
}

/** The absolute URL a fetch() call asks for. */
export function requestURL(input: RequestInfo | URL): string {
  if (input instanceof Request) return input.url;
  return new URL(String(input), location.href).href;
}

/**
 * The body as it arrives, counted; a connection that breaks, a pause longer than the stall limit, or
 * a body that ends short of its expected size calls `fail` (with the URL and how far it got) and
 * errors the stream, so whoever reads it stops too. On a stall `abort` (the request's own abort)
 * closes the connection: WebKit kept a stalled connection open after the body's reader was cancelled,
 * and with the connections per host used up a retry's requests got no answer.
 */
export function guardBody(
  url: string,
  body: ReadableStream<Uint8Array>,
  expected: number | undefined,
  onBytes: (bytes: number) => void,
  fail: (error: Error) => void,
  abort: () => void = () => {},
): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  let received = 0;
  const broken = (what: string, why?: string) =>
    new Error(
      `Could not download ${url}: ${what} after ${megabytes(received)}${expected ? ` of ${megabytes(expected)}` : ''}` +
        (why ? ` (${why})` : ''),
    );
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      let chunk: ReadableStreamReadResult<Uint8Array>;
      try {
        chunk = await deadline(
          reader.read(),
          () => broken(`no data came for ${seconds(downloadLimits.stallMs)}`).message,
          downloadLimits.stallMs,
        );
      } catch (error) {
        if (isDeadline(error)) {
          abort();
          reader.cancel().catch(() => {}); // its outcome tells nothing
        }
        const failure = isDeadline(error) ? error : broken('the connection broke', errorMessage(error));
        fail(failure);
        controller.error(failure);
        return;
      }
      if (chunk.done) {
        if (expected !== undefined && received !== expected) {
          const failure =
            received < expected
              ? broken('the file ended', 'the connection was cut, or the server has an incomplete copy')
              : new Error(`Could not download ${url}: it is ${megabytes(received)}, but this build's is ${megabytes(expected)}`);
          fail(failure);
          controller.error(failure);
        } else controller.close();
        return;
      }
      received += chunk.value.byteLength;
      onBytes(chunk.value.byteLength);
      controller.enqueue(chunk.value);
    },
    cancel(reason) {
      return reader.cancel(reason);
    },
  });
}

/**
 * Pyodide compiles the .wasm itself and, when that fails (a damaged file that still has the right
 * size), only logs "wasm instantiation failed!" and never settles: this turns that into an error.
 * For the duration of the load only, like watchFetches. A compile counts only if `download` owns its
 * response or bytes: an earlier load that failed and was abandoned (its download stalled, say) may
 * still reach its compile late, during a retry, and its failure is not the retry's. A response's
 * compile may fail before the watch has read the whole download (a file cut short is invalid wasm
 * too): the download's own verdict, which says what happened, is waited for and goes first.
 */
export function watchWasmCompile(download?: Pick<DownloadWatch, 'owns' | 'downloaded'>): FetchWatch {
  const { instantiate, instantiateStreaming } = WebAssembly;
  const { failed, fail } = failure();
  const owns = (source: unknown) => download?.owns(source) ?? true;
  const report = async (error: unknown, source: unknown): Promise<never> => {
    await download?.downloaded(source);
    fail(new Error(`The Python interpreter (pyodide.asm.wasm) is not valid WebAssembly: ${errorMessage(error)}`));
    throw error;
  };
  const watchedInstantiate = ((...args: Parameters<typeof instantiate>) =>
    instantiate.apply(WebAssembly, args).catch((error: unknown) => {
      if (!owns(args[0])) throw error;
      return report(error, args[0]);
    })) as typeof instantiate;
  // A streaming compile that rejects the response itself (a TypeError: its MIME type, its origin) is
  // not fatal: Pyodide's loader then compiles from an ArrayBuffer instead (WebKit took that path).
  const watchedStreaming: typeof instantiateStreaming = (...args) =>
    instantiateStreaming.apply(WebAssembly, args).catch(async (error: unknown) => {
      const response = await Promise.resolve(args[0]).catch(() => undefined);
      if (error instanceof TypeError || !owns(response)) throw error;
      return report(error, response);
    });
  WebAssembly.instantiate = watchedInstantiate;
  WebAssembly.instantiateStreaming = watchedStreaming;
  return {
    failed,
    stop() {
      if (WebAssembly.instantiate === watchedInstantiate) WebAssembly.instantiate = instantiate;
      if (WebAssembly.instantiateStreaming === watchedStreaming) WebAssembly.instantiateStreaming = instantiateStreaming;
    },
  };
}

/** Reads a stream to its end, for its side effects; its failure was already reported (guardBody). */
async function drain(stream: ReadableStream<Uint8Array>): Promise<void> {
  const reader = stream.getReader();
  try {
    while (!(await reader.read()).done);
  } catch {
    // reported by the guard that errored it
  }
}

/** A watch's outcome: `failed` rejects with the first error passed to `fail`. */
function failure(): { failed: Promise<never>; fail: (error: Error) => void } {
  let fail!: (error: Error) => void;
  const failed = new Promise<never>((_, reject) => {
    fail = reject;
  });
  failed.catch(() => {}); // observed by whoever races it; never an unhandled rejection
  return { failed, fail };
}

const seconds = (ms: number) => `${Math.round(ms / 1000)} s`;
const megabytes = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;
