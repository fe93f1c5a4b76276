"""Readable validation messages: ``field.path: what is wrong`` without pydantic's URLs."""

from __future__ import annotations

from pydantic import ValidationError

#: Longest value echoed back in a message (a 1 MB name must not become a 1 MB error).
MAX_ECHO = 60


def clip(value: object, limit: int = MAX_ECHO) -> str:
    """``repr`` of a value, shortened so messages stay one readable line."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 5] + "...'" + f" ({len(text)} chars)"


def describe(exc: ValidationError) -> str:
    """One line per problem joined by ``; ``, each naming the field path."""
    parts = []
    for error in exc.errors(include_url=False, include_input=False):
        path = ".".join(str(p) for p in error["loc"])
        kind = error["type"]
        if kind == "missing":
            parts.append(f"missing required field {path!r}")
        elif kind == "extra_forbidden":
            parts.append(f"unknown field {path!r}")
        else:
            message = error["msg"].removeprefix("Value error, ").removeprefix("Assertion failed, ")
            parts.append(f"{path}: {message}" if path else message)
    return "; ".join(parts)
