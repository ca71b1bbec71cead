"""State shared by the package's modules: where the running code's output goes, its element, and
how the page is reached (set once by ``_install``)."""

import contextvars

#: The output sink of the running code's context (None outside element code).
sink = contextvars.ContextVar("pyelements_sink", default=None)
#: The host element of the running code's context.
element = contextvars.ContextVar("pyelements_element", default=None)


class Page:
    """How Python reaches the page; ``_install`` fills it in."""

    hooks = None  # the JS helpers from the loader (sinkFor, baseURL...)
    unreachable = None  # in a worker without cross-origin isolation: why the page cannot be reached


page = Page()


class Unreachable:
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
