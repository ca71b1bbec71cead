import type { LinkReading } from './snapshot-policy.js';

/**
 * The link's rate, read from the interpreter's own downloads as they arrive (the wasm and the
 * standard library, asked for together at the start). They are needed anyway, so measuring them
 * costs nothing, and together they are megabytes on parallel connections: a far better sample than
 * one small file, which under TCP's slow start reads a fast link as a slow one.
 *
 * The clock starts when they are asked for, not at their first bytes: a page busy meanwhile gets
 * bytes the link delivered earlier in one burst, which would read as a fast link. So the round trip
 * counts too, and the reading is a little low: a link on the edge reads as too slow, never too fast.
 * Feed it wire bytes: a body the browser decoded (brotli) is larger than what crossed the link.
 */
export class LinkMeter {
  readonly #sampleBytes: number;
  readonly #sampleMs: number;
  #start?: number;
  #last = 0;
  #bytes = 0;
  #full!: () => void;
  readonly #enough = new Promise<void>((resolve) => {
    this.#full = resolve;
  });

  constructor(sampleBytes = 1_500_000, sampleMs = 800) {
    this.#sampleBytes = sampleBytes;
    this.#sampleMs = sampleMs;
  }

  /** The downloads were asked for (now, or `at`: performance.now() then). */
  start(at = performance.now()): void {
    this.#start = at;
  }

  /** `bytes` more arrived (now, or `now`): counted while the sample lasts (`sampleBytes` or `sampleMs`). */
  received(bytes: number, now = performance.now()): void {
    if (this.#start === undefined || this.#bytes >= this.#sampleBytes || now - this.#start > this.#sampleMs) return;
    this.#bytes += bytes;
    this.#last = now;
    if (this.#bytes >= this.#sampleBytes) this.#full();
  }

  /** The rate, once the sample is in; undefined if nothing was measured. */
  async reading(): Promise<LinkReading> {
    if (this.#start === undefined) return undefined;
    if (this.#bytes < this.#sampleBytes) {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const over = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, Math.max(0, this.#start! + this.#sampleMs - performance.now()));
      });
      await Promise.race([this.#enough, over]).finally(() => clearTimeout(timer));
    }
    if (!this.#bytes) return undefined;
    return { from: 'network', bytesPerSecond: this.#bytes / (Math.max(this.#last - this.#start, 1) / 1000) };
  }
}
