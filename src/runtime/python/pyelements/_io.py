"""``input()`` and the interpreter's excepthook."""

import sys
import traceback

import js
from pyodide.ffi import can_run_sync, jsnull, run_sync

from ._context import sink as _sink


def input(prompt=""):
    """input(): an inline text field in the element's output. The run waits for Enter without freezing
    the page (JavaScript Promise Integration suspends the Python stack). Where that is impossible (no
    JSPI in this browser, or code called synchronously from a JS event), window.prompt() asks."""
    prompt = str(prompt)
    ask, blocks = _asker()
    if ask is not None and blocks:
        answer = ask(prompt)  # a worker with SharedArrayBuffer: it waited for the answer already
    elif ask is not None and can_run_sync():
        answer = run_sync(ask(prompt))
    elif getattr(js.globalThis, "prompt", None) is not None:
        answer = js.globalThis.prompt(prompt)
    else:
        raise RuntimeError(
            "input() cannot wait for an answer here: this browser cannot pause Python (no JavaScript Promise"
            " Integration) and this worker cannot block (no SharedArrayBuffer, which needs a cross-origin"
            " isolated page). Call input() at the top level of the code, outside functions, where it can be"
            " awaited instead."
        )
    return _answered(answer)


async def input_async(prompt=""):
    """input() awaited (a top-level call where Python cannot suspend, see _top_level.py): the same
    inline field, without holding the page."""
    prompt = str(prompt)
    ask, blocks = _asker()
    if ask is None:
        return input(prompt)
    answer = ask(prompt) if blocks else await ask(prompt)
    return _answered(answer)


def _asker():
    """The running element's inline field (``ask``, or None outside element code) and whether asking
    blocks until the answer (a worker with SharedArrayBuffer) instead of returning a promise."""
    sink = _sink.get()
    if sink is None:
        return None, False
    return getattr(sink, "ask", None), bool(getattr(sink, "askBlocks", False))


def _answered(answer):
    if answer is None or answer is jsnull:  # the field was cancelled (Stop, Clear, element removed)
        raise EOFError("input() was cancelled")
    return str(answer)


def excepthook(exc_type, exc, tb):
    # Pyodide builds the message of a PythonError (a Python exception reaching JS) by capturing file
    # descriptor 2 around sys.excepthook. Write there, not to the current element's output.
    traceback.print_exception(exc_type, exc, tb, file=sys.__stderr__)
