// (g″) The page's renderer process's memory as the OS counts it: what the JS heap (g) and the wasm
// memory (g′) leave out (buffers outside the heap, the pages of the wasm memory actually touched,
// the allocators' free lists). Linux only (/proc); elsewhere null.
import { readFile, readdir } from 'node:fs/promises';

/** Resident and proportional set size (bytes) of the biggest renderer of the browser using `profile`. */
export async function rendererMemory(profile) {
  let entries;
  try {
    entries = await readdir('/proc');
  } catch {
    return null;
  }
  let biggest = null;
  for (const pid of entries.filter((name) => /^\d+$/.test(name))) {
    try {
      // Chromium rewrites its processes' titles: the arguments are one string, split by spaces.
      const command = `${(await readFile(`/proc/${pid}/cmdline`, 'utf8')).replaceAll('\0', ' ')} `;
      if (!command.includes(' --type=renderer ') || !command.includes(` --user-data-dir=${profile} `)) continue;
      const rollup = await readFile(`/proc/${pid}/smaps_rollup`, 'utf8');
      const kib = (field) => Number(new RegExp(`^${field}:\\s+(\\d+)`, 'm').exec(rollup)?.[1] ?? NaN) * 1024;
      const memory = { rss: kib('Rss'), pss: kib('Pss') };
      if (!biggest || memory.rss > biggest.rss) biggest = memory;
    } catch {
      // a process that ended meanwhile, or one we may not read
    }
  }
  return biggest;
}
