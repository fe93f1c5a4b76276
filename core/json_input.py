"""Parsing JSON from outside (input files, API bodies) with a nesting limit.

Python's ``json`` recurses once per nesting level: a 4 KB line of 2,000 ``[`` ends in a
``RecursionError`` (a traceback, not an error a person can act on), and a value just under
the interpreter's limit can still exhaust it in whatever walks the value next (validation,
GraphQL coercion). No record of the product nests deeper than a few levels, so
:func:`loads` refuses anything deeper than ``MAX_NESTING`` with a ``ValueError`` that the
readers report like any other malformed line (``file:line: ...``).
"""

from __future__ import annotations

import json
import re
from typing import Any

#: Deepest nesting accepted (objects and arrays); findings nest 3 levels, FtM 3.
MAX_NESTING = 64

_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')
_BRACKETS = re.compile(r"[\[\]{}]")


def nesting(text: str | bytes) -> int:
    """How deep the arrays and objects of a JSON text nest (brackets in strings ignored)."""
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    depth = deepest = 0
    for bracket in _BRACKETS.findall(_STRING.sub("", text)):
        depth += 1 if bracket in "[{" else -1
        deepest = max(deepest, depth)
    return deepest


def loads(text: str | bytes) -> Any:
    """``json.loads``, refusing values nested deeper than ``MAX_NESTING`` (ValueError)."""
    opening = (
        text.count("[") + text.count("{")
        if isinstance(text, str)
        else (text.count(b"[") + text.count(b"{"))
    )
    # Most lines hold fewer brackets than the limit and so cannot nest deeper: no scan.
    if opening > MAX_NESTING and (depth := nesting(text)) > MAX_NESTING:
        raise ValueError(f"nested {depth} levels deep; at most {MAX_NESTING}")
    try:
        return json.loads(text)
    except RecursionError:
        raise ValueError(f"nested too deep; at most {MAX_NESTING} levels") from None
