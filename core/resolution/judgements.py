"""Analysts' judgements on pairs of entities: the records and the judgement in force.

Every judgement is kept as a ``(:Judgement)`` node (who, when, why, what): nothing is ever
updated or deleted, so the history of a pair is its judgements in time order and the latest
one is in force (``none`` undoes). The judgement in force is also kept on the entities:

- ``SAME``: a ``SAME_AS`` relationship between the two. Entities linked by ``SAME_AS``
  (transitively) form a *cluster*, one investigative identity.
- the cluster's derived form (copies of its members' listings, core/resolution/clusters.py)
  is recomputed for the clusters involved, in the judgement's transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any, LiteralString

from neo4j import AsyncManagedTransaction

from entanglements.core.db.database import Database, first
from entanglements.core.errors import BadInputError, NotFoundError
from entanglements.core.resolution.clusters import refresh
from entanglements.core.vocab import SAME_AS

MAX_NOTE = 2_000


class Judgement(StrEnum):
    SAME = "same"
    DIFFERENT = "different"
    UNSURE = "unsure"
    NONE = "none"  # undoes the pair's judgement in force


@dataclass(frozen=True, slots=True)
class JudgementRow:
    id: str
    a: str
    b: str
    verdict: Judgement
    note: str | None
    by: str
    at: str

    @classmethod
    def of(cls, row: dict[str, Any]) -> JudgementRow:
        return cls(
            id=row["id"],
            a=row["a"],
            b=row["b"],
            verdict=Judgement(row["judgement"]),
            note=row["note"],
            by=row["by"],
            at=row["at"],
        )


#: What every read projects of a judgement ``j``.
JUDGEMENT_MAP: LiteralString = ".id, .a, .b, .judgement, .note, .by, at: toString(j.at)"


#: Between the two sorted ids of a pair's key.
PAIR_SEPARATOR = "\x1f"


def pair_key(a: str, b: str) -> str:
    """The unordered pair: judging (a, b) and (b, a) is judging one pair."""
    return PAIR_SEPARATOR.join(sorted((a, b)))


_RECORD: LiteralString = (
    "MATCH (x:Entity {id: $a}) MATCH (y:Entity {id: $b}) "
    "CREATE (j:Judgement {id: randomUUID(), a: $a, b: $b, pair: $pair, judgement: $verdict, "
    "note: $note, by: $by, at: datetime()}) "
    "WITH x, y, j "
    "OPTIONAL MATCH (x)-[s:" + SAME_AS + "]-(y) DELETE s "
    "WITH DISTINCT x, y, j "
    "FOREACH (_ IN CASE WHEN $verdict = 'same' THEN [1] ELSE [] END | "
    "  MERGE (x)-[s:" + SAME_AS + "]->(y) SET s.judgement = j.id) "
    "RETURN j {" + JUDGEMENT_MAP + "} AS j"
)

#: The pairs with a judgement in force (``none`` leaves none): the latest of each pair.
IN_FORCE: LiteralString = (
    "MATCH (j:Judgement) WITH j ORDER BY j.at, j.id "
    "WITH j.pair AS pair, last(collect(j)) AS j "
    "WHERE j.judgement <> 'none' RETURN pair, j.judgement AS verdict, j.id AS id, j.a AS a, "
    "j.b AS b"
)


async def judge(
    db: Database,
    a: str,
    b: str,
    verdict: Judgement,
    *,
    note: str | None,
    by: str,
) -> JudgementRow:
    """Record a judgement and bring the clusters of ``a`` and ``b`` up to date."""
    if a == b:
        raise BadInputError("a and b are the same entity: judge two different entities")
    if note is not None and len(note) > MAX_NOTE:
        raise BadInputError(f"note: at most {MAX_NOTE} characters")

    params = {
        "a": a,
        "b": b,
        "pair": pair_key(a, b),
        "verdict": verdict.value,
        "note": note,
        "by": by,
    }

    async def work(tx: AsyncManagedTransaction) -> dict[str, Any] | None:
        row = await first(tx, _RECORD, params)
        if row is None:
            return None
        # Every member of the pair's clusters before the judgement is in one of theirs
        # after it (only the link between a and b changed).
        await refresh(tx, [a, b])
        found: dict[str, Any] = row["j"]
        return found

    found = await db.write(work)
    if found is None:
        missing = await _missing(db, [a, b])
        raise NotFoundError(f"no entity with id {missing!r}")
    return JudgementRow.of(found)


async def _missing(db: Database, ids: list[str]) -> str:
    query: LiteralString = "UNWIND $ids AS id MATCH (e:Entity {id: id}) RETURN e.id AS id"
    found = {r["id"] for r in await db.read(query, {"ids": ids})}
    return next(i for i in ids if i not in found)


_HISTORY: LiteralString = (
    "MATCH (j:Judgement {pair: $pair}) RETURN j {" + JUDGEMENT_MAP + "} AS j ORDER BY j.at, j.id"
)


async def history(db: Database, a: str, b: str) -> list[JudgementRow]:
    """Every judgement of the pair, oldest first."""
    return [JudgementRow.of(r["j"]) for r in await db.read(_HISTORY, {"pair": pair_key(a, b)})]
