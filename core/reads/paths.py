"""The shortest paths between two entities, with the same hop rules as exposure.

Both ends are bound, so the planner's point-to-point ``StatefulShortestPath(Into)`` (a
bidirectional search) is the right operator. Hubs are bounded as in ``exposure``: the
search does not pass through an entity with more than ``ENTANGLE_HUB_DEGREE``
relationships, though either end may be one.
"""

from __future__ import annotations

from functools import cache
from typing import LiteralString

from entanglements.core.dates import PartialDate
from entanglements.core.db.database import Database
from entanglements.core.errors import BadInputError, NotFoundError
from entanglements.core.reads.filters import Direction, literal_int, search_step
from entanglements.core.reads.records import (
    ENTITY_MAP,
    HOP_MAP,
    PathRow,
    PathsFound,
    judgements_cited_by,
    references,
    sources_cited_by,
)
from entanglements.core.reads.rules import EVERY_CLAIM, REL_DATES, as_of_params, searched_live
from entanglements.core.vocab import LISTED_HOP, RelType

_HOP_FILTER: LiteralString = (
    "(x.id = $from OR COUNT { (x)--() } - COUNT { (x)-[:" + LISTED_HOP + "]-() } "
    "<= $maxDegree) AND " + REL_DATES
    + " AND " + searched_live("r") + " AND " + searched_live("y")
)  # fmt: skip
_EXISTING: LiteralString = "MATCH (e:Entity) WHERE e.id IN $ids RETURN collect(e.id) AS ids"


@cache
def _query(
    types: tuple[RelType, ...], max_hops: int, first: int, direction: Direction, judgements: bool
) -> LiteralString:
    step = search_step(types, direction, judgements, _HOP_FILTER)
    search = (
        "SHORTEST " + literal_int(first) + " (a)" + step + "{1," + literal_int(max_hops) + "}(b)"
    )
    return (
        "MATCH (a:Entity {id: $from}), (b:Entity {id: $to}) "
        "WITH a, b, " + EVERY_CLAIM + " "
        "CALL (a, b, everyClaim) { "
        "  MATCH p = " + search + " "
        "  RETURN p ORDER BY length(p) "
        "} "
        "WITH p, [r IN relationships(p) | r {" + HOP_MAP + "}] AS rels "
        "CALL (rels) { " + sources_cited_by("rels") + " } "
        "CALL (rels) { " + judgements_cited_by("rels") + " } "
        "RETURN [n IN nodes(p) | n {" + ENTITY_MAP + "}] AS nodes, rels, sources, judgements"
    )


async def shortest_paths(
    db: Database,
    from_id: str,
    to_id: str,
    *,
    max_hops: int,
    first: int,
    types: tuple[RelType, ...] = tuple(RelType),
    as_of: PartialDate | None = None,
    direction: Direction = Direction.BOTH,
    include_retracted: bool = False,
    judgements: bool = True,
) -> PathsFound:
    """Up to ``first`` shortest paths, shortest first, with the sources their hops cite and
    the judgements their judgement hops stand for (arguments validated by the caller);
    retracted claims only with ``include_retracted``; through analysts' SAME judgements
    (``SAME_AS`` links) unless not ``judgements``."""
    if from_id == to_id:
        raise BadInputError("fromId and toId name the same entity")
    if first == 0:
        await _require(db, from_id, to_id)
        return PathsFound(())
    params = {"from": from_id, "to": to_id, "maxDegree": db.settings.hub_degree}
    rows = await db.read(
        _query(types, max_hops, first, direction, judgements),
        {**params, **as_of_params(as_of, include_retracted=include_retracted)},
    )
    if not rows:
        await _require(db, from_id, to_id)
    paths = sorted((PathRow.of(r) for r in rows), key=lambda p: p.sort_key)
    refs = references(
        entities=(n for r in rows for n in r["nodes"]),
        sources=(s for r in rows for s in r["sources"]),
        judgements=(j for r in rows for j in r["judgements"]),
    )
    return PathsFound(tuple(paths), refs)


async def _require(db: Database, *ids: str) -> None:
    """NOT_FOUND naming the first id that is not an entity (only asked when needed)."""
    rows = await db.read(_EXISTING, {"ids": list(ids)})
    found = set(rows[0]["ids"]) if rows else set()
    for entity_id in ids:
        if entity_id not in found:
            raise NotFoundError(f"no entity with id {entity_id!r}")
