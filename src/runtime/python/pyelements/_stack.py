"""Deep recursion in C raises RecursionError instead of stopping Python.

CPython 3.14 guards C recursion (repr, json, pickle, deepcopy of nested data) by the C stack
pointer, and Pyodide gives it 10 MB of stack in wasm memory; but every C frame also takes room on
the browser's own stack (~1 MB in Chromium), which runs out first and kills the interpreter
("Maximum call stack size exceeded", Pyodide issue #5959). So while a piece of our Python runs, its
thread state is told that its stack is C_STACK_BYTES deep from where that piece starts
(docs/decisions.md has the measurements).

Per call, and only for its length. With JSPI, every call from JavaScript that may suspend (each step
of an asyncio task: every run is one) runs in a thread state of its own, placed wherever Pyodide
finds room in the wasm stack, below a suspended run for instance; and the thread state that
JavaScript calls synchronously (a promise callback resolving a future) may be entered deep too. A
window left in place for later calls made those fail: one from the top of the stack hung ``input()``
in a ``<py-script>``, one from the start of the interpreter hung a run when Pyodide's own
``set_result`` found "no room" (docs/decisions.md).
"""

import asyncio
from contextlib import contextmanager

C_STACK_BYTES = 128 * 1024

# Windows in force, per thread state (a synchronous call may nest in a step: the outer window comes back).
_windows = {}


@contextmanager
def c_stack_window():
    """While the block runs, the running thread state may use C_STACK_BYTES of C stack below here."""
    # Looked up per call: a memory snapshot may hold no reference to a JavaScript object.
    from pyodide_js import _module

    here = _module._emscripten_stack_get_current()
    lowest = max(here - C_STACK_BYTES, _module._emscripten_stack_get_end())
    thread_state = _module._PyThreadState_Get()
    stack = _windows.setdefault(thread_state, [])
    stack.append((lowest, here - lowest))
    _protect(_module, thread_state, lowest, here - lowest)
    try:
        yield
    finally:
        stack.pop()
        if stack:
            _protect(_module, thread_state, *stack[-1])
        else:
            del _windows[thread_state]
            _module._PyUnstable_ThreadState_ResetStackProtection(thread_state)


def _protect(module, thread_state, lowest, size):
    if module._PyUnstable_ThreadState_SetStackProtection(thread_state, lowest, size) != 0:
        module._PyErr_Clear()  # too small a window: keep CPython's own limits


def install():
    """Every asyncio callback (each step of every run, and of the tasks its code starts) runs in a
    window from where it starts."""
    run_handle = asyncio.events.Handle._run

    def _run(self):
        with c_stack_window():
            return run_handle(self)

    asyncio.events.Handle._run = _run
