/**
 * What an interpreter hangs on the page's global object while it loads, so it can be taken down
 * when the interpreter is replaced. Pyodide cannot be unloaded, and two of its own page hooks keep
 * a dead interpreter (its ~30 MB wasm memory and everything it reached) alive for good: Emscripten's
 * setImmediate polyfill and Pyodide's scheduler each add a `message` listener to the window, and the
 * scheduler keeps a MessageChannel port listening. Measured: 20 restarts, 2 → 42 live wasm memories.
 *
 * Only hooks added by the interpreter's own code (a call whose stack is in its folder) are taken:
 * the page's own listeners, added while Python loads, are left alone.
 */
export interface InterpreterHooks {
  /** Stops recording; what was recorded stays until release(). */
  stopRecording(): void;
  /** Removes the recorded listeners and closes the recorded channels. */
  release(): void;
}

export function recordInterpreterHooks(interpreterFolder: string): InterpreterHooks {
  const target = globalThis;
  const { addEventListener } = target;
  const NativeChannel = target.MessageChannel;
  const listeners: [string, EventListenerOrEventListenerObject, boolean | AddEventListenerOptions | undefined][] = [];
  const channels: MessageChannel[] = [];
  const fromInterpreter = () => new Error().stack?.includes(interpreterFolder) ?? false;

  function recordingAddEventListener(
    this: unknown,
    type: string,
    listener: EventListenerOrEventListenerObject | null,
    options?: boolean | AddEventListenerOptions,
  ): void {
    if ((this === target || this === undefined) && listener && fromInterpreter()) listeners.push([type, listener, options]);
    addEventListener.call(this ?? target, type, listener as EventListenerOrEventListenerObject, options);
  }
  class RecordingChannel extends NativeChannel {
    constructor() {
      super();
      if (fromInterpreter()) channels.push(this);
    }
  }
  target.addEventListener = recordingAddEventListener;
  target.MessageChannel = RecordingChannel;

  return {
    stopRecording() {
      if (target.addEventListener === recordingAddEventListener) target.addEventListener = addEventListener;
      if (target.MessageChannel === RecordingChannel) target.MessageChannel = NativeChannel;
    },
    release() {
      for (const [type, listener, options] of listeners.splice(0)) target.removeEventListener(type, listener, options);
      for (const channel of channels.splice(0)) {
        channel.port1.onmessage = null;
        channel.port1.close();
        channel.port2.close();
      }
    },
  };
}
