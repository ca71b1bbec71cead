import type { InterpreterConfig, Progress } from '../interpreter.js';
import type { Completion, RunResult } from '../python-runtime.js';

/**
 * The page ↔ worker protocol of the worker runtime. Calls from the page go through coincident's
 * proxy (WorkerApi, answered asynchronously); output and questions come back as plain messages
 * (FromWorker), so a print never waits for the page.
 */

export interface WorkerStart {
  config: InterpreterConfig;
  /** The page's base URL: relative URLs in Python are the page's, not the worker script's. */
  baseURL: string;
  /** Only on a cross-origin isolated page: Pyodide's interrupt buffer (a 2 in it raises KeyboardInterrupt). */
  interrupt?: SharedArrayBuffer;
}

export interface WorkerRun {
  run: number;
  code: string;
  scope?: string;
  /** The host element's number in the page's registry (see HOSTS_GLOBAL). */
  element?: number;
  filename: string;
  wantValue: boolean;
}

/** Functions the worker exposes to the page. */
export interface WorkerApi {
  start(options: WorkerStart): Promise<{ pythonVersion: string }>;
  run(request: WorkerRun): Promise<RunResult>;
  complete(code: string, offset: number, scope?: string): Promise<Completion[]>;
  describe(code: string, offset: number, scope?: string): Promise<string | null>;
  release(element: number): Promise<void>;
}

/** Where output goes: the run's element, or the element with id `target` (display(target=...)). */
export interface Destination {
  run: number;
  target?: string;
}

export type FromWorker =
  | { py: 'progress'; progress: Progress }
  | ({ py: 'write'; stream: 'stdout' | 'stderr'; text: string } & Destination)
  | ({ py: 'display'; mime: string; data: unknown } & Destination)
  | ({ py: 'clear' } & Destination)
  /** input(): `reply` (isolated pages) is answered in place; otherwise with an `answer` message. */
  | ({ py: 'ask'; id: number; prompt: string; reply?: SharedArrayBuffer } & Destination)
  /** A run's output has all been posted (sent after its last flush, before its result). */
  | { py: 'ran'; run: number }
  | { py: 'fatal'; reason: string };

export type ToWorker = { py: 'answer'; id: number; text: string | null };

/**
 * The `reply` buffer of an ask: Int32 0 is the state (0 waiting, 1 answered), Int32 1 the answer's
 * byte length (-1: cancelled), then the UTF-8 answer.
 */
export const ASK_HEADER_BYTES = 8;
export const ASK_BUFFER_BYTES = ASK_HEADER_BYTES + 64 * 1024;

/**
 * The page-global Map (number → element) through which worker code reaches its host element on an
 * isolated page. A string key: the worker reaches it by property name through coincident's window.
 */
export const HOSTS_GLOBAL = '__pyElementsWorkerHosts';
