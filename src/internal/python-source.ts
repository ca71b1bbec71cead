import { type Messages, en } from '../i18n/messages.js';

/**
 * The text of a Python source file from its bytes, decoded as CPython decodes a file (PEP 263): a
 * UTF-8 byte order mark, else a coding declaration in the first two lines, else UTF-8, where bytes
 * that are not UTF-8 are an error (CPython's "Non-UTF-8 code ... but no encoding declared"), never
 * a silent U+FFFD.
 */
export function decodePythonSource(bytes: Uint8Array, where: string, messages: Messages = en): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf)
    return strictDecode('utf-8', bytes.subarray(3), where, messages);
  const declared = codingDeclaration(bytes);
  if (declared) {
    let decoder: TextDecoder;
    try {
      decoder = new TextDecoder(declared, { fatal: true });
    } catch {
      throw new Error(messages.unknownEncoding(where, declared));
    }
    return strictDecode(decoder.encoding, bytes, where, messages, declared);
  }
  return strictDecode('utf-8', bytes, where, messages);
}

/** `# -*- coding: latin-1 -*-` or `# vim: set fileencoding=utf-8 :` on line 1 or 2 (line 2 only after a comment or blank line 1). */
function codingDeclaration(bytes: Uint8Array): string | undefined {
  // The declaration is ASCII, so reading the first lines as Latin-1 finds it whatever the encoding.
  const head = Array.from(bytes.subarray(0, 400), (byte) => String.fromCharCode(byte)).join('');
  const [first = '', second = ''] = head.split(/\r\n|\r|\n/);
  const cookie = /^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)/;
  const match = cookie.exec(first) ?? (/^[ \t\f]*(#.*)?$/.test(first) ? cookie.exec(second) : null);
  if (!match) return undefined;
  const name = match[1].toLowerCase().replace(/_/g, '-');
  if (/^(utf-8|utf8)(-.*)?$/.test(name)) return 'utf-8';
  // Python's spelling of Latin-1, which the browser knows as "latin1" (decoded as windows-1252, which
  // differs only in the control characters 0x80-0x9F).
  return name === 'latin-1' ? 'latin1' : name;
}

function strictDecode(encoding: string, bytes: Uint8Array, where: string, messages: Messages, declared?: string): string {
  try {
    return new TextDecoder(encoding, { fatal: true }).decode(bytes);
  } catch {
    const at = firstBadByte(bytes);
    throw new Error(
      declared
        ? messages.notDeclaredEncoding(where, declared)
        : messages.notUtf8(where, at.byte.toString(16).toUpperCase(), at.line),
    );
  }
}

/** Where UTF-8 decoding fails first, near enough for a message: the byte and its line. */
function firstBadByte(bytes: Uint8Array): { byte: number; line: number } {
  let i = 0;
  let line = 1;
  while (i < bytes.length) {
    const lead = bytes[i];
    const follow =
      lead < 0x80 ? 0 : lead >= 0xc2 && lead < 0xe0 ? 1 : lead >= 0xe0 && lead < 0xf0 ? 2 : lead >= 0xf0 && lead < 0xf5 ? 3 : -1;
    if (follow < 0) break;
    let k = 1;
    while (k <= follow && (bytes[i + k] & 0xc0) === 0x80) k++;
    if (k <= follow) break;
    if (lead === 0x0a) line++;
    i += follow + 1;
  }
  return { byte: bytes[Math.min(i, bytes.length - 1)], line };
}
