"""Running code: namespaces, the run itself (and the signal handlers that keep the page alive and
make a run stoppable), runPython's evaluate, ``py-<event>`` attributes and tracebacks without our
frames."""

import ast
import linecache
import signal
import sys
import traceback

import js
from pyodide.code import CodeRunner, eval_code_async
from pyodide.ffi import can_run_sync, run_sync, to_js

from . import _plots, _top_level
from ._context import Unreachable, element as _element, page, sink as _sink
from ._explain import explain
from ._output import display
from ._stack import c_stack_window

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
        ns[_top_level.AWAIT_CALL] = _top_level.await_call
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
    return "".join(te.format()) + (_missing_module_hint(exc) if isinstance(exc, ModuleNotFoundError) else "")


def _missing_module_hint(exc):
    """One line after a ModuleNotFoundError for a module that is not in the standard library: where
    packages come from on a page."""
    module = (exc.name or "").partition(".")[0]
    if not module or module in sys.stdlib_module_names:
        return ""
    package = _lock_package(module)
    if package:  # imported in a way the code's imports do not show (importlib, exec)
        return f'{module} is in the package "{package}": add it to packages in <py-config> to load it first.\n'
    return f"{module} is not in this site's package lock file: list its wheel in packages in <py-config> (docs/packages.md).\n"


def _lock_package(module):
    """The interpreter's lock-file package that provides a top-level module, if any."""
    try:
        import pyodide_js

        for entry in pyodide_js.lockfile.packages.to_py().values():
            if module in entry.get("imports", ()):
                return entry["name"]
    except Exception:  # noqa: BLE001 - a hint only
        pass
    return None


def _result(**fields):
    return to_js(fields, dict_converter=js.Object.fromEntries)


def _failure(exc):
    """A failed run's result: the traceback, the exception's type and text, and a beginner's hint."""
    return _result(ok=False, error=format_exception(exc), errorType=type(exc).__name__, message=str(exc), hint=explain(exc))


async def run(source, scope, sink, element, filename, want_value=False):
    """Run source in the scope's namespace with output going to sink; never raises.

    Called from JS; the coroutine becomes its own asyncio task, so the context variables set here
    belong to this run and to the tasks it starts. A stoppable run is paced from JS (see pace()).
    """
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
        return _failure(exc)
    if want_value and _plots.is_figure(value):  # a figure as the REPL's last expression: the plot itself
        try:
            display(value)
            _plots.close(value)
        except BaseException as exc:  # noqa: BLE001 - a figure that cannot draw is the user's error
            return _failure(exc)
        return _result(ok=True)
    if want_value and value is not None:
        try:
            return _result(ok=True, value=repr(value))
        except BaseException as exc:  # noqa: BLE001 - a broken __repr__ is the user's error
            return _failure(exc)
    return _result(ok=True)


async def _evaluate(source, ns, filename):
    """The part of a run a KeyboardInterrupt may end (see _in_run): Pyodide compiling the code,
    then the code; whatever is raised here reaches run's handlers. Where Python cannot suspend (no
    JSPI), top-level input() and sleep() calls are awaited instead (_top_level.py)."""
    runner = CodeRunner(source, filename=filename, flags=ast.PyCF_ALLOW_TOP_LEVEL_AWAIT)  # as eval_code_async
    if not can_run_sync():
        runner.ast = _top_level.rewrite(runner.ast)
    return await runner.compile().run_async(ns)


def _in_run(frame):
    """Whether the frame is within a run's own compile-and-code (_evaluate), where a KeyboardInterrupt
    ends the run; elsewhere (formatting a traceback, converting a result, a task an earlier run left)
    it would be swallowed or garble the run's report."""
    while frame is not None:
        if frame.f_code is _evaluate.__code__:
            return True
        frame = frame.f_back
    return False


def watch_interrupts(rearm):
    """A worker on an isolated page: Stop writes SIGINT into Pyodide's interrupt buffer, and Python
    notices it at its next check, wherever that is. It is raised only within a run's code; elsewhere
    ``rearm`` asks again, if the stop is for a run that has not finished (a run stopped a few ms
    after it began went on looping otherwise)."""

    def on_sigint(signum, frame):
        if _in_run(frame):
            raise KeyboardInterrupt
        rearm()

    signal.signal(signal.SIGINT, on_sigint)


def pace(pacer):
    """The page: its interrupt buffer is ``pacer`` (page/run-pacer.ts), which reads SIGINT every ~50 ms
    of a stoppable run, or at once after Stop. Each time, if the signal is noticed in the run's own
    code, Python suspends for one turn of the browser's event loop (JSPI), so the page repaints and
    handles clicks, such as Stop; then a pending stop raises KeyboardInterrupt there. Noticed anywhere
    else it is ignored, and the pacer asks again a slice later. Nothing is paid between ticks: CPython
    reads the buffer on its own."""

    busy = False

    def on_sigint(signum, frame):
        nonlocal busy
        # Only in the run's code. CPython also notices signals in Python that Pyodide itself runs while
        # it enters or leaves a stack switch (asyncio's bookkeeping for a promise callback, a blocking
        # call's resumption): suspending there found no thread state to hand control back to, and
        # input(), urlopen() and fetch blocks hung ("Cannot stack switch", the blocking tests).
        if busy or not _in_run(frame):
            return
        busy = True  # run_sync runs Python too: a signal noticed meanwhile must not nest a second breath
        try:
            if not pacer.stopping:
                if can_run_sync():
                    run_sync(pacer.breathe())
                else:
                    pacer.held()  # no JSPI: the page cannot repaint, so Stop cannot be pressed either
            if pacer.stopping:
                pacer.stopped()
                raise KeyboardInterrupt("stopped from the page")
        finally:
            busy = False

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
    with c_stack_window():  # called synchronously from an event listener, wherever the stack is
        return _run_attribute(code, scope, event, filename)


def _run_attribute(code, scope, event, filename):
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
        return _failure(exc)
    finally:
        if previous is _MISSING:
            ns.pop("event", None)
        else:
            ns["event"] = previous
