/**
 * py-elements: one `<script type="module" src=".../py-elements.js">` and the page can use
 * `<py-script>` and `<py-repl>`. Python itself is downloaded only when an element needs it.
 */
import { watchEventAttributes } from './internal/event-attributes.js';
import { installPageStyles } from './internal/page-styles.js';
import { upgradeCodeBlocks } from './internal/upgrade-code-blocks.js';

installPageStyles();
watchEventAttributes();
void upgradeCodeBlocks();

export { PyConfigElement } from './components/py-config/py-config.js';
export { PyReplElement } from './components/py-repl/py-repl.js';
export { PyScriptElement } from './components/py-script/py-script.js';
export { PyCheckEvent, type CheckResult, type PyCheckDetail } from './events/py-check.js';
export { PyDoneEvent, type PyDoneDetail } from './events/py-done.js';
export { PyRunEvent } from './events/py-run.js';
export {
  PyRuntimeErrorEvent,
  PyRuntimeProgressEvent,
  PyRuntimeReadyEvent,
  PyRuntimeStoppedEvent,
  type RuntimeKind,
} from './events/runtime-events.js';
export { PYODIDE_VERSION, version } from './runtime/config.js';
export { PythonError, globals, ready, runPython, type PythonGlobals, type RunPythonOptions } from './runtime/js-api.js';
export type { RunResult } from './runtime/python-runtime.js';
export {
  getRuntime,
  onRuntimeState,
  restartRuntime,
  runtimeState,
  type RuntimeState,
  type RuntimeStatus,
} from './runtime/runtime.js';
