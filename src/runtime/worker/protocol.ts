import type { Completion, InterpreterConfig, Progress, RunResult } from '../contract.js';

/**
 * The page ↔ worker protocol of the worker interpreter. Calls from the page go through coincident's
 * proxy (WorkerApi, answered asynchronously); output and questions come back as plain messages
 * (FromWorker), so a print never waits for the page.
 */

export interface WorkerStart {
  /** Its `baseURL` is the page's: relative URLs in Python are the page's, not the worker script's. */
  config: InterpreterConfig;
  /** Only on a cross-origin isolated page: the stop buffer (see stopViews). */
  stop?: SharedArrayBuffer;
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
  | { py: 'packages'; run: number; status: string | undefined }
  | { py: 'fatal'; reason: string };

export type ToWorker = { py: 'answer'; id: number; text: string | null };

/**
 * The stop buffer, shared on isolated pages: byte 0 is Pyodide's interrupt buffer (the page writes a
 * 2, SIGINT, which Python notices at its next check and clears), Int32 1 the number of the run the
 * page wants stopped. When Python noticed the SIGINT outside the run's own code (see
 * watch_interrupts in _run.py), that number lets the worker ask again while that run has not finished,
 * and never for a later one.
 */
export const STOP_BUFFER_BYTES = 8;

export interface StopViews {
  signal: Uint8Array;
  run: Int32Array;
}

export function stopViews(buffer: SharedArrayBuffer): StopViews {
  return { signal: new Uint8Array(buffer, 0, 1), run: new Int32Array(buffer, 4, 1) };
}

/**
 * The `reply` buffer of an ask: Int32 0 is the state (0 waiting, 1 answered), Int32 1 the answer's
 * byte length (-1: cancelled), then the UTF-8 answer. Written by the page, read by the blocked worker.
 */
const ASK_HEADER_BYTES = 8;
const ASK_BUFFER_BYTES = ASK_HEADER_BYTES + 64 * 1024;

/** A reply buffer for one input() (shared memory: the worker blocks on it). */
export function answerBuffer(): SharedArrayBuffer {
  return new SharedArrayBuffer(ASK_BUFFER_BYTES);
}

/** Page side: writes the answer (null: cancelled), cut to the buffer's room, and wakes the worker. */
export function writeAnswer(reply: SharedArrayBuffer, text: string | null): void {
  const state = new Int32Array(reply, 0, 2);
  if (text === null) {
    state[1] = -1;
  } else {
    // encodeInto() refuses shared memory: encode, then copy.
    const bytes = new TextEncoder().encode(text).subarray(0, reply.byteLength - ASK_HEADER_BYTES);
    new Uint8Array(reply, ASK_HEADER_BYTES).set(bytes);
    state[1] = bytes.byteLength;
  }
  Atomics.store(state, 0, 1);
  Atomics.notify(state, 0);
}

/** Worker side: blocks until the page has answered; null if the question was cancelled. */
export function readAnswer(reply: SharedArrayBuffer): string | null {
  const state = new Int32Array(reply, 0, 2);
  Atomics.wait(state, 0, 0);
  if (state[1] < 0) return null;
  // TextDecoder refuses views of shared memory: copy first.
  return new TextDecoder().decode(new Uint8Array(reply, ASK_HEADER_BYTES, state[1]).slice());
}

/**
 * The page-global Map (number → element) through which worker code reaches its host element on an
 * isolated page. A string key: the worker reaches it by property name through coincident's window.
 */
export const HOSTS_GLOBAL = '__pyElementsWorkerHosts';
