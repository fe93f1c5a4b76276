"""Birth and listing dates as the publishers write them, turned into partial dates.

Real lists say ``05 Jun 1950``, ``Jun 1950``, ``circa 1950``, ``01 Jan 1976 to 31 Dec
1978``, ``10/00/1983`` (day 10, month unknown), ``00/00/1936``, ``1959-09-24``. A value that
cannot be read gives no date (the caller counts it as skipped); it never guesses.
"""

from __future__ import annotations

import calendar
import re
from typing import Literal

from entanglements.core.dates import PartialDate, PartialDateError

Order = Literal["dmy", "mdy"]

#: A range wider than this many years keeps its two ends instead of every year.
MAX_YEARS = 10

_MONTHS = {
    name.lower(): number
    for names in (calendar.month_name, calendar.month_abbr)
    for number, name in enumerate(names)
    if name
} | {"sept": 9}
_HEDGES = re.compile(
    r"^(circa|ca\.?|c\.|approximately|approx\.?|about|around|before|after|in)[\s-]+", re.I
)
_RANGE = re.compile(r"^(?:between\s+)?(.+?)\s+(?:to|and|-|–)\s+(.+)$", re.I)  # noqa: RUF001
_ISO = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?:T.*)?$")
_NUMERIC = re.compile(r"^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$")
_WORDS = re.compile(r"^(?:(\d{1,2})\s+)?([A-Za-z]{3,9})\.?,?\s+(\d{4})$")


def _make(year: str, month: int | None, day: int | None) -> PartialDate | None:
    """A partial date; ``0`` parts mean unknown (month 00 drops the day as well)."""
    try:
        if not month:
            return PartialDate.parse(year)
        if not day:
            return PartialDate.parse(f"{year}-{month:02d}")
        return PartialDate.parse(f"{year}-{month:02d}-{day:02d}")
    except PartialDateError:
        return None


def one_date(text: str, order: Order = "dmy") -> PartialDate | None:
    """One date in any of the shapes above (hedges like ``circa`` dropped), else None."""
    text = _HEDGES.sub("", text.strip().rstrip(".")).strip()
    if match := _ISO.match(text):
        year, month, day = match.groups()
        return _make(year, int(month) if month else None, int(day) if day else None)
    if match := _NUMERIC.match(text):
        first, second, year = match.groups()
        day, month = (first, second) if order == "dmy" else (second, first)
        return _make(year, int(month), int(day))
    if match := _WORDS.match(text):
        day, month_name, year = match.groups()
        month = _MONTHS.get(month_name.lower())
        return _make(year, month, int(day) if day else None) if month else None
    return None


def _spans_years(lo: PartialDate, hi: PartialDate) -> bool:
    """``1976`` .. ``1978`` or ``01 Jan 1976`` .. ``31 Dec 1978``: whole years."""
    return lo.lo == PartialDate(lo.year).lo and hi.hi == PartialDate(hi.year).hi


def loose_dates(text: str, order: Order = "dmy") -> list[PartialDate]:
    """Every date a value states: one, or a range (every year of a range of whole years
    up to ``MAX_YEARS``, else its two ends). Empty when the value cannot be read."""
    text = " ".join(text.split())
    if not text:
        return []
    single = one_date(text, order)
    if single is not None:
        return [single]
    match = _RANGE.match(_HEDGES.sub("", text))
    if match is None:
        return []
    lo, hi = one_date(match.group(1), order), one_date(match.group(2), order)
    if lo is None or hi is None or hi.hi < lo.lo:
        return []
    return year_range(lo, hi)


def year_range(lo: PartialDate, hi: PartialDate) -> list[PartialDate]:
    """A range as dates: every year between whole-year ends, else the two ends."""
    if _spans_years(lo, hi) and hi.year - lo.year <= MAX_YEARS:
        return [PartialDate(year) for year in range(lo.year, hi.year + 1)]
    return [lo, hi] if lo != hi else [lo]
