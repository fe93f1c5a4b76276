"""The export's reads: every element in pages, never the whole graph in one list.

Each page is one read (``Database.read``: read access, the query timeout) of at most
``PAGE`` rows. The whole graph is paged by id, each kind through its unique index in id
order (``WHERE x.id > $after ORDER BY x.id LIMIT $page``), so memory stays flat whatever the
graph's size. A part of the graph (``Part``) is paged by chunks of its ids.

What is read (docs/export.md, "What an export holds"):
- retracted entities, relationships and listings are left out, and so are relationships
  and listings of a retracted entity: an export is what the graph currently claims;
  citations a source retraction withdrew (``retracted_cite_*``) are not exported either;
- listings are the entities' **own** listings (``via IS NULL``): a cluster listing is a copy
  derived from a ``SAME_AS`` judgement, not a claim of its own (docs/data-model.md), and
  judgements are not part of an export.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field
from typing import Any, LiteralString

from entanglements.core.db.database import Database, Row
from entanglements.core.models import EntityRecord
from entanglements.core.reads.filters import type_pattern
from entanglements.core.reads.records import LIST_MAP, LISTING_MAP, REL_MAP, SOURCE_MAP
from entanglements.core.reads.rules import own_listing, unretracted
from entanglements.core.stored import read_projection
from entanglements.core.vocab import RelType

#: Rows per read.
PAGE = 2_000

#: An entity with its citations (``ENTITY_MAP`` leaves them out) and its own lists' ids.
_ENTITY: LiteralString = (
    "e {" + read_projection(EntityRecord) + "} AS e, "
    "[(e)-[l:LISTED_ON]->(sl:SanctionsList) WHERE "
    + own_listing("l")
    + " AND "
    + unretracted("l")
    + " "
    "| sl.id] AS lists"
)
_REL: LiteralString = "r {" + REL_MAP + ", fromKind: a.kind, toKind: b.kind} AS r"
_LISTING: LiteralString = "l {" + LISTING_MAP + "} AS l, sl {" + LIST_MAP + "} AS list"
_LIVE_REL: LiteralString = (
    unretracted("r") + " AND " + unretracted("a") + " AND " + unretracted("b")
)
#: An own listing (a cluster listing has ``via``, docs/data-model.md), not retracted.
_LIVE_LISTING: LiteralString = (
    own_listing("l") + " AND " + unretracted("l") + " AND " + unretracted("e")
)

_ALL_ENTITIES: LiteralString = (
    "MATCH (e:Entity) WHERE e.id > $after AND " + unretracted("e") + " "
    "WITH e ORDER BY e.id LIMIT $page RETURN " + _ENTITY
)
_SOME_ENTITIES: LiteralString = (
    "UNWIND $ids AS id MATCH (e:Entity {id: id}) WHERE " + unretracted("e") + " "
    "RETURN " + _ENTITY + " ORDER BY e.id"
)
_ALL_LISTINGS: LiteralString = (
    "MATCH (e:Entity)-[l:LISTED_ON]->(sl:SanctionsList) WHERE l.id > $after AND "
    + _LIVE_LISTING + " WITH e, l, sl ORDER BY l.id LIMIT $page RETURN " + _LISTING
)  # fmt: skip
_SOME_LISTINGS: LiteralString = (
    "UNWIND $ids AS id MATCH (e:Entity {id: id})-[l:LISTED_ON]->(sl:SanctionsList) WHERE "
    + _LIVE_LISTING + " RETURN " + _LISTING + " ORDER BY l.id"
)  # fmt: skip
_ALL_SOURCES: LiteralString = (
    "MATCH (src:Source) WHERE src.id > $after "
    "WITH src ORDER BY src.id LIMIT $page RETURN src {" + SOURCE_MAP + "} AS s"
)
_SOME_SOURCES: LiteralString = (
    "UNWIND $ids AS id MATCH (src:Source {id: id}) RETURN src {" + SOURCE_MAP + "} AS s "
    "ORDER BY src.id"
)


def _all_relationships(rel_type: RelType) -> LiteralString:
    return (
        "MATCH (a:Entity)-[r:" + type_pattern([rel_type]) + "]->(b:Entity) "
        "WHERE r.id > $after AND " + _LIVE_REL + " "
        "WITH a, r, b ORDER BY r.id LIMIT $page RETURN " + _REL
    )


def _some_relationships(rel_type: RelType) -> LiteralString:
    return (
        "MATCH (a:Entity)-[r:" + type_pattern([rel_type]) + "]->(b:Entity) "
        "WHERE r.id IN $ids AND " + _LIVE_REL + " RETURN " + _REL + " ORDER BY r.id"
    )


@dataclass(slots=True)
class Part:
    """A part of the graph to export: entity ids and relationship ids by type (their ends
    are among ``entities``). Ids only, so even a large part costs little memory."""

    entities: set[str] = field(default_factory=set)
    relationships: dict[RelType, set[str]] = field(default_factory=dict)

    def add_relationship(self, rel_type: RelType, rel_id: str, ends: Sequence[str]) -> None:
        self.relationships.setdefault(rel_type, set()).add(rel_id)
        self.entities.update(ends)

    @property
    def relationship_count(self) -> int:
        return sum(len(ids) for ids in self.relationships.values())


async def _paged(db: Database, query: LiteralString, key: str, **params: Any) -> AsyncIterator[Row]:
    """Every row of an id-ordered paged ``query`` (``$after``, ``$page``); ``key`` names the
    row's map whose ``id`` orders it."""
    after = ""
    while True:
        rows = await db.read(query, {**params, "after": after, "page": PAGE})
        for row in rows:
            yield row
        if len(rows) < PAGE:
            return
        after = rows[-1][key]["id"]


async def _chunked(db: Database, query: LiteralString, ids: set[str]) -> AsyncIterator[Row]:
    ordered = sorted(ids)
    for i in range(0, len(ordered), PAGE):
        for row in await db.read(query, {"ids": ordered[i : i + PAGE]}):
            yield row


def entities(db: Database, part: Part | None) -> AsyncIterator[Row]:
    """Rows ``e`` (the entity's stored fields with citations) and ``lists`` (its own)."""
    if part is None:
        return _paged(db, _ALL_ENTITIES, "e")
    return _chunked(db, _SOME_ENTITIES, part.entities)


async def relationships(db: Database, part: Part | None) -> AsyncIterator[Row]:
    """Rows ``r``: a relationship's stored fields, type, ends and the ends' kinds."""
    for rel_type in RelType:
        if part is None:
            rows = _paged(db, _all_relationships(rel_type), "r")
        else:
            rows = _chunked(
                db, _some_relationships(rel_type), part.relationships.get(rel_type, set())
            )
        async for row in rows:
            yield row


def listings(db: Database, part: Part | None) -> AsyncIterator[Row]:
    """Rows ``l`` (an own listing) and ``list`` (its list)."""
    if part is None:
        return _paged(db, _ALL_LISTINGS, "l")
    return _chunked(db, _SOME_LISTINGS, part.entities)


def sources(db: Database, ids: set[str] | None) -> AsyncIterator[Row]:
    """Rows ``s``: every source (``ids`` None) or the given ones."""
    if ids is None:
        return _paged(db, _ALL_SOURCES, "s")
    return _chunked(db, _SOME_SOURCES, ids)
