import { expect } from '../../../test/browser/helpers.js';
import type { PyodideAPI } from 'pyodide';
import { fillRest, fillStartup, spreadStartupPart, spreadStartupResponse, zipFromTail } from './stdlib-parts.js';

const bytesOf = async (file: string) => new Uint8Array(await (await fetch(`/wasm/${file}`)).arrayBuffer());

/** The local header offsets a zip's directory lists (the build's zips have no comment). */
function entryOffsets(zip: Uint8Array): number[] {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const end = zip.length - 22;
  let at = view.getUint32(end + 16, true);
  const offsets = [];
  for (let i = view.getUint16(end + 10, true); i > 0; i--) {
    offsets.push(view.getUint32(at + 42, true));
    at += 46 + view.getUint16(at + 28, true) + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
  }
  return offsets;
}
const entryAt = (zip: Uint8Array, at: number) => new DataView(zip.buffer, zip.byteOffset).getUint32(at, true) === 0x04034b50;

/** Just the file system calls fillRest makes, over one file. */
function fileSystem(path: string, file: Uint8Array) {
  const [dir, name] = [path.slice(0, path.lastIndexOf('/')), path.slice(path.lastIndexOf('/') + 1)];
  return {
    readdir: (at: string) => (at === dir ? ['.', '..', name] : []),
    open: () => ({}),
    close: () => {},
    stat: () => ({ size: file.length }),
    read: (_: unknown, into: Uint8Array, offset: number, length: number, position: number) =>
      into.set(file.subarray(position, position + length), offset),
    write: (_: unknown, from: Uint8Array, offset: number, length: number, position: number) =>
      file.set(from.subarray(offset, offset + length), position),
  } as unknown as PyodideAPI['FS'];
}

describe('the compiled standard library in two parts', () => {
  it('spreads the start-up part to the whole zip, and the rest fills the room it left', async () => {
    const [startup, rest] = await Promise.all([
      bytesOf('python_stdlib.compiled.zip.startup'),
      bytesOf('python_stdlib.compiled.zip.rest'),
    ]);
    const whole = spreadStartupPart(startup)!;
    expect(whole.length).to.equal(startup.length + rest.length);
    const offsets = entryOffsets(whole);
    // The start-up entries are in place; the rest's room is zeros until it is filled.
    const inRest = offsets.filter((at) => !entryAt(whole, at));
    expect(inRest.length, 'entries of the rest part').to.be.above(100);
    expect(offsets.length - inRest.length, 'entries of the start-up part').to.be.above(100);
    fillRest(fileSystem('/lib/python314.zip', whole), rest, 'rest-url');
    expect(offsets.filter((at) => !entryAt(whole, at))).to.deep.equal([]);
    const directoryAt = new DataView(whole.buffer).getUint32(whole.length - 22 + 16, true);
    const startupEntries = startup.length - (whole.length - directoryAt);
    expect(Math.min(...inRest), 'the rest begins where the start-up entries end').to.equal(startupEntries);
    expect(directoryAt - startupEntries).to.equal(rest.length);
  });

  it('refuses a rest part that does not fit, and what is no start-up part', async () => {
    const startup = await bytesOf('python_stdlib.compiled.zip.startup');
    const whole = spreadStartupPart(startup)!;
    const before = whole.slice();
    const other = new Uint8Array(1000).fill(7);
    expect(() => fillRest(fileSystem('/lib/python314.zip', whole), other, 'https://example.org/wasm/rest')).to.throw(
      'Could not use https://example.org/wasm/rest: it does not fit the start-up part (1000 bytes). ' +
        'The server has parts of two builds of the standard library; deploy wasm/ again.',
    );
    expect(whole).to.deep.equal(before);

    const page = new TextEncoder().encode('<!doctype html>\n<title>My blog</title>\n');
    expect(spreadStartupPart(page)).to.equal(undefined);
    expect(spreadStartupPart(startup.subarray(0, startup.length - 100)), 'cut short').to.equal(undefined);
    const failures: Error[] = [];
    const spread = spreadStartupResponse(new Response(page), 'https://example.org/wasm/startup', (error) => failures.push(error));
    const error = await spread.then(
      () => undefined,
      (reason: unknown) => reason,
    );
    expect(String(error)).to.equal(
      'Error: Could not use https://example.org/wasm/startup: it is not the start-up part of a standard library zip ' +
        '(is it another file, or cut short?)',
    );
    expect(failures).to.deep.equal([error]);
  });

  it('makes the zip from its tail, and the start-up part fills it; refuses a part of another zip', async () => {
    const [startup, rest] = await Promise.all([
      bytesOf('python_stdlib.compiled.zip.startup'),
      bytesOf('python_stdlib.compiled.zip.rest'),
    ]);
    const whole = spreadStartupPart(startup)!;
    fillRest(fileSystem('/lib/python314.zip', whole), rest, 'rest-url');
    const directoryAt = new DataView(whole.buffer).getUint32(whole.length - 22 + 16, true);
    const fromTail = zipFromTail(whole.subarray(directoryAt))!;
    expect(fromTail.length).to.equal(whole.length);
    expect(zipFromTail(whole.subarray(directoryAt + 1)), 'no zip tail').to.equal(undefined);
    const installed = fileSystem('/lib/python314.zip', fromTail);
    fillRest(installed, rest, 'rest-url');
    const before = fromTail.slice();
    const other = startup.slice();
    other[other.length - 22 + 12] ^= 1; // its directory's size: another zip's tail
    expect(() => fillStartup(installed, other, 'https://example.org/wasm/startup')).to.throw(
      `Could not use https://example.org/wasm/startup: it is not the start-up part of the installed zip (${other.length} bytes). ` +
        'The server has parts of two builds of the standard library; deploy wasm/ again.',
    );
    expect(fromTail).to.deep.equal(before);
    fillStartup(installed, startup, 'https://example.org/wasm/startup');
    expect(fromTail).to.deep.equal(whole);
  });
});
