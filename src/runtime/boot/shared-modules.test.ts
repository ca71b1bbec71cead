import { expect } from '../../../test/browser/helpers.js';
import { shareSmallModules } from './shared-modules.js';

/** A module that imports e.f and exports it as f: what Emscripten wraps a JS function of signature "v" in. */
const wrapper = () =>
  Uint8Array.of(0, 97, 115, 109, 1, 0, 0, 0, 1, 4, 1, 96, 0, 0, 2, 7, 1, 1, 101, 1, 102, 0, 0, 7, 5, 1, 1, 102, 0, 0);
/** An empty module with a 300-byte custom section: not small. */
const big = () => Uint8Array.of(0, 97, 115, 109, 1, 0, 0, 0, 0, 0xae, 0x02, 1, 120, ...new Array<number>(300).fill(7));

describe('small wasm modules shared while the interpreter loads', () => {
  it('compiles the same small bytes once, and each instance still gets its own imports', () => {
    const sharing = shareSmallModules();
    try {
      const first = new WebAssembly.Module(wrapper());
      expect(new WebAssembly.Module(wrapper())).to.equal(first);
      expect(first).to.be.instanceOf(WebAssembly.Module);
      expect(WebAssembly.Module.exports(first)[0]).to.deep.include({ name: 'f', kind: 'function' });
      const calls: string[] = [];
      const wrap = (name: string) =>
        new WebAssembly.Instance(new WebAssembly.Module(wrapper()), { e: { f: () => calls.push(name) } }).exports.f as () => void;
      wrap('a')();
      wrap('b')();
      expect(calls).to.deep.equal(['a', 'b']);
      expect(new WebAssembly.Module(big()), 'a big module is compiled each time').to.not.equal(new WebAssembly.Module(big()));
    } finally {
      sharing.stop();
    }
  });

  it('leaves WebAssembly.Module as it was once stopped', () => {
    const original = WebAssembly.Module;
    shareSmallModules().stop();
    expect(WebAssembly.Module).to.equal(original);
    expect(new WebAssembly.Module(wrapper())).to.not.equal(new WebAssembly.Module(wrapper()));
  });
});
