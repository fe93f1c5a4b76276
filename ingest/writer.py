"""Pass 2: each batch of rows is one managed write transaction (retried on transient
errors by the driver, rolled back whole on failure: no batch is ever half-written)."""

from __future__ import annotations

from dataclasses import dataclass

import neo4j

from core.db import write
from core.settings import Settings
from ingest.cypher import statements
from ingest.rows import Row

NEW, CHANGED, SAME = 0, 1, 2


@dataclass(frozen=True, slots=True)
class BatchCounts:
    created: int
    updated: int
    unchanged: int


def write_batch(
    driver: neo4j.Driver, settings: Settings, group: str, rows: list[Row], run_id: str
) -> BatchCounts:
    """Diff the rows against the graph, write the new and changed ones, touch the rest."""
    cypher = statements(group)

    def work(tx: neo4j.ManagedTransaction) -> BatchCounts:
        status: list[int] = tx.run(cypher.diff, rows=rows).single(strict=True)["status"]
        changed = [row for row, s in zip(rows, status, strict=True) if s != SAME]
        same = [row["id"] for row, s in zip(rows, status, strict=True) if s == SAME]
        if changed:
            tx.run(cypher.write, rows=changed, run=run_id).consume()
        if same:
            tx.run(cypher.touch, ids=same, run=run_id).consume()
        return BatchCounts(status.count(NEW), status.count(CHANGED), len(same))

    return write(driver, settings, work)
