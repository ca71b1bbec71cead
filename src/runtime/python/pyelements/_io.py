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
    sink = _sink.get()
    ask = getattr(sink, "ask", None) if sink is not None else None
    if ask is not None and getattr(sink, "askBlocks", False):
        answer = ask(prompt)  # a worker with SharedArrayBuffer: it waited for the answer already
    elif ask is not None and can_run_sync():
        answer = run_sync(ask(prompt))
    elif getattr(js.globalThis, "prompt", None) is not None:
        answer = js.globalThis.prompt(prompt)
    else:
        raise RuntimeError(
            "input() cannot wait for an answer here: this browser cannot pause Python (no JavaScript Promise"
            " Integration) and this worker cannot block (the page is not cross-origin isolated). Call input()"
            " at the top level of the code, outside functions, where it can be awaited instead."
        )
    return _answered(answer)


async def input_async(prompt=""):
    """input() awaited (a top-level call where Python cannot suspend, see _top_level.py): the same
    inline field, without holding the page."""
    prompt = str(prompt)
    sink = _sink.get()
    ask = getattr(sink, "ask", None) if sink is not None else None
    if ask is None:
        return input(prompt)
    answer = ask(prompt) if getattr(sink, "askBlocks", False) else await ask(prompt)
    return _answered(answer)


def _answered(answer):
    if answer is None or answer is jsnull:  # the field was cancelled (Stop, Clear, element removed)
        raise EOFError("input() was cancelled")
    return str(answer)


def excepthook(exc_type, exc, tb):
    # Pyodide builds the message of a PythonError (a Python exception reaching JS) by capturing file
    # descriptor 2 around sys.excepthook. Write there, not to the current element's output.
    traceback.print_exception(exc_type, exc, tb, file=sys.__stderr__)
