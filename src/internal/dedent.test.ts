import { expect } from '../../test/browser/helpers.js';
import { dedent } from './dedent.js';

describe('dedent', () => {
  it('removes common indentation and surrounding blank lines, keeping inner ones', () => {
    expect(dedent('\n    def f():\n        return 1\n\n    print(f())\n  ')).to.equal('def f():\n    return 1\n\nprint(f())');
  });

  it('normalises CRLF and ignores whitespace-only lines when finding the indentation', () => {
    expect(dedent('\r\n\tif x:\r\n  \r\n\t\ty()\r\n')).to.equal('if x:\n\n\ty()');
  });

  it('leaves unindented code alone', () => {
    expect(dedent('a = 1\n  b = 2')).to.equal('a = 1\n  b = 2');
  });
});
