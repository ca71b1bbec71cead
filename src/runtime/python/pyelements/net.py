"""Networking that works in the browser: ``urllib.request.urlopen(url).read()`` and ``fetch``.

CPython's sockets do not exist in a browser. urlopen() for http(s) URLs goes through the browser's
fetch() instead: with JavaScript Promise Integration the Python stack waits for it without freezing the
page; without it, a synchronous XMLHttpRequest does the job (binary-safe, but it blocks the page while
it runs). The usual browser rules apply: same origin, or a server that allows CORS.

Nothing here is imported at start-up: urllib.request and email cost ~0.4 s to import in the browser,
so urllib is patched by an import hook the first time a program imports it.
"""

import importlib.abc
import importlib.machinery
import io
import sys

import js
from pyodide.ffi import can_run_sync, run_sync, to_js

from ._context import page

__all__ = ["fetch"]


def _base_url():
    """Relative URLs are the page's: in a worker interpreter, not the worker script's (hooks.baseURL)."""
    return getattr(page.hooks, "baseURL", None) or js.document.baseURI


async def fetch(url, **options):
    """``await fetch(url)``: the browser's fetch(); the response has ``text()``, ``bytes()``, ``json()``,
    ``status`` and ``ok``. Options are fetch()'s (method, headers, body...)."""
    from pyodide.http import pyfetch

    return await pyfetch(js.URL.new(str(url), _base_url()).href, **options)


def _headers(pairs):
    import email.message

    message = email.message.Message()
    for name, value in pairs:
        message[name] = value
    return message


async def _fetch_bytes(url, method, headers, body):
    from pyodide.http import pyfetch

    response = await pyfetch(url, method=method, headers=headers, body=body)
    data = await response.bytes()
    return response.status, response.status_text, list(response.headers.items()), data


def _xhr_bytes(url, method, headers, body):
    xhr = js.XMLHttpRequest.new()
    xhr.open(method, url, False)
    # Synchronous requests cannot ask for an ArrayBuffer; this charset maps each byte to one char.
    xhr.overrideMimeType("text/plain; charset=x-user-defined")
    for name, value in headers.items():
        xhr.setRequestHeader(name, value)
    xhr.send(to_js(body) if body is not None else None)
    data = bytes(ord(char) & 0xFF for char in xhr.responseText)
    pairs = [line.split(": ", 1) for line in xhr.getAllResponseHeaders().strip().split("\r\n") if ": " in line]
    return xhr.status, xhr.statusText, pairs, data


def _open(request):
    import urllib.error
    import urllib.response

    url = request.full_url
    method = request.get_method()
    headers = dict(request.header_items())
    body = request.data
    try:
        if can_run_sync():
            status, reason, pairs, data = run_sync(_fetch_bytes(url, method, headers, body))
        else:
            status, reason, pairs, data = _xhr_bytes(url, method, headers, body)
    except Exception as exc:  # noqa: BLE001 - the browser says "Failed to fetch" for CORS and network errors
        raise urllib.error.URLError(
            f"the browser could not fetch {url} ({exc}); cross-origin URLs need CORS headers"
        ) from None
    response = urllib.response.addinfourl(io.BytesIO(data), _headers(pairs), url, status)
    response.msg = reason
    if status >= 400:
        raise urllib.error.HTTPError(url, status, reason, response.headers, response.fp)
    return response


def _patch(request_module):
    """Makes urllib.request fetch through the browser and accept page-relative URLs."""

    class BrowserHTTPHandler(request_module.BaseHandler):
        handler_order = 100  # before CPython's socket-based handlers
        http_open = staticmethod(_open)
        https_open = staticmethod(_open)

    socket_urlopen = request_module.urlopen

    def urlopen(url, *args, **kwargs):
        if isinstance(url, str) and "://" not in url and not url.startswith("data:"):
            url = js.URL.new(url, _base_url()).href
        return socket_urlopen(url, *args, **kwargs)

    urlopen.__doc__ = socket_urlopen.__doc__
    request_module.install_opener(request_module.build_opener(BrowserHTTPHandler))
    request_module.urlopen = urlopen


class _PatchingLoader(importlib.abc.Loader):
    """Runs the real loader, then patches. A wrapper: the stdlib zip's loader is shared by every
    module in the zip and must not be changed."""

    def __init__(self, loader):
        self.loader = loader

    def create_module(self, spec):
        return self.loader.create_module(spec)

    def exec_module(self, module):
        self.loader.exec_module(module)
        _patch(module)


class _PatchOnImport(importlib.abc.MetaPathFinder):
    """Finds urllib.request the usual way and patches it right after it executes."""

    def find_spec(self, name, path=None, target=None):
        if name != "urllib.request":
            return None
        spec = importlib.machinery.PathFinder.find_spec(name, path)
        if spec is None or spec.loader is None:
            return None
        spec.loader = _PatchingLoader(spec.loader)
        sys.meta_path.remove(self)  # once is enough
        return spec


def install():
    if "urllib.request" in sys.modules:
        _patch(sys.modules["urllib.request"])
    else:
        sys.meta_path.insert(0, _PatchOnImport())
