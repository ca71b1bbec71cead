import { expect, mount, nextEvent, outputText } from '../../../test/browser/helpers.js';
import '../../index.js';

describe('smoke', () => {
  it('prints', async () => {
    const el = mount(`<py-script><script type="text/python">print(1 < 2)</script></py-script>`);
    const done = await nextEvent(el, 'py-done');
    expect(done.detail.ok, done.detail.error).to.be.true;
    expect(outputText(el)).to.equal('True\n');
  });
});
