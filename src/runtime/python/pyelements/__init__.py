"""py-elements' Python API.

In element code every name of ``__all__`` is already defined (``element`` being the running
element); the same names can be imported with ``from pyelements import ...``.

Output is routed by context, not by "whichever element runs now": each run is an asyncio task whose
context carries the element's output sink, and tasks started from that code inherit it. So a
coroutine that prints after a delay still writes into the element that started it.

The package, by concern: ``_output`` (display, HTML, the print streams), ``_run`` (namespaces,
running code, tracebacks, stopping), ``_editor`` (completion, hover, console rules), ``_io``
(input), ``_plots`` (matplotlib in place), ``_stack`` (RecursionError before the browser's stack
runs out), ``events`` (add_event_listener, when), ``net`` (fetch, urlopen). This module holds the
public names, the functions JavaScript calls, and ``_install``.
"""

import builtins
import sys

import js

from . import _io, _plots, _stack, events, net
from ._context import Unreachable, element as _element, page
from ._editor import complete, describe, is_complete  # noqa: F401 - called from JavaScript
from ._output import HTML, _Stream, display
from ._run import evaluate, format_exception, namespace, pace, run, run_attribute, watch_interrupts  # noqa: F401 - called from JavaScript
from .events import add_event_listener, remove_event_listener, when
from .net import fetch

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

# The page's document and window, set by _install(): in a worker, the page's through the hooks, or
# Unreachable. Not at import: a snapshot imports this package, and can hold no page objects.
document = None
window = None


def current_element():
    """The host element of the code running in this context (None outside element code)."""
    return _element.get()


def __getattr__(name):
    # `from pyelements import element` gives the element of the importing context, not a stale one.
    if name == "element":
        return _element.get()
    raise AttributeError(f"module 'pyelements' has no attribute {name!r}")


def release(element):
    """The element left the page: destroy the proxies its code registered (see events.py)."""
    events.release(element)


def _sources_stamp():
    """A checksum of this package's sources as they are on disk now. Whoever snapshots an interpreter
    with the package imported records it in ``_built_from`` (wasm/snapshot.mjs, boot/snapshot.ts); a
    start from that snapshot keeps these modules only while the sources written beside them are the
    same (start-interpreter.ts), so another build's snapshot under this page's bundle imports afresh."""
    import os
    import zlib

    folder = os.path.dirname(__file__)
    crc = 0
    for name in sorted(os.listdir(folder)):
        if name.endswith(".py"):
            with open(f"{folder}/{name}", "rb") as file:
                crc = zlib.crc32(name.encode() + b"\0" + file.read(), crc)
    return crc


def _install(hooks):
    """Called once by the loader. A worker interpreter passes the page's document and window (proxies that
    reach the page synchronously) or, without cross-origin isolation, ``unreachable``: the reason."""
    global document, window
    page.hooks = hooks
    why = getattr(hooks, "unreachable", None)
    if why:
        page.unreachable = why
        document = Unreachable("document", why)
        window = Unreachable("window", why)
    elif getattr(hooks, "document", None) is not None:
        document = hooks.document
        window = hooks.window
    else:
        document = getattr(js, "document", None)
        window = js.globalThis
    sys.stdout = _Stream("stdout", sys.__stdout__)
    sys.stderr = _Stream("stderr", sys.__stderr__)
    sys.excepthook = _io.excepthook
    builtins.input = _io.input
    net.install()
    _stack.install()
    _plots.install()
    namespace(None)
