"""Batched lookups by id: one round trip for any number of ids (what DataLoaders call).

Each function returns its rows keyed by id; callers map missing ids to None.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import LiteralString

from core.queries.database import Database
from core.queries.rows import (
    ENTITY_MAP,
    LIST_MAP,
    LISTING_MAP,
    SOURCE_MAP,
    EntityListings,
    EntityRow,
    ListingRow,
    ListRow,
    SourceRow,
    references,
    sources_cited_by,
)

_ENTITIES: LiteralString = "MATCH (e:Entity) WHERE e.id IN $ids RETURN e {" + ENTITY_MAP + "} AS e"
_LISTINGS: LiteralString = (
    "MATCH (e:Entity)-[l:LISTED_ON]->(sl:SanctionsList) WHERE e.id IN $ids "
    "WITH e, l, sl ORDER BY e.id, l.listed_lo, sl.id, l.id "
    "WITH e, collect(l {"
    + LISTING_MAP
    + "}) AS listings, collect(DISTINCT sl {"
    + LIST_MAP
    + "}) AS lists "
    "CALL (listings) { " + sources_cited_by("listings") + " } "
    "RETURN e.id AS id, listings, lists, sources"
)
_SOURCES: LiteralString = "MATCH (s:Source) WHERE s.id IN $ids RETURN s {" + SOURCE_MAP + "} AS s"
_LISTS: LiteralString = (
    "MATCH (sl:SanctionsList) WHERE sl.id IN $ids RETURN sl {" + LIST_MAP + "} AS sl"
)
_ALL_LISTS: LiteralString = (
    "MATCH (sl:SanctionsList) RETURN sl {" + LIST_MAP + "} AS sl ORDER BY sl.name, sl.id"
)


async def entities(db: Database, ids: Sequence[str]) -> dict[str, EntityRow]:
    rows = await db.read(_ENTITIES, {"ids": list(set(ids))})
    return {r["e"]["id"]: EntityRow.of(r["e"]) for r in rows}


async def listings(db: Database, entity_ids: Sequence[str]) -> dict[str, EntityListings]:
    """Every listing of each entity (past ones too), earliest first, with their lists and
    sources; entities without a listing are absent."""
    rows = await db.read(_LISTINGS, {"ids": list(set(entity_ids))})
    return {
        r["id"]: EntityListings(
            items=tuple(ListingRow.of(li) for li in r["listings"]),
            references=references(sources=r["sources"], lists=r["lists"]),
        )
        for r in rows
    }


async def sources(db: Database, ids: Sequence[str]) -> dict[str, SourceRow]:
    rows = await db.read(_SOURCES, {"ids": list(set(ids))})
    return {r["s"]["id"]: SourceRow.of(r["s"]) for r in rows}


async def lists(db: Database, ids: Sequence[str]) -> dict[str, ListRow]:
    rows = await db.read(_LISTS, {"ids": list(set(ids))})
    return {r["sl"]["id"]: ListRow.of(r["sl"]) for r in rows}


async def all_lists(db: Database) -> list[ListRow]:
    return [ListRow.of(r["sl"]) for r in await db.read(_ALL_LISTS)]
