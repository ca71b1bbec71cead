"""Editor support on the live namespace: completion, hover and "is this input complete?"."""

import builtins
import codeop
import inspect
import keyword
import re
import types

import js
from pyodide.ffi import to_js

from ._run import namespace

_DOTTED_TAIL = re.compile(r"((?:[A-Za-z_]\w*\.)*)([A-Za-z_]\w*)?$")
_WORD_HEAD = re.compile(r"\w*")
_MAX_COMPLETIONS = 300


def _resolve(dotted, ns):
    """The object a dotted name refers to, looked up without calling anything the user wrote."""
    head, *rest = dotted.split(".")
    if head in ns:
        obj = ns[head]
    elif hasattr(builtins, head):
        obj = getattr(builtins, head)
    else:
        raise LookupError(head)
    for name in rest:
        obj = getattr(obj, name)
    return obj


def _kind(value, is_attribute):
    if isinstance(value, types.ModuleType):
        return "module"
    if isinstance(value, type):
        return "class"
    if callable(value):
        return "function"
    return "property" if is_attribute else "variable"


def _first_paragraph(doc):
    return doc.strip().split("\n\n")[0].strip() if doc else None


def _signature(value):
    try:
        return str(inspect.signature(value))
    except (TypeError, ValueError):
        return None


def complete(code, offset, scope=None):
    """Completions for the name being typed at offset: namespace names, builtins and keywords, or
    the attributes of the object before the dot (a module's members, a DOM proxy's properties...)."""
    ns = namespace(scope)
    match = _DOTTED_TAIL.search(code[:offset])
    owner, prefix = match.group(1), match.group(2) or ""
    items = []
    if owner:
        try:
            obj = _resolve(owner[:-1], ns)
            names = dir(obj)
        except Exception:  # noqa: BLE001 - nothing to complete is an answer, not an error
            return to_js([])
        show_private = prefix.startswith("_")
        for name in sorted(set(names)):
            if not name.startswith(prefix) or (name.startswith("_") and not show_private):
                continue
            try:
                value = getattr(obj, name)
            except Exception:  # noqa: BLE001 - a failing property is still a name
                items.append({"label": name, "kind": "property"})
                continue
            items.append({"label": name, "kind": _kind(value, True), "detail": type(value).__name__})
            if len(items) >= _MAX_COMPLETIONS:
                break
    else:
        for name in sorted(set(ns) | set(dir(builtins)) | set(keyword.kwlist)):
            if not name.startswith(prefix) or (name.startswith("_") and not prefix.startswith("_")):
                continue
            if keyword.iskeyword(name):
                items.append({"label": name, "kind": "keyword"})
                continue
            value = ns[name] if name in ns else getattr(builtins, name)
            items.append({"label": name, "kind": _kind(value, False), "detail": type(value).__name__})
            if len(items) >= _MAX_COMPLETIONS:
                break
    return to_js(items, dict_converter=js.Object.fromEntries)


def describe(code, offset, scope=None):
    """Hover text for the dotted name under offset: signature and docstring, or type and value."""
    ns = namespace(scope)
    left = _DOTTED_TAIL.search(code[:offset]).group(0)
    right = _WORD_HEAD.match(code, offset).group(0)
    dotted = (left + right).strip(".")
    if not dotted or keyword.iskeyword(dotted):
        return None
    try:
        value = _resolve(dotted, ns)
    except Exception:  # noqa: BLE001 - unknown names have no hover
        return None
    if callable(value) or isinstance(value, types.ModuleType):
        signature = _signature(value) if callable(value) else None
        head = dotted + (signature or "")
        doc = _first_paragraph(inspect.getdoc(value))
        return f"{head}\n\n{doc}" if doc else head
    text = repr(value)
    if len(text) > 200:
        text = text[:200] + "…"
    return f"{dotted}: {type(value).__name__} = {text}"


def is_complete(source):
    """Whether console input is ready to run, with the interactive interpreter's rules: a compound
    statement needs a blank line to end it; a syntax error is "complete" so that running shows it."""
    if not source.strip():
        return True
    # A line of only spaces is a blank line: editors auto-indent after a block's body, and a reader
    # pressing Enter on that "empty" line means to end the block, as in the terminal.
    lines = source.split("\n")
    if len(lines) > 1 and not lines[-1].strip():
        source = "\n".join(lines[:-1]) + "\n\n"
    try:
        return codeop.compile_command(source, "<input>", "single") is not None
    except (SyntaxError, ValueError, OverflowError):
        return True
