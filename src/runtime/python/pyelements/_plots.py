"""Plots in place. matplotlib draws with its Agg backend (no interactive backend: there is no window
to open), ``plt.show()`` puts the open figures into the running element's output as PNG images and
closes them, and a figure given to ``display()`` or left as a REPL's last expression is one too."""

import base64
import importlib.abc
import io
import os
import sys


def install():
    # Read by matplotlib when pyplot is first imported; a page's own choice comes first.
    os.environ.setdefault("MPLBACKEND", "agg")
    sys.meta_path.insert(0, _AfterImport("matplotlib.pyplot", _hook_pyplot))


def is_figure(value):
    """A matplotlib figure (what display() renders as a PNG image)."""
    return type(value).__module__.startswith("matplotlib") and callable(getattr(value, "savefig", None))


def png_base64(figure):
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def close(figure):
    """Done with a figure that was shown: pyplot forgets it, as plt.show() would."""
    pyplot = sys.modules.get("matplotlib.pyplot")
    if pyplot is not None:
        pyplot.close(figure)


def _hook_pyplot(pyplot):
    def show(*args, **kwargs):
        """Shows every open figure in the element's output, then closes them (matplotlib's Agg
        backend has no window). Outside element code there is no output: the figures stay open."""
        from ._context import sink
        from ._output import display

        if sink.get() is None:
            return
        for number in pyplot.get_fignums():
            display(pyplot.figure(number))
        pyplot.close("all")

    pyplot.show = show


class _AfterImport(importlib.abc.MetaPathFinder):
    """Runs ``hook(module)`` once the module named ``name`` has been imported (found by the other finders)."""

    def __init__(self, name, hook):
        self.name = name
        self.hook = hook

    def find_spec(self, fullname, path, target=None):
        if fullname != self.name:
            return None
        for finder in sys.meta_path:
            if finder is self or not hasattr(finder, "find_spec"):
                continue
            spec = finder.find_spec(fullname, path, target)
            if spec is not None and spec.loader is not None:
                spec.loader = _HookedLoader(spec.loader, self.hook)
                return spec
        return None


class _HookedLoader(importlib.abc.Loader):
    def __init__(self, loader, hook):
        self.loader = loader
        self.hook = hook

    def create_module(self, spec):
        return self.loader.create_module(spec)

    def exec_module(self, module):
        self.loader.exec_module(module)
        self.hook(module)
