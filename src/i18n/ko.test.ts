import { englishWords } from '../../test/browser/english-words.js';
import { expect } from '../../test/browser/helpers.js';
import { type Messages, en } from './messages.js';
import { ko } from './ko.js';

/** Every message of a table, functions called with a few sets of arguments (numbers read as names too). */
function allTexts(table: Messages): string[] {
  const texts: string[] = [];
  const collect = (value: unknown) => {
    if (typeof value === 'string') texts.push(value);
    else if (typeof value === 'function') {
      for (const args of [
        [1, 1, 1],
        [3, 5, 7],
        [0, 0, 0],
        [2, '', ''],
      ])
        texts.push(String((value as (...a: unknown[]) => unknown)(...args)));
    } else if (value && typeof value === 'object') Object.values(value).forEach(collect);
  };
  collect(table);
  return texts;
}

describe('the Korean message table', () => {
  it('has no English left', () => {
    const english = allTexts(ko).flatMap((text) => englishWords(text).map((word) => `${word} in ${JSON.stringify(text)}`));
    expect(english).to.deep.equal([]);
  });

  it('finds English where it is (the check bites)', () => {
    const leaked = { ...ko, stop: 'Stop' };
    expect(allTexts(leaked).flatMap((text) => englishWords(text))).to.deep.equal(['Stop']);
  });

  it('has every error explanation the English table has', () => {
    expect(Object.keys(ko.errorHints)).to.deep.equal(Object.keys(en.errorHints));
  });
});
