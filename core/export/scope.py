"""Which part of the graph an export holds (docs/export.md, "Parts"):

- the whole graph (``Scope()``);
- an entity's neighbourhood (``entity``, ``hops``): every entity within ``hops`` of it (never
  expanding *through* a hub, as exposure searches: ``ENTANGLE_HUB_DEGREE``) and every
  relationship among them;
- an exposure report (``exposure``, ``hops`` and the report's filters): the start, the
  paths to each reported party, the parties; a party listed only as a member of a
  ``SAME_AS`` cluster brings the member whose listing it is;
- a saved query's result (``query``, ``params``): the entities and relationships it
  returns (nodes, relationships, paths, and any text value that is an entity's id), with
  the ends of those relationships.
Retracted claims are never part of one (``core.export.reads``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, LiteralString

from entanglements.core.dates import PartialDate
from entanglements.core.db.database import Database
from entanglements.core.errors import BadInputError, NotFoundError
from entanglements.core.export.reads import PAGE, Part
from entanglements.core.reads.exposure import EXPANDABLE, START, sanctions_exposure
from entanglements.core.reads.filters import Direction, bounded, hop, literal_int, type_pattern
from entanglements.core.reads.rules import searched_live, unretracted
from entanglements.core.saved_queries.model import JSONValue
from entanglements.core.saved_queries.runner import run_saved_query
from entanglements.core.vocab import RelType, rel_type_from_neo4j


@dataclass(frozen=True, slots=True)
class Scope:
    """At most one of ``entity``, ``exposure``, ``query``; none is the whole graph."""

    entity: str | None = None
    exposure: str | None = None
    query: str | None = None
    hops: int | None = None
    params: Mapping[str, Any] = field(default_factory=dict)
    # the exposure report's filters (as the API's sanctionsExposure)
    as_of: PartialDate | None = None
    lists: Sequence[str] | None = None
    types: tuple[RelType, ...] = tuple(RelType)
    direction: Direction = Direction.BOTH
    first: int | None = None

    @property
    def whole(self) -> bool:
        return self.entity is None and self.exposure is None and self.query is None

    def check(self, max_hops: int, max_first: int) -> None:
        """Refuse contradictory or out-of-range arguments (one clear line)."""
        chosen = [n for n in ("entity", "exposure", "query") if getattr(self, n) is not None]
        if len(chosen) > 1:
            raise BadInputError(f"export one part at a time: {' and '.join(chosen)} both given")
        if self.hops is not None:
            if self.entity is None and self.exposure is None:
                raise BadInputError("hops applies to an entity or exposure export only")
            bounded("hops", self.hops, 1, max_hops, default=1)
        if self.first is not None:
            bounded("first", self.first, 1, max_first, default=50)


def _neighbourhood_query(types: tuple[RelType, ...], hops: int) -> LiteralString:
    """Like the exposure search's reach (``core.reads.exposure``): entities reached within
    ``hops - 1`` through expandable entities, then one more hop to any live entity."""
    return (
        START + "CALL (s, everyClaim) { "
        "  MATCH p = (s)-[rs:" + type_pattern(types) + "*0.." + literal_int(hops - 1) + "]-"
        "(m:Entity) "
        "  WHERE all(n IN nodes(p) WHERE " + EXPANDABLE + ") "
        "    AND all(r IN rs WHERE " + searched_live("r") + ") "
        "  WITH DISTINCT m "
        "  MATCH (m)" + hop(types, Direction.BOTH) + "(t:Entity) "
        "  WHERE " + searched_live("r") + " AND " + searched_live("t") + " "
        "  RETURN collect(DISTINCT t.id) AS reached "
        "} "
        "RETURN s.id AS start, " + unretracted("s") + " AS live, reached"
    )  # fmt: skip


#: The relationships among a set of entities (chunk ``$ids`` of ``$all``).
_AMONG: LiteralString = (
    "UNWIND $ids AS id MATCH (a:Entity {id: id})-[r]->(b:Entity) "
    "WHERE type(r) IN $types AND b.id IN $all AND " + unretracted("r") + " "
    "RETURN type(r) AS type, r.id AS id, a.id AS a, b.id AS b"
)
#: Which texts are ids of live entities.
_ENTITY_IDS: LiteralString = (
    "UNWIND $ids AS id MATCH (e:Entity {id: id}) WHERE " + unretracted("e") + " RETURN e.id AS id"
)


def _relationships_by_id(rel_type: RelType) -> LiteralString:
    return (
        "MATCH (a:Entity)-[r:" + type_pattern([rel_type]) + "]->(b:Entity) "
        "WHERE r.id IN $ids AND " + unretracted("r") + " RETURN r.id AS id, a.id AS a, b.id AS b"
    )


#: ``EVERY_CLAIM`` (the search's start) reads it: an export never counts retracted claims.
_NOT_RETRACTED = {"withRetracted": False}


async def resolve_part(db: Database, scope: Scope) -> Part | None:
    """The part ``scope`` names, as ids (None: the whole graph); NotFoundError for an
    unknown entity or query, BadInputError for bad arguments."""
    scope.check(db.settings.max_hops, db.settings.max_first)
    if scope.entity is not None:
        return await _neighbourhood(db, scope.entity, scope.hops or 1, scope.types)
    if scope.exposure is not None:
        return await _exposure(db, scope)
    if scope.query is not None:
        return await _query_result(db, scope.query, scope.params)
    return None


async def _neighbourhood(
    db: Database, entity_id: str, hops: int, types: tuple[RelType, ...]
) -> Part:
    params = {"id": entity_id, "maxDegree": db.settings.hub_degree, **_NOT_RETRACTED}
    rows = await db.read(_neighbourhood_query(types, hops), params)
    if not rows or not rows[0]["live"]:
        raise NotFoundError(f"no entity with id {entity_id!r}")
    part = Part(entities={entity_id, *rows[0]["reached"]})
    await _add_among(db, part, types)
    return part


async def _add_among(db: Database, part: Part, types: tuple[RelType, ...]) -> None:
    """Every live relationship of ``types`` whose two ends are in the part."""
    ordered = sorted(part.entities)
    names = [t.neo4j_type for t in types]
    for i in range(0, len(ordered), PAGE):
        chunk = {"ids": ordered[i : i + PAGE], "all": ordered, "types": names}
        for row in await db.read(_AMONG, chunk):
            part.add_relationship(rel_type_from_neo4j(row["type"]), row["id"], ())


async def _exposure(db: Database, scope: Scope) -> Part:
    assert scope.exposure is not None
    report = await sanctions_exposure(
        db,
        scope.exposure,
        max_hops=scope.hops or 3,
        as_of=scope.as_of,
        lists=scope.lists,
        types=scope.types,
        first=scope.first or 50,
        direction=scope.direction,
    )
    part = Part(entities={report.entity.id})
    for found in report.exposures:
        part.entities.add(found.entity.id)
        part.entities.update(li.via for li in found.listings if li.via)
        for path in found.paths:
            for rel in path.relationships:
                part.add_relationship(RelType(rel.type), rel.id, (rel.from_id, rel.to_id))
    return part


async def _query_result(db: Database, name: str, params: Mapping[str, Any]) -> Part:
    result = await run_saved_query(db, name, params, from_strings=True)
    texts: set[str] = set()
    rels: dict[RelType, set[str]] = {}
    part = Part()
    for cells in result.rows:
        for value in cells:
            _collect(value, part, texts, rels)
    part.entities.update(await _entity_texts(db, texts))
    for rel_type, ids in rels.items():
        found = await db.read(_relationships_by_id(rel_type), {"ids": sorted(ids)})
        for row in found:
            part.add_relationship(rel_type, row["id"], (row["a"], row["b"]))
    return part


async def _entity_texts(db: Database, texts: Iterable[str]) -> list[str]:
    ordered = sorted(texts)
    found: list[str] = []
    for i in range(0, len(ordered), PAGE):
        rows = await db.read(_ENTITY_IDS, {"ids": ordered[i : i + PAGE]})
        found += [r["id"] for r in rows]
    return found


def _collect(value: JSONValue, part: Part, texts: set[str], rels: dict[RelType, set[str]]) -> None:
    """Entity nodes, entity relationships and texts in one JSON value of a query result
    (``core.saved_queries.values``: nodes have ``labels``, relationships ``type``)."""
    if isinstance(value, str):
        texts.add(value)
    elif isinstance(value, list):
        for item in value:
            _collect(item, part, texts, rels)
    elif isinstance(value, dict):
        props = value.get("properties")
        own_id = props.get("id") if isinstance(props, dict) else None
        labels = value.get("labels")
        rel_type = _rel_type(value.get("type")) if "start" in value else None
        if isinstance(labels, list) and "Entity" in labels and isinstance(own_id, str):
            texts.add(own_id)  # checked like texts: a retracted one is left out
        elif rel_type is not None and isinstance(own_id, str):
            rels.setdefault(rel_type, set()).add(own_id)
        else:
            for item in value.values():
                _collect(item, part, texts, rels)


def _rel_type(value: JSONValue) -> RelType | None:
    if not isinstance(value, str):
        return None
    try:
        return rel_type_from_neo4j(value)
    except ValueError:
        return None
