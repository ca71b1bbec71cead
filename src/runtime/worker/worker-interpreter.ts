import coincident from 'coincident/window/main';
import { errorMessage } from '../../internal/error-message.js';
import { startModuleWorker } from '../../internal/module-worker.js';
import type {
  Completion,
  Death,
  Interpreter,
  InterpreterConfig,
  Loader,
  OutputSink,
  Progress,
  RunOptions,
  RunResult,
} from '../contract.js';
import {
  type Destination,
  type FromWorker,
  HOSTS_GLOBAL,
  STOP_BUFFER_BYTES,
  stopViews,
  type ToWorker,
  type WorkerApi,
  writeAnswer,
} from './protocol.js';
import { failedResult } from '../failure.js';
import workerURL from './python-worker.ts?worker&url';

/** Completion and hover give up after this: the worker may be busy running code. */
const EDITOR_TIMEOUT_MS = 1500;
/**
 * How long an interrupted run may take to stop before the worker is replaced. The interrupt lands in
 * ~100 ms on an idle machine; with the CPU shared (load 10 on 2 cores) 1.5 s was seen, so a shorter
 * grace would throw away a reader's definitions when a plain interrupt was on its way.
 */
const HARD_STOP_AFTER_MS = 3000;
/** Runs whose output destination is remembered (for output from tasks they started). */
const MAX_RUN_RECORDS = 200;

/**
 * The worker interpreter, page side: elements with the `worker` attribute run their code in one shared
 * Web Worker with its own Pyodide, so no Python code can freeze the page. Stop interrupts the code
 * through a shared interrupt buffer on a cross-origin isolated page; elsewhere it terminates the
 * worker, and the hub starts a new one (`<py-script worker>` elements run again).
 */
export const loadWorkerInterpreter: Loader<WorkerInterpreter> = async (onProgress, onDied, services) => {
  const [config, sinkFor] = await Promise.all([services.config(), services.sinks()]);
  const { Worker } = coincident();
  const worker = startModuleWorker(new URL(workerURL, import.meta.url), 'py-elements', Worker);
  const interpreter = new WorkerInterpreter(worker, { onProgress, onDied, sinkFor });
  try {
    await interpreter.start(config);
  } catch (error) {
    interpreter.dispose();
    throw error;
  }
  return interpreter;
};

/** What the worker interpreter reports to, and asks of, the page. */
interface WorkerHooks {
  onProgress: (progress: Progress) => void;
  onDied: (death: Death) => void;
  /** `display(target=...)`: the sink for an element id. */
  sinkFor: (target: unknown) => OutputSink;
}

interface RunRecord {
  sink: OutputSink;
  element?: Element;
  onPackages?: (status: string | undefined) => void;
}

export class WorkerInterpreter implements Interpreter {
  pythonVersion = '';
  readonly #worker: Worker;
  readonly #api: WorkerApi;
  readonly #hooks: WorkerHooks;
  /** Shared with the worker on isolated pages: how Stop reaches the running code (see stopViews). */
  // (WebKitGTK can report an isolated page without providing SharedArrayBuffer: ask for both.)
  readonly #stopBuffer =
    crossOriginIsolated && typeof SharedArrayBuffer === 'function' ? new SharedArrayBuffer(STOP_BUFFER_BYTES) : undefined;
  readonly #interrupt = this.#stopBuffer && stopViews(this.#stopBuffer);
  /** Every run's output, kept while its element is on the page: tasks it started may print later. */
  readonly #runs = new Map<number, RunRecord>();
  #nextRun = 1;
  /** The run under way, if any (runs are queued: one at a time). */
  #running?: number;
  /** Resolves each run's "all its output has been posted" marker. */
  readonly #outputDone = new Map<number, () => void>();
  readonly #ids = new WeakMap<Element, number>();
  #nextElement = 1;
  /** Element numbers this runtime put in the page-global registry. */
  readonly #published = new Set<number>();
  /** Settles every pending call when the worker dies or is terminated. */
  #died!: (result: RunResult) => void;
  readonly #dead = new Promise<RunResult>((resolve) => {
    this.#died = resolve;
  });
  #gone = false;

  constructor(worker: Worker & { proxy: unknown }, hooks: WorkerHooks) {
    this.#worker = worker;
    this.#api = worker.proxy as WorkerApi;
    this.#hooks = hooks;
    worker.addEventListener('message', (event: MessageEvent<FromWorker>) => this.#receive(event.data));
    worker.addEventListener('error', (event) => {
      event.preventDefault();
      // Before start-up it is fatal (the script or Pyodide did not load); afterwards it is an error
      // thrown by some callback in the worker, which the interpreter survives, as on the page.
      if (!this.pythonVersion) this.#die(`the worker failed: ${event.message || 'its script could not load'}`);
      else console.error(`py-elements: an uncaught error in the Python worker: ${event.message}`);
    });
  }

  async start(config: InterpreterConfig): Promise<void> {
    const { indexURL, packages, files, lockFileURL, packagesURL, packagesCDN, snapshot, baseURL } = config;
    const startup = this.#api.start({
      config: { indexURL, packages, files, lockFileURL, packagesURL, packagesCDN, snapshot, baseURL },
      stop: this.#stopBuffer,
    });
    const result = await Promise.race([startup, this.#dead]);
    if ('ok' in result) throw new Error(result.message ?? 'the worker stopped');
    this.pythonVersion = result.pythonVersion;
  }

  async run(code: string, options: RunOptions): Promise<RunResult> {
    if (this.#gone) return failedResult('worker-not-running');
    const run = this.#nextRun++;
    this.#runs.set(run, { sink: options.sink, element: options.element, onPackages: options.onPackages });
    this.#forgetOldRuns();
    if (this.#interrupt) this.#interrupt.signal[0] = 0;
    if (options.signal?.aborted)
      queueMicrotask(() => this.#stop(run)); // stopped just before it began
    else options.signal?.addEventListener('abort', () => this.#stop(run), { once: true });
    this.#running = run;
    // The result comes over coincident's channel, the output over postMessage: wait for both, so the
    // value or traceback is shown after the last printed line.
    const outputDone = new Promise<void>((resolve) => this.#outputDone.set(run, resolve));
    const request = this.#api.run({
      run,
      code,
      scope: options.scope,
      element: options.element ? this.#register(options.element) : undefined,
      filename: options.filename,
      wantValue: options.wantValue ?? false,
    });
    try {
      return await Promise.race([Promise.all([request, outputDone]).then(([result]) => result), this.#dead]);
    } catch (error) {
      return { ok: false, error: errorMessage(error), errorType: 'Error', message: errorMessage(error) };
    } finally {
      this.#outputDone.delete(run);
      if (this.#running === run) this.#running = undefined;
    }
  }

  /**
   * Stop: an interrupt where the page is isolated; but if the code has not stopped a moment later (a
   * long call into C never checks for it), or without isolation, a new worker: the hard stop.
   */
  #stop(run: number): void {
    if (this.#interrupt) {
      Atomics.store(this.#interrupt.run, 0, run);
      this.#interrupt.signal[0] = 2; // SIGINT
      setTimeout(() => {
        if (this.#running === run) this.#hardStop();
      }, HARD_STOP_AFTER_MS);
      return;
    }
    this.#hardStop();
  }

  #hardStop(): void {
    const result = failedResult('worker-restarted-to-stop');
    this.#died(result);
    this.#hooks.onDied({ reason: result.error!, replace: true });
  }

  /** Output records of finished runs are kept for the tasks they started, but not for ever. */
  #forgetOldRuns(): void {
    for (const run of this.#runs.keys()) {
      if (this.#runs.size <= MAX_RUN_RECORDS) break;
      this.#runs.delete(run);
    }
  }

  complete(code: string, offset: number, scope?: string): Promise<Completion[]> {
    return this.#editorCall(this.#api.complete(code, offset, scope), []);
  }

  describe(code: string, offset: number, scope?: string): Promise<string | null> {
    return this.#editorCall(this.#api.describe(code, offset, scope), null);
  }

  async #editorCall<T>(call: Promise<T>, fallback: T): Promise<T> {
    if (this.#gone) return fallback;
    const timeout = new Promise<T>((resolve) => setTimeout(() => resolve(fallback), EDITOR_TIMEOUT_MS));
    return Promise.race([call.catch(() => fallback), timeout]);
  }

  release(element: Element): void {
    const id = this.#ids.get(element);
    if (id === undefined) return;
    this.#ids.delete(element);
    hosts().delete(id);
    this.#published.delete(id);
    for (const [run, record] of this.#runs) if (record.element === element) this.#runs.delete(run);
    if (!this.#gone) this.#api.release(id).catch(() => {}); // a worker that died meanwhile holds nothing to release
  }

  dispose(): void {
    this.#gone = true;
    this.#died(failedResult('worker-restarted'));
    this.#worker.terminate();
    for (const id of this.#published) hosts().delete(id);
  }

  /** The element's number; on an isolated page also published for the worker to reach it. */
  #register(element: Element): number {
    let id = this.#ids.get(element);
    if (id === undefined) {
      id = this.#nextElement++;
      this.#ids.set(element, id);
    }
    if (this.#interrupt) {
      hosts().set(id, element);
      this.#published.add(id);
    }
    return id;
  }

  #receive(message: FromWorker): void {
    switch (message.py) {
      case 'progress':
        this.#hooks.onProgress(message.progress);
        return;
      case 'fatal':
        this.#die(message.reason);
        return;
      case 'ask':
        void this.#ask(message);
        return;
      case 'ran':
        this.#outputDone.get(message.run)?.();
        return;
      case 'packages':
        this.#runs.get(message.run)?.onPackages?.(message.status);
        return;
      default: {
        const sink = this.#sink(message);
        if (!sink) return;
        if (message.py === 'write') sink.write(message.stream, message.text);
        else if (message.py === 'display') sink.display(message.mime, message.data);
        else sink.clear();
      }
    }
  }

  /** Where a message's output goes; a display(target=...) with a missing id is reported in the run's output. */
  #sink({ run, target }: Destination): OutputSink | undefined {
    const own = this.#runs.get(run)?.sink;
    if (!target) return own;
    try {
      return this.#hooks.sinkFor(target);
    } catch (error) {
      own?.write('stderr', `${errorMessage(error)}\n`);
      return undefined;
    }
  }

  async #ask(message: Extract<FromWorker, { py: 'ask' }>): Promise<void> {
    const sink = this.#sink(message);
    let text: string | null = null;
    try {
      text = sink?.ask ? await sink.ask(message.prompt) : null;
    } catch {
      text = null; // the element went away: the code sees EOFError
    }
    if (message.reply) {
      writeAnswer(message.reply, text);
    } else if (!this.#gone) {
      const answer: ToWorker = { py: 'answer', id: message.id, text };
      this.#worker.postMessage(answer);
    }
  }

  #die(reason: string): void {
    if (this.#gone) return;
    this.#gone = true;
    this.#died(failedResult('worker-stopped', reason));
    this.#worker.terminate();
    this.#hooks.onDied({ reason, replace: false });
  }
}

/** The page-global registry the worker reads host elements from (see HOSTS_GLOBAL). */
function hosts(): Map<number, Element> {
  const holder = globalThis as unknown as Record<string, Map<number, Element> | undefined>;
  if (!holder[HOSTS_GLOBAL]) {
    Object.defineProperty(globalThis, HOSTS_GLOBAL, { value: new Map<number, Element>(), enumerable: false });
  }
  return holder[HOSTS_GLOBAL]!;
}
