"""The facts besides names: identifiers, birth dates, countries.

An identifier hit is evidence on its own; birth dates and countries only qualify the name
evidence: agreement nudges the score up a little, contradiction pulls it down.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from entanglements.core.dates import PartialDate

_NOT_ALNUM = re.compile(r"[^0-9A-Za-z]+")
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9_-]*")
#: Identifiers shorter than this are too likely to collide ("12", "A1").
MIN_IDENTIFIER = 4


def identifier_keys(value: str) -> set[str]:
    """Comparable forms: upper-case letters and digits; the digits alone when long enough
    (``IMO 9305609`` and ``9305609`` are the same vessel number)."""
    scheme, colon, rest = value.partition(":")
    if colon and _SCHEME.fullmatch(scheme) and rest.strip():
        value = rest  # "passport:A1234567": the scheme is how the record says what it is
    key = _NOT_ALNUM.sub("", value).upper()
    keys = {key} if len(key) >= MIN_IDENTIFIER else set()
    digits = "".join(ch for ch in key if ch.isdigit())
    if len(digits) >= 6 and digits != key:
        keys.add(digits)
    return keys


def identifier_hits(query: Sequence[str], candidate: Sequence[str]) -> list[tuple[str, str]]:
    """Pairs (query identifier, candidate identifier) with a comparable form in common."""
    hits: list[tuple[str, str]] = []
    cand = [(c, identifier_keys(c)) for c in candidate]
    for q in query:
        q_keys = identifier_keys(q)
        hits += [(q, c) for c, keys in cand if q_keys & keys]
    return hits


def birth_date_agreement(
    query: Sequence[PartialDate], candidate: Sequence[PartialDate]
) -> tuple[float, str] | None:
    """Score in [-1, 1]: 1 the same day, 0.5 compatible (same year, less precise),
    -0.5 a year apart, -1 further apart or a different day; None when either is unknown."""
    if not query or not candidate:
        return None
    best: tuple[float, str] | None = None
    for q in query:
        for c in candidate:
            found = _compare_dates(q, c)
            if best is None or found[0] > best[0]:
                best = found
    return best


def _compare_dates(q: PartialDate, c: PartialDate) -> tuple[float, str]:
    if q.lo <= c.hi and c.lo <= q.hi:  # the periods overlap
        if q.day is not None and c.day is not None:
            return 1.0, f"born the same day ({q})"
        return 0.5, f"born {q} / {c}: compatible"
    if abs(q.year - c.year) <= 1 and q.year != c.year:
        return -0.5, f"born {q} vs {c}: a year apart"
    return -1.0, f"born {q} vs {c}: different"


def country_agreement(query: Sequence[str], candidate: Sequence[str]) -> tuple[float, str] | None:
    """1 when the parties share a country, -1 when both have countries and none is shared."""
    if not query or not candidate:
        return None
    q = {c.split("-")[0] for c in query}
    c = {x.split("-")[0] for x in candidate}
    shared = sorted(q & c)
    if shared:
        return 1.0, f"country {', '.join(shared)} in common"
    return -1.0, f"countries differ: {', '.join(sorted(q))} vs {', '.join(sorted(c))}"
