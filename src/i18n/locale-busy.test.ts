// A language's table that comes just after the page was held busy for longer than the table's
// limit (Python's start, for seconds in WebKit) is used, not given up for English.
import { expect } from '../../test/browser/helpers.js';
import { addLanguageForTests, loadMessages, messagesForLang } from './locale.js';
import { en } from './messages.js';

describe('a language table while the page is held busy', () => {
  it('counts only the time the page could hear it: one that comes after a long busy spell is used', async () => {
    const table = { ...en, run: 'Courir' };
    // Comes 100 ms after the page is free again: a timer of 5 s expired during the busy spell, and
    // ran first, gave it up for English.
    addLanguageForTests('qz', () => new Promise((resolve) => setTimeout(() => setTimeout(() => resolve(table), 100), 0)));
    const loading = loadMessages('qz')!;
    const end = performance.now() + 5500; // longer than the 5 s a table gets
    while (performance.now() < end);
    await loading;
    expect(messagesForLang('qz').run).to.equal('Courir');
  });
});
