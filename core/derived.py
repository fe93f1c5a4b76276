"""Every structure the writers keep derived from the stored records, with its recompute
over the whole graph.

Each writer keeps these right in its own transaction (``clusters.refresh(tx, ids)`` and
the like). A load that bypasses the writers, ``entangle db import`` (ingest/bulk.py), runs
:data:`RECOMPUTES` once afterwards. **A writer that starts keeping a new derived structure
adds its whole-graph recompute here**, so the bulk import can never end with it missing.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import LiteralString

from neo4j import AsyncManagedTransaction

from entanglements.core import reach
from entanglements.core.db.database import Database, one
from entanglements.core.resolution.clusters import refresh_all
from entanglements.core.vocab import LISTED_ON

#: A whole-graph recompute; it runs its own transactions (one, or batches).
Recompute = Callable[[Database], Awaitable[object]]

_LISTED: LiteralString = (
    "CALL () { MATCH (e:Entity)-[:" + LISTED_ON + "]->() WHERE NOT e:Listed "
    "  WITH DISTINCT e SET e:Listed RETURN count(e) AS added } "
    "CALL () { MATCH (e:Listed) WHERE NOT EXISTS { (e)-[:" + LISTED_ON + "]->() } "
    "  REMOVE e:Listed RETURN count(e) AS removed } "
    "RETURN added + removed AS changed"
)


async def refresh_listed(tx: AsyncManagedTransaction) -> int:
    """The ``Listed`` label: on every entity with a listing (own or cluster copy), on no
    other (docs/data-model.md)."""
    return int((await one(tx, _LISTED))["changed"])


async def _clusters(db: Database) -> int:
    return await db.write(refresh_all)


async def _listed(db: Database) -> int:
    return await db.write(refresh_listed)


async def _listed_hops(db: Database) -> object:
    return await reach.maintain(db)


#: In order, each after the ones it reads: clusters first (their copies give members
#: listings), then the ``Listed`` label, then the distance labels and last-hop mirrors
#: toward listed parties (core/reach.py), which read both.
RECOMPUTES: tuple[tuple[str, Recompute], ...] = (
    ("clusters and their listing copies", _clusters),
    ("the Listed label", _listed),
    ("distance labels and listed last hops", _listed_hops),
)
