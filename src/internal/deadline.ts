/** The error a deadline rejects with: already a complete message, unlike what fetch itself throws. */
class DeadlineError extends Error {}
export const isDeadline = (error: unknown): error is DeadlineError => error instanceof DeadlineError;

/**
 * The promise, or a DeadlineError saying `why` when it has not settled within `ms` of time the page
 * was free to hear it. A main thread held busy (Python's start, a compile; seconds in WebKit on a
 * loaded machine) counts little: an answer that came meanwhile waits in the task queue, and WebKit
 * ran the expired timer before it, failing downloads that had long been answered. A page throttled
 * in the background still gives up within three times the limit.
 */
export function deadline<T>(promise: Promise<T>, why: () => string, ms: number): Promise<T> {
  const tick = Math.min(250, ms / 4);
  let timer: ReturnType<typeof setInterval> | undefined;
  const expired = new Promise<never>((_, reject) => {
    let waited = 0;
    const start = performance.now();
    let last = start;
    timer = setInterval(() => {
      const now = performance.now();
      waited += Math.min(now - last, 2 * tick); // a late tick: the page was busy, not waiting
      last = now;
      if (waited >= ms || now - start >= 3 * ms) reject(new DeadlineError(why()));
    }, tick);
  });
  return Promise.race([promise, expired]).finally(() => clearInterval(timer));
}
