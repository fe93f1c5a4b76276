"""What the graph already holds, asked in batches during validation.

Counts first (from Neo4j's count store, free): when the graph has no entity, or no
relationship of a type, the per-id lookups for it are skipped entirely, which keeps the
first load of an empty database from paying for checks that cannot fail.
"""

from __future__ import annotations

from collections.abc import Iterable

import neo4j

from entanglements.core.db.driver import read
from entanglements.core.settings import Settings
from entanglements.ingest import statements


class GraphLookup:
    def __init__(self, driver: neo4j.Driver, settings: Settings) -> None:
        self.driver = driver
        self.settings = settings
        self.node_counts, self.rel_counts = read(driver, settings, self._counts)

    @staticmethod
    def _counts(tx: neo4j.ManagedTransaction) -> tuple[dict[str, int], dict[str, int]]:
        nodes = {k: tx.run(q).single(strict=True)["n"] for k, q in statements.NODE_COUNTS.items()}
        rels = {k: tx.run(q).single(strict=True)["n"] for k, q in statements.REL_COUNTS.items()}
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
        query = statements.NODE_IDS[label]

        def work(tx: neo4j.ManagedTransaction) -> dict[str, str | None]:
            found = tx.run(query, ids=wanted).single(strict=True)["found"]
            return dict(found)

        return read(self.driver, self.settings, work)

    def rel_ends(self, neo4j_type: str, ids: Iterable[str]) -> dict[str, tuple[str, str]]:
        """The ids (of those given) that exist with this type, with their two end ids."""
        wanted = list(ids)
        if not wanted or not self.has_rels(neo4j_type):
            return {}
        query = statements.REL_ENDS[neo4j_type]

        def work(tx: neo4j.ManagedTransaction) -> dict[str, tuple[str, str]]:
            found = tx.run(query, ids=wanted).single(strict=True)["found"]
            return {id_: (a, b) for id_, a, b in found}

        return read(self.driver, self.settings, work)
