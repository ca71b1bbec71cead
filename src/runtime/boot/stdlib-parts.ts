import type { PyodideAPI } from 'pyodide';
import type { Unpack } from './fetch-watch.js';

/**
 * Our standard library zips come in two parts (wasm/stdlib.mjs; the xz one's each xz'd): the
 * start-up part, the entries of the modules Python imports while it starts (the zip's first ones)
 * and the zip's directory; and the rest part, the entries between. Python's start reads nothing of
 * the rest, so it starts from the start-up part with zeros in the rest's place (1.5 of the compiled
 * zip's 3.3 MB to wait for, not all of it), and the rest is written in once it is in, before any
 * other Python runs.
 */

/** The zip's end record (22 bytes, and no comment: the build writes none) and what it says. */
const END_RECORD = 22;
const END_SIGNATURE = 0x06054b50;
const ENTRY_SIGNATURE = 0x04034b50;

/** Where a zip's directory is, from its last END_RECORD bytes; undefined if they are no end record. */
function directoryOf(end: Uint8Array): { at: number; size: number } | undefined {
  if (end.length < END_RECORD) return undefined;
  const view = new DataView(end.buffer, end.byteOffset + end.length - END_RECORD, END_RECORD);
  if (view.getUint32(0, true) !== END_SIGNATURE) return undefined;
  return { size: view.getUint32(12, true), at: view.getUint32(16, true) };
}

/** A start-up part's entries and its tail (directory and end record); undefined if it is none. */
function startupPieces(part: Uint8Array): { entries: Uint8Array; tail: Uint8Array } | undefined {
  const directory = directoryOf(part);
  if (!directory) return undefined;
  const entries = part.length - directory.size - END_RECORD;
  if (entries < 0 || directory.at < entries) return undefined;
  return { entries: part.subarray(0, entries), tail: part.subarray(entries) };
}

/**
 * The whole zip's bytes from its start-up part: the part's entries where they are, its directory
 * where the end record says, zeros between. Undefined if `part` is not a start-up part.
 */
export function spreadStartupPart(part: Uint8Array): Uint8Array | undefined {
  const pieces = startupPieces(part);
  const whole = pieces && zipFromTail(pieces.tail);
  whole?.set(pieces!.entries);
  return whole;
}

/**
 * The whole zip's bytes from its tail alone (its directory and end record, which the prebuilt
 * snapshot carries): zeros, then the tail where the end record says. A start from the prebuilt
 * snapshot installs it: Python, restored, reads none of the start-up part's entries (the snapshot
 * holds those modules), and the rest is written in as on any start (fillRest). Undefined if `tail`
 * is no zip's tail.
 */
export function zipFromTail(tail: Uint8Array): Uint8Array | undefined {
  const directory = directoryOf(tail);
  if (!directory || directory.size + END_RECORD !== tail.length) return undefined;
  const whole = new Uint8Array(directory.at + tail.length);
  whole.set(tail, directory.at);
  return whole;
}

/** fetch-watch's unpacker for the start-up part: Pyodide gets the whole zip, the rest zeros. */
export const spreadStartupResponse: Unpack = async (response, url, failed) => {
  const whole = spreadStartupPart(new Uint8Array(await response.arrayBuffer()));
  if (!whole) {
    const error = new Error(
      `Could not use ${url}: it is not the start-up part of a standard library zip (is it another file, or cut short?)`,
    );
    failed(error);
    throw error;
  }
  return new Response(whole as BufferSource, { headers: { 'Content-Type': 'application/zip' } });
};

type FileSystem = PyodideAPI['FS'];

/** Where Pyodide put the standard library zip (/lib/pythonXY.zip), if anywhere. */
export function installedStdlibPath(fs: FileSystem): string | undefined {
  const name = (fs.readdir('/lib') as string[]).find((entry) => /^python\d+\.zip$/.test(entry));
  return name && `/lib/${name}`;
}

/**
 * Writes the start-up part's entries (`part`, from `url`) into an installed zip made from its tail
 * (zipFromTail), after a start from the prebuilt snapshot: the zip is whole again (for the background
 * snapshot worker, and a module read again: `importlib.reload`). Refused, the zip left as it was,
 * where the part's directory is not the installed one's.
 */
export function fillStartup(fs: FileSystem, part: Uint8Array, url: string): void {
  editInstalledZip(fs, url, (stream, size, mismatch) => {
    const pieces = startupPieces(part);
    const fits = !!pieces && pieces.entries.length >= 4 && pieces.tail.length <= size;
    // The installed zip's tail, compared with the part's: the same end record, the same directory.
    const installed = new Uint8Array(fits ? pieces.tail.length : 0);
    if (fits) fs.read(stream, installed, 0, installed.length, size - installed.length);
    if (!fits || installed.some((byte, at) => byte !== pieces.tail[at])) {
      throw mismatch(`it is not the start-up part of the installed zip (${part.length} bytes)`);
    }
    fs.write(stream, pieces.entries, 0, pieces.entries.length, 0);
  });
}

/**
 * Writes the rest part (`rest`, from `url`) into the installed zip, in the place the start-up part
 * left for it: just before the directory. A rest part of another build (another length, or no
 * entry where it starts) is refused with an error that says so, and the zip is left as it was.
 */
export function fillRest(fs: FileSystem, rest: Uint8Array, url: string): void {
  editInstalledZip(fs, url, (stream, size, mismatch) => {
    const end = new Uint8Array(END_RECORD);
    fs.read(stream, end, 0, END_RECORD, size - END_RECORD);
    const directory = directoryOf(end);
    const at = directory ? directory.at - rest.length : -1;
    const view = new DataView(rest.buffer, rest.byteOffset, rest.byteLength);
    if (at < 0 || rest.length < 4 || view.getUint32(0, true) !== ENTRY_SIGNATURE) {
      throw mismatch(`it does not fit the start-up part (${rest.length} bytes)`);
    }
    fs.write(stream, rest, 0, rest.length, at);
  });
}

/**
 * Runs `edit` on the installed zip, open for reading and writing, with its size and the error for a
 * part (`url`) that does not fit it: parts of two builds on one server.
 */
function editInstalledZip(
  fs: FileSystem,
  url: string,
  edit: (stream: ReturnType<FileSystem['open']>, size: number, mismatch: (why: string) => Error) => void,
): void {
  const mismatch = (why: string) =>
    new Error(`Could not use ${url}: ${why}. The server has parts of two builds of the standard library; deploy wasm/ again.`);
  const path = installedStdlibPath(fs);
  if (!path) throw mismatch('no standard library zip is installed');
  const stream = fs.open(path, 'r+');
  try {
    edit(stream, (fs.stat(path) as { size: number }).size, mismatch);
  } finally {
    fs.close(stream);
  }
}
