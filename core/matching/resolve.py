"""Cross-reference the graph with itself: pairs of entities that are probably one party.

Like Aleph's xref: each entity (or each entity listed on ``lists``) is screened against
the whole graph; a pair is proposed when the matcher scores it at or above the threshold,
the two came from different sources (first written by different ingest runs, or citing no
source in common), and no judgement is in force for the pair (a DIFFERENT judgement keeps
it out for good, SAME or UNSURE means it was decided).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, LiteralString

from entanglements.core.db.database import Database
from entanglements.core.matching.compare import Comparison
from entanglements.core.matching.screening import MAX_BATCH, party_of, screen_many
from entanglements.core.reads.records import ENTITY_MAP, EntityRow
from entanglements.core.reads.rules import own_listing, unretracted
from entanglements.core.resolution.judgements import IN_FORCE, pair_key
from entanglements.core.vocab import LISTED_ON

#: Candidates looked at per entity (the entity itself is one of them).
PER_ENTITY = 10

_ENTITIES: LiteralString = (
    "MATCH (e:Entity) WHERE e.id > $after AND " + unretracted("e") + " AND ($lists IS NULL OR "
    "EXISTS { MATCH (e)-[r:" + LISTED_ON + "]->(l:SanctionsList) WHERE l.id IN $lists "
    "  AND " + own_listing("r") + " AND " + unretracted("r") + " }) "
    "RETURN e {" + ENTITY_MAP + "} AS e ORDER BY e.id LIMIT $batch"
)
_ORIGINS: LiteralString = (
    "UNWIND $ids AS id MATCH (e:Entity {id: id}) "
    "RETURN e.id AS id, e.first_run AS run, coalesce(e.cite_source, []) AS sources"
)


@dataclass(frozen=True, slots=True)
class Proposal:
    a: EntityRow
    b: EntityRow
    comparison: Comparison


async def propose(
    db: Database, *, lists: Sequence[str] | None, threshold: float, limit: int = 10_000
) -> list[Proposal]:
    """Proposed pairs, best first (ties by ids); at most ``limit``."""
    judged = {r["pair"] for r in await db.read(IN_FORCE)}
    found: dict[str, Proposal] = {}
    after = ""
    while True:
        params: dict[str, Any] = {"after": after, "lists": lists, "batch": MAX_BATCH}
        entities = [EntityRow.of(r["e"]) for r in await db.read(_ENTITIES, params)]
        if not entities:
            break
        after = entities[-1].id
        parties = [party_of(e) for e in entities]
        results = await screen_many(db, parties, threshold=threshold, first=PER_ENTITY)
        pairs = [
            (entity, c)
            for entity, candidates in zip(entities, results, strict=True)
            for c in candidates
            if c.entity.id != entity.id and c.comparison.score >= threshold
        ]
        pairs = [(e, c) for e, c in pairs if pair_key(e.id, c.entity.id) not in judged]
        origins = await _origins(db, {i for e, c in pairs for i in (e.id, c.entity.id)})
        for entity, c in pairs:
            key = pair_key(entity.id, c.entity.id)
            if key not in found and _different_origin(origins, entity.id, c.entity.id):
                a, b = sorted((entity, c.entity), key=lambda x: x.id)
                found[key] = Proposal(a, b, c.comparison)
    ranked = sorted(found.values(), key=lambda p: (-p.comparison.score, p.a.id, p.b.id))
    return ranked[:limit]


async def _origins(db: Database, ids: set[str]) -> dict[str, tuple[str | None, set[str]]]:
    if not ids:
        return {}
    rows = await db.read(_ORIGINS, {"ids": sorted(ids)})
    return {r["id"]: (r["run"], set(r["sources"])) for r in rows}


def _different_origin(origins: dict[str, tuple[str | None, set[str]]], a: str, b: str) -> bool:
    run_a, sources_a = origins.get(a, (None, set()))
    run_b, sources_b = origins.get(b, (None, set()))
    if sources_a & sources_b:
        return False
    return run_a != run_b or bool(sources_a and sources_b)
