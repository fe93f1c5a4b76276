"""The custom scalars: ``PartialDate`` (core.dates.PartialDate) and ``JSON``.

Registered through ``StrawberryConfig.scalar_map`` so resolvers and types use the core
``PartialDate`` class directly and mypy sees the real type.
"""

from __future__ import annotations

from typing import Any

import strawberry
from strawberry.types.scalar import ScalarDefinition

from entanglements.core.dates import PartialDate


def parse_partial_date(value: Any) -> PartialDate:
    """Accept only the text forms; the ValueError's message reaches the client as
    BAD_USER_INPUT together with the argument or variable it was given for."""
    if not isinstance(value, str):
        raise ValueError(f"invalid date {str(value)[:40]!r}: expected a string like 2019-04")
    return PartialDate.parse(value)


PARTIAL_DATE = strawberry.scalar(
    name="PartialDate",
    description='A year, month or day: "2019", "2019-04" or "2019-04-12".',
    serialize=str,
    parse_value=parse_partial_date,
)

SCALARS: dict[object, ScalarDefinition] = {PartialDate: PARTIAL_DATE}
