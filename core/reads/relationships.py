"""An entity's relationships, filtered and paginated, for many entities in one round trip.

Pagination is keyset on the relationship id (unique across types: the ingest refuses an id
reused with another type), so a cursor stays valid while the graph changes and no page
ever needs ``SKIP``. Cursors are opaque to clients (see ``encode_cursor``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import LiteralString

from entanglements.core.dates import PartialDate
from entanglements.core.db.database import Database
from entanglements.core.reads.cursors import Cursors
from entanglements.core.reads.filters import Direction, hop
from entanglements.core.reads.records import (
    ENTITY_MAP,
    REL_MAP,
    Page,
    RelationshipRow,
    references,
    sources_cited_by,
)
from entanglements.core.reads.rules import REL_IN_FORCE, as_of_params, live
from entanglements.core.vocab import RelType

_CURSORS = Cursors("rel:")
encode_cursor = _CURSORS.encode
decode_cursor = _CURSORS.decode


@dataclass(frozen=True, slots=True)
class PageRequest:
    """Everything but the entity id: requests sharing one are answered by one query."""

    types: tuple[RelType, ...]
    direction: Direction
    as_of: PartialDate | None
    first: int
    after: str | None  # a relationship id (decoded cursor)
    include_retracted: bool = False


@cache
def _query(types: tuple[RelType, ...], direction: Direction) -> LiteralString:
    rel = hop(types, direction)
    return (
        "UNWIND $ids AS id MATCH (e:Entity {id: id}) "
        "CALL (e) { MATCH (e)" + rel + "(o:Entity) WHERE " + REL_IN_FORCE + " "
        "AND " + live("o") + " RETURN count(r) AS total } "
        "CALL (e) { MATCH (e)"
        + rel
        + "(o:Entity) WHERE "
        + REL_IN_FORCE
        + " AND "
        + live("o")
        + " "
        "AND ($after IS NULL OR r.id > $after) "
        "WITH r, o ORDER BY r.id LIMIT $limit "
        "RETURN collect(r {" + REL_MAP + "}) AS page, collect(o {" + ENTITY_MAP + "}) AS ends } "
        "CALL (page) { " + sources_cited_by("page") + " } "
        "RETURN id, total, page, ends + [e {" + ENTITY_MAP + "}] AS entities, sources"
    )


async def pages(db: Database, entity_ids: Sequence[str], request: PageRequest) -> dict[str, Page]:
    """One page per entity; entities that do not exist are absent from the result."""
    params = {
        "ids": list(set(entity_ids)),
        "after": request.after,
        "limit": request.first + 1,  # one more than asked tells whether a next page exists
        **as_of_params(request.as_of, include_retracted=request.include_retracted),
    }
    rows = await db.read(_query(request.types, request.direction), params)
    found: dict[str, Page] = {}
    for row in rows:
        items = tuple(RelationshipRow.of(r) for r in row["page"])
        found[row["id"]] = Page(
            total=row["total"],
            items=items[: request.first],
            has_next=len(items) > request.first,
            references=references(entities=row["entities"], sources=row["sources"]),
        )
    return found
