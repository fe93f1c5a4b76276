"""What exposure searches prune with: a distance label per entity and a listed last hop.

- **Distance label** (``Entity.listed_hops``): a lower bound of the hops from the entity to
  the nearest listed party, over every relationship between entities (``SAME_AS`` links
  included), ignoring direction, dates, lists and retractions, capped at
  ``ENTANGLE_MAX_HOPS`` + 1 (``cap``). A listed entity has 0, and only a listed one. Filters
  only remove paths, so a label computed without them bounds every filtered search too: a
  search to N hops expands an entity reached at depth k only when k + label <= N
  (core/reads/exposure.py). A missing label reads as 0 (no pruning).
- **Last hop** (``(x)-[:LISTED_HOP]->(t)``): for every relationship between ``x`` and a
  listed party ``t`` (``t:Listed``, any listing), one mirror at ``x`` carrying what the
  search's filters read: ``rel`` (the relationship's id; a ``SAME_AS`` link's judgement),
  ``rel_type``, ``out`` (the relationship leaves ``x``), ``lo`` and ``hi`` (its
  ``start_lo``, ``end_hi``), ``rel_retracted`` (its ``retracted``). The names differ from
  the claims' own so that no read of claims by property (dates, retraction marks, citations)
  ever mistakes a mirror for a claim; reads over untyped relationships between entities
  leave ``LISTED_HOP`` out (``type(r) <> 'LISTED_HOP'``: the saved queries, the hub rule).
  A search reads the last hop from these, so it never walks the whole relationship chain of
  an entity next to a listed party (a ministry with thousands of links). The listings
  themselves (lists, dates, retraction) are decided on the few candidates the mirrors
  yield, as before.

Every writer keeps both right in its own transaction with the functions below, each of
``(tx, ids)`` like ``clusters.refresh``: an addition only lowers labels; a removal (an
entity losing its last listing) leaves labels too low, which stays correct and only prunes
less. ``maintain`` recomputes both exactly (``entangle db maintain``); ``violations`` checks
them (``entangle db check``).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator
from typing import Any, LiteralString

from neo4j import AsyncManagedTransaction

from entanglements.core.db.database import Database, execute, one, rows
from entanglements.core.reads.rules import ANY_RETRACTION
from entanglements.core.settings import Settings, get_settings
from entanglements.core.vocab import ENTITY_REL_TYPES, LISTED_HOP, LISTED_HOPS, SAME_AS

#: The marker ``maintain`` leaves: the structures were computed once (``entangle db migrate``
#: runs ``maintain`` while it is absent, so a graph loaded before them gets them).
MARKER: LiteralString = "MATCH (m:SchemaMigration {id: 'listed-hops'}) RETURN m.at AS at"
_MARK: LiteralString = "MERGE (m:SchemaMigration {id: 'listed-hops'}) SET m.at = datetime()"

#: The mirror of relationship ``r`` at ``x`` (the end that is not ``t``), toward ``t``.
_MIRROR: LiteralString = (
    "CREATE (x)-[:" + LISTED_HOP + " {rel: coalesce(r.id, r.judgement), rel_type: type(r), "
    "out: startNode(r) = x, lo: r.start_lo, hi: r.end_hi, rel_retracted: r.retracted}]->(t)"
)


def cap(settings: Settings | None = None) -> int:
    """The largest label: ``ENTANGLE_MAX_HOPS`` + 1 (any cap is a valid bound)."""
    return (settings or get_settings()).max_hops + 1


#: The tail of a statement with one row per new relationship or link ``a``-``b``: each end's
#: label falls to the other's + 1 where that is lower; returns the ends that fell.
_PAIRS: LiteralString = (
    "UNWIND [[a, b], [b, a]] AS ends WITH ends[0] AS y, ends[1] AS x "
    "WITH y, min(coalesce(x." + LISTED_HOPS + ", 0)) + 1 AS via "
    "WHERE y." + LISTED_HOPS + " > via "
    "SET y." + LISTED_HOPS + " = via RETURN collect(elementId(y)) AS lowered"
)


def _relationships(neo4j_type: str) -> LiteralString:
    # Literal in substance: ``neo4j_type`` is a fixed vocabulary word (ENTITY_REL_TYPES).
    t: Any = neo4j_type
    typed: LiteralString = t
    return (
        "UNWIND $ids AS id MATCH (a:Entity)-[r:" + typed + " {id: id}]->(b:Entity) "
        "CALL (r) { MATCH ()-[q:" + LISTED_HOP + " {rel: r.id}]->() "
        "  WHERE q.rel_type = type(r) DELETE q } "
        "CALL (a, b, r) { WITH a AS x, b AS t, r WHERE t:Listed " + _MIRROR + " } "
        "CALL (a, b, r) { WITH b AS x, a AS t, r WHERE t:Listed " + _MIRROR + " } " + _PAIRS
    )


#: Per entity relationship type: re-mirror the relationships of ``$ids`` (ingest batches,
#: retractions) and return their ends, whose labels ``_lower`` then brings down.
RELATIONSHIPS: dict[str, LiteralString] = {t: _relationships(t) for t in ENTITY_REL_TYPES}

#: Entities whose ``Listed`` label and label 0 disagree (they gained or lost their first
#: or last listing), with what each needs.
_CHANGED: LiteralString = (
    "UNWIND $ids AS id MATCH (e:Entity {id: id}) "
    "WHERE (e:Listed) <> (coalesce(e." + LISTED_HOPS + ", -1) = 0) "
    "RETURN collect(CASE WHEN e:Listed THEN elementId(e) END) AS listed, "
    "collect(CASE WHEN e:Listed THEN null ELSE elementId(e) END) AS unlisted"
)
#: A party now listed: every relationship (and link) to it gets its mirror, it gets 0.
_NOW_LISTED: LiteralString = (
    "UNWIND $eids AS eid MATCH (t:Entity) WHERE elementId(t) = eid "
    "CALL (t) { MATCH (:Entity)-[q:" + LISTED_HOP + "]->(t) DELETE q } "
    "CALL (t) { MATCH (t)-[r]-(x:Entity) WHERE type(r) <> '" + LISTED_HOP + "' "
    "  AND " + ANY_RETRACTION + " " + _MIRROR + " } "
    "SET t." + LISTED_HOPS + " = 0"
)
#: A party no longer listed: its mirrors go; 1 bounds an unlisted entity's distance.
_NO_LONGER_LISTED: LiteralString = (
    "UNWIND $eids AS eid MATCH (t:Entity) WHERE elementId(t) = eid "
    "CALL (t) { MATCH (:Entity)-[q:" + LISTED_HOP + "]->(t) DELETE q } "
    "SET t." + LISTED_HOPS + " = 1"
)
#: ``SAME_AS`` links of the entities: their mirrors follow the judgements in force.
_LINKS: LiteralString = (
    "UNWIND $ids AS id MATCH (e:Entity {id: id}) "
    "CALL (e) { MATCH (e)-[q:"
    + LISTED_HOP
    + " {rel_type: '"
    + SAME_AS
    + "'}]-(:Entity) DELETE q } "
    "CALL (e) { MATCH (e)-[r:" + SAME_AS + "]->(o:Entity) "
    "  CALL (e, o, r) { WITH e AS x, o AS t, r WHERE t:Listed " + _MIRROR + " } "
    "  CALL (e, o, r) { WITH o AS x, e AS t, r WHERE t:Listed " + _MIRROR + " } } "
    "WITH collect(e) AS written "
    "UNWIND written AS a MATCH (a)-[:" + SAME_AS + "]-(b:Entity) " + _PAIRS
)
#: New entities (no label yet): the cap when they have no neighbour, else 1 (any entity
#: not listed is at least 1 away; a listed one is ``listed``'s).
_NEW_ENTITIES: LiteralString = (
    "UNWIND $ids AS id MATCH (e:Entity {id: id}) WHERE e." + LISTED_HOPS + " IS NULL "
    "SET e." + LISTED_HOPS + " = CASE WHEN EXISTS { (e)--(:Entity) } THEN 1 ELSE $cap END"
)
#: Lower the labels of ``$eids`` from their neighbours', then the neighbours' from theirs:
#: one round; ``_lower`` repeats it while labels fall.
_ROUND: LiteralString = (
    "UNWIND $eids AS eid MATCH (x:Entity) WHERE elementId(x) = eid "
    "MATCH (x)-[r]-(y:Entity) WHERE type(r) <> '" + LISTED_HOP + "' AND " + ANY_RETRACTION + " "
    "WITH y, min(coalesce(x." + LISTED_HOPS + ", 0)) + 1 AS via "
    "WHERE y." + LISTED_HOPS + " > via "
    "SET y." + LISTED_HOPS + " = via RETURN collect(elementId(y)) AS lowered"
)


async def _lower(tx: AsyncManagedTransaction, eids: Iterable[str]) -> None:
    """Every label that fell (``eids``, element ids) lowers its neighbours', round by
    round, for at most ``cap`` rounds (labels never exceed it)."""
    frontier = sorted(set(eids))
    for _ in range(cap()):
        if not frontier:
            return
        frontier = sorted(set((await one(tx, _ROUND, {"eids": frontier}))["lowered"]))


async def relationships(tx: AsyncManagedTransaction, neo4j_type: str, ids: Iterable[str]) -> None:
    """Relationships of one type were created or changed (dates, retraction): their
    mirrors follow them, and the labels around them fall where they now can."""
    wanted = sorted(set(ids))
    if not wanted:
        return
    row = await one(tx, RELATIONSHIPS[neo4j_type], {"ids": wanted})
    await _lower(tx, row["lowered"])


async def listed(tx: AsyncManagedTransaction, ids: Iterable[str]) -> None:
    """The ``Listed`` label or the ``SAME_AS`` links of these entities may have changed
    (listings written or delisted, cluster copies, judgements, retractions): the last hops
    toward each listed one exist, none toward the others, labels follow. Cheap for
    entities whose state did not change (an index seek each, and their links)."""
    wanted = sorted(set(ids))
    if not wanted:
        return
    row = await one(tx, _CHANGED, {"ids": wanted})
    if row["unlisted"]:
        await execute(tx, _NO_LONGER_LISTED, {"eids": row["unlisted"]})
    if row["listed"]:
        await execute(tx, _NOW_LISTED, {"eids": row["listed"]})
    lowered = (await one(tx, _LINKS, {"ids": wanted}))["lowered"]
    await _lower(tx, [*row["listed"], *lowered])


async def entities(tx: AsyncManagedTransaction, ids: Iterable[str]) -> None:
    """Entities were written: new ones get their first label (and a listed one its last
    hops, through ``listed``)."""
    wanted = sorted(set(ids))
    if not wanted:
        return
    await execute(tx, _NEW_ENTITIES, {"ids": wanted, "cap": cap()})
    await listed(tx, wanted)


# --- exact recomputation (entangle db maintain) ----------------------------------------------

_MAINTAIN: tuple[tuple[str, LiteralString], ...] = (
    (
        "removing the last hops",
        "MATCH (:Entity)-[q:" + LISTED_HOP + "]->(:Entity) "
        "CALL (q) { DELETE q } IN TRANSACTIONS OF 10000 ROWS",
    ),
    (
        "resetting the labels",
        "MATCH (e:Entity) CALL (e) { SET e." + LISTED_HOPS + " = CASE WHEN e:Listed THEN 0 "
        "ELSE $cap END } IN TRANSACTIONS OF 10000 ROWS",
    ),
)
_LEVEL: LiteralString = (
    "MATCH (x:Entity) WHERE x." + LISTED_HOPS + " = $d "
    "CALL (x) { MATCH (x)-[r]-(y:Entity) WHERE type(r) <> '" + LISTED_HOP + "' "
    "  AND " + ANY_RETRACTION + " AND y." + LISTED_HOPS + " > $d + 1 "
    "  SET y." + LISTED_HOPS + " = $d + 1 } IN TRANSACTIONS OF 1000 ROWS"
)
_BUILD: LiteralString = (
    "MATCH (t:Listed) CALL (t) { MATCH (t)-[r]-(x:Entity) WHERE type(r) <> '" + LISTED_HOP + "' "
    "  AND " + ANY_RETRACTION + " " + _MIRROR + " } IN TRANSACTIONS OF 200 ROWS"
)
_COUNT_LEVEL: LiteralString = (
    "MATCH (e:Entity) RETURN e." + LISTED_HOPS + " AS label, count(*) AS entities ORDER BY label"
)


async def maintain(db: Database, progress: Callable[[str], None] | None = None) -> dict[int, int]:
    """Recompute every label and last hop exactly, in batches (transactions that commit
    themselves: a million entities do not fit one). Returns the number of entities per
    label."""
    say = progress or (lambda text: print(text, file=sys.stderr, flush=True))
    top = cap(db.settings)
    for what, text in _MAINTAIN:
        say(f"listed hops: {what}")
        await db.write_in_transactions(text, {"cap": top})
    for d in range(top - 1):
        say(f"listed hops: labels {d + 1} from {d}")
        await db.write_in_transactions(_LEVEL, {"d": d})
    say("listed hops: mirroring the relationships to listed parties")
    await db.write_in_transactions(_BUILD)
    await db.write_query(_MARK)
    counts = {r["label"]: r["entities"] for r in await db.read(_COUNT_LEVEL)}
    say("listed hops: entities per label " + ", ".join(f"{k}: {v:,}" for k, v in counts.items()))
    return counts


async def is_maintained(db: Database) -> bool:
    return bool(await db.read(MARKER))


# --- the invariants (entangle db check) ---------------------------------------------------------

#: Every mirror, and what every relationship with a listed end should have as its mirror,
#: compared in Python (``violations``) as tuples.
_MIRRORS: LiteralString = (
    "MATCH (x:Entity)-[q:" + LISTED_HOP + "]->(t:Entity) "
    "RETURN x.id AS x, t.id AS t, q.rel_type AS type, q.rel AS rel, q.out AS out, "
    "q.lo AS start_lo, q.hi AS end_hi, q.rel_retracted AS retracted"
)
_EXPECTED: LiteralString = (
    "MATCH (t:Listed)-[r]-(x:Entity) WHERE type(r) <> '" + LISTED_HOP + "' "
    "AND " + ANY_RETRACTION + " "
    "RETURN x.id AS x, t.id AS t, type(r) AS type, coalesce(r.id, r.judgement) AS rel, "
    "startNode(r) = x AS out, r.start_lo AS start_lo, r.end_hi AS end_hi, "
    "r.retracted AS retracted"
)
#: Labels are lower bounds when a listed entity has 0 and no relationship's ends differ by
#: more than 1 (along a shortest path to a listed party each hop adds at most 1): exact,
#: one pass over the relationships, no sampling.
_LABELS: LiteralString = (
    "MATCH (e:Entity) WHERE (e:Listed) <> (coalesce(e." + LISTED_HOPS + ", -1) = 0) "
    "RETURN e.id AS a, null AS b, e." + LISTED_HOPS + " AS la, null AS lb LIMIT $limit "
    "UNION ALL "
    "MATCH (a:Entity)-[r]-(b:Entity) WHERE type(r) <> '" + LISTED_HOP + "' "
    "AND " + ANY_RETRACTION + " "
    "AND coalesce(a." + LISTED_HOPS + ", 0) > coalesce(b." + LISTED_HOPS + ", 0) + 1 "
    "RETURN a.id AS a, b.id AS b, a." + LISTED_HOPS + " AS la, b." + LISTED_HOPS + " AS lb "
    "LIMIT $limit"
)


def _key(row: dict[str, Any]) -> tuple[Any, ...]:
    return (row["x"], row["t"], row["type"], row["rel"], row["out"])


async def violations(
    tx: AsyncManagedTransaction, limit: int
) -> list[tuple[str, tuple[str, ...], str]]:
    """(invariant, ids, detail) for every disagreement, at most ``limit`` of each kind."""
    labels = await rows(tx, _LABELS, {"limit": limit})
    have: dict[tuple[Any, ...], list[dict[str, Any]]] = {}
    for r in await rows(tx, _MIRRORS):
        have.setdefault(_key(r), []).append(r)
    want = {_key(r): r for r in await rows(tx, _EXPECTED)}
    return [*_label_violations(labels), *_mirror_violations(have, want, limit)]


def _label_violations(labels: list[dict[str, Any]]) -> Iterator[tuple[str, tuple[str, ...], str]]:
    for r in labels:
        if r["b"] is None:
            detail = f"label {r['la']}: 0 is for listed parties and every listed party has it"
            yield "listed-hops-label", (r["a"],), detail
        else:
            detail = f"label {r['la']} is more than one above its neighbour's ({r['lb']})"
            yield "listed-hops-bound", (r["a"], r["b"]), detail


def _mirror_violations(
    have: dict[tuple[Any, ...], list[dict[str, Any]]],
    want: dict[tuple[Any, ...], dict[str, Any]],
    limit: int,
) -> Iterator[tuple[str, tuple[str, ...], str]]:
    count = 0
    for key in sorted(have.keys() | want.keys(), key=str):
        got, expected = have.get(key, []), want.get(key)
        problem = None
        if expected is None:
            problem = "a last hop that mirrors no relationship to a listed party"
        elif len(got) != 1:
            problem = f"{len(got)} last hops for one relationship to a listed party"
        elif got[0] != expected:
            problem = "a last hop whose dates or retraction differ from its relationship"
        if problem and count < limit:
            count += 1
            yield "listed-hop", (str(key[0]), str(key[1]), str(key[3])), problem
