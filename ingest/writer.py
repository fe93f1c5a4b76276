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
        new, changed, same = _split(rows, status, creatable=cypher.create is not None)
        if new:
            assert cypher.create is not None
            tx.run(cypher.create, rows=new, run=run_id).consume()
        if changed:
            tx.run(cypher.write, rows=changed, run=run_id).consume()
        if same:
            tx.run(cypher.touch, ids=same, run=run_id).consume()
        return BatchCounts(status.count(NEW), status.count(CHANGED), len(same))

    return write(driver, settings, work)


def _split(
    rows: list[Row], status: list[int], *, creatable: bool
) -> tuple[list[Row], list[Row], list[str]]:
    """Rows to create, rows to upsert, ids only to touch.

    A new id is created once; a second row with the same id in the batch is upserted after
    it (so the rows merge as they would across batches). Groups without a create
    statement upsert their new rows too.
    """
    new: list[Row] = []
    changed: list[Row] = []
    same: list[str] = []
    created: set[str] = set()
    for row, state in zip(rows, status, strict=True):
        if state == SAME:
            same.append(row["id"])
        elif state == NEW and creatable and row["id"] not in created:
            created.add(row["id"])
            new.append(row)
        else:
            changed.append(row)
    return new, changed, same
