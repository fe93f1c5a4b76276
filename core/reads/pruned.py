"""The exposure search by design (issue 27): pruned by the distance label, the last hop read
from the listed-hop mirrors (core/reach.py), the paths assembled from what it read.

A search to N hops walks positions 0 (the start) to N. An entity may stand at position k
only when k + its label <= N (the label bounds its hops to any listed party from below, and
filters only remove paths, so no walk of at most N hops to a listed party is lost). Levels
1 to N-1 expand the entities of the level before over their relationships, as the
reference search does (same hub rule, relationship rule and liveness); level N reads only
the last hops (``LISTED_HOP``) of level N-1, never its relationship chains, which are the
bulk of an unpruned search (docs/performance.md). Each level keeps every entity that may
stand there (no cross-level de-duplication), so every walk of at most N hops that the
reference search could take is a walk through these levels: the parties are the listed
entities met at any level (at their lowest), and a report's paths are enumerated here from
the levels' edges, shortest first, without repeating a relationship (``SHORTEST 3``'s
trail semantics), and then projected by element id in a second round trip.

With derived parties (``$derived``, ids restricted by ownership, not necessarily listed) no
label bounds the distance, so those reports take the reference search
(core/reads/exposure.py).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any, LiteralString

from entanglements.core.reads.filters import (
    Direction,
    literal_int,
    oriented,
    search_hop,
    type_pattern,
)
from entanglements.core.reads.records import (
    ENTITY_MAP,
    HOP_MAP,
    LIST_MAP,
    judgements_cited_by,
    sources_cited_by,
)
from entanglements.core.reads.rules import ANY_RETRACTION, REL_DATES, searched_live
from entanglements.core.vocab import LISTED_HOP, LISTED_HOPS, SAME_AS, RelType

#: Paths per party (``SHORTEST 3`` in the reference search).
PATHS = 3

#: Partial walks the path enumeration may extend per party before it gives up on more
#: paths (trail conflicts are rare; this only bounds a pathological graph).
ENUMERATION_BUDGET = 20_000

#: The hub rule of an entity ``x`` the search expands from: the start, or an entity with at
#: most ``$maxDegree`` relationships, its listed-hop mirrors not counted (two degree reads).
HUB_RULE: LiteralString = (
    "(x.id = $id OR COUNT { (x)--() } - COUNT { (x)-[:" + LISTED_HOP + "]-() } <= $maxDegree)"
)

_OUT: dict[Direction, LiteralString] = {
    Direction.OUTGOING: "q.out",
    Direction.INCOMING: "NOT q.out",
    Direction.BOTH: "true",
}


def _mirror_way(direction: Direction) -> LiteralString:
    """The direction rule of a mirrored last hop ``q``: a judgement hop goes either way
    (whether judgement hops are searched at all is ``$hopTypes``'s)."""
    if direction is Direction.BOTH:
        return "true"
    return "(q.rel_type = '" + SAME_AS + "' OR " + _OUT[direction] + ")"


#: ``REL_DATES`` and the retraction rule read from a mirror ``q`` (its ``lo``/``hi`` are the
#: relationship's ``start_lo``/``end_hi``, ``rel_retracted`` its ``retracted``).
_MIRROR_DATES: LiteralString = (
    "($asOfHi IS NULL OR q.lo IS NULL OR q.lo <= $asOfHi) "
    "AND ($asOfLo IS NULL OR q.hi IS NULL OR q.hi >= $asOfLo)"
)
_MIRROR_LIVE: LiteralString = "(everyClaim OR q.rel_retracted IS NULL)"


def _level(
    k: int,
    hops: int,
    types: tuple[RelType, ...],
    direction: Direction,
    dated: bool,
    edges: bool,
    judgements: bool,
) -> LiteralString:
    """Level ``k`` (1 <= k < hops): the entities one hop from level k-1 that may stand at
    position k (``k + label <= hops``); with ``judgements`` a hop may be a ``SAME_AS`` link
    (either way, whatever the direction: ``search_hop``/``oriented``)."""
    before, now = "f" + literal_int(k - 1), "f" + literal_int(k)
    rule = REL_DATES + " AND " + searched_live("r") if dated else searched_live("r")
    edge = (
        ", collect([elementId(x), elementId(y), type(r), coalesce(r.id, r.judgement), "
        "elementId(r)]) AS e" + literal_int(k)
        if edges
        else ""
    )
    return (
        "CALL (" + before + ", everyClaim) { "
        "  UNWIND " + before + " AS x "
        "  MATCH (x)" + search_hop(types, direction, judgements) + "(y:Entity) "
        "  WHERE " + HUB_RULE + " AND " + rule + " AND " + searched_live("y") + " "
        "  AND " + oriented(direction, judgements) + " "
        "  AND coalesce(y." + LISTED_HOPS + ", 0) <= " + literal_int(hops - k) + " "
        "  RETURN collect(DISTINCT y) AS " + now + edge + " } "
    )


def _last(
    hops: int,
    types: tuple[RelType, ...],
    direction: Direction,
    dated: bool,
    edges: bool,
    mirrors: bool,
    judgements: bool,
) -> LiteralString:
    """Level ``hops``: the listed parties one last hop from level hops-1, read from the
    mirrors (``$hopTypes``: the relationship types the search follows). Without ``mirrors``
    (only to measure what they save, bench/plan.py) it walks the relationships instead."""
    if not mirrors:
        return _level(hops, hops, types, direction, dated, edges, judgements)
    before, now = "f" + literal_int(hops - 1), "f" + literal_int(hops)
    rule = _MIRROR_DATES + " AND " + _MIRROR_LIVE if dated else _MIRROR_LIVE
    edge = (
        ", collect([elementId(x), elementId(y), q.rel_type, q.rel, null]) AS e" + literal_int(hops)
        if edges
        else ""
    )
    return (
        "CALL (" + before + ", everyClaim) { "
        "  UNWIND " + before + " AS x "
        "  MATCH (x)-[q:" + LISTED_HOP + "]->(y:Listed) "
        "  WHERE " + HUB_RULE + " AND q.rel_type IN $hopTypes AND " + _mirror_way(direction) + " "
        "  AND " + rule + " AND " + searched_live("y") + " "
        "  RETURN collect(DISTINCT y) AS " + now + edge + " } "
    )


#: Each party's listings in force (the reference search's ``FOUND_LISTINGS``).
def _found(hops: int, listings: LiteralString) -> LiteralString:
    levels = ", ".join(
        "[" + literal_int(k) + ", f" + literal_int(k) + "]" for k in range(1, hops + 1)
    )
    names = ", ".join("f" + literal_int(k) for k in range(1, hops + 1))
    return (
        "CALL (" + names + ", everyClaim) { "
        "  UNWIND [" + levels + "] AS level "
        "  UNWIND level[1] AS t "
        "  WITH t, level[0] AS d WHERE t:Listed AND t.id <> $id "
        "  WITH t, min(d) AS distance "
        + listings
        + "  WITH t, distance, listings WHERE size(listings) > 0 "
        "  ORDER BY distance, t.name, t.id "
        "  RETURN collect({t: t, distance: distance, listings: listings}) AS found } "
    )


@cache
def pruned_query(
    types: tuple[RelType, ...],
    hops: int,
    direction: Direction,
    *,
    digest: bool,
    dated: bool,
    start: LiteralString,
    listings: LiteralString,
    mirrors: bool = True,
    judgements: bool = True,
) -> LiteralString:
    """The pruned search to ``hops``: ``parties`` (the watch's digest) or, for a report,
    ``total``, the first ``$first`` parties (``found``) and every level's edges."""
    edges = not digest
    text = start + "WITH s, everyClaim, [s] AS f0 "
    for k in range(1, hops):
        text += _level(k, hops, types, direction, dated, edges, judgements)
    text += _last(hops, types, direction, dated, edges, mirrors, judgements)
    text += _found(hops, listings)
    if digest:
        return (
            text + "RETURN [f IN found | {id: f.t.id, distance: f.distance, "
            "listings: [l IN f.listings | l.id]}] AS parties"
        )
    return (
        text + "CALL (found) { UNWIND found[0..$first] AS f WITH f, f.t AS t "
        "  RETURN collect({t: elementId(t), entity: t {" + ENTITY_MAP + "}, "
        "  distance: f.distance, listings: f.listings}) AS reported } "
        "RETURN elementId(s) AS s, size(found) AS total, reported AS found, "
        "[" + ", ".join("e" + literal_int(k) for k in range(1, hops + 1)) + "] AS edges"
    )


#: The relationships the mirrored last hops stand for (``$lastHops``: per type, the hops
#: ``h`` of that type), each by its id through its type's uniqueness constraint (a few db
#: hits; one branch per type, since a type in a pattern is a literal); a judgement hop (no
#: id of its own, few of them) between its two ends. PROFILE on the full bench graph: 5.5
#: times fewer db hits than matching every last hop between its ends (docs/performance.md).
_LAST_HOPS: LiteralString = " UNION ALL ".join(
    [
        "UNWIND coalesce($lastHops." + type_pattern([t]) + ", []) AS h "
        "MATCH ()-[r:" + type_pattern([t]) + " {id: h.rel}]->() WHERE " + ANY_RETRACTION + " "
        "RETURN h, r"
        for t in RelType
    ]
    + [
        "UNWIND coalesce($lastHops." + SAME_AS + ", []) AS h "
        "MATCH (x:Entity) WHERE elementId(x) = h.x MATCH (t:Entity) WHERE elementId(t) = h.t "
        "MATCH (x)-[r:" + SAME_AS + "]-(t) WHERE r.judgement = h.rel "
        "AND " + ANY_RETRACTION + " RETURN h, r"
    ]
)

#: The second round trip of a report: the entities and relationships of its paths by element
#: id (a mirrored last hop by its type and id), the sources they and the listings cite,
#: the lists named, and the start. The paths' relationships are read whatever their
#: retraction (the search already decided it).
PROJECTION: LiteralString = (
    "MATCH (s:Entity {id: $id}) "
    "CALL () { UNWIND $nodes AS eid MATCH (n:Entity) WHERE elementId(n) = eid "
    "  RETURN collect([eid, n {" + ENTITY_MAP + "}]) AS nodes } "
    "CALL () { UNWIND $rels AS eid MATCH ()-[r]->() WHERE elementId(r) = eid "
    "  AND " + ANY_RETRACTION + " "
    "  RETURN collect([eid, r {" + HOP_MAP + "}]) AS rels } "
    "CALL () { CALL () { " + _LAST_HOPS + " } "
    "  RETURN collect([h.key, r {" + HOP_MAP + "}]) AS last } "
    "WITH s, nodes, rels, last, [x IN rels + last | x[1]] AS hops "
    "WITH s, nodes, rels, last, hops, $listed + hops AS cited_items "
    "CALL (cited_items) { " + sources_cited_by("cited_items") + " } "
    "CALL (hops) { " + judgements_cited_by("hops") + " } "
    "CALL () { UNWIND $lists AS lid MATCH (sl:SanctionsList {id: lid}) "
    "  RETURN collect(sl {" + LIST_MAP + "}) AS lists } "
    "RETURN s {" + ENTITY_MAP + "} AS start, nodes, rels, last, sources, lists, judgements"
)


@dataclass(frozen=True, slots=True)
class Edge:
    """One hop the search read: from ``x`` to ``y`` (element ids) over relationship
    ``type``/``id`` (``eid``: its element id; None for a mirrored last hop)."""

    x: str
    y: str
    type: str
    id: str
    eid: str | None

    @property
    def key(self) -> tuple[str, str]:
        return (self.type, self.id)


def last_hops_by_type(last: Mapping[str, Edge]) -> dict[str, list[dict[str, str]]]:
    """``PROJECTION``'s ``$lastHops``: the mirrored last hops (by their keys) per type."""
    by_type: dict[str, list[dict[str, str]]] = {}
    for key, e in last.items():
        by_type.setdefault(e.type, []).append({"key": key, "x": e.x, "t": e.y, "rel": e.id})
    return by_type


#: The levels' edges indexed by the entity they reach: ``[k-1][y]``, the edges from position
#: k-1 into ``y`` at position k.
Levels = list[dict[str, list[Edge]]]


def index(levels: Sequence[Sequence[Sequence[Any]]]) -> Levels:
    """The search's ``edges`` (``levels[k-1]``: the edges from position k-1 to k), indexed
    once per report: every party's walks go back through the same levels (building the
    index per party was a report's largest cost, profiled on the full bench graph)."""
    into: Levels = []
    for level in levels:
        by_end: dict[str, list[Edge]] = {}
        for x, y, rtype, rid, eid in level:
            by_end.setdefault(y, []).append(Edge(x, y, rtype, rid, eid))
        into.append(by_end)
    return into


def walks(start: str, into: Levels, target: str, distance: int) -> list[list[Edge]]:
    """Up to ``PATHS`` walks from ``start`` to ``target`` through the indexed levels,
    shortest first, none repeating a relationship."""
    found: list[list[Edge]] = []
    budget = [ENUMERATION_BUDGET]
    for length in range(distance, len(into) + 1):
        for walk in _back(into, start, target, length, [], budget):
            found.append(walk)
            if len(found) == PATHS:
                return found
    return found


def _back(
    into: Levels,
    start: str,
    node: str,
    position: int,
    suffix: list[Edge],
    budget: list[int],
) -> Iterator[list[Edge]]:
    """Walks ending with ``suffix`` whose entity at ``position`` is ``node``: backwards
    through the levels (every entity of a level was reached from the start, so a branch
    ends only at a repeated relationship)."""
    if position == 0:
        if node == start:
            yield list(reversed(suffix))
        return
    used = {e.key for e in suffix}
    for edge in into[position - 1].get(node, ()):
        if edge.key in used:
            continue
        budget[0] -= 1
        if budget[0] < 0:
            return
        suffix.append(edge)
        yield from _back(into, start, edge.x, position - 1, suffix, budget)
        suffix.pop()
