"""Parameter types and the coercion of callers' values into Cypher parameters.

Two callers, two shapes of input: the API passes JSON values (``from_strings=False``), the
CLI passes the text after ``-p name=`` (``from_strings=True``). Both end in the same Cypher
parameters, and every refusal names the parameter and the type it expects.

A ``date`` parameter ``as_of`` is a partial date (``2019``, ``2019-04``, ``2019-04-12``) and
reaches Cypher three times: ``$as_of`` (its text, or null), ``$as_of_lo`` and ``$as_of_hi``
(the first and last day of the period it stands for, as DATE, or null), so a query can
implement "in force as of" exactly as docs/data-model.md defines it.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping
from typing import Any

from entanglements.core import json_input
from entanglements.core.dates import PartialDate, PartialDateError
from entanglements.core.errors import BadInputError
from entanglements.core.saved_queries.model import Parameter, SavedQuery

SCALAR_TYPES = ("string", "int", "float", "bool", "date")
_LIST = re.compile(r"^list\s*<\s*([a-z]+)\s*>$")

#: What each type looks like, for error messages.
_EXPECTED = {
    "string": "text",
    "int": "a whole number",
    "float": "a number",
    "bool": "true or false",
    "date": "YYYY, YYYY-MM or YYYY-MM-DD",
}

_TRUE = {"true", "yes", "y", "1", "on"}
_FALSE = {"false", "no", "n", "0", "off"}


class CoercionError(ValueError):
    """A value does not fit a type; the message says what was expected."""


def parse_type(text: str) -> str:
    """The canonical spelling of a parameter type, or ValueError."""
    word = text.strip().lower()
    if word in SCALAR_TYPES:
        return word
    match = _LIST.match(word)
    if match and match.group(1) in SCALAR_TYPES:
        return f"list<{match.group(1)}>"
    raise ValueError(
        f"unknown parameter type {text.strip()[:40]!r}: expected one of "
        f"{', '.join(SCALAR_TYPES)} or list<TYPE>"
    )


def element_type(type_: str) -> str | None:
    """``date`` for ``list<date>``; None for a scalar type."""
    match = _LIST.match(type_)
    return match.group(1) if match else None


def expected(type_: str) -> str:
    """The type and what a value of it looks like, e.g. ``date (YYYY, YYYY-MM or YYYY-MM-DD)``."""
    inner = element_type(type_)
    if inner is None:
        return f"{type_} ({_EXPECTED[type_]})"
    return f"{type_} (a list, each {_EXPECTED[inner]}; from the command line a,b,c)"


def derived_names(param: Parameter) -> list[str]:
    """Every Cypher parameter one declared parameter becomes."""
    base = element_type(param.type) or param.type
    if base == "date":
        return [param.name, f"{param.name}_lo", f"{param.name}_hi"]
    return [param.name]


def _scalar(type_: str, value: Any, from_strings: bool) -> Any:
    """One scalar value of ``type_``; strings from the CLI are parsed, JSON must match."""
    if type_ == "string":
        if isinstance(value, str):
            return value
        raise CoercionError
    if type_ == "date":
        if isinstance(value, int) and not isinstance(value, bool) and not from_strings:
            value = str(value)  # a bare year from JSON
        if not isinstance(value, str):
            raise CoercionError
        try:
            return PartialDate.parse(value)
        except PartialDateError as exc:
            raise CoercionError(str(exc)) from None
    if from_strings:
        if not isinstance(value, str):
            raise CoercionError
        text = value.strip()
        if type_ == "bool":
            if text.lower() in _TRUE:
                return True
            if text.lower() in _FALSE:
                return False
            raise CoercionError
        try:
            number = int(text) if type_ == "int" else float(text)
        except ValueError:
            raise CoercionError from None
        return _checked_number(type_, number)
    # JSON: a bool is not a number, and an integer may arrive as 10.0 from JavaScript.
    if isinstance(value, bool):
        if type_ == "bool":
            return value
        raise CoercionError
    if type_ == "int":
        if isinstance(value, int):
            return _checked_number(type_, value)
        if isinstance(value, float) and value.is_integer():
            return _checked_number(type_, int(value))
        raise CoercionError
    if type_ == "float" and isinstance(value, int | float):
        return _checked_number(type_, float(value))
    raise CoercionError


def _checked_number(type_: str, number: float) -> float:
    if isinstance(number, float) and not math.isfinite(number):
        raise CoercionError("not a finite number")
    if isinstance(number, int) and not -(2**63) <= number < 2**63:
        raise CoercionError("out of the 64-bit integer range")  # Neo4j's INTEGER
    return number


def _split_list(text: str) -> list[Any]:
    """CLI list syntax: a JSON array, or comma-separated items (``a,b,c``)."""
    stripped = text.strip()
    if not stripped:
        return []
    if stripped.startswith("["):
        try:
            items = json_input.loads(stripped)
        except ValueError:
            raise CoercionError("invalid JSON array") from None
        if not isinstance(items, list):
            raise CoercionError
        # Items of a JSON array keep their JSON types; make them text for the string parser.
        return [i if isinstance(i, str) else json.dumps(i) for i in items]
    return [item.strip() for item in stripped.split(",")]


def coerce_value(param: Parameter, value: Any, *, from_strings: bool) -> Any:
    """A caller's value as the Python value of the parameter's type (dates: PartialDate)."""
    inner = element_type(param.type)
    try:
        if inner is None:
            return _scalar(param.type, value, from_strings)
        if from_strings and isinstance(value, str):
            items = _split_list(value)
            return [_scalar(inner, item, True) for item in items]
        if not isinstance(value, list | tuple):
            raise CoercionError
        return [_scalar(inner, item, from_strings) for item in value]
    except CoercionError as exc:
        detail = f": {exc}" if str(exc) else ""
        raise BadInputError(
            f"parameter {param.name!r} expects {expected(param.type)}, got {_show(value)}{detail}"
        ) from None


def _show(value: Any) -> str:
    text = json.dumps(value, default=str) if not isinstance(value, str) else repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def to_cypher(param: Parameter, value: Any) -> dict[str, Any]:
    """The Cypher parameters of one coerced value (a date gives text, lo and hi)."""
    base = element_type(param.type) or param.type
    if base != "date":
        return {param.name: value}
    if value is None:
        return {param.name: None, f"{param.name}_lo": None, f"{param.name}_hi": None}
    if isinstance(value, list):
        return {
            param.name: [str(d) for d in value],
            f"{param.name}_lo": [d.lo for d in value],
            f"{param.name}_hi": [d.hi for d in value],
        }
    return {param.name: str(value), f"{param.name}_lo": value.lo, f"{param.name}_hi": value.hi}


def default_value(param: Parameter) -> Any:
    """The declared default as a Python value of the parameter's type."""
    if param.default is None:
        return None
    return coerce_value(param, param.default, from_strings=False)


def coerce_parameters(
    query: SavedQuery, raw: Mapping[str, Any], *, from_strings: bool
) -> dict[str, Any]:
    """Validate a caller's parameters against a query's header; return Cypher parameters.

    Unknown names, missing required parameters and values of the wrong type are refused
    with a BadInputError naming the parameter and the type it expects. A null (or, from the
    CLI, an empty value for a non-string type) means "not given": the default applies.
    """
    if not isinstance(raw, Mapping):
        raise BadInputError(f"query {query.name!r}: parameters must be an object of name: value")
    known = {p.name for p in query.parameters}
    unknown = sorted(str(k) for k in raw if k not in known)
    if unknown:
        accepted = ", ".join(f"{p.name} ({p.type})" for p in query.parameters) or "none"
        raise BadInputError(
            f"query {query.name!r}: unknown parameter {unknown[0]!r}; it accepts: {accepted}"
        )
    out: dict[str, Any] = {}
    for param in query.parameters:
        value = raw.get(param.name)
        if from_strings and isinstance(value, str) and value == "" and param.type != "string":
            value = None
        if value is None:
            if param.required:
                raise BadInputError(
                    f"query {query.name!r}: missing parameter {param.name!r} "
                    f"(expects {expected(param.type)})"
                )
            coerced = default_value(param)
        else:
            try:
                coerced = coerce_value(param, value, from_strings=from_strings)
            except BadInputError as exc:
                raise BadInputError(f"query {query.name!r}: {exc}") from None
        out.update(to_cypher(param, coerced))
    return out
