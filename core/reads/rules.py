"""The query rules every read decides explicitly (docs/data-model.md, "Query rules").

A read over entities, relationships or listings decides three things, each written once
here and used by every query that needs it:

- **retraction**: ``live(var)`` (not retracted unless ``$withRetracted``),
  ``unretracted(var)`` (never retracted claims), or
  ``searched_live`` inside a graph search that bound ``EVERY_CLAIM``; a query that wants
  retracted claims too says so with ``ANY_RETRACTION``;
- **own listing or cluster copy** (core/resolution/clusters.py): ``own_listing(var)``,
  ``cluster_copy(var)``, or ``any_listing(var)`` for a read that sees a cluster's listings
  on every member;
- **dates**: "in force as of D" for relationships (``REL_DATES``) and listings
  (``LISTING_IN_FORCE``), with ``as_of_params``.

``tests/core/test_query_rules.py`` fails when a query over listings or relationships
makes none of these decisions.
"""

from __future__ import annotations

from typing import Any, LiteralString

from entanglements.core.dates import PartialDate


def as_of_params(as_of: PartialDate | None, *, include_retracted: bool = False) -> dict[str, Any]:
    """``$asOfLo``/``$asOfHi``: the first and last day of the ``asOf`` period (None: no filter);
    ``$withRetracted``: whether retracted claims count (``includeRetracted``, for audit)."""
    return {
        "asOfLo": as_of.lo if as_of else None,
        "asOfHi": as_of.hi if as_of else None,
        "withRetracted": include_retracted,
    }


def unretracted(var: LiteralString) -> LiteralString:
    """``var`` is not retracted, whatever the request: for the reads that never count a
    retracted claim (screening, ownership verdicts, watch checks)."""
    return "(" + var + ".retracted IS NULL)"


def live(var: LiteralString) -> LiteralString:
    """``var`` is not retracted (docs/corrections.md), unless ``$withRetracted``. Every read
    of entities, relationships and listings applies it; ``var`` is a fixed variable name."""
    return "($withRetracted OR " + var + ".retracted IS NULL)"


#: Bound once before a graph search, as ``everyClaim``: retracted claims count
#: (``$withRetracted``) or no retraction is in force at all. The search's hops test it
#: before an element's own ``retracted`` (``searched_live``), so while nothing is retracted
#: they read no property for the rule: reading it on every relationship and entity a 3-hop
#: exposure search expands cost +54% of the search's db hits (docs/performance.md, round 3).
EVERY_CLAIM: LiteralString = (
    "($withRetracted OR NOT EXISTS { MATCH (rt:Retraction) WHERE rt.undone_at IS NULL }) "
    "AS everyClaim"
)


def searched_live(var: LiteralString) -> LiteralString:
    """``live`` inside a search that bound ``EVERY_CLAIM`` (same answer, cheaper)."""
    return "(everyClaim OR " + var + ".retracted IS NULL)"


#: "In force as of D" for an entity relationship ``r`` by its dates alone (docs/data-model.md,
#: Partial dates): the periods could overlap; a missing start is "already in force", a
#: missing end "still".
REL_DATES: LiteralString = (
    "($asOfHi IS NULL OR r.start_lo IS NULL OR r.start_lo <= $asOfHi) "
    "AND ($asOfLo IS NULL OR r.end_hi IS NULL OR r.end_hi >= $asOfLo)"
)

#: ``REL_DATES``, and a retracted relationship is in force nowhere (unless ``$withRetracted``).
REL_IN_FORCE: LiteralString = REL_DATES + " AND " + live("r")

#: The same rule for a listing ``l`` (listed/delisted instead of start/end).
LISTING_IN_FORCE: LiteralString = (
    "($asOfHi IS NULL OR l.listed_lo IS NULL OR l.listed_lo <= $asOfHi) "
    "AND ($asOfLo IS NULL OR l.delisted_hi IS NULL OR l.delisted_hi >= $asOfLo) AND " + live("l")
)


#: A read that counts retracted claims too, said explicitly (audit, history, corrections).
ANY_RETRACTION: LiteralString = "true /* rule: retracted too */"


def own_listing(var: LiteralString) -> LiteralString:
    """``var`` is a listing as its publisher (or a finding) states it, not a cluster copy."""
    return "(" + var + ".via IS NULL)"


def cluster_copy(var: LiteralString) -> LiteralString:
    """``var`` is a cluster copy of another member's listing (core/resolution/clusters.py)."""
    return "(" + var + ".via IS NOT NULL)"


def any_listing(var: LiteralString) -> LiteralString:
    """``var`` may be an own listing or a cluster copy: the read sees the whole cluster's
    listings on every member (``var.via`` names the member a copy came from)."""
    return "(true /* rule: " + var + " own or cluster copy */)"
