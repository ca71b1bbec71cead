import { expect, mount, unmountAll } from '../../test/browser/helpers.js';
import { readInlineCode } from './inline-code.js';

describe('readInlineCode', () => {
  afterEach(unmountAll);

  it('reads a <script type="text/python"> child exactly, < and & included', () => {
    const host = mount(`<div>
      <script type="text/python">
        if 1 < 2 and "&amp;" != "&":
            print("<b>")
      </script>
    </div>`);
    expect(readInlineCode(host)).to.equal('if 1 < 2 and "&amp;" != "&":\n    print("<b>")');
  });

  it('reads plain text, decoding entities', () => {
    const host = mount(`<div>
      x = 1 &lt; 2
      print(x)
    </div>`);
    expect(readInlineCode(host)).to.equal('x = 1 < 2\nprint(x)');
  });

  it('explains when the parser turned code into elements', () => {
    const host = mount(`<div>if a<b: print(a)</div>`);
    expect(() => readInlineCode(host)).to.throw(/read part of the Python code as a <b:> tag.*<script type="text\/python">/s);
  });

  it('ignores the output container the element added itself', () => {
    const host = mount(`<div>print(1)<div data-py-elements>old output</div></div>`);
    expect(readInlineCode(host)).to.equal('print(1)');
  });
});
