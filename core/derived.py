"""Every structure the writers keep derived from the stored records, with its recompute
over the whole graph.

Each writer keeps these right in its own transaction (``clusters.refresh(tx, ids)`` and
the like). A load that bypasses the writers, ``entangle db import`` (ingest/bulk.py), runs
:data:`RECOMPUTES` once afterwards. **A writer that starts keeping a new derived structure
adds its whole-graph recompute here**, so the bulk import can never end with it missing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import LiteralString

from neo4j import Driver, ManagedTransaction

from entanglements.core.db.driver import write
from entanglements.core.resolution.clusters import refresh_all
from entanglements.core.settings import Settings
from entanglements.core.vocab import LISTED_ON

#: A whole-graph recompute; it runs its own transactions (one, or batches).
Recompute = Callable[[Driver, Settings], object]

_LISTED: LiteralString = (
    "CALL () { MATCH (e:Entity)-[:" + LISTED_ON + "]->() WHERE NOT e:Listed "
    "  WITH DISTINCT e SET e:Listed RETURN count(e) AS added } "
    "CALL () { MATCH (e:Listed) WHERE NOT EXISTS { (e)-[:" + LISTED_ON + "]->() } "
    "  REMOVE e:Listed RETURN count(e) AS removed } "
    "RETURN added + removed AS changed"
)


def refresh_listed(tx: ManagedTransaction) -> int:
    """The ``Listed`` label: on every entity with a listing (own or cluster copy), on no
    other (docs/data-model.md)."""
    return int(tx.run(_LISTED).single(strict=True)["changed"])


def _clusters(driver: Driver, settings: Settings) -> int:
    return write(driver, settings, refresh_all)


def _listed(driver: Driver, settings: Settings) -> int:
    return write(driver, settings, refresh_listed)


#: In order, each after the ones it reads: clusters first (their copies give members
#: listings), then the ``Listed`` label.
RECOMPUTES: tuple[tuple[str, Recompute], ...] = (
    ("clusters and their listing copies", _clusters),
    ("the Listed label", _listed),
)
