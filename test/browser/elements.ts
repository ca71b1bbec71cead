/**
 * For tests that use the elements at once, as a page's own script would after `await
 * defineElements()`: py-elements' entry (the page's services and features), with every element
 * defined before the first test. (src/define-on-demand.test.ts tests the entry's own way.)
 */
import { defineElements } from '../../src/index.js';

await defineElements();
