"""Event listeners whose JS proxies live exactly as long as they are needed.

A Python function handed to addEventListener needs a JS proxy, which must be destroyed by hand or it
leaks; destroyed too early, the page gets "borrowed proxy was automatically destroyed" errors. Here
every proxy belongs to a listener registration: removing the listener (with the same Python
function) or disconnecting the element whose code added it destroys the proxy.

Handlers run in the context of the element that registered them, so their print() and display()
output lands in that element, and their exceptions are shown there instead of escaping into JS.
"""

import asyncio
import contextvars
import inspect
import sys
import traceback

from pyodide.ffi import JsException, JsProxy, create_once_callable, create_proxy, to_js

import js

__all__ = ["add_event_listener", "remove_event_listener", "when", "live_proxy_count"]


class _Registration:
    __slots__ = ("target", "event", "fn", "proxy", "owner_id", "options")

    def __init__(self, target, event, fn, proxy, owner_id, options):
        self.target = target
        self.event = event
        self.fn = fn
        self.proxy = proxy
        self.owner_id = owner_id
        self.options = options


# (target js_id, event, fn) -> registration; owner js_id -> keys it registered.
_registrations = {}
_owned = {}


def live_proxy_count():
    """How many listener proxies this layer holds (for leak tests)."""
    return len(_registrations)


def _accepts_argument(fn):
    try:
        params = inspect.signature(fn).parameters.values()
    except (TypeError, ValueError):
        return True
    return any(
        p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD, p.VAR_POSITIONAL) for p in params
    )


def invoke(fn, event, with_event=None):
    """Calls fn with the event if it takes an argument, else with none. An async handler becomes a
    task, created in the current context so that its output stays with the element."""
    if with_event is None:
        with_event = _accepts_argument(fn)
    result = fn(event) if with_event else fn()
    if inspect.isawaitable(result):
        asyncio.ensure_future(_report_async(result))


def _call(fn, with_event, event):
    try:
        invoke(fn, event, with_event)
    except Exception:  # noqa: BLE001 - shown where the handler's output goes, never thrown into JS
        traceback.print_exc(file=sys.stderr)


async def _report_async(awaitable):
    try:
        await awaitable
    except Exception:  # noqa: BLE001 - as above
        traceback.print_exc(file=sys.stderr)


def add_event_listener(target, event, fn, *, once=False):
    """target.addEventListener(event, fn), with the proxy managed for you (see the module doc)."""
    from . import current_element

    key = (target.js_id, event, fn)
    if key in _registrations:
        return  # the DOM ignores duplicate listeners too
    owner = current_element()
    context = contextvars.copy_context()
    with_event = _accepts_argument(fn)

    def handler(evt):
        if once:
            _forget(key, destroy=False)  # the once-callable destroys itself after this call
        context.copy().run(_call, fn, with_event, evt)

    proxy = create_once_callable(handler) if once else create_proxy(handler)
    options = to_js({"once": once}, dict_converter=js.Object.fromEntries)
    target.addEventListener(event, proxy, options)
    owner_id = owner.js_id if owner is not None else None
    _registrations[key] = _Registration(target, event, fn, proxy, owner_id, options)
    _owned.setdefault(owner_id, set()).add(key)


def remove_event_listener(target, event, fn):
    """Undoes add_event_listener(target, event, fn) and destroys its proxy."""
    _forget((target.js_id, event, fn), destroy=True)


def _forget(key, destroy):
    registration = _registrations.pop(key, None)
    if registration is None:
        return
    _owned.get(registration.owner_id, set()).discard(key)
    if destroy:
        registration.target.removeEventListener(registration.event, registration.proxy)
        registration.proxy.destroy()


def release(element):
    """Called when an element leaves the page: removes and destroys every listener its code added."""
    for key in list(_owned.pop(element.js_id, ())):
        _forget(key, destroy=True)


def _targets(event, target):
    where = f"@when({event!r}, {target!r})"
    if target is None:
        from . import current_element

        element = current_element()
        if element is None:
            raise ValueError(f"{where}: no target given and no element is running; pass a selector")
        return [element]
    if isinstance(target, str):
        try:
            from . import document

            found = list(document.querySelectorAll(target))
        except JsException as exc:
            raise ValueError(f"{where}: {target!r} is not a valid CSS selector ({exc.message})") from None
        if not found:
            raise ValueError(f"{where}: no element on the page matches {target!r}")
        return found
    if isinstance(target, JsProxy):
        if getattr(target, "addEventListener", None) is None:
            raise TypeError(f"{where}: the target is not an element or event target")
        return [target]
    if isinstance(target, (list, tuple)):
        return [element for item in target for element in _targets(event, item)]
    raise TypeError(f"{where}: the target must be a CSS selector, an element, or a list of them")


def when(event, target=None, *, once=False):
    """Decorator: call the function on `event` at `target` (a CSS selector, an element, or a list of
    them; default: the running element). The handler may be async, and may take the event or not.

        @when("click", "#go")
        def go(event):
            print("clicked", event.target.id)
    """
    elements = _targets(event, target)

    def decorator(fn):
        for element in elements:
            add_event_listener(element, event, fn, once=once)
        return fn

    return decorator
