"""Running code: namespaces, the run itself (with the breather that keeps the page alive and makes
it stoppable), runPython's evaluate, ``py-<event>`` attributes and tracebacks without our frames."""

import linecache
import signal
import sys
import time
import traceback

import js
from pyodide.code import eval_code_async
from pyodide.ffi import can_run_sync, run_sync, to_js

from ._context import Unreachable, element as _element, page, sink as _sink

_namespaces = {}


def namespace(scope=None):
    """The globals dict shared by every element with this scope (None: the page's main scope)."""
    key = scope or ""
    ns = _namespaces.get(key)
    if ns is None:
        if key == "":
            import __main__

            ns = __main__.__dict__
        else:
            ns = {"__name__": "__main__", "__builtins__": __builtins__}
        # Every public name (the README's API table), so element code needs no import; `element` is
        # set per run. A learner's own definition of a name simply replaces ours in that namespace.
        import pyelements

        ns.update({name: getattr(pyelements, name) for name in pyelements.__all__ if name != "element"})
        _namespaces[key] = ns
    return ns


# Frames from these places are plumbing the user did not write; tracebacks leave them out.
_INTERNAL_DIRS = ("/_pyodide/", "/pyodide/", __file__.rsplit("/", 1)[0] + "/")


def _is_internal(filename):
    return any(part in filename for part in _INTERNAL_DIRS)


def _trim(te, seen=None):
    seen = set() if seen is None else seen
    if id(te) in seen:
        return
    seen.add(id(te))
    te.stack = traceback.StackSummary.from_list([f for f in te.stack if not _is_internal(f.filename)])
    for chained in (te.__cause__, te.__context__):
        if chained is not None:
            _trim(chained, seen)
    for group_member in getattr(te, "exceptions", None) or ():
        _trim(group_member, seen)


def format_exception(exc):
    """The traceback a Python user expects, without the interpreter's own frames."""
    te = traceback.TracebackException.from_exception(exc)
    _trim(te)
    return "".join(te.format())


def _result(**fields):
    return to_js(fields, dict_converter=js.Object.fromEntries)


class _Breather:
    """Keeps the page alive during a long computation and lets it be stopped.

    A sys.monitoring callback on jumps (every loop iteration): every ~50 ms of running Python it
    suspends the Python stack for one turn of the browser's event loop (JSPI), so the page repaints
    and handles clicks, such as a Stop button that sets ``control.stop``; then it raises
    KeyboardInterrupt in the running code. A tight loop runs about 4-5x slower while this is on
    (measured in docs/decisions.md); code that does real work per iteration, much less.
    """

    _MAX_CHECK_EVERY = 1000  # jumps between clock reads, for loops whose iterations are cheap
    _SLICE = 0.05  # seconds of Python between breaths
    # Clock reads aim at this spacing. Counting jumps alone let a loop whose iterations are slow (each
    # print() writes to the page) run 1000 iterations, a second or more on a loaded machine, between
    # two looks at the clock: the breath is due by time, so the clock is read by time too.
    _CHECK_SPACING = _SLICE / 5

    def __init__(self, control):
        self.control = control
        self.count = 0
        self.check_every = 1  # grows to the maximum within ten clock reads when iterations are cheap
        self.last = self.checked = time.monotonic()
        self.breathing = False

    def on_jump(self, code, offset, destination):
        self.count += 1
        if self.count < self.check_every or self.breathing:
            return
        self.count = 0
        now = time.monotonic()
        spacing = now - self.checked
        self.checked = now
        if spacing > self._CHECK_SPACING:
            self.check_every = max(1, self.check_every // 2)
        elif spacing < self._CHECK_SPACING / 4:
            self.check_every = min(self._MAX_CHECK_EVERY, self.check_every * 2)
        if now - self.last >= self._SLICE:
            # A JS promise (a setTimeout), not an asyncio task: Python code running while we are
            # suspended would call back into this very function.
            self.breathing = True
            try:
                run_sync(self.control.breathe())
            finally:
                self.breathing = False
            self.last = self.checked = time.monotonic()
        if self.control.stop:
            self.control.stop = False
            raise KeyboardInterrupt("stopped from the page")

    def __enter__(self):
        monitoring = sys.monitoring
        self.tool = next((i for i in range(6) if monitoring.get_tool(i) is None), None)
        if self.tool is not None:
            monitoring.use_tool_id(self.tool, "py-elements")
            monitoring.register_callback(self.tool, monitoring.events.JUMP, self.on_jump)
            monitoring.set_events(self.tool, monitoring.events.JUMP)
        return self

    def __exit__(self, *exc):
        if self.tool is not None:
            sys.monitoring.set_events(self.tool, 0)
            sys.monitoring.register_callback(self.tool, sys.monitoring.events.JUMP, None)
            sys.monitoring.free_tool_id(self.tool)


async def run(source, scope, sink, element, filename, want_value=False, control=None):
    """Run source in the scope's namespace with output going to sink; never raises.

    Called from JS; the coroutine becomes its own asyncio task, so the context variables set here
    belong to this run and to the tasks it starts. With a ``control`` (see PythonRunControl in
    boot/python-api.ts) and JSPI, the run keeps the page responsive and stops when ``control.stop``
    becomes true.
    """
    if control is not None and can_run_sync():
        with _Breather(control):
            return await _run(source, scope, sink, element, filename, want_value)
    return await _run(source, scope, sink, element, filename, want_value)


async def _run(source, scope, sink, element, filename, want_value):
    if element is None and page.unreachable is not None:
        element = Unreachable("element", page.unreachable)
    _sink.set(sink)
    _element.set(element)
    ns = namespace(scope)
    ns["element"] = element
    # Tracebacks read source lines through linecache; code from a page is not a file it can open.
    linecache.cache[filename] = (len(source), None, source.splitlines(keepends=True), filename)
    try:
        value = await _evaluate(source, ns, filename)
    except SystemExit as exc:
        if exc.code in (None, 0):
            return _result(ok=True)
        return _result(ok=False, error=format_exception(exc), errorType="SystemExit", message=str(exc))
    except BaseException as exc:  # noqa: BLE001 - every failure is reported to the page
        return _result(ok=False, error=format_exception(exc), errorType=type(exc).__name__, message=str(exc))
    if want_value and value is not None:
        try:
            return _result(ok=True, value=repr(value))
        except BaseException as exc:  # noqa: BLE001 - a broken __repr__ is the user's error
            return _result(ok=False, error=format_exception(exc), errorType=type(exc).__name__, message=str(exc))
    return _result(ok=True)


async def _evaluate(source, ns, filename):
    """The part of a run a KeyboardInterrupt may end (see watch_interrupts): Pyodide compiling the code,
    then the code; whatever is raised here reaches _run's handlers."""
    return await eval_code_async(source, ns, filename=filename)


def watch_interrupts(rearm):
    """A worker on an isolated page: Stop writes SIGINT into Pyodide's interrupt buffer, and Python
    notices it at its next check, wherever that is. Noticed after the code (formatting its traceback,
    converting its result) or between runs (an asyncio callback of the previous run), the
    KeyboardInterrupt was swallowed or garbled, and a run stopped a few ms after it began went on
    looping until the worker was restarted. So it is raised only within _evaluate; elsewhere
    ``rearm`` asks again, if the stop is for a run that has not finished.
    """

    def on_sigint(signum, frame):
        while frame is not None:
            if frame.f_code is _evaluate.__code__:
                raise KeyboardInterrupt
            frame = frame.f_back
        rearm()

    signal.signal(signal.SIGINT, on_sigint)


async def evaluate(source, scope=None):
    """runPython() from page JavaScript: the value of the last expression (converted to JavaScript),
    or the traceback. Output goes to the console: there is no element to show it in."""
    filename = "<runPython>"
    linecache.cache[filename] = (len(source), None, source.splitlines(keepends=True), filename)
    token = _sink.set(None)
    try:
        value = await eval_code_async(source, namespace(scope), filename=filename)
    except BaseException as exc:  # noqa: BLE001 - reported to the caller as a rejection
        return _result(ok=False, error=format_exception(exc), errorType=type(exc).__name__)
    finally:
        _sink.reset(token)
    return _result(ok=True, value=value)


_MISSING = object()


def run_attribute(code, scope, event, element, filename):
    """Runs the code of a ``py-<event>="..."`` attribute in the scope, with ``event`` bound. If the
    code is an expression whose value is callable, that is called with the event (or nothing)."""
    ns = namespace(scope)
    previous = ns.get("event", _MISSING)
    ns["event"] = event
    linecache.cache[filename] = (len(code), None, code.splitlines(keepends=True), filename)
    try:
        try:
            compiled = compile(code, filename, "eval")
        except SyntaxError:
            exec(compile(code, filename, "exec"), ns)
        else:
            value = eval(compiled, ns)
            if callable(value):
                from . import events

                events.invoke(value, event)
        return _result(ok=True)
    except BaseException as exc:  # noqa: BLE001 - reported to the page like any run
        return _result(ok=False, error=format_exception(exc), errorType=type(exc).__name__, message=str(exc))
    finally:
        if previous is _MISSING:
            ns.pop("event", None)
        else:
            ns["event"] = previous
