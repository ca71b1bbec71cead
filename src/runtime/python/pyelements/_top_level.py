"""input() and time.sleep() where Python cannot suspend (no JavaScript Promise Integration: Safari and
every WebKit browser). A call there cannot wait for the page without holding it: input() falls back
to window.prompt() and time.sleep() to a busy wait that freezes the page.

A run's top-level statements can await, though. There, before the code is compiled, each call of
``input(...)``, ``sleep(...)`` or ``time.sleep(...)`` becomes an await of the same call made
asynchronously: the inline input field, ``asyncio.sleep``. Which function a name holds is decided
when the call runs, so a learner's own ``sleep`` or ``input`` is called as written. Calls inside a
function, class or comprehension keep the fallbacks: awaiting there would change what the code means."""

import ast
import asyncio
import time

from . import _io

AWAIT_CALL = "__pyelements_await_call__"

_NESTED_SCOPES = (
    ast.FunctionDef,
    ast.AsyncFunctionDef,
    ast.Lambda,
    ast.ClassDef,
    ast.ListComp,
    ast.SetComp,
    ast.DictComp,
    ast.GeneratorExp,
)


def _may_block(func):
    if isinstance(func, ast.Name):
        return func.id in ("input", "sleep")
    return (
        isinstance(func, ast.Attribute)
        and func.attr == "sleep"
        and isinstance(func.value, ast.Name)
        and func.value.id == "time"
    )


class _TopLevelCalls(ast.NodeTransformer):
    def visit(self, node):
        if isinstance(node, _NESTED_SCOPES):
            return node
        return super().visit(node)

    def visit_Call(self, node):
        self.generic_visit(node)
        if not _may_block(node.func):
            return node
        call = ast.Call(ast.Name(AWAIT_CALL, ast.Load()), [node.func, *node.args], node.keywords)
        return ast.copy_location(ast.Await(ast.copy_location(call, node)), node)


def rewrite(tree):
    """The module's top-level input()/sleep() calls as awaits (in place); returns the tree."""
    _TopLevelCalls().visit(tree)
    return ast.fix_missing_locations(tree)


async def await_call(func, *args, **kwargs):
    """A rewritten call: input() and time.sleep() without holding the page; anything else as is."""
    if func is _io.input:
        return await _io.input_async(*args, **kwargs)
    if func is time.sleep:
        return await asyncio.sleep(*args, **kwargs)
    return func(*args, **kwargs)
