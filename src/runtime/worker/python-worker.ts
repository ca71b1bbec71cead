// The worker interpreter's side in the Web Worker: one Pyodide plus pyelements, driven by the page
// (worker-interpreter.ts). On a cross-origin isolated page coincident's `window` reaches the page
// synchronously, so `document`, `window` and `element` work; otherwise they say why they do not.
import coincident from 'coincident/window/worker';
import { type PyElementsModule, bootPyElements } from '../boot/python-api.js';
import type { PackageLoader } from '../boot/packages.js';
import { startInterpreter } from '../boot/start-interpreter.js';
import type { OutputSink, RunResult } from '../contract.js';
import {
  answerBuffer,
  type Destination,
  type FromWorker,
  HOSTS_GLOBAL,
  type ToWorker,
  type WorkerApi,
  type WorkerRun,
  type WorkerStart,
  readAnswer,
  stopViews,
} from './protocol.js';

const post = (message: FromWorker) => postMessage(message);

const { proxy, window: page, native } = await coincident();
const isolated = native && typeof SharedArrayBuffer === 'function' && crossOriginIsolated;

const NOT_ISOLATED =
  'the page is not reachable from a worker unless the page is cross-origin isolated ' +
  (crossOriginIsolated
    ? '(this page is, but this browser gives it no SharedArrayBuffer, which the bridge needs). '
    : '(served with Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy: require-corp). ') +
  'Print or display() results instead, or remove the worker attribute';

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

/** The sink Python writes to; it forwards to the page's DomOutput of the run. */
function sinkFor(destination: Destination): OutputSink {
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
      if (mime === 'application/x-dom-node')
        post({ py: 'display', mime: 'text/html', data: String((data as Element).outerHTML), ...destination });
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
        const reply = answerBuffer();
        post({ py: 'ask', id, prompt, reply, ...destination });
        return readAnswer(reply);
      }
      post({ py: 'ask', id, prompt, ...destination });
      return new Promise((resolve) => answers.set(id, resolve));
    },
  };
}

// --- The API the page calls ---------------------------------------------------------------------

let module: PyElementsModule | undefined;
/** Loads the packages a run imports (boot/packages.ts). */
let packages: PackageLoader | undefined;
/** The last run that finished: a stop for a later one is still due (see watch_interrupts). */
let finished = 0;
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

function ready(): PyElementsModule {
  if (!module) throw new Error('the worker interpreter has not started');
  return module;
}

const api: WorkerApi = {
  async start({ config, stop }: WorkerStart) {
    const started = await startInterpreter(
      config,
      {
        sinkFor: (target: unknown) => sinkFor({ run: 0 }).sinkFor(target),
        baseURL: config.baseURL,
        ...(isolated ? { document: page.document, window: page } : { unreachable: NOT_ISOLATED }),
      },
      (progress) => post({ py: 'progress', progress }),
    );
    const booted = bootPyElements(started.pyodide, (reason) => {
      flush();
      post({ py: 'fatal', reason });
    });
    module = booted.module;
    packages = started.packages;
    if (stop) {
      const views = stopViews(stop);
      started.pyodide.setInterruptBuffer(views.signal);
      module.watch_interrupts(() => {
        if (Atomics.load(views.run, 0) > finished) views.signal[0] = 2;
      });
    }
    return { pythonVersion: booted.pythonVersion };
  },
  async run({ run, code, scope, element, filename, wantValue }: WorkerRun) {
    try {
      const failed = await packages?.forCode(code, (status) => post({ py: 'packages', run, status }));
      if (failed) return { ok: false, error: failed, errorType: 'ImportError', message: failed };
      const result = await ready().run(code, scope, sinkFor({ run }), host(element), filename, wantValue);
      return plain(result);
    } finally {
      finished = Math.max(finished, run);
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
  const { ok, value, error, errorType, message, hint } = result;
  return { ok, value, error, errorType, message, hint: hint && [...hint] };
}

Object.assign(proxy, api);
