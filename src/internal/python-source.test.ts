// Python source files from a server: decoded as CPython decodes a file, never silently mangled.
import { expect } from '../../test/browser/helpers.js';
import { decodePythonSource } from './python-source.js';

const bytes = (...parts: (string | number[])[]) =>
  new Uint8Array(parts.flatMap((part) => (typeof part === 'string' ? [...new TextEncoder().encode(part)] : part)));
const decode = (data: Uint8Array) => decodePythonSource(data, 'src="cafe.py"');
const error = (data: Uint8Array) => {
  try {
    return decode(data);
  } catch (e) {
    return (e as Error).message;
  }
};

describe('decodePythonSource', () => {
  it('reads UTF-8, with or without a byte order mark', () => {
    expect(decode(bytes('print("café")\n'))).to.equal('print("café")\n');
    expect(decode(bytes([0xef, 0xbb, 0xbf], 'x = 1\n'))).to.equal('x = 1\n');
  });

  it('follows a coding declaration on the first or second line', () => {
    const latin1 = bytes('# -*- coding: latin-1 -*-\nprint("caf', [0xe9], '")\n');
    expect(decode(latin1)).to.equal('# -*- coding: latin-1 -*-\nprint("café")\n');
    const second = bytes('#!/usr/bin/env python\n# vim: set fileencoding=iso-8859-15 :\ns = "', [0xa4], '"\n');
    expect(decode(second).split('\n')[2]).to.equal('s = "€"');
    // On line 2 only after a comment or blank line 1, as in CPython.
    expect(error(bytes('x = 1\n# coding: latin-1\ny = "', [0xe9], '"\n'))).to.contain('is not UTF-8');
  });

  it('says what is wrong with a file that is not UTF-8 and declares nothing, instead of printing caf\uFFFD', () => {
    expect(error(bytes('x = 1\nprint("caf', [0xe9], '")\n'))).to.equal(
      'src="cafe.py": the file is not UTF-8 (byte 0xE9 on line 2) and declares no encoding: save it as UTF-8, ' +
        'or add a line such as "# -*- coding: latin-1 -*-" at the top',
    );
  });

  it('names an unknown declared encoding, and a file that does not match its declaration', () => {
    expect(error(bytes('# coding: klingon\n'))).to.equal('src="cafe.py": unknown encoding "klingon" in its coding declaration');
    expect(error(bytes('# coding: utf-8\nprint("caf', [0xe9], '")\n'))).to.equal(
      'src="cafe.py": the file is not valid utf-8, as its coding declaration says',
    );
  });
});
