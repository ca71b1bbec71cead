"""Output: ``display()``, ``HTML`` and the streams ``print()`` writes to, each routed to the sink of
the running code's context."""

import base64

from pyodide.ffi import JsException, JsProxy

from . import _plots
from ._context import page, sink as _sink


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
    if _plots.is_figure(value):
        return "image/png", _plots.png_base64(value)
    if isinstance(value, str):
        return "text/plain", value
    return "text/plain", repr(value)


def display(*values, target=None, append=True):
    """Show values in the element's output (or in ``target``: an element id or an element).

    Text is escaped; objects with ``_repr_html_``, ``_repr_svg_``, ``_repr_png_`` or ``_repr_jpeg_``
    are rendered, as are matplotlib figures (a PNG image), and ``HTML("...")`` is inserted as raw HTML. ``append=False`` replaces what the
    target showed before.
    """
    sink = _sink.get()
    if target is not None:
        try:
            sink = (page.hooks if sink is None else sink).sinkFor(target)
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
