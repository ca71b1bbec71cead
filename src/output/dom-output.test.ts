// How much printed output an element keeps: a bounded page, whatever the program prints.
import { expect } from '../../test/browser/helpers.js';
import { DomOutput, MAX_CHARS, MAX_LINES } from './dom-output.js';

const shownText = (container: Element) =>
  [...container.querySelectorAll('.py-stdout, .py-stderr')].map((span) => span.textContent).join('');
const marker = (container: Element) => container.querySelector('.py-hidden-lines')?.textContent;

describe('DomOutput bounds', () => {
  it('lays a batch of many lines (a worker sends them so) out in blocks of at most 100 lines, reading as one text', () => {
    const container = document.createElement('div');
    const output = new DomOutput(container);
    const lines = Array.from({ length: 1234 }, (_, i) => `${i}\n`);
    output.write('stdout', 'start: ');
    output.write('stdout', lines.slice(0, 1000).join(''));
    output.write('stderr', 'warning\n');
    output.write('stdout', lines.slice(1000).join(''));
    expect(shownText(container)).to.equal(`start: ${lines.slice(0, 1000).join('')}warning\n${lines.slice(1000).join('')}`);
    const blocks = [container, ...container.querySelectorAll('.py-chunk')];
    expect(blocks.length).to.be.at.least(12);
    for (const block of blocks) {
      const own = [...block.children].filter((child) => child.localName === 'span');
      const text = own.map((span) => span.textContent).join('');
      expect(text.split('\n').length - 1, 'lines in one block').to.be.at.most(100);
    }
    // A block starts only where a line ends.
    for (const block of container.querySelectorAll('.py-chunk')) {
      const previous = block.previousElementSibling!;
      expect(previous.textContent!.endsWith('\n'), 'the block before ends a line').to.equal(true);
    }
  });

  it('keeps an endless line without newlines bounded, newest characters last', () => {
    // print("x", end="") in a loop: 0 lines, so a line count alone never trimmed it.
    const container = document.createElement('div');
    const output = new DomOutput(container);
    const piece = '0123456789'.repeat(10);
    for (let i = 0; i < 20_000; i++) output.write('stdout', piece); // 2,000,000 characters
    output.write('stdout', 'END');
    const shown = shownText(container);
    expect(shown.length).to.be.at.most(MAX_CHARS);
    expect(shown.length).to.be.above(MAX_CHARS / 2);
    expect(shown.endsWith('0123456789END')).to.equal(true);
    expect(marker(container)).to.match(/^… [\d,]+ earlier characters hidden$/);
    const hidden = Number(/([\d,]+)/.exec(marker(container)!)![1].replace(/,/g, ''));
    expect(hidden + shown.length).to.equal(2_000_003);
  });

  it(`keeps many short lines to ${MAX_LINES} lines, counting what it hid`, () => {
    const container = document.createElement('div');
    const output = new DomOutput(container);
    for (let i = 0; i < 20_000; i++) output.write('stdout', `${i}\n`);
    const lines = shownText(container).split('\n').slice(0, -1);
    expect(lines.length).to.be.at.most(MAX_LINES);
    expect(lines.at(-1)).to.equal('19999');
    const hidden = Number(/^… ([\d,]+) earlier lines hidden$/.exec(marker(container)!)![1].replace(/,/g, ''));
    expect(hidden + lines.length).to.equal(20_000);
    expect(Number(lines[0])).to.equal(hidden); // nothing lost in between
  });

  it('bounds long lines by characters too', () => {
    const container = document.createElement('div');
    const output = new DomOutput(container);
    const line = `${'y'.repeat(999)}\n`; // 1,000 characters a line: 5,000 of them would be 5 MB
    for (let i = 0; i < 3000; i++) output.write('stdout', line);
    expect(shownText(container).length).to.be.at.most(MAX_CHARS);
    expect(marker(container)).to.match(/^… [\d,]+ earlier lines hidden$/);
  });
});
