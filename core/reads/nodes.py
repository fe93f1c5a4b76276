"""Batched lookups by id of every kind the API serves as a ``Node`` (docs/api.md, "Global
ids"): one round trip per kind for any number of ids, what ``node``/``nodes`` and the
per-request DataLoaders call. Entities and sources are in ``fetch``.

A lookup by id is explicit, so retracted elements are returned (marked ``retracted``), as
``entangle history`` shows them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Generic, LiteralString, TypeVar

from entanglements.core.corrections.retractions import RETRACTION_MAP, Retraction
from entanglements.core.db.database import Database
from entanglements.core.reads.records import (
    ENTITY_MAP,
    LIST_MAP,
    LISTING_MAP,
    REL_MAP,
    ListingRow,
    References,
    RelationshipRow,
    references,
    sources_cited_by,
)
from entanglements.core.reads.rules import ANY_RETRACTION, any_listing
from entanglements.core.reads.runs import RUN_MAP, IngestRunRow
from entanglements.core.resolution.judgements import JUDGEMENT_MAP, JudgementRow
from entanglements.core.vocab import ENTITY_REL_TYPES
from entanglements.core.watch.alerts import ALERT_MAP, Alert
from entanglements.core.watch.watches import WATCH_MAP, Watch

T = TypeVar("T")

_ANY_REL: LiteralString = " UNION ".join(
    "MATCH ()-[r:" + t + " {id: id}]->() WHERE " + ANY_RETRACTION + " RETURN r"
    for t in ENTITY_REL_TYPES
)
# One index seek per relationship type: an untyped ``[r {id: id}]`` would scan every one.
_RELATIONSHIPS: LiteralString = (
    "UNWIND $ids AS id CALL (id) { " + _ANY_REL + " } "
    "WITH collect(r) AS rels "
    "CALL (rels) { UNWIND rels AS r RETURN collect(r {" + REL_MAP + "}) AS items } "
    "CALL (rels) { UNWIND rels AS r UNWIND [startNode(r), endNode(r)] AS e "
    "  WITH DISTINCT e RETURN collect(e {" + ENTITY_MAP + "}) AS entities } "
    "CALL (items) { " + sources_cited_by("items") + " } "
    "RETURN items, entities, sources"
)
_LISTINGS: LiteralString = (
    "UNWIND $ids AS id MATCH (e:Entity)-[l:LISTED_ON {id: id}]->(sl:SanctionsList) "
    "WHERE " + ANY_RETRACTION + " AND " + any_listing("l") + " "
    "WITH collect(l {"
    + LISTING_MAP
    + "}) AS items, collect(DISTINCT sl {"
    + LIST_MAP
    + "}) AS lists "
    "CALL (items) { " + sources_cited_by("items") + " } "
    "RETURN items, lists, sources"
)
_ALERTS: LiteralString = (
    "UNWIND $ids AS id MATCH (a:Alert {id: id}) RETURN a {" + ALERT_MAP + "} AS x"
)
_JUDGEMENTS: LiteralString = (
    "UNWIND $ids AS id MATCH (j:Judgement {id: id}) RETURN j {" + JUDGEMENT_MAP + "} AS x"
)
_RETRACTIONS: LiteralString = (
    "UNWIND $ids AS id MATCH (x:Retraction {id: id}) RETURN x {" + RETRACTION_MAP + "} AS x"
)
_RUNS: LiteralString = (
    "UNWIND $ids AS id MATCH (r:IngestRun {id: id}) RETURN r {" + RUN_MAP + "} AS x"
)
_WATCHES: LiteralString = (
    "UNWIND $ids AS id MATCH (w:Watch {id: id}) OPTIONAL MATCH (e:Entity {id: w.id}) "
    "RETURN w {" + WATCH_MAP + ", name: e.name} AS x"
)


@dataclass(frozen=True, slots=True)
class Found(Generic[T]):
    """Rows by id, with the rows they refer to (endpoints, sources, lists)."""

    items: dict[str, T]
    references: References


async def relationships(db: Database, ids: Sequence[str]) -> Found[RelationshipRow]:
    rows = await db.read(_RELATIONSHIPS, {"ids": list(set(ids))})
    row = rows[0]
    items = (RelationshipRow.of(r) for r in row["items"])
    return Found(
        {r.id: r for r in items}, references(entities=row["entities"], sources=row["sources"])
    )


async def listings(db: Database, ids: Sequence[str]) -> Found[ListingRow]:
    rows = await db.read(_LISTINGS, {"ids": list(set(ids))})
    row = rows[0]
    items = (ListingRow.of(r) for r in row["items"])
    return Found({r.id: r for r in items}, references(sources=row["sources"], lists=row["lists"]))


async def _rows(db: Database, query: LiteralString, ids: Sequence[str]) -> list[dict[str, Any]]:
    return [r["x"] for r in await db.read(query, {"ids": list(set(ids))})]


async def alerts(db: Database, ids: Sequence[str]) -> dict[str, Alert]:
    return {r["id"]: Alert.of(r) for r in await _rows(db, _ALERTS, ids)}


async def judgements(db: Database, ids: Sequence[str]) -> dict[str, JudgementRow]:
    return {r["id"]: JudgementRow.of(r) for r in await _rows(db, _JUDGEMENTS, ids)}


async def retractions(db: Database, ids: Sequence[str]) -> dict[str, Retraction]:
    return {r["id"]: Retraction.of(r) for r in await _rows(db, _RETRACTIONS, ids)}


async def runs(db: Database, ids: Sequence[str]) -> dict[str, IngestRunRow]:
    return {r["id"]: IngestRunRow.of(r) for r in await _rows(db, _RUNS, ids)}


async def watches(db: Database, ids: Sequence[str]) -> dict[str, Watch]:
    return {r["id"]: Watch.of(r) for r in await _rows(db, _WATCHES, ids)}
