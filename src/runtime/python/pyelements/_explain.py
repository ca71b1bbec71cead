"""What a beginner's error most likely means, as a message id and its arguments for the page's message
table (src/output/error-hints.ts), where the one-line explanation shown above the traceback is
written, in the reader's language. Only errors whose cause is nearly always the same are explained;
anything else gets no line rather than a guess."""

import linecache
import re

_STR_AND_NUMBER = re.compile(
    r'can only concatenate str \(not "(int|float)"\) to str'
    r"|unsupported operand type\(s\) for [+]=?: '(int|float)' and 'str'"
)
_NOT_CALLABLE = re.compile(r"'(\w+)' object is not callable")
_NOT_SUBSCRIPTABLE = re.compile(r"'(\w+)' object is not subscriptable")
_MISSING_ARGUMENT = re.compile(r"(\w+)\(\) missing (\d+) required positional argument")
_TOO_MANY_ARGUMENTS = re.compile(r"(\w+)\(\) takes (\d+) positional arguments? but (\d+) (?:was|were) given")
_INVALID_LITERAL = re.compile(r"invalid literal for (int|float)\(\) with base 10: (.*)$|could not convert string to float: (.*)$")


def explain(exc):
    """[id, *arguments] for a known beginner error, else None. Never raises."""
    try:
        return _explain(exc)
    except Exception:  # noqa: BLE001 - a hint only
        return None


def _last_line(exc):
    """The source line the exception was raised on, as far as its traceback tells."""
    tb = exc.__traceback__
    while tb is not None and tb.tb_next is not None:
        tb = tb.tb_next
    if tb is None:
        return ""
    return linecache.getline(tb.tb_frame.f_code.co_filename, tb.tb_lineno)


def _explain(exc):
    message = str(exc)
    if isinstance(exc, IndentationError):  # before SyntaxError: it is one
        return ["indentation"]
    if isinstance(exc, SyntaxError):
        text = exc.msg or ""
        if "was never closed" in text or "unexpected EOF" in text:
            return ["unclosed-bracket"]
        if "unterminated string" in text or "unterminated triple-quoted string" in text:
            return ["unclosed-string"]
        if text.startswith("expected ':'"):
            return ["missing-colon"]
        if "Maybe you meant '=='" in text:
            return ["assign-vs-compare"]
        return ["syntax"]
    if isinstance(exc, UnboundLocalError):  # before NameError: it is one
        match = re.search(r"local variable '(\w+)'", message)
        return ["unbound-local", match[1]] if match else None
    if isinstance(exc, NameError):
        name = getattr(exc, "name", None)
        return ["name-not-defined", name] if name else None
    if isinstance(exc, TypeError):
        if _STR_AND_NUMBER.search(message):
            return ["str-plus-number"]
        match = _MISSING_ARGUMENT.search(message)
        if match:
            return ["missing-argument", match[1]]
        match = _TOO_MANY_ARGUMENTS.search(message)
        if match:
            return ["too-many-arguments", match[1]]
        match = _NOT_CALLABLE.search(message)
        if match:
            return ["not-callable", match[1]]
        match = _NOT_SUBSCRIPTABLE.search(message)
        if match:
            return ["none-subscript" if match[1] == "NoneType" else "not-subscriptable", match[1]]
        return None
    if isinstance(exc, ZeroDivisionError):
        return ["zero-division"]
    if isinstance(exc, IndexError) and "out of range" in message:
        return ["index-out-of-range"]
    if isinstance(exc, KeyError):  # a dict's; a set's remove() raises it too, with another traceback
        return ["missing-key", repr(exc.args[0])] if exc.args and "remove" not in _last_line(exc) else None
    if isinstance(exc, AttributeError) and getattr(exc, "name", None):
        if message.startswith("'NoneType' object has no attribute"):
            return ["none-attribute", exc.name]
        obj = getattr(exc, "obj", None)
        return ["missing-attribute", exc.name, type(obj).__name__ if obj is not None else ""]
    if isinstance(exc, ValueError):
        match = _INVALID_LITERAL.search(message)
        if match:
            return ["not-a-number", match[2] or match[3]]
        return None
    if isinstance(exc, RecursionError):
        return ["recursion"]
    return None
