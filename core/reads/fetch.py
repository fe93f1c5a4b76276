"""Batched lookups by id: one round trip for any number of ids (what DataLoaders call).

Each function returns its rows keyed by id; callers map missing ids to None.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import LiteralString

from entanglements.core.db.database import Database
from entanglements.core.reads.records import (
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
from entanglements.core.reads.rules import ANY_RETRACTION, any_listing

_ENTITIES: LiteralString = "MATCH (e:Entity) WHERE e.id IN $ids RETURN e {" + ENTITY_MAP + "} AS e"
_LISTED_ENTITIES: LiteralString = (
    "MATCH (e:Entity) WHERE e.id IN $ids "
    "CALL (e) { "
    "  OPTIONAL MATCH (e)-[l:LISTED_ON]->(sl:SanctionsList) "
    "  WHERE " + ANY_RETRACTION + " AND " + any_listing("l") + " "  # includeRetracted decides
    "  WITH l, sl ORDER BY l.listed_lo, sl.id, l.id "
    "  RETURN collect(l {" + LISTING_MAP + "}) AS listings, "
    "    collect(DISTINCT sl {" + LIST_MAP + "}) AS lists "
    "} "
    "CALL (listings) { " + sources_cited_by("listings") + " } "
    "RETURN e {" + ENTITY_MAP + "} AS e, listings, lists, sources"
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


async def listed_entities(
    db: Database, ids: Sequence[str]
) -> dict[str, tuple[EntityRow, EntityListings]]:
    """Each entity with every listing of it (past ones too, earliest first) and the lists
    and sources those reference, in one round trip; unknown ids are absent."""
    rows = await db.read(_LISTED_ENTITIES, {"ids": list(set(ids))})
    found: dict[str, tuple[EntityRow, EntityListings]] = {}
    for r in rows:
        entity = EntityRow.of(r["e"])
        listings = EntityListings(
            items=tuple(ListingRow.of(li) for li in r["listings"]),
            references=references(sources=r["sources"], lists=r["lists"]),
        )
        found[entity.id] = (entity, listings)
    return found


async def sources(db: Database, ids: Sequence[str]) -> dict[str, SourceRow]:
    rows = await db.read(_SOURCES, {"ids": list(set(ids))})
    return {r["s"]["id"]: SourceRow.of(r["s"]) for r in rows}


async def lists(db: Database, ids: Sequence[str]) -> dict[str, ListRow]:
    rows = await db.read(_LISTS, {"ids": list(set(ids))})
    return {r["sl"]["id"]: ListRow.of(r["sl"]) for r in rows}


async def all_lists(db: Database) -> list[ListRow]:
    return [ListRow.of(r["sl"]) for r in await db.read(_ALL_LISTS)]
