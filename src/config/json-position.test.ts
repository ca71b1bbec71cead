import { expect } from '../../test/browser/helpers.js';
import { jsonErrorOffset } from './json-position.js';

describe('jsonErrorOffset', () => {
  it('is -1 for valid JSON, whatever JSON.parse accepts', () => {
    for (const text of ['{}', '[]', ' {"a": [1, -2.5e3, true, false, null, "x\\"y"]} ', '"s"', '0']) {
      expect(() => JSON.parse(text)).not.to.throw();
      expect(jsonErrorOffset(text), text).to.equal(-1);
    }
  });

  it('points at the first character JSON.parse cannot accept', () => {
    expect(jsonErrorOffset('{\n  "packages": [1,]\n}')).to.equal(19); // the ] after a trailing comma
    expect(jsonErrorOffset('{"a" 1}')).to.equal(5);
    expect(jsonErrorOffset("{'a': 1}")).to.equal(1);
    expect(jsonErrorOffset('[1, 2')).to.equal(5);
    expect(jsonErrorOffset('{} x')).to.equal(3);
  });
});
