"""A typed form of ``@strawberry.field(name=..., description=...)`` for resolver methods.

strawberry's decorator is typed precisely only in its bare form (``@strawberry.field``),
which mypy --strict otherwise reports as an untyped decorator when given arguments.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar, cast

import strawberry

F = TypeVar("F", bound=Callable[..., Any])


def resolver(description: str, *, name: str | None = None) -> Callable[[F], F]:
    return cast(Callable[[F], F], strawberry.field(name=name, description=description))


def subscription(description: str) -> Callable[[F], F]:
    """The same for ``@strawberry.subscription``."""
    return cast(Callable[[F], F], strawberry.subscription(description=description))
