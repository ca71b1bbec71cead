/**
 * A first-come, first-served async lock. Elements take their turn when they connect, so blocks run
 * in document order even when an earlier one is still fetching its `src` or awaiting.
 */
export class AsyncLock {
  #tail: Promise<void> = Promise.resolve();

  /** Resolves, in call order, to a function that releases the lock (calling it twice is harmless). */
  acquire(): Promise<() => void> {
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const turn = this.#tail.then(() => once(release));
    this.#tail = this.#tail.then(() => held);
    return turn;
  }
}

function once(fn: () => void): () => void {
  let done = false;
  return () => {
    if (done) return;
    done = true;
    fn();
  };
}
