"""Deep recursion in C raises RecursionError instead of stopping Python.

CPython 3.14 guards C recursion (repr, json, pickle, deepcopy of nested data) by the C stack
pointer, and Pyodide gives it 10 MB of stack in wasm memory; but every C frame also takes room on
the browser's own stack (~1 MB in Chromium), which runs out first and kills the interpreter
("Maximum call stack size exceeded", Pyodide issue #5959). So each run tells CPython its stack is
C_STACK_BYTES deep from where the Python call starts (docs/decisions.md has the measurements).

Per call, not once for the interpreter: with JSPI, every call from JavaScript that may suspend (each
step of an asyncio task: every run is one) runs in a thread state of its own, placed wherever
Pyodide finds room in the wasm stack, below a suspended run for instance. One window from the top
of the stack left calls that started deep with no room at all, and ``input()`` in a ``<py-script>``
hung (docs/decisions.md).
"""

import asyncio

C_STACK_BYTES = 128 * 1024


def limit_c_stack():
    """The running thread state may use C_STACK_BYTES of C stack below this point."""
    # Looked up per call: a memory snapshot may hold no reference to a JavaScript object.
    from pyodide_js import _module

    here = _module._emscripten_stack_get_current()
    lowest = max(here - C_STACK_BYTES, _module._emscripten_stack_get_end())
    thread_state = _module._PyThreadState_Get()
    if _module._PyUnstable_ThreadState_SetStackProtection(thread_state, lowest, here - lowest) != 0:
        _module._PyErr_Clear()  # too small a window: keep CPython's own limits


def install():
    """Every asyncio callback (each step of every run, and of the tasks its code starts) gets the
    window from where it starts; so does the thread state JavaScript calls synchronously (event
    handlers), from here, near the top of the stack."""
    run_handle = asyncio.events.Handle._run

    def _run(self):
        limit_c_stack()
        return run_handle(self)

    asyncio.events.Handle._run = _run
    limit_c_stack()
