"""py-elements' Python API.

In element code every name of ``__all__`` is already defined (``element`` being the running
element); the same names can be imported with ``from pyelements import ...``.

Output is routed by context, not by "whichever element runs now": each run is an asyncio task whose
context carries the element's output sink, and tasks started from that code inherit it. So a
coroutine that prints after a delay still writes into the element that started it.
"""

import asyncio
import base64
import builtins
import codeop
import contextvars
import inspect
import keyword
import linecache
import re
import sys
import time
import traceback
import types

import js
from pyodide.code import eval_code_async
from pyodide.ffi import JsException, JsProxy, can_run_sync, jsnull, run_sync, to_js

__all__ = [
    "HTML",
    "add_event_listener",
    "current_element",
    "display",
    "document",
    "fetch",
    "element",
    "remove_event_listener",
    "when",
    "window",
]

# The page's document and window; in a worker runtime, _install() replaces them (see _Unreachable).
document = getattr(js, "document", None)
window = js.globalThis

_hooks = None  # set by _install(): JS helpers that reach the page (sinkFor, baseURL...)
_unreachable = None  # in a worker without cross-origin isolation: why the page cannot be reached
_sink = contextvars.ContextVar("pyelements_sink", default=None)
_element = contextvars.ContextVar("pyelements_element", default=None)
_namespaces = {}


class _Unreachable:
    """Stands for document, window or element in a worker that cannot reach the page: any use says why."""

    def __init__(self, name, why):
        self._name = name
        self._why = why

    def __getattr__(self, attr):
        raise RuntimeError(f"{self._name}.{attr}: {self._why}")

    def __setattr__(self, attr, value):
        if attr.startswith("_"):
            return object.__setattr__(self, attr, value)
        raise RuntimeError(f"{self._name}.{attr}: {self._why}")

    def __bool__(self):
        return False

    def __repr__(self):
        return f"<{self._name}: not reachable from this worker>"


def current_element():
    """The host element of the code running in this context (None outside element code)."""
    return _element.get()


def __getattr__(name):
    # `from pyelements import element` gives the element of the importing context, not a stale one.
    if name == "element":
        return _element.get()
    raise AttributeError(f"module 'pyelements' has no attribute {name!r}")


class HTML:
    """Raw HTML for display(): ``display(HTML("<b>bold</b>"))`` inserts it unescaped."""

    def __init__(self, html):
        self.html = str(html)

    def _repr_html_(self):
        return self.html

    def __repr__(self):
        return f"HTML({self.html!r})"


_MIME_METHODS = (
    ("_repr_html_", "text/html"),
    ("_repr_svg_", "image/svg+xml"),
    ("_repr_png_", "image/png"),
    ("_repr_jpeg_", "image/jpeg"),
)


def _mime_bundle(value):
    """The richest representation of value as (mime type, data) for the JS side to render."""
    if isinstance(value, JsProxy):
        if getattr(value, "nodeType", None) is not None:
            return "application/x-dom-node", value
        return "text/plain", str(value)
    for method, mime in _MIME_METHODS:
        render = getattr(value, method, None)
        if not callable(render):
            continue
        data = render()
        if data is None:
            continue
        if mime in ("image/png", "image/jpeg") and isinstance(data, (bytes, bytearray)):
            data = base64.b64encode(data).decode("ascii")
        return mime, data
    if isinstance(value, str):
        return "text/plain", value
    return "text/plain", repr(value)


def display(*values, target=None, append=True):
    """Show values in the element's output (or in ``target``: an element id or an element).

    Text is escaped; objects with ``_repr_html_``, ``_repr_svg_``, ``_repr_png_`` or ``_repr_jpeg_``
    are rendered, and ``HTML("...")`` is inserted as raw HTML. ``append=False`` replaces what the
    target showed before.
    """
    sink = _sink.get()
    if target is not None:
        try:
            sink = (_hooks if sink is None else sink).sinkFor(target)
        except JsException as error:
            # The page's own words ("there is no element with id ..."), as the Python error it is.
            raise ValueError(f"display(target={target!r}): {getattr(error, 'message', None) or error}") from None
    elif sink is None:
        raise RuntimeError(
            "display() was called outside element code, so it has no output to write to; "
            "pass target='<element id>'"
        )
    if not append:
        sink.clear()
    for value in values:
        mime, data = _mime_bundle(value)
        sink.display(mime, data)


class _Stream:
    """sys.stdout / sys.stderr: writes go to the sink of the current context at once (no buffering),
    so ``print(x, end="")`` shows immediately. Outside element code they go to the interpreter's own
    stream (file descriptor 1 or 2), which Pyodide forwards to the browser console."""

    encoding = "utf-8"
    errors = "strict"

    def __init__(self, name, fallback):
        self.name = name
        self._fallback = fallback

    def write(self, text):
        if not isinstance(text, str):
            raise TypeError(f"write() argument must be str, not {type(text).__name__}")
        sink = _sink.get()
        if sink is None:
            self._fallback.write(text)
            self._fallback.flush()
        elif text:
            sink.write(self.name, text)
        return len(text)

    def writelines(self, lines):
        for line in lines:
            self.write(line)

    def flush(self):
        pass

    def isatty(self):
        return False

    def writable(self):
        return True

    def readable(self):
        return False

    def fileno(self):
        return 1 if self.name == "stdout" else 2


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
        ns.update({name: globals()[name] for name in __all__ if name != "element"})
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
    belong to this run and to the tasks it starts. With a ``control`` (see RunControl in
    python-runtime.ts) and JSPI, the run keeps the page responsive and stops when ``control.stop``
    becomes true.
    """
    if control is not None and can_run_sync():
        with _Breather(control):
            return await _run(source, scope, sink, element, filename, want_value)
    return await _run(source, scope, sink, element, filename, want_value)


async def _run(source, scope, sink, element, filename, want_value):
    if element is None and _unreachable is not None:
        element = _Unreachable("element", _unreachable)
    _sink.set(sink)
    _element.set(element)
    ns = namespace(scope)
    ns["element"] = element
    # Tracebacks read source lines through linecache; code from a page is not a file it can open.
    linecache.cache[filename] = (len(source), None, source.splitlines(keepends=True), filename)
    try:
        value = await eval_code_async(source, ns, filename=filename)
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


# --- Editor support: completion, hover and "is this input complete?" on the live namespace -------

_DOTTED_TAIL = re.compile(r"((?:[A-Za-z_]\w*\.)*)([A-Za-z_]\w*)?$")
_WORD_HEAD = re.compile(r"\w*")
_MAX_COMPLETIONS = 300


def _resolve(dotted, ns):
    """The object a dotted name refers to, looked up without calling anything the user wrote."""
    head, *rest = dotted.split(".")
    if head in ns:
        obj = ns[head]
    elif hasattr(builtins, head):
        obj = getattr(builtins, head)
    else:
        raise LookupError(head)
    for name in rest:
        obj = getattr(obj, name)
    return obj


def _kind(value, is_attribute):
    if isinstance(value, types.ModuleType):
        return "module"
    if isinstance(value, type):
        return "class"
    if callable(value):
        return "function"
    return "property" if is_attribute else "variable"


def _first_paragraph(doc):
    return doc.strip().split("\n\n")[0].strip() if doc else None


def _signature(value):
    try:
        return str(inspect.signature(value))
    except (TypeError, ValueError):
        return None


def complete(code, offset, scope=None):
    """Completions for the name being typed at offset: namespace names, builtins and keywords, or
    the attributes of the object before the dot (a module's members, a DOM proxy's properties...)."""
    ns = namespace(scope)
    match = _DOTTED_TAIL.search(code[:offset])
    owner, prefix = match.group(1), match.group(2) or ""
    items = []
    if owner:
        try:
            obj = _resolve(owner[:-1], ns)
            names = dir(obj)
        except Exception:  # noqa: BLE001 - nothing to complete is an answer, not an error
            return to_js([])
        show_private = prefix.startswith("_")
        for name in sorted(set(names)):
            if not name.startswith(prefix) or (name.startswith("_") and not show_private):
                continue
            try:
                value = getattr(obj, name)
            except Exception:  # noqa: BLE001 - a failing property is still a name
                items.append({"label": name, "kind": "property"})
                continue
            items.append({"label": name, "kind": _kind(value, True), "detail": type(value).__name__})
            if len(items) >= _MAX_COMPLETIONS:
                break
    else:
        for name in sorted(set(ns) | set(dir(builtins)) | set(keyword.kwlist)):
            if not name.startswith(prefix) or (name.startswith("_") and not prefix.startswith("_")):
                continue
            if keyword.iskeyword(name):
                items.append({"label": name, "kind": "keyword"})
                continue
            value = ns[name] if name in ns else getattr(builtins, name)
            items.append({"label": name, "kind": _kind(value, False), "detail": type(value).__name__})
            if len(items) >= _MAX_COMPLETIONS:
                break
    return to_js(items, dict_converter=js.Object.fromEntries)


def describe(code, offset, scope=None):
    """Hover text for the dotted name under offset: signature and docstring, or type and value."""
    ns = namespace(scope)
    left = _DOTTED_TAIL.search(code[:offset]).group(0)
    right = _WORD_HEAD.match(code, offset).group(0)
    dotted = (left + right).strip(".")
    if not dotted or keyword.iskeyword(dotted):
        return None
    try:
        value = _resolve(dotted, ns)
    except Exception:  # noqa: BLE001 - unknown names have no hover
        return None
    if callable(value) or isinstance(value, types.ModuleType):
        signature = _signature(value) if callable(value) else None
        head = dotted + (signature or "")
        doc = _first_paragraph(inspect.getdoc(value))
        return f"{head}\n\n{doc}" if doc else head
    text = repr(value)
    if len(text) > 200:
        text = text[:200] + "…"
    return f"{dotted}: {type(value).__name__} = {text}"


def is_complete(source):
    """Whether console input is ready to run, with the interactive interpreter's rules: a compound
    statement needs a blank line to end it; a syntax error is "complete" so that running shows it."""
    if not source.strip():
        return True
    # A line of only spaces is a blank line: editors auto-indent after a block's body, and a reader
    # pressing Enter on that "empty" line means to end the block, as in the terminal.
    lines = source.split("\n")
    if len(lines) > 1 and not lines[-1].strip():
        source = "\n".join(lines[:-1]) + "\n\n"
    try:
        return codeop.compile_command(source, "<input>", "single") is not None
    except (SyntaxError, ValueError, OverflowError):
        return True


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
                events.invoke(value, event)
        return _result(ok=True)
    except BaseException as exc:  # noqa: BLE001 - reported to the page like any run
        return _result(ok=False, error=format_exception(exc), errorType=type(exc).__name__, message=str(exc))
    finally:
        if previous is _MISSING:
            ns.pop("event", None)
        else:
            ns["event"] = previous


def release(element):
    """The element left the page: destroy the proxies its code registered (see events.py)."""
    events.release(element)


def _input(prompt=""):
    """input(): an inline text field in the element's output. The run waits for Enter without freezing
    the page (JavaScript Promise Integration suspends the Python stack). Where that is impossible (no
    JSPI in this browser, or code called synchronously from a JS event), window.prompt() asks."""
    prompt = str(prompt)
    sink = _sink.get()
    ask = getattr(sink, "ask", None) if sink is not None else None
    if ask is not None and getattr(sink, "askBlocks", False):
        answer = ask(prompt)  # a worker with SharedArrayBuffer: it waited for the answer already
    elif ask is not None and can_run_sync():
        answer = run_sync(ask(prompt))
    elif getattr(js.globalThis, "prompt", None) is not None:
        answer = js.globalThis.prompt(prompt)
    else:
        raise RuntimeError("input() cannot wait for an answer here (no JavaScript Promise Integration in this browser)")
    if answer is None or answer is jsnull:  # the field was cancelled (Stop, Clear, element removed)
        raise EOFError("input() was cancelled")
    return str(answer)


def _excepthook(exc_type, exc, tb):
    # Pyodide builds the message of a PythonError (a Python exception reaching JS) by capturing file
    # descriptor 2 around sys.excepthook. Write there, not to the current element's output.
    traceback.print_exception(exc_type, exc, tb, file=sys.__stderr__)


def _install(hooks):
    """Called once by the loader. A worker runtime passes the page's document and window (proxies that
    reach the page synchronously) or, without cross-origin isolation, ``unreachable``: the reason."""
    global _hooks, _unreachable, document, window
    _hooks = hooks
    why = getattr(hooks, "unreachable", None)
    if why:
        _unreachable = why
        document = _Unreachable("document", why)
        window = _Unreachable("window", why)
    elif getattr(hooks, "document", None) is not None:
        document = hooks.document
        window = hooks.window
    sys.stdout = _Stream("stdout", sys.__stdout__)
    sys.stderr = _Stream("stderr", sys.__stderr__)
    sys.excepthook = _excepthook
    builtins.input = _input
    net.install()
    namespace(None)


from . import events, net  # noqa: E402 - events imports this module's names lazily
from .events import add_event_listener, remove_event_listener, when  # noqa: E402
from .net import fetch  # noqa: E402
