/**
 * py-elements: one `<script type="module" src=".../py-elements.js">` and the page can use
 * `<py-script>` and `<py-repl>`. Each element's code is downloaded when the page has one (a REPL's
 * when it nears the viewport: define-on-demand.ts), and Python only when an element needs it.
 *
 * The composition root: it hands the runtime what it needs from the page (the runtime never touches
 * the DOM itself; docs/architecture.md), starts the page-wide features and exports the public API.
 * The elements' classes are exported as types: defineElements() resolves with them as values.
 */
import { quickIndexURL, readPageConfig } from './config/read-config.js';
import { defineOnDemand } from './define-on-demand.js';
import { watchEventAttributes } from './features/event-attributes.js';
import { upgradeCodeBlocks } from './features/upgrade-code-blocks.js';
import { installPageStyles } from './output/page-styles.js';
import { providePageServices } from './runtime/hubs.js';

providePageServices({
  config: () => readPageConfig(),
  indexURL: () => quickIndexURL(),
  sinks: () => import('./output/dom-output.js').then((output) => output.createSinkFor),
  emit: (event) => document.dispatchEvent(event),
});
installPageStyles();
watchEventAttributes();
defineOnDemand();
void upgradeCodeBlocks();

export { PyConfigElement } from './components/py-config/py-config.js';
export type { PyExportElement } from './components/py-export/py-export.js';
export type { PyProgressElement } from './components/py-progress/py-progress.js';
export type { PyReplElement } from './components/py-repl/py-repl.js';
export type { PyScriptElement } from './components/py-script/py-script.js';
export { defineElements, type ElementClasses } from './define-on-demand.js';
export { PyCheckEvent, type CheckResult, type PyCheckDetail } from './events/py-check.js';
export { PyDoneEvent, type PyDoneDetail } from './events/py-done.js';
export { PyProgressEvent, type ExerciseReport, type PyProgressDetail } from './events/py-progress.js';
export { PyRunEvent } from './events/py-run.js';
export {
  PyRuntimeErrorEvent,
  PyRuntimeProgressEvent,
  PyRuntimeReadyEvent,
  PyRuntimeStoppedEvent,
} from './events/runtime-events.js';
export type { RunResult, RuntimeKind } from './runtime/contract.js';
export type { RuntimeState, RuntimeStatus } from './runtime/hub.js';
export { getRuntime, onRuntimeState, restartRuntime, runtimeState } from './runtime/hubs.js';
export { PythonError, globals, ready, runPython, type PythonGlobals, type RunPythonOptions } from './runtime/js-api.js';
export { PYODIDE_VERSION, version } from './runtime/version.js';
