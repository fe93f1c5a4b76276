"""A cluster's derived form in the graph, and its refresh.

Entities linked by ``SAME_AS`` (one per SAME judgement in force), transitively, are one
cluster. Every member carries the listings of the whole cluster: a *cluster copy* is a
``LISTED_ON`` relationship with every property of another member's own listing, ``via`` =
that member and ``id`` = ``<listing id>~<member id>``; a copy of a listing of a retracted
member carries the member's retraction (the member's claims are withdrawn with it). Members
with any listing have the ``Listed`` label. ``refresh`` recomputes all of it from the own
listings and the ``SAME_AS`` links, in the caller's transaction.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import LiteralString

from neo4j import AsyncManagedTransaction

from entanglements.core import reach
from entanglements.core.db.database import execute, one, rows
from entanglements.core.reads.rules import ANY_RETRACTION, cluster_copy, own_listing
from entanglements.core.vocab import LISTED_ON, SAME_AS

#: The separator of a copy's id: ``<listing id>~<member id>``.
COPY_SEPARATOR = "~"

#: A copy, retracted or not: the refresh replaces every one.
_COPY: LiteralString = ANY_RETRACTION + " AND " + cluster_copy("c")

#: The clusters of the given entities that have one (a ``SAME_AS`` link) or had one (a
#: copy left to remove), each as its sorted member ids.
_CLUSTERS: LiteralString = (
    "UNWIND $ids AS id MATCH (x:Entity {id: id}) "
    "WHERE EXISTS { (x)-[:" + SAME_AS + "]-() } "
    "   OR EXISTS { (x)-[c:" + LISTED_ON + "]->() WHERE " + _COPY + " } "
    "MATCH (x)-[:" + SAME_AS + "*0..]-(m:Entity) "
    "WITH x, m ORDER BY m.id "
    "WITH x, collect(DISTINCT m.id) AS members RETURN DISTINCT members"
)

#: Drop the clusters' copies, copy each member's own listings to the others, and keep the
#: ``Listed`` label true (an entity has it while it has a listing).
_REFRESH: LiteralString = (
    "UNWIND $clusters AS members "
    "CALL (members) { "
    "  MATCH (m:Entity)-[d:"
    + LISTED_ON
    + "]->() WHERE m.id IN members AND "
    + cluster_copy("d")
    + " "
    "  DELETE d } "
    "CALL (members) { "
    "  MATCH (o:Entity)-[r:" + LISTED_ON + "]->(l:SanctionsList) "
    "  WHERE o.id IN members AND " + own_listing("r") + " AND " + ANY_RETRACTION + " "
    "  MATCH (m:Entity) WHERE m.id IN members AND m <> o "
    "  CREATE (m)-[d:" + LISTED_ON + "]->(l) "
    "  SET d = r {.*, id: r.id + '" + COPY_SEPARATOR + "' + m.id, via: o.id, "
    "             retracted: coalesce(r.retracted, o.retracted)} } "
    "CALL (members) { "
    "  MATCH (m:Entity) WHERE m.id IN members "
    "  WITH m, EXISTS { (m)-[:" + LISTED_ON + "]->() } AS listed "
    "  FOREACH (_ IN CASE WHEN listed THEN [1] ELSE [] END | SET m:Listed) "
    "  FOREACH (_ IN CASE WHEN listed THEN [] ELSE [1] END | REMOVE m:Listed) }"
)

_ALL: LiteralString = (
    "MATCH (x:Entity) WHERE EXISTS { (x)-[:" + SAME_AS + "]-() } "
    "   OR EXISTS { (x)-[c:" + LISTED_ON + "]->() WHERE " + _COPY + " } "
    "RETURN collect(x.id) AS ids"
)


def party_of(var: LiteralString) -> LiteralString:
    """The party of entity ``var`` in a read: its cluster's least id (its own when alone),
    so that reasoning by party treats a cluster as one (core/ownership/)."""
    return (
        "COLLECT { MATCH (" + var + ")-[:" + SAME_AS + "*0..]-(pm:Entity) "
        "WHERE " + ANY_RETRACTION + " RETURN pm.id AS pid ORDER BY pid LIMIT 1 }[0]"
    )


async def refresh(tx: AsyncManagedTransaction, ids: Iterable[str]) -> int:
    """Bring the clusters of ``ids`` up to date in ``tx``; entities in no cluster cost one
    index seek each. Returns how many clusters were recomputed."""
    wanted = sorted(set(ids))
    if not wanted:
        return 0
    clusters = {tuple(r["members"]) for r in await rows(tx, _CLUSTERS, {"ids": wanted})}
    if clusters:
        await execute(tx, _REFRESH, {"clusters": [list(c) for c in sorted(clusters)]})
    # The members' Listed labels and links may have changed: the exposure search's last
    # hops and distance labels follow in this transaction (core/reach.py).
    await reach.listed(tx, {*wanted, *(m for c in clusters for m in c)})
    return len(clusters)


async def refresh_all(tx: AsyncManagedTransaction) -> int:
    """Recompute every cluster (a repair: the writers keep them right as they go)."""
    row = await one(tx, _ALL)
    return await refresh(tx, row["ids"])
