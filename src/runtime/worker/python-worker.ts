// The worker runtime's side in the Web Worker: one Pyodide plus pyelements, driven by the page
// (worker-runtime.ts). On a cross-origin isolated page coincident's `window` reaches the page
// synchronously, so `document`, `window` and `element` work; otherwise they say why they do not.
import coincident from 'coincident/window/worker';
import type { PyodideAPI } from 'pyodide';
import { errorMessage } from '../../internal/error-message.js';
import { startInterpreter } from '../interpreter.js';
import type { Completion, RunResult } from '../python-runtime.js';
import {
  ASK_BUFFER_BYTES,
  ASK_HEADER_BYTES,
  type Destination,
  type FromWorker,
  HOSTS_GLOBAL,
  type ToWorker,
  type WorkerApi,
  type WorkerRun,
  type WorkerStart,
} from './protocol.js';

const NOT_ISOLATED =
  'the page is not reachable from a worker unless the page is cross-origin isolated ' +
  '(served with Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy: require-corp). ' +
  'Print or display() results instead, or remove the worker attribute';

const post = (message: FromWorker) => postMessage(message);

const { proxy, window: page, native } = await coincident();
const isolated = native && typeof SharedArrayBuffer === 'function' && crossOriginIsolated;

// --- Output: batched, so a loop of prints costs one message per ~30 ms, not one per print --------

let pending: { destination: Destination; stream: 'stdout' | 'stderr'; text: string }[] = [];
let pendingBytes = 0;
let lastFlush = performance.now();
let flushTimer: ReturnType<typeof setTimeout> | undefined;

function flush(): void {
  clearTimeout(flushTimer);
  flushTimer = undefined;
  for (const { destination, stream, text } of pending) post({ py: 'write', stream, text, ...destination });
  pending = [];
  pendingBytes = 0;
  lastFlush = performance.now();
}

let asks = 0;
const answers = new Map<number, (text: string | null) => void>();
addEventListener('message', (event: MessageEvent<ToWorker>) => {
  if (event.data?.py !== 'answer') return;
  answers.get(event.data.id)?.(event.data.text);
  answers.delete(event.data.id);
});

/** The sink Python writes to (see OutputSink); it forwards to the page's DomOutput of the run. */
function sinkFor(destination: Destination) {
  return {
    askBlocks: isolated,
    write(stream: 'stdout' | 'stderr', text: string) {
      const last = pending.at(-1);
      if (last && last.stream === stream && last.destination === destination) last.text += text;
      else pending.push({ destination, stream, text });
      pendingBytes += text.length;
      if (pendingBytes > 64 * 1024 || performance.now() - lastFlush > 30) flush();
      // Output of code the page calls back (event handlers) arrives once the worker is idle again.
      else flushTimer ??= setTimeout(flush, 30);
    },
    display(mime: string, data: unknown) {
      flush();
      // A DOM node from the page cannot be posted; show its markup instead.
      if (mime === 'application/x-dom-node') post({ py: 'display', mime: 'text/html', data: String((data as Element).outerHTML), ...destination });
      else post({ py: 'display', mime, data, ...destination });
    },
    clear() {
      flush();
      post({ py: 'clear', ...destination });
    },
    sinkFor(target: unknown) {
      const id = typeof target === 'string' ? target : (target as { id?: string } | null)?.id;
      if (!id) throw new Error('display(target=...) in a worker needs an element id');
      if (isolated && !page.document.getElementById(id)) throw new Error(`display(): there is no element with id "${id}"`);
      return sinkFor({ run: destination.run, target: id });
    },
    ask(prompt: string): string | null | Promise<string | null> {
      flush();
      const id = ++asks;
      if (isolated) {
        // Block this worker (not the page) until the page has the answer: real synchronous input().
        const reply = new SharedArrayBuffer(ASK_BUFFER_BYTES);
        const state = new Int32Array(reply, 0, 2);
        post({ py: 'ask', id, prompt, reply, ...destination });
        Atomics.wait(state, 0, 0);
        if (state[1] < 0) return null;
        return new TextDecoder().decode(new Uint8Array(reply, ASK_HEADER_BYTES, state[1]).slice());
      }
      post({ py: 'ask', id, prompt, ...destination });
      return new Promise((resolve) => answers.set(id, resolve));
    },
  };
}

// --- The API the page calls ---------------------------------------------------------------------

interface PyElements {
  run(source: string, scope: string | undefined, sink: object, element: unknown, filename: string, wantValue: boolean): Promise<RunResult>;
  complete(code: string, offset: number, scope: string | undefined): Completion[];
  describe(code: string, offset: number, scope: string | undefined): string | undefined;
  release(element: unknown): void;
}

let pyodide: PyodideAPI | undefined;
let module: PyElements | undefined;
/** Host elements by number: one proxy per element, so listeners registered for it can be found again. */
const hosts = new Map<number, unknown>();

function host(id: number | undefined): unknown {
  if (id === undefined || !isolated) return undefined;
  let element = hosts.get(id);
  if (element === undefined) {
    element = (page as unknown as Record<string, Map<number, Element>>)[HOSTS_GLOBAL].get(id);
    hosts.set(id, element);
  }
  return element;
}

function ready(): PyElements {
  if (!module) throw new Error('the worker runtime has not started');
  return module;
}

const api: WorkerApi = {
  async start({ config, baseURL, interrupt }: WorkerStart) {
    const started = await startInterpreter(
      config,
      {
        sinkFor: (target: unknown) => sinkFor({ run: 0 }).sinkFor(target),
        baseURL,
        ...(isolated ? { document: page.document, window: page } : { unreachable: NOT_ISOLATED }),
      },
      (progress) => post({ py: 'progress', progress }),
    );
    pyodide = started.pyodide;
    (pyodide as unknown as { _api: { on_fatal?: (error: unknown) => void } })._api.on_fatal = (error) => {
      flush();
      const name = error instanceof Error ? error.name : '';
      post({ py: 'fatal', reason: name === 'Exit' ? `the program exited (${errorMessage(error)})` : errorMessage(error) });
    };
    if (interrupt) pyodide.setInterruptBuffer(new Uint8Array(interrupt));
    module = pyodide.pyimport('pyelements') as unknown as PyElements;
    return { pythonVersion: pyodide.runPython('import sys; sys.version.split()[0]') as string };
  },
  async run({ run, code, scope, element, filename, wantValue }: WorkerRun) {
    try {
      const result = await ready().run(code, scope, sinkFor({ run }), host(element), filename, wantValue);
      return plain(result);
    } finally {
      flush();
      post({ py: 'ran', run });
    }
  },
  async complete(code, offset, scope) {
    return ready().complete(code, offset, scope);
  },
  async describe(code, offset, scope) {
    return ready().describe(code, offset, scope) ?? null;
  },
  async release(element) {
    const proxy = hosts.get(element);
    hosts.delete(element);
    if (proxy !== undefined) ready().release(proxy);
  },
};

/** A run's result as a plain object that can be posted to the page. */
function plain(result: RunResult): RunResult {
  const { ok, value, error, errorType, message } = result;
  return { ok, value, error, errorType, message };
}

Object.assign(proxy, api);
