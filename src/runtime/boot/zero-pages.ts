/** Linux's page: the unit the kernel makes resident, and the unit a snapshot's zeros are skipped by. */
export const PAGE_BYTES = 4096;

/** Whether `words[start..end)` are all zero. */
export function isZero(words: Int32Array, start: number, end: number): boolean {
  for (let at = start; at < end; at++) if (words[at] !== 0) return false;
  return true;
}
