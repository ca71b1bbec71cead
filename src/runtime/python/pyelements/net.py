"""Networking that works in the browser: ``urllib.request.urlopen(url).read()`` and ``fetch``.

CPython's sockets do not exist in a browser. urlopen() for http(s) URLs goes through the browser's
fetch() instead: with JavaScript Promise Integration the Python stack waits for it without freezing the
page; without it, a synchronous XMLHttpRequest does the job (binary-safe, but it blocks the page while
it runs). The usual browser rules apply: same origin, or a server that allows CORS.
"""

import email.message
import io
import urllib.error
import urllib.request
import urllib.response

import js
from pyodide.ffi import can_run_sync, run_sync, to_js
from pyodide.http import pyfetch

__all__ = ["fetch"]


async def fetch(url, **options):
    """``await fetch(url)``: the browser's fetch(); the response has ``text()``, ``bytes()``, ``json()``,
    ``status`` and ``ok``. Options are fetch()'s (method, headers, body...)."""
    return await pyfetch(url, **options)


def _headers(pairs):
    message = email.message.Message()
    for name, value in pairs:
        message[name] = value
    return message


async def _fetch_bytes(url, method, headers, body):
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


class BrowserHTTPHandler(urllib.request.BaseHandler):
    handler_order = 100  # before CPython's socket-based handlers

    def _open(self, request):
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

    http_open = _open
    https_open = _open


_socket_urlopen = urllib.request.urlopen


def urlopen(url, *args, **kwargs):
    """urllib.request.urlopen, also accepting URLs relative to the page, as a browser does."""
    if isinstance(url, str) and "://" not in url and not url.startswith("data:"):
        url = js.URL.new(url, js.document.baseURI).href
    return _socket_urlopen(url, *args, **kwargs)


def install():
    urllib.request.install_opener(urllib.request.build_opener(BrowserHTTPHandler))
    urllib.request.urlopen = urlopen
