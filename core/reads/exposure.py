"""Sanctions exposure: the listed parties within N hops of an entity, with the evidence.

Up to 4 hops (``_query``) the plan is one breadth-first search from the start entity, never
an enumeration of all paths: Neo4j's ``SHORTEST 3`` over a quantified path pattern, forced to the
``StatefulShortestPath(All)`` operator (``statefulShortestPlanningMode=all_if_possible``),
which expands outwards from the start once and yields the 3 shortest paths to every
reachable node that satisfies the target predicate. Left to its cardinality heuristic the
planner may instead run one point-to-point search per listed entity in the whole graph
(``CartesianProduct`` + ``StatefulShortestPath(Into)``), which does not scale.

Hubs are bounded: the search never expands *through* an entity with more than
``ENTANGLE_HUB_DEGREE`` relationships (it may still start at one or end at one), so a
ministry or a large university with thousands of links cannot blow the frontier up. The
query also runs under ``ENTANGLE_QUERY_TIMEOUT``.

From 5 hops (``_bfs_query``) the single search is replaced: its trail state explodes at 6
hops and the operator does not stop at the transaction timeout (docs/performance.md).

Those two plans are the **reference search** (``reference_query``): every report and digest
now runs the pruned search of core/reads/pruned.py (distance labels and listed last hops,
issue 27), which answers the same (``tests/core/test_pruned_exposure.py`` compares them on
random graphs, starts and filters), except with derived parties (``$derived``), which no
label bounds: those reports keep the reference search.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from functools import cache
from typing import Any, LiteralString

from entanglements.core.dates import PartialDate, before
from entanglements.core.db.database import Database
from entanglements.core.errors import NotFoundError
from entanglements.core.reads import pruned
from entanglements.core.reads.filters import (
    Direction,
    literal_int,
    oriented,
    search_hop,
    search_step,
)
from entanglements.core.reads.records import (
    ENTITY_MAP,
    HOP_MAP,
    LIST_MAP,
    LISTING_MAP,
    EntityRow,
    ExposureResult,
    ExposureRow,
    ListingRow,
    PathRow,
    RelationshipRow,
    judgements_cited_by,
    references,
    sources_cited_by,
)
from entanglements.core.reads.rules import (
    EVERY_CLAIM,
    LISTING_IN_FORCE,
    REL_DATES,
    any_listing,
    as_of_params,
    searched_live,
)
from entanglements.core.vocab import LISTED_HOP, SAME_AS, RelType

#: Shortest paths kept per exposed party (``SHORTEST k`` takes a literal only).
PATHS_PER_EXPOSURE = 3

#: One hop of the search: expand from ``x`` only if it is the start or not a hub (its
#: listed-hop mirrors, core/reach.py, are no relationships of its own).
HUB_RULE: LiteralString = pruned.HUB_RULE


def _rel_rule(dated: bool) -> LiteralString:
    """What a relationship ``r`` the search follows must satisfy: in force at ``asOf`` when
    the report is ``dated``, and not retracted (``everyClaim`` bound, see ``EVERY_CLAIM``).
    Without ``asOf`` the date rule is always true and is left out (round 3 measured it at
    12% of the search's db hits before the retraction rule was added)."""
    unretracted = searched_live("r")
    return REL_DATES + " AND " + unretracted if dated else unretracted


def _hop_filter(dated: bool) -> LiteralString:
    """One hop: from the start or a non-hub ``x``, over a relationship ``_rel_rule``
    admits, to an entity ``y`` that is not retracted. A judgement hop (``SAME_AS``) has no
    dates and no retraction of its own, so the rule admits it; its ends obey it."""
    return HUB_RULE + " AND " + _rel_rule(dated) + " AND " + searched_live("y")


#: The start entity and ``everyClaim`` (``EVERY_CLAIM``), what both plans' searches use.
START: LiteralString = "MATCH (s:Entity {id: $id}) WITH s, " + EVERY_CLAIM + " "


#: The sources cited, the judgements of the judgement hops and the lists named by the
#: reported ``exposures``, fetched in the same transaction so a whole report with its
#: evidence is one round trip.
REFERENCES: LiteralString = (
    "CALL (exposures) { "
    "  WITH reduce(a = [], x IN exposures | "
    "    a + x.listings + reduce(b = [], p IN x.paths | b + p.rels)) AS cited_items "
    "  " + sources_cited_by("cited_items") + " "
    "} "
    "CALL (exposures) { "
    "  "
    + judgements_cited_by(
        "reduce(a = [], x IN exposures |     a + reduce(b = [], p IN x.paths | b + p.rels))"
    )
    + " "
    "} "
    "CALL (exposures) { "
    "  UNWIND exposures AS x "
    "  UNWIND x.listings AS l "
    "  WITH DISTINCT l.list AS lid "
    "  MATCH (sl:SanctionsList {id: lid}) "
    "  RETURN collect(sl {" + LIST_MAP + "}) AS lists "
    "} "
)


#: The end of both plans: the report's evidence, then its one row.
REPORT: LiteralString = (
    REFERENCES + "RETURN s {" + ENTITY_MAP + "} AS start, size(found) AS total, exposures, "
    "sources, lists, judgements"
)

#: The other end (``digest``): every party found, as ids only, for the watch's comparison
#: (core/watch/): no paths, entities or evidence are projected.
DIGEST: LiteralString = (
    "RETURN [f IN found | {id: f.t.id, distance: f.distance, "
    "listings: [l IN f.listings | l.id]}] AS parties"
)

#: Each party's listings in force: what both plans compute before their tail.
FOUND_LISTINGS: LiteralString = (
    "  CALL (t) { "
    "    MATCH (t)-[l:LISTED_ON]->(sl:SanctionsList) "
    "    WHERE ($lists IS NULL OR sl.id IN $lists) AND " + LISTING_IN_FORCE + " "
    "    AND " + any_listing("l") + " "
    "    WITH t AS e, l, sl ORDER BY l.listed_lo, sl.id, l.id "
    "    RETURN collect(l {" + LISTING_MAP + "}) AS listings } "
)


def _exposures(paths: LiteralString) -> LiteralString:
    """The reported parties (rows ``f`` of ``found``, entity ``t``) with the ``paths`` to
    each, projected to the maps ``core.queries.rows`` reads."""
    return (
        "collect({entity: t {" + ENTITY_MAP + "}, distance: f.distance, "
        "listings: f.listings, paths: [p IN " + paths + " | {"
        "nodes: [n IN nodes(p) | n {" + ENTITY_MAP + "}], "
        "rels: [r IN relationships(p) | r {" + HOP_MAP + "}]}]})"
    )


#: With derived parties (``$derived``: ids restricted by ownership, docs/ownership.md) a
#: target is listed or derived, and a derived one is reported without a listing in force.
_DERIVED_TARGET: LiteralString = "(t:Entity WHERE t.id <> $id AND (t:Listed OR t.id IN $derived))"
_DERIVED_KEPT: LiteralString = "(size(listings) > 0 OR t.id IN $derived)"


@cache
def _query(
    types: tuple[RelType, ...],
    max_hops: int,
    direction: Direction,
    derived: bool = False,
    dated: bool = True,
    judgements: bool = True,
) -> LiteralString:
    step = search_step(types, direction, judgements, _hop_filter(dated))
    k, n = literal_int(PATHS_PER_EXPOSURE), literal_int(max_hops)
    target = _DERIVED_TARGET if derived else "(t:Listed WHERE t.id <> $id)"
    kept = _DERIVED_KEPT if derived else "size(listings) > 0"
    search = "SHORTEST " + k + " (s)" + step + "{1," + n + "}" + target
    return (
        "CYPHER statefulShortestPlanningMode=all_if_possible " + START + "CALL (s, everyClaim) { "
        "  MATCH p = " + search + " "
        "  WITH t, collect(p) AS paths, min(length(p)) AS distance "
        + FOUND_LISTINGS
        + "  WITH t, paths, distance, listings WHERE "
        + kept
        + " "
        "  ORDER BY distance, t.name, t.id "
        "  RETURN collect({t: t, paths: paths, distance: distance, listings: listings}) AS found "
        "} "
        "CALL (found) { "
        "  UNWIND found[0..$first] AS f "
        "  WITH f, f.t AS t "
        "  RETURN " + _exposures("f.paths") + " AS exposures "
        "} " + REPORT
    )


#: The depth the search starts at (``sanctions_exposure``): within 3 hops the single search
#: answers in tens of milliseconds on a million entities and usually finds a full page of
#: parties already; each further hop multiplies the reach (docs/performance.md).
START_HOPS = 3

#: From this maxHops on, the reach is computed by a pruning breadth-first search and the
#: paths only for the reported parties (``_bfs_query``). Measured (docs/performance.md): on
#: 100,000 entities / 500,000 relationships the single ``SHORTEST 3`` search takes seconds
#: at 6 hops, hits the timeout, and keeps running after it (the operator does not poll for
#: termination), while below 5 hops it is the faster of the two plans.
BFS_FROM_HOPS = 5


def expandable(var: LiteralString) -> LiteralString:
    """An entity the search may expand *from* (the BFS form of ``HUB_RULE``, its listed-hop
    mirrors not counted, and its rule that retracted entities are not passed through)."""
    return (
        "(" + var + ".id = $id OR (COUNT { (" + var + ")--() } - COUNT { (" + var + ")-[:"
        + LISTED_HOP + "]-() } <= $maxDegree AND " + searched_live(var) + "))"
    )  # fmt: skip


EXPANDABLE: LiteralString = expandable("n")


def _reach(
    types: tuple[RelType, ...],
    max_hops: int,
    direction: Direction,
    dated: bool,
    judgements: bool,
) -> tuple[LiteralString, LiteralString]:
    """The planner mode and the ``MATCH`` of the breadth-first reach: every expandable
    entity ``m`` within ``max_hops - 1`` hops, with its shortest ``depth``, each once.

    A pruning ``VarLengthExpand`` does it, unless judgement hops go with a direction: its
    relationship rule cannot see the entity a hop leaves (``oriented``), and a rule over
    the whole walk stops the pruning (``VarLengthExpand(All)``: every walk). Then the reach
    is ``ANY SHORTEST`` (``StatefulShortestPath(All)``; one path per entity keeps no trail
    state), and the mode is left to the planner's heuristic, which plans it expanding and
    the point-to-point paths ``Into`` (``tests/api/test_exposure_plan.py``)."""
    below = literal_int(max_hops - 1)
    if judgements and direction is not Direction.BOTH:
        step = search_step(types, direction, judgements, _hop_filter(dated))
        return "", (
            "MATCH p = ANY SHORTEST (s)" + step + "{0," + below + "}(m:Entity) "
            "WHERE " + expandable("m") + " WITH m, length(p) AS depth "
        )
    rels = search_hop(types, direction, judgements, "rs", "*0.." + below)
    return "CYPHER statefulShortestPlanningMode=into_only ", (
        "MATCH p = (s)" + rels + "(m:Entity) "
        "WHERE all(n IN nodes(p) WHERE " + EXPANDABLE + ") "
        "  AND all(r IN rs WHERE " + _rel_rule(dated) + ") "
        "WITH m, min(length(p)) AS depth "
    )


@cache
def _bfs_query(
    types: tuple[RelType, ...],
    max_hops: int,
    direction: Direction,
    derived: bool = False,
    digest: bool = False,
    dated: bool = True,
    judgements: bool = True,
) -> LiteralString:
    """Same parameters and rows as ``_query``, planned as ``VarLengthExpand(Pruning,BFS)``
    (each entity visited once, at its shortest distance, through expandable entities only)
    plus one hop to the listed parties, then ``SHORTEST 3`` point to point
    (``StatefulShortestPath(Into)``) for the ``$first`` reported parties only."""
    one = search_hop(types, direction, judgements)
    step = search_step(types, direction, judgements, _hop_filter(dated))
    k, n = literal_int(PATHS_PER_EXPOSURE), literal_int(max_hops)
    target = (
        "(t:Entity) WHERE (t:Listed OR t.id IN $derived) AND" if derived else "(t:Listed) WHERE"
    )
    kept = _DERIVED_KEPT if derived else "size(listings) > 0"
    mode, reach = _reach(types, max_hops, direction, dated, judgements)
    found = (
        mode + START + "CALL (s, everyClaim) { "
        "  " + reach +
        "  MATCH (m)" + one + target + " t.id <> $id AND " + _rel_rule(dated) + " "
        "    AND " + oriented(direction, judgements, "r", "m") + " "
        "    AND " + searched_live("t") + " "
        "  WITH t, min(depth) + 1 AS distance "
        + FOUND_LISTINGS +
        "  WITH t, distance, listings WHERE " + kept + " "
        "  ORDER BY distance, t.name, t.id "
        "  RETURN collect({t: t, distance: distance, listings: listings}) AS found "
        "} "
    )  # fmt: skip
    if digest:
        return found + DIGEST
    return (
        found + "CALL (s, found, everyClaim) { "
        "  UNWIND found[0..$first] AS f "
        "  WITH s, f, f.t AS t, everyClaim "
        "  CALL (s, t, everyClaim) { "
        "    MATCH p = SHORTEST " + k + " (s)" + step + "{1," + n + "}(t) "
        "    RETURN collect(p) AS paths } "
        "  RETURN " + _exposures("paths") + " AS exposures "
        "} " + REPORT
    )


def exposure_query(
    types: tuple[RelType, ...],
    hops: int,
    direction: Direction,
    derived: bool = False,
    *,
    digest: bool = False,
    dated: bool = True,
    judgements: bool = True,
) -> LiteralString:
    """The query that searches ``hops`` deep: the pruned search (core/reads/pruned.py), or
    with ``derived`` the reference search (``reference_query``). A report's pruned search
    returns levels, not paths: ``sanctions_exposure`` assembles the report from them."""
    if derived:
        return reference_query(
            types, hops, direction, derived, digest=digest, dated=dated, judgements=judgements
        )
    return pruned.pruned_query(
        types,
        hops,
        direction,
        digest=digest,
        dated=dated,
        start=START,
        listings=FOUND_LISTINGS,
        judgements=judgements,
    )


def reference_query(
    types: tuple[RelType, ...],
    hops: int,
    direction: Direction,
    derived: bool = False,
    *,
    digest: bool = False,
    dated: bool = True,
    judgements: bool = True,
) -> LiteralString:
    """The reference (unpruned) query that searches ``hops`` deep: the single search, or
    from ``BFS_FROM_HOPS`` the breadth-first reach with point-to-point paths (``derived``:
    ``$derived`` too).
    ``digest``: return only ``parties`` (every party's id, distance and listing ids: what a
    watch compares), no report; it is always the breadth-first reach, which visits each
    entity once and computes no path (the single search collects 3 paths per party).
    ``dated``: relationships must be in force at ``$asOfLo``/``$asOfHi`` (False leaves the
    always-true date rule out when there is no ``asOf``). ``judgements``: the ``SAME_AS``
    links are hops too (judgement hops, either way, whatever the ``direction``)."""
    if digest:
        return _bfs_query(
            types, hops, direction, derived, digest=True, dated=dated, judgements=judgements
        )
    build = _bfs_query if hops >= BFS_FROM_HOPS else _query
    return build(types, hops, direction, derived, dated=dated, judgements=judgements)


def exposure_params(
    entity_id: str,
    max_degree: int,
    *,
    as_of: PartialDate | None = None,
    lists: Sequence[str] | None = None,
    first: int = 50,
    derived: Sequence[str] | None = None,
    include_retracted: bool = False,
    types: tuple[RelType, ...] = tuple(RelType),
    judgements: bool = True,
) -> dict[str, Any]:
    """The parameters of ``exposure_query`` and ``reference_query`` (``hopTypes``: what the
    pruned search's mirrored last hop may be, judgement hops included with ``judgements``)."""
    return {
        "id": entity_id,
        "hopTypes": [RelType(t).neo4j_type for t in types] + ([SAME_AS] if judgements else []),
        "lists": list(lists) if lists is not None else None,
        "first": first,
        "maxDegree": max_degree,
        "derived": list(derived or ()),
        **as_of_params(as_of, include_retracted=include_retracted),
    }


async def sanctions_exposure(
    db: Database,
    entity_id: str,
    *,
    max_hops: int,
    as_of: PartialDate | None = None,
    lists: Sequence[str] | None = None,
    types: tuple[RelType, ...] = tuple(RelType),
    first: int = 50,
    direction: Direction = Direction.BOTH,
    derived: Sequence[str] | None = None,
    include_retracted: bool = False,
    judgements: bool = True,
    reference: bool = False,
) -> ExposureResult:
    """Listed parties (and the ``derived`` ones, restricted by ownership) within
    ``max_hops`` of ``entity_id``, nearest first (arguments are
    validated by the caller: ``max_hops``/``first`` within the configured bounds).

    The search deepens from ``START_HOPS`` one hop at a time and stops at the first depth
    within which it has found ``first`` parties: those are exactly the first ``first`` of
    the full search (nearest first), so going further would only grow ``total``. The
    result says how deep it searched (``searched_hops``); ``total`` counts within that.
    ``include_retracted``: retracted claims count too (they come back marked).
    ``judgements``: the search goes through analysts' SAME judgements (``SAME_AS`` links,
    judgement hops), counted like any hop.
    ``reference``: run the reference (unpruned) search instead (tests, ``bench``).
    """
    params = exposure_params(
        entity_id,
        db.settings.hub_degree,
        as_of=as_of,
        lists=lists,
        first=first,
        derived=derived,
        include_retracted=include_retracted,
        types=types,
        judgements=judgements,
    )
    build = reference_query if reference or derived is not None else exposure_query
    for hops in range(min(START_HOPS, max_hops), max_hops + 1):
        query = build(
            types,
            hops,
            direction,
            derived is not None,
            dated=as_of is not None,
            judgements=judgements,
        )
        rows = await db.read(query, params)
        if not rows:
            raise NotFoundError(f"no entity with id {entity_id!r}")
        if rows[0]["total"] >= first > 0:
            break
    row = rows[0] if build is reference_query else await _report(db, rows[0], params)
    return _result(row, max_hops=max_hops, searched_hops=hops, as_of=as_of)


async def _report(db: Database, row: dict[str, Any], params: dict[str, Any]) -> dict[str, Any]:
    """The reference search's report row from the pruned search's levels: each reported
    party's paths enumerated (``pruned.walks``), then their entities, relationships, cited
    sources and lists read in one more round trip."""
    found, levels = row["found"], pruned.index(row["edges"])
    paths = {f["t"]: pruned.walks(row["s"], levels, f["t"], f["distance"]) for f in found}
    walked = [e for ws in paths.values() for w in ws for e in w]
    last = {_last_key(e): e for e in walked if e.eid is None}
    listed = [{"cite_source": li.get("cite_source")} for f in found for li in f["listings"]]
    projected = await db.read(
        pruned.PROJECTION,
        {
            "id": params["id"],
            "nodes": sorted({row["s"], *(e.y for e in walked)}),
            "rels": sorted({e.eid for e in walked if e.eid is not None}),
            "lastHops": pruned.last_hops_by_type(last),
            "listed": listed,
            "lists": sorted({li["list"] for f in found for li in f["listings"]}),
        },
    )
    p = projected[0]
    nodes, rels = dict(p["nodes"]), {**dict(p["rels"]), **dict(p["last"])}
    exposures = [
        {
            "entity": f["entity"],
            "distance": f["distance"],
            "listings": f["listings"],
            "paths": [
                {
                    "nodes": [nodes[row["s"]], *(nodes[e.y] for e in w)],
                    "rels": [rels[e.eid if e.eid is not None else _last_key(e)] for e in w],
                }
                for w in paths[f["t"]]
            ],
        }
        for f in found
    ]
    return {
        "start": p["start"],
        "total": row["total"],
        "exposures": exposures,
        "sources": p["sources"],
        "lists": p["lists"],
        "judgements": p["judgements"],
    }


def _last_key(edge: pruned.Edge) -> str:
    return "\n".join((edge.x, edge.y, edge.type, edge.id))


def _result(
    row: dict[str, Any], *, max_hops: int, searched_hops: int, as_of: PartialDate | None
) -> ExposureResult:
    start = EntityRow.of(row["start"])
    exposures = [_exposure(e) for e in row["exposures"]]
    on_paths = (n for e in exposures for p in e.paths for n in p.nodes)
    return ExposureResult(
        entity=start,
        max_hops=max_hops,
        searched_hops=searched_hops,
        as_of=as_of,
        total=row["total"],
        exposures=exposures,
        references=replace(
            references(sources=row["sources"], lists=row["lists"], judgements=row["judgements"]),
            entities={n.id: n for n in (start, *on_paths)},
        ),
    )


def _exposure(row: dict[str, Any]) -> ExposureRow:
    # SHORTEST uses trail semantics, so a 2nd/3rd path may revisit a node; such walks
    # add nothing an analyst can use, so only simple paths are reported.
    paths = sorted(
        (p for p in (PathRow.of(p) for p in row["paths"]) if p.is_simple),
        key=lambda p: p.sort_key,
    )
    listings = tuple(ListingRow.of(li) for li in row["listings"])
    distance = row["distance"]
    shortest = [p for p in paths if p.length == distance]
    # A judgement hop has no dates: the link that reaches the party is the last sourced hop
    # of the path (one of judgement hops alone has none, and the answer is unknown).
    links = [p.relationships[-1] for p in shortest if p.relationships]
    return ExposureRow(
        entity=EntityRow.of(row["entity"]),
        distance=distance,
        listings=listings,
        paths=tuple(paths),
        listed_before_link=(
            listed_before_link(listings, links) if len(links) == len(shortest) else None
        ),
    )


def listed_before_link(
    listings: Sequence[ListingRow], links: Sequence[RelationshipRow]
) -> bool | None:
    """Was the party already listed when the link that reaches it began?

    ``links`` are the last hops (the relationships touching the party) of its shortest
    paths. The party was listed before the link began when *some* listing precedes *every*
    such relationship's start (``core.dates.before``), in three-valued logic: a date that is
    unknown, or periods that overlap, make the answer None unless the known dates already
    decide it.
    """
    if not listings or not links:
        return None
    return _all(_any(before(li.listed, link.start) for li in listings) for link in links)


def _any(values: Iterable[bool | None]) -> bool | None:
    """Kleene OR: True if any is True, False if all are False, else None."""
    seen = list(values)
    if any(v is True for v in seen):
        return True
    return False if all(v is False for v in seen) else None


def _all(values: Iterable[bool | None]) -> bool | None:
    """Kleene AND: False if any is False, True if all are True, else None."""
    seen = list(values)
    if any(v is False for v in seen):
        return False
    return True if all(v is True for v in seen) else None
