"""What the graph already holds, asked in batches during validation.

Counts first (from Neo4j's count store, free): when the graph has no entity, or no
relationship of a type, the per-id lookups for it are skipped entirely, which keeps the
first load of an empty database from paying for checks that cannot fail.
"""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine, Iterable
from typing import Any, TypeVar

import neo4j

from entanglements.core.db.database import Database, one
from entanglements.ingest import statements

T = TypeVar("T")


class FromThread:
    """Validation is synchronous, CPU-bound work that runs in a worker thread, off the
    event loop (an API request's ``ingestFindings`` must not stall the others); its few
    graph reads run on the loop's one ``Database`` and the thread waits for them."""

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self.loop = loop

    def __call__(self, work: Coroutine[Any, Any, T]) -> T:
        return asyncio.run_coroutine_threadsafe(work, self.loop).result()


class GraphLookup:
    def __init__(
        self,
        db: Database,
        blocking: FromThread,
        counts: tuple[dict[str, int], dict[str, int]],
    ) -> None:
        self.db = db
        self.blocking = blocking
        self.node_counts, self.rel_counts = counts

    @classmethod
    async def open(cls, db: Database, blocking: FromThread) -> GraphLookup:
        return cls(db, blocking, await db.read_tx(cls._counts))

    @staticmethod
    async def _counts(tx: neo4j.AsyncManagedTransaction) -> tuple[dict[str, int], dict[str, int]]:
        nodes = {k: (await one(tx, q))["n"] for k, q in statements.NODE_COUNTS.items()}
        rels = {k: (await one(tx, q))["n"] for k, q in statements.REL_COUNTS.items()}
        return nodes, rels

    def has_nodes(self, label: str) -> bool:
        return self.node_counts.get(label, 0) > 0

    def has_rels(self, neo4j_type: str) -> bool:
        return self.rel_counts.get(neo4j_type, 0) > 0

    def nodes(self, label: str, ids: Iterable[str]) -> dict[str, str | None]:
        """The ids (of those given) that exist with ``label``, with their kind (entities)."""
        wanted = list(ids)
        if not wanted or not self.has_nodes(label):
            return {}
        rows = self.blocking(self.db.read(statements.NODE_IDS[label], {"ids": wanted}))
        return dict(rows[0]["found"])

    def rel_ends(self, neo4j_type: str, ids: Iterable[str]) -> dict[str, tuple[str, str]]:
        """The ids (of those given) that exist with this type, with their two end ids."""
        wanted = list(ids)
        if not wanted or not self.has_rels(neo4j_type):
            return {}
        rows = self.blocking(self.db.read(statements.REL_ENDS[neo4j_type], {"ids": wanted}))
        return {id_: (a, b) for id_, a, b in rows[0]["found"]}
