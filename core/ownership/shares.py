"""A stake's share as evidence: an exact percentage, or the range the evidence allows.

``Share(25, 50)`` means "between 25 % and 50 %"; ``Share(60, 60)`` is exact; a stake whose
share nobody stated is ``UNKNOWN`` (0-100 %). FollowTheMoney's ``percentage`` is free text
("25-50%", "over 50%", "50.01", "<10%"): ``parse_percentage`` turns what it can read into
a range and returns None for anything else (the stake is then kept with an unknown share,
never with a guessed one).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: Comparisons of sums of shares tolerate float noise (33.33 + 33.33 + 33.34).
EPSILON = 1e-9


class ShareError(ValueError):
    """A share outside 0-100 % or a range whose minimum exceeds its maximum."""


@dataclass(frozen=True, slots=True)
class Share:
    """A share in percent, as a closed range ``[lo, hi]``."""

    lo: float
    hi: float

    def __post_init__(self) -> None:
        check_range(self.lo, self.hi)

    @property
    def exact(self) -> bool:
        return self.hi - self.lo <= EPSILON

    def __str__(self) -> str:
        if self.exact:
            return f"{number(self.lo)} %"
        return f"{number(self.lo)}-{number(self.hi)} %"


def number(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def check_range(lo: float | None, hi: float | None) -> None:
    """Raise ``ShareError`` (one readable line) unless ``0 <= lo <= hi <= 100``."""
    for name, value in (("share minimum", lo), ("share maximum", hi)):
        if value is not None and not 0 <= value <= 100:
            raise ShareError(f"{name} {number(value)} is outside 0-100 %")
    if lo is not None and hi is not None and lo > hi:
        raise ShareError(f"share minimum {number(lo)} is above the maximum {number(hi)}")


def share_of(share: float | None, share_min: float | None, share_max: float | None) -> Share | None:
    """The range stated by a relationship's ``share`` / ``shareMin`` / ``shareMax``
    (None when it states none). An exact share wins over a range it lies in."""
    if share is not None:
        check_range(share, share)
        return Share(share, share)
    if share_min is None and share_max is None:
        return None
    return Share(
        share_min if share_min is not None else 0.0, 100.0 if share_max is None else share_max
    )


#: A stake whose share nobody stated.
UNKNOWN = Share(0.0, 100.0)

_NUMBER = r"(\d{1,3}(?:[.,]\d+)?)"
_RANGE = re.compile(rf"^{_NUMBER}\s*%?\s*(?:-|\u2013|\u2014|to|bis|à)\s*{_NUMBER}\s*%?$")
_SINGLE = re.compile(rf"^{_NUMBER}\s*%?$")
_ABOVE = re.compile(
    rf"^(?:over|above|more than|greater than|>|>=|≥|at least|min\.?)\s*{_NUMBER}\s*%?$"
)
_BELOW = re.compile(rf"^(?:under|below|less than|<|<=|≤|up to|at most|max\.?)\s*{_NUMBER}\s*%?$")


def _float(text: str) -> float:
    return float(text.replace(",", "."))


def parse_percentage(text: str | None) -> Share | None:
    """FollowTheMoney ``percentage`` text as a range; None when it says nothing readable.

    "25-50%" → 25-50; "over 50%" / ">50" → 50-100 (a strict bound is kept inclusive: the
    range only has to contain every possible value); "under 10%" → 0-10; "60" → 60.
    Raises ``ShareError`` for figures outside 0-100 or a reversed range.
    """
    if text is None:
        return None
    cleaned = " ".join(text.strip().lower().split())
    if not cleaned:
        return None
    if match := _SINGLE.match(cleaned):
        value = _float(match.group(1))
        return Share(*_checked(value, value))
    if match := _RANGE.match(cleaned):
        return Share(*_checked(_float(match.group(1)), _float(match.group(2))))
    if match := _ABOVE.match(cleaned):
        return Share(*_checked(_float(match.group(1)), 100.0))
    if match := _BELOW.match(cleaned):
        return Share(*_checked(0.0, _float(match.group(1))))
    return None


def _checked(lo: float, hi: float) -> tuple[float, float]:
    check_range(lo, hi)
    return lo, hi
