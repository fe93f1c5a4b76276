"""The custom scalars: ``PartialDate`` (core.dates.PartialDate), ``DateTime`` and ``JSON``,
each with ``@specifiedBy`` (docs/api.md, "Scalars") so generated client types know them.

Registered through ``StrawberryConfig.scalar_map`` so resolvers and types use the core
``PartialDate`` class directly and mypy sees the real type.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import strawberry
from strawberry.scalars import JSON
from strawberry.types.scalar import ScalarDefinition

from entanglements.core.dates import PartialDate

#: The specifications ``@specifiedBy`` names (summarised in docs/api.md, "Scalars").
SPEC = {
    "PartialDate": "https://www.iso.org/iso-8601-date-and-time-format.html",
    "DateTime": "https://www.rfc-editor.org/rfc/rfc3339",
    "Date": "https://www.rfc-editor.org/rfc/rfc3339#section-5.6",
    "JSON": "https://www.rfc-editor.org/rfc/rfc8259",
}


def parse_partial_date(value: Any) -> PartialDate:
    """Accept only the text forms; the ValueError's message reaches the client as
    BAD_USER_INPUT together with the argument or variable it was given for."""
    if not isinstance(value, str):
        raise ValueError(f"invalid date {str(value)[:40]!r}: expected a string like 2019-04")
    return PartialDate.parse(value)


PARTIAL_DATE = strawberry.scalar(
    name="PartialDate",
    description='A year, month or day: "2019", "2019-04" or "2019-04-12" (ISO 8601 calendar '
    "dates at reduced precision; a string in JSON). It stands for the whole period.",
    serialize=str,
    parse_value=parse_partial_date,
    specified_by_url=SPEC["PartialDate"],
)


def parse_date_time(value: Any) -> datetime:
    if not isinstance(value, str):
        raise ValueError(f"invalid date-time {str(value)[:40]!r}: expected RFC 3339 text")
    parsed = datetime.fromisoformat(value)
    if parsed.tzinfo is None:
        raise ValueError(f"invalid date-time {value[:40]!r}: the offset (Z or +hh:mm) is required")
    return parsed


DATE_TIME = strawberry.scalar(
    name="DateTime",
    description="A point in time: RFC 3339 text with its offset, UTC from this server "
    '("2026-12-04T21:30:35.123456+00:00").',
    serialize=lambda value: value.isoformat(),
    parse_value=parse_date_time,
    specified_by_url=SPEC["DateTime"],
)

DATE = strawberry.scalar(
    name="Date",
    description='A calendar day: RFC 3339 full-date text ("2026-12-04").',
    serialize=lambda value: value.isoformat(),
    parse_value=lambda value: date.fromisoformat(str(value)),
    specified_by_url=SPEC["Date"],
)

JSON_SCALAR = strawberry.scalar(
    name="JSON",
    description="Any JSON value (RFC 8259): an object, array, string, number, boolean or null.",
    serialize=lambda value: value,
    parse_value=lambda value: value,
    specified_by_url=SPEC["JSON"],
)

SCALARS: dict[object, ScalarDefinition] = {
    PartialDate: PARTIAL_DATE,
    datetime: DATE_TIME,
    date: DATE,
    JSON: JSON_SCALAR,
}
