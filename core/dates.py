"""Partial dates: ``2019``, ``2019-04`` or ``2019-04-12``.

A partial date stands for a period: its first day (``lo``) and last day (``hi``). The graph
stores the text as given plus both bounds as native dates, so "in force as of" is an
indexed range comparison. Two periods *overlap* when each starts before the other ends;
"in force as of D" means the relationship's period could overlap D's period.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Annotated, Any

from pydantic import BeforeValidator, PlainSerializer

_PATTERN = re.compile(r"^([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?$")  # ASCII digits only


class PartialDateError(ValueError):
    pass


@dataclass(frozen=True, slots=True)
class PartialDate:
    year: int
    month: int | None = None
    day: int | None = None

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Parse ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; reject impossible dates."""
        return _parse(text) if isinstance(text, str) else cls._parse_uncached(text)

    @classmethod
    def _parse_uncached(cls, text: str) -> PartialDate:
        match = _PATTERN.match(text.strip()) if isinstance(text, str) else None
        if match is None:
            raise PartialDateError(
                f"invalid date {str(text)[:40]!r}: expected YYYY, YYYY-MM or YYYY-MM-DD"
            )
        year, month, day = (int(g) if g else None for g in match.groups())
        assert year is not None
        if not 1000 <= year <= 2999:
            raise PartialDateError(f"invalid date {text!r}: year out of range 1000-2999")
        if month is not None and not 1 <= month <= 12:
            raise PartialDateError(f"invalid date {text!r}: no month {month}")
        if day is not None:
            assert month is not None
            if not 1 <= day <= calendar.monthrange(year, month)[1]:
                raise PartialDateError(f"impossible date {text!r}: no such day")
        return cls(year, month, day)

    @property
    def lo(self) -> date:
        """First day of the period."""
        return date(self.year, self.month or 1, self.day or 1)

    @property
    def hi(self) -> date:
        """Last day of the period."""
        month = self.month or 12
        day = self.day or calendar.monthrange(self.year, month)[1]
        return date(self.year, month, day)

    def __str__(self) -> str:
        text = f"{self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
        if self.day is not None:
            text += f"-{self.day:02d}"
        return text


@lru_cache(maxsize=65_536)
def _parse(text: str) -> PartialDate:
    """Bulk inputs repeat the same dates many times; parsed dates are immutable."""
    return PartialDate._parse_uncached(text)


def _coerce(value: Any) -> Any:
    if value is None or isinstance(value, PartialDate):
        return value
    if isinstance(value, date):
        return PartialDate(value.year, value.month, value.day)
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)  # YAML reads a bare 2019 as an int
    if isinstance(value, str):
        if not value.strip():
            return None
        return PartialDate.parse(value)
    raise PartialDateError(f"invalid date {value!r}: expected a string like 2019-04")


#: Pydantic field type: accepts strings, ints (years) and dates; serialises as text.
PartialDateField = Annotated[
    PartialDate, BeforeValidator(_coerce), PlainSerializer(str, return_type=str)
]


def before(a: PartialDate | None, b: PartialDate | None) -> bool | None:
    """Did period ``a`` happen before period ``b`` began?

    True when ``a`` ends before ``b`` starts; False when ``a`` starts on or after the last
    day of ``b`` (so a same-day listing is not "before"); None when either is unknown or
    the periods overlap (``2019`` against ``2019-05-12``).
    """
    if a is None or b is None:
        return None
    if a.hi < b.lo:
        return True
    if a.lo >= b.hi:
        return False
    return None
