/**
 * Every element's code, in one chunk that py-elements.js loads when the page has an element
 * (define-on-demand.ts): importing it defines them all.
 */
export { PyExportElement } from './components/py-export/py-export.js';
export { PyProgressElement } from './components/py-progress/py-progress.js';
export { PyReplElement } from './components/py-repl/py-repl.js';
export { PyScriptElement } from './components/py-script/py-script.js';
