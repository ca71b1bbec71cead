/**
 * Python's start holds the main thread in long tasks once its files are in: instantiating the
 * interpreter, restoring a snapshot or initialising Python, importing the pyelements package (1-2 s
 * here). An editor setting up meanwhile gets the thread only between them: Monaco, loaded beside a
 * starting Python, appeared 2-6x later than alone (bench (m)). What the reader is about to type into
 * goes first: Python's start waits for the editors being set up before it evaluates pyodide.asm.mjs
 * and before it instantiates, for at most `editorWait.maxMs`; its other downloads and the wasm
 * compile go on meanwhile.
 */
export const editorWait = { maxMs: 3000 };

const settingUp = new Set<Promise<unknown>>();

/** An editor is setting up until `done` settles. */
export function editorSettingUp(done: Promise<unknown>): void {
  const tracked = done.catch(() => {});
  settingUp.add(tracked);
  void tracked.then(() => settingUp.delete(tracked));
}

/** Resolves once no editor is setting up, or after `editorWait.maxMs`. */
export async function afterEditors(): Promise<void> {
  if (!settingUp.size) return;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const limit = new Promise<void>((resolve) => (timer = setTimeout(resolve, editorWait.maxMs)));
  await Promise.race([Promise.all([...settingUp]), limit]);
  clearTimeout(timer);
}
