"""Screen parties against the graph: retrieve candidates in Neo4j, score them in Python.

Retrieval is one round trip for a whole batch of queries: for each query, the full-text
index ``entity_match_keys`` is asked for the entities sharing the most (and rarest) match
keys, restricted to kinds that can be the same party and, when asked, to entities listed
on given lists (by their own listings: a cluster-mate carrying a copy is not the listed
party). A candidate's listings are only looked for on entities with the ``Listed`` label
(which an entity has exactly while it has a listing, data-model.md), so a hub among the
candidates is not expanded relationship by relationship. The matcher then scores every
candidate; candidates come best first.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any, LiteralString

from followthemoney import model
from followthemoney.exc import InvalidData

from entanglements.core.db.database import Database
from entanglements.core.matching.compare import Comparison, compare
from entanglements.core.matching.keys import match_keys
from entanglements.core.matching.party import Party
from entanglements.core.reads.records import ENTITY_MAP, EntityRow
from entanglements.core.reads.rules import any_listing, own_listing, unretracted
from entanglements.core.vocab import LISTED_ON, entity_kinds
from entanglements.core.workers import WorkerPool

#: Candidates scored per query (more costs time, fewer costs recall).
POOL = 30
#: Candidates whose index relevance is below this share of the best one's are not fetched:
#: they share only common keys with the query (a frequent given name, "Industry").
MIN_RELEVANCE = 0.25
#: Index hits fetched before the list filter applies (so a filter still leaves a pool).
POOL_FILTERED = 300
#: Most queries per round trip (``screenMany``'s limit).
MAX_BATCH = 100

_LUCENE_SPECIAL = re.compile(r'([+\-!(){}\[\]^"~*?:\\/&|])')

SCREEN_QUERY: LiteralString = (
    "UNWIND $queries AS q "
    "CALL (q) { "
    "  CALL db.index.fulltext.queryNodes('entity_match_keys', q.lucene, {limit: $limit}) "
    "  YIELD node, score "
    "  WHERE node.kind IN q.kinds AND " + unretracted("node") + " AND ($lists IS NULL OR "
    "    node:Listed AND EXISTS { "
    "    MATCH (node)-[r:" + LISTED_ON + "]->(l:SanctionsList) "
    "    WHERE l.id IN $lists AND " + own_listing("r") + " AND " + unretracted("r") + " }) "
    "  WITH node, score ORDER BY score DESC LIMIT $pool "
    "  WITH collect([node, score]) AS hits "
    "  UNWIND hits AS hit "
    "  WITH hit WHERE hit[1] >= $minRelevance * hits[0][1] "
    "  RETURN hit[0] AS node, hit[1] AS score "
    "} "
    "WITH q, collect(node {" + ENTITY_MAP + ", relevance: score, "
    "lists: CASE WHEN node:Listed THEN [(node)-[r:" + LISTED_ON + "]->(l:SanctionsList) "
    "WHERE " + unretracted("r") + " AND " + any_listing("r") + " "
    "| l.id] ELSE [] END}) AS candidates "
    "RETURN q.i AS i, candidates"
)


@dataclass(frozen=True, slots=True)
class Candidate:
    entity: EntityRow
    lists: tuple[str, ...]
    comparison: Comparison


def party_of(entity: EntityRow) -> Party:
    """A stored entity as the matcher's candidate."""
    return Party(
        kind=entity.kind,
        names=(entity.name, *entity.aliases),
        weak_aliases=entity.weak_aliases,
        birth_dates=entity.birth_dates,
        countries=entity.countries,
        identifiers=entity.identifiers,
    )


@cache
def compatible_kinds(kind: str) -> tuple[str, ...]:
    """Entity kinds that can be the same party as ``kind`` (a common schema exists)."""
    schema = model.get(kind)
    out = []
    for other in sorted(entity_kinds()):
        try:
            model.common_schema(schema, model.get(other))
        except InvalidData:
            continue
        out.append(other)
    return tuple(out)


def lucene(party: Party) -> str | None:
    """The OR of the party's match keys, escaped; None when it has none."""
    keys = match_keys(party.names + party.weak_aliases, party.identifiers)
    if not keys:
        return None
    return " OR ".join(_LUCENE_SPECIAL.sub(r"\\\1", k) for k in keys)


def parameters(parties: Sequence[Party], lists: Sequence[str] | None) -> dict[str, Any]:
    queries = []
    for i, party in enumerate(parties):
        text = lucene(party)
        if text is not None:
            queries.append({"i": i, "lucene": text, "kinds": list(compatible_kinds(party.kind))})
    return {
        "queries": queries,
        "lists": list(lists) if lists is not None else None,
        "limit": POOL_FILTERED if lists is not None else POOL,
        "pool": POOL,
        "minRelevance": MIN_RELEVANCE,
    }


def rank(
    parties: Sequence[Party], rows: list[dict[str, Any]], threshold: float, first: int
) -> list[list[Candidate]]:
    """Score each query's candidates; best first (ties by id), the ``first`` best kept."""
    found: list[list[Candidate]] = [[] for _ in parties]
    for row in rows:
        query = parties[row["i"]]
        scored = []
        for data in row["candidates"]:
            entity = EntityRow.of(data)
            comparison = compare(query, party_of(entity), threshold)
            if comparison.score > 0.0:
                scored.append(Candidate(entity, tuple(sorted(data["lists"])), comparison))
        scored.sort(key=lambda c: (-c.comparison.score, c.entity.id))
        found[row["i"]] = scored[:first]
    return found


async def rank_in(
    pool: WorkerPool,
    parties: Sequence[Party],
    rows: list[dict[str, Any]],
    threshold: float,
    first: int,
) -> list[list[Candidate]]:
    """``rank`` in the pool's processes, the rows split evenly between them: each query's
    candidates are scored by one process, as ``rank`` would score them."""
    parts = max(1, min(pool.size, len(rows)))
    chunks = [rows[k::parts] for k in range(parts)]
    ranked = await asyncio.gather(
        *(pool.run(rank, parties, chunk, threshold, first) for chunk in chunks)
    )
    found: list[list[Candidate]] = [[] for _ in parties]
    for chunk, answers in zip(chunks, ranked, strict=True):
        for row in chunk:
            found[row["i"]] = answers[row["i"]]
    return found


async def fetch(
    db: Database, parties: Sequence[Party], lists: Sequence[str] | None, first: int
) -> list[dict[str, Any]]:
    """The candidates of a batch of queries: one read."""
    params = parameters(parties, lists)
    return await db.read(SCREEN_QUERY, params) if params["queries"] and first else []


async def screen_many(
    db: Database,
    parties: Sequence[Party],
    *,
    lists: Sequence[str] | None = None,
    threshold: float,
    first: int,
) -> list[list[Candidate]]:
    """The API's path: one read for the whole batch, then the matcher."""
    rows = await fetch(db, parties, lists, first)
    return rank(parties, rows, threshold, first)
