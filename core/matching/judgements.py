"""Analysts' judgements on pairs of entities, and the clusters SAME judgements make.

Every judgement is kept as a ``(:Judgement)`` node (who, when, why, what): nothing is ever
updated or deleted, so the history of a pair is its judgements in time order and the latest
one is in force (``none`` undoes). The judgement in force is also kept on the entities:

- ``SAME``: a ``SAME_AS`` relationship between the two. Entities linked by ``SAME_AS``
  (transitively) form a *cluster*, one investigative identity.
- every member of a cluster carries the listings of the whole cluster: a *cluster listing*
  is a ``LISTED_ON`` copy of a member's own listing (same list, program, dates and
  citations; ``via`` = the listed member, ``id`` = ``<listing id>~<member id>``), so entity
  listings, search, sanctions exposure, paths and saved queries see the cluster's
  listings without a hop and without a change to any read (docs/data-model.md).

Judging recomputes the cluster listings of the clusters involved, in the same transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any, LiteralString

from neo4j import Driver, ManagedTransaction

from entanglements.core.db.driver import read, write
from entanglements.core.errors import BadInputError, NotFoundError
from entanglements.core.settings import Settings
from entanglements.core.vocab import LISTED_ON, SAME_AS

MAX_NOTE = 2_000


class Verdict(StrEnum):
    SAME = "same"
    DIFFERENT = "different"
    UNSURE = "unsure"
    NONE = "none"  # undoes the pair's judgement in force


@dataclass(frozen=True, slots=True)
class JudgementRow:
    id: str
    a: str
    b: str
    verdict: Verdict
    note: str | None
    by: str
    at: str

    @classmethod
    def of(cls, row: dict[str, Any]) -> JudgementRow:
        return cls(
            id=row["id"],
            a=row["a"],
            b=row["b"],
            verdict=Verdict(row["judgement"]),
            note=row["note"],
            by=row["by"],
            at=row["at"],
        )


#: What every read projects of a judgement ``j``.
JUDGEMENT_MAP: LiteralString = ".id, .a, .b, .judgement, .note, .by, at: toString(j.at)"


def pair_key(a: str, b: str) -> str:
    """The unordered pair: judging (a, b) and (b, a) is judging one pair."""
    return "\x1f".join(sorted((a, b)))


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

#: The members of the clusters of the given entities (an entity alone is its own cluster).
_CLUSTERS: LiteralString = (
    "UNWIND $ids AS id MATCH (x:Entity {id: id}) "
    "MATCH (x)-[:" + SAME_AS + "*0..]-(m:Entity) "
    "WITH x, collect(DISTINCT m.id) AS members RETURN x.id AS id, members"
)

#: Drop a cluster's derived listings, copy each member's own listings to the others, and
#: keep the ``Listed`` label true (an entity has it while it has a listing).
_REFRESH: LiteralString = (
    "UNWIND $clusters AS members "
    "CALL (members) { "
    "  MATCH (m:Entity) WHERE m.id IN members "
    "  OPTIONAL MATCH (m)-[d:" + LISTED_ON + "]->() WHERE d.via IS NOT NULL DELETE d } "
    "CALL (members) { "
    "  MATCH (o:Entity)-[r:" + LISTED_ON + "]->(l:SanctionsList) "
    "  WHERE o.id IN members AND r.via IS NULL "
    "  MATCH (m:Entity) WHERE m.id IN members AND m <> o "
    "  CREATE (m)-[d:" + LISTED_ON + "]->(l) "
    "  SET d = r {.*, id: r.id + '~' + m.id, via: o.id} } "
    "CALL (members) { "
    "  MATCH (m:Entity) WHERE m.id IN members "
    "  WITH m, EXISTS { (m)-[:" + LISTED_ON + "]->() } AS listed "
    "  FOREACH (_ IN CASE WHEN listed THEN [1] ELSE [] END | SET m:Listed) "
    "  FOREACH (_ IN CASE WHEN listed THEN [] ELSE [1] END | REMOVE m:Listed) }"
)


def judge(
    driver: Driver,
    settings: Settings,
    a: str,
    b: str,
    verdict: Verdict,
    *,
    note: str | None,
    by: str,
) -> JudgementRow:
    """Record a judgement and bring the clusters of ``a`` and ``b`` up to date."""
    if a == b:
        raise BadInputError("a and b are the same entity: judge two different entities")
    if note is not None and len(note) > MAX_NOTE:
        raise BadInputError(f"note: at most {MAX_NOTE} characters")

    def work(tx: ManagedTransaction) -> dict[str, Any] | None:
        row = tx.run(
            _RECORD, a=a, b=b, pair=pair_key(a, b), verdict=verdict.value, note=note, by=by
        ).single()
        if row is None:
            return None
        # Every member of the pair's clusters before the judgement is in one of these after
        # it (only the link between a and b changed).
        clusters = {tuple(sorted(c)) for c in _clusters(tx, [a, b])}
        tx.run(_REFRESH, clusters=[list(c) for c in sorted(clusters)]).consume()
        found: dict[str, Any] = row["j"]
        return found

    found = write(driver, settings, work)
    if found is None:
        missing = _missing(driver, settings, [a, b])
        raise NotFoundError(f"no entity with id {missing!r}")
    return JudgementRow.of(found)


def _clusters(tx: ManagedTransaction, ids: list[str]) -> list[list[str]]:
    return [list(r["members"]) for r in tx.run(_CLUSTERS, ids=ids)]


def _missing(driver: Driver, settings: Settings, ids: list[str]) -> str:
    def work(tx: ManagedTransaction) -> list[str]:
        query: LiteralString = "UNWIND $ids AS id MATCH (e:Entity {id: id}) RETURN e.id AS id"
        return [r["id"] for r in tx.run(query, ids=ids)]

    found = set(read(driver, settings, work))
    return next(i for i in ids if i not in found)


_IN_FORCE: LiteralString = (
    "MATCH (j:Judgement) WITH j ORDER BY j.at, j.id "
    "WITH j.pair AS pair, last(collect(j.judgement)) AS verdict "
    "WHERE verdict <> 'none' RETURN pair, verdict"
)


def judged_pairs(driver: Driver, settings: Settings) -> dict[str, Verdict]:
    """The judgement in force of every judged pair (by ``pair_key``); NONE leaves none."""

    def work(tx: ManagedTransaction) -> dict[str, Verdict]:
        return {r["pair"]: Verdict(r["verdict"]) for r in tx.run(_IN_FORCE)}

    return read(driver, settings, work)


_HISTORY: LiteralString = (
    "MATCH (j:Judgement {pair: $pair}) RETURN j {" + JUDGEMENT_MAP + "} AS j ORDER BY j.at, j.id"
)


def history(driver: Driver, settings: Settings, a: str, b: str) -> list[JudgementRow]:
    """Every judgement of the pair, oldest first."""

    def work(tx: ManagedTransaction) -> list[JudgementRow]:
        return [JudgementRow.of(r["j"]) for r in tx.run(_HISTORY, pair=pair_key(a, b))]

    return read(driver, settings, work)


_ALL_CLUSTERS: LiteralString = (
    "MATCH (x:Entity)-[:" + SAME_AS + "]-() WITH DISTINCT x "
    "MATCH (x)-[:" + SAME_AS + "*0..]-(m:Entity) "
    "WITH x, collect(DISTINCT m.id) AS members RETURN DISTINCT members"
)


def refresh_clusters(driver: Driver, settings: Settings) -> int:
    """Recompute every cluster's listings (after an ingest added or changed listings of
    judged entities); returns the number of clusters."""

    def work(tx: ManagedTransaction) -> int:
        clusters = {tuple(sorted(r["members"])) for r in tx.run(_ALL_CLUSTERS)}
        tx.run(_REFRESH, clusters=[list(c) for c in sorted(clusters)]).consume()
        return len(clusters)

    return write(driver, settings, work)
